// Master-key rotation on every database: with the new key current and the old one held as previous,
// `berdaya keys rotate` re-wraps everything; afterwards every record reads back with the new key alone and
// the old key opens nothing.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, PG_URL, pgUrlFor, tmpDir } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { loadConfig } from '../src/server/env.ts';
import { boot } from '../src/server/boot.ts';
import { KeyError, KeyRing } from '../src/server/crypto/keys.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { openParticipantKey } from '../src/server/crypto/participant-keys.ts';
import { openProvinceKeyRow } from '../src/server/crypto/province-keys.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';

const schemas: string[] = [];
afterAll(async () => {
  if (!schemas.length) return;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await c.end();
});

describe.each(DIALECTS)('key rotation on %s', (dialect) => {
  it('re-wraps every key; the new key alone reads everything; the old key opens nothing', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const base: Record<string, string> = { BERDAYA_DATA_DIR: tmpDir('berdaya-keys-'), LOG_LEVEL: 'silent' };
    if (dialect === 'postgres') {
      const schema = `t_keys_${randomBytes(4).toString('hex')}`;
      schemas.push(schema);
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`CREATE SCHEMA ${schema}`);
      await c.end();
      base.DATABASE_URL = pgUrlFor(schema);
    }
    // Some participants under the old key.
    const first = await boot(loadConfig({ ...base, BERDAYA_MASTER_KEY: oldKey }));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await systemRepo(first.services, 'test', 'fixture').participants.create(
            participantBody({}, { fullName: `Rotasi Kunci ${i}` }) as never,
          )
        ).id,
      );
    await first.close();

    // Servers now run with the new key current and the old one as previous; a new record gets the new key.
    const during = await boot(
      loadConfig({ ...base, BERDAYA_MASTER_KEY: newKey, BERDAYA_PREVIOUS_MASTER_KEYS: oldKey }),
    );
    const repo = systemRepo(during.services, 'test', 'during rotation');
    for (const id of ids) expect((await repo.participants.get(id)).identity.fullName).toMatch(/^Rotasi Kunci/);
    ids.push((await repo.participants.create(participantBody({}, { fullName: 'Rotasi Kunci baru' }) as never)).id);
    await during.close();

    const rotate = spawnSync(process.execPath, [path.resolve('bin/berdaya.js'), 'keys', 'rotate'], {
      env: {
        ...process.env,
        ...base,
        BERDAYA_MASTER_KEY: newKey,
        BERDAYA_PREVIOUS_MASTER_KEYS: oldKey,
        BERDAYA_CLI_FROM_SOURCE: '1',
      },
      encoding: 'utf8',
    });
    expect(rotate.status, rotate.stderr).toBe(0);
    // Data keys hang under the province's key (decision 044): re-wrapping that one key is the whole rotation.
    expect(JSON.parse(rotate.stdout)).toMatchObject({
      rootRewrapped: true,
      provinceKeysRewrapped: 1,
      dataKeysRewrapped: 0,
    });

    // The new key alone reads everything back, and the chain still verifies.
    const after = await boot(loadConfig({ ...base, BERDAYA_MASTER_KEY: newKey }));
    try {
      const r = systemRepo(after.services, 'test', 'after rotation');
      for (const id of ids) expect((await r.participants.get(id)).identity.fullName).toMatch(/^Rotasi Kunci/);
      expect((await verifyAuditChain(after.services.db.kysely, after.services.keys.subkey('audit-chain'))).ok).toBe(
        true,
      );
      const rows = await after.services.db.kysely.selectFrom('participants').select(['id', 'dek_wrapped']).execute();
      const old = new KeyRing(Buffer.from(oldKey, 'base64'));
      for (const row of rows) expect(() => openParticipantKey(old, row.id, row.dek_wrapped)).toThrow();
      const provinceKeys = await after.services.db.kysely.selectFrom('province_keys').selectAll().execute();
      expect(provinceKeys.length).toBe(1);
      for (const k of provinceKeys) {
        expect(() => openProvinceKeyRow(old, k)).toThrow();
        expect(openProvinceKeyRow(after.services.keys, k).keyId).toBe(k.key_id);
      }
    } finally {
      await after.close();
    }
    await expect(boot(loadConfig({ ...base, BERDAYA_MASTER_KEY: oldKey }))).rejects.toThrow(KeyError);
  });
});
