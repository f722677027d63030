// Master-key rotation: re-wraps the data root key and every participant's data key under the current master
// key. Run it after starting the servers with the new key as BERDAYA_MASTER_KEY and the old one in
// BERDAYA_PREVIOUS_MASTER_KEYS; afterwards the old key opens nothing and can be retired.
import type { Services } from '../context.ts';
import { open, seal, sealedKeyId } from '../crypto/seal.ts';
import { rewrapParticipantKey } from '../crypto/participant-keys.ts';
import { ERASED } from '../kernel/participant-access.ts';
import { KeyError } from '../crypto/keys.ts';
import { transact } from '../db/write.ts';

export async function rotateKeys(
  s: Services,
): Promise<{ keyId: string; rootRewrapped: boolean; dataKeysRewrapped: number }> {
  const keys = s.keys;
  let rootRewrapped = false;
  let count = 0;
  await transact(s.db.kysely, async (trx) => {
    const stored = await trx
      .selectFrom('system_meta')
      .select('value')
      .where('key', '=', 'data_root_key')
      .executeTakeFirstOrThrow();
    const rootKeyId = sealedKeyId(stored.value);
    if (rootKeyId !== keys.kekId) {
      const kek = keys.kekById(rootKeyId);
      if (!kek) throw new KeyError(`The root key is wrapped under ${rootKeyId}, which is not configured`);
      const root = open(kek, stored.value, 'system_meta|data_root_key');
      await trx
        .updateTable('system_meta')
        .set({ value: seal(keys.kek, keys.kekId, root, 'system_meta|data_root_key') })
        .where('key', '=', 'data_root_key')
        .execute();
      rootRewrapped = true;
    }
    const rows = await trx
      .selectFrom('participants')
      .select(['id', 'dek_wrapped'])
      .where('dek_wrapped', '!=', ERASED)
      .execute();
    for (const r of rows) {
      const next = rewrapParticipantKey(keys, r.id, r.dek_wrapped);
      if (next !== r.dek_wrapped) {
        await trx.updateTable('participants').set({ dek_wrapped: next }).where('id', '=', r.id).execute();
        count += 1;
      }
    }
    await s.audit.appendInTx(trx, [
      {
        action: 'keys.rotate',
        actorId: null,
        actor: 'system:keys',
        outcome: 'success',
        resourceType: 'keys',
        resourceId: keys.kekId,
        detail: { rootRewrapped, dataKeys: count },
      },
    ]);
  });
  return { keyId: keys.kekId, rootRewrapped, dataKeysRewrapped: count };
}
