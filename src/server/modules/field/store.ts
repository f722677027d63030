// Field mode's devices (decision 040): a phone a caseworker or facilitator registers as her own. The server keeps
// the hash of the device's token and the key it releases to the device (sealed, bound to the row), so that a
// device holding no session any more still learns from its contact that it must erase its cache (revoked by her
// or her head of section, account deactivated). The device reports its open conflicts (kind and age, no content)
// on each contact; they stand as it last reported them.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, FieldDevicesTable } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { AppError, notFound } from '../../errors.ts';
import { findAccountById } from '../../kernel/accounts.ts';
import { staffName } from '../../context.ts';
import { lockForUpdate, transact, updateVersioned } from '../../db/write.ts';
import { open, seal } from '../../crypto/seal.ts';
import {
  fieldHeld,
  type FieldDeviceView,
  type FieldEraseReason,
  type FieldHeld,
  type FieldWriteKind,
} from '../../../shared/field-api.ts';

/** At most this many ACTIVE devices per account (a phone, a spare, a tablet). */
export const FIELD_DEVICE_LIMIT = 3;

const STALE_DEVICE = 'This device was changed meanwhile; reload and try again';

/** The SHA-256 (hex) of a device's token: what the server keeps of it. */
export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Compares a presented token's hash with the stored one in constant time (an unknown device compares too). */
function sameHash(presented: string, stored: string | undefined): boolean {
  const a = Buffer.from(presented, 'hex');
  const b = Buffer.from(stored ?? '0'.repeat(64), 'hex');
  return a.length === b.length && timingSafeEqual(a, b) && stored !== undefined;
}

const keyAad = (deviceId: string) => `field_devices|server_key_ct|${deviceId}`;

type DeviceRow = FieldDevicesTable & { account_name: string | null; account_username: string; open_conflicts: number };

function parseHeld(raw: string | null): FieldHeld | null {
  if (!raw) return null;
  try {
    const parsed = fieldHeld.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function present(r: DeviceRow): FieldDeviceView {
  return {
    id: r.id,
    accountId: r.account_id,
    accountName: staffName({ username: r.account_username, name: r.account_name }),
    label: r.label,
    status: r.status,
    createdAt: r.created_at,
    lastContactAt: r.last_contact_at,
    filledAt: r.filled_at,
    held: parseHeld(r.held),
    revokedAt: r.revoked_at,
    erasedAt: r.erased_at,
    eraseReason: (r.erase_reason as FieldEraseReason | null) ?? null,
    openConflicts: Number(r.open_conflicts),
    version: r.version,
  };
}

/** What a device's contact is told. */
export interface ContactAnswer {
  action: 'keep' | 'erase';
  reason: 'revoked' | 'account_inactive' | null;
  offlineDays: number;
  serverTime: string;
}

export class FieldDeviceStore {
  constructor(private readonly c: RepoCore) {}

  private get db() {
    return this.c.db;
  }

  get offlineDays(): number {
    return this.c.s.config.fieldOfflineDays;
  }

  private sealKey(): Buffer {
    return this.c.s.keys.subkey('field-device-keys');
  }

  /** Devices with their account's name and the count of conflicts each last reported. */
  private rows(db: Kysely<Database>) {
    return db
      .selectFrom('field_devices as fd')
      .innerJoin('users as u', 'u.id', 'fd.account_id')
      .selectAll('fd')
      .select((eb) => [
        'u.name as account_name',
        'u.username as account_username',
        eb
          .selectFrom('field_conflicts as fc')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('fc.device_id', '=', 'fd.id')
          .as('open_conflicts'),
      ]);
  }

  private async view(db: Kysely<Database>, id: string): Promise<FieldDeviceView> {
    const row = await this.rows(db).where('fd.id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return present(row as DeviceRow);
  }

  private me() {
    const actor = this.c.actor;
    if (!actor) throw new Error('field devices: a signed-in actor is needed');
    return actor;
  }

  /**
   * Registers a device of hers: a fresh token (given once, kept as its hash) and a fresh key the server releases
   * to the device (sealed under its own subkey, bound to the row). At most FIELD_DEVICE_LIMIT ACTIVE per account,
   * counted under the lock of her account's row, so that registrations at once cannot pass the limit together.
   */
  async register(label: string): Promise<{ device: FieldDeviceView; token: string; serverKey: string }> {
    this.c.check('field.use');
    const me = this.me();
    const id = randomUUID();
    const token = randomBytes(32).toString('base64url');
    const serverKey = randomBytes(32);
    const at = this.c.now();
    const device = await transact(this.db, async (trx) => {
      await lockForUpdate(trx, trx.selectFrom('users').select('id').where('id', '=', me.id)).execute();
      const active = await trx
        .selectFrom('field_devices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', me.id)
        .where('status', '=', 'ACTIVE')
        .executeTakeFirstOrThrow();
      if (Number(active.n) >= FIELD_DEVICE_LIMIT)
        throw new AppError(
          'field_device_limit',
          409,
          `At most ${FIELD_DEVICE_LIMIT} devices may be in field mode at once; revoke one first`,
          { limit: FIELD_DEVICE_LIMIT },
        );
      await trx
        .insertInto('field_devices')
        .values({
          id,
          account_id: me.id,
          label,
          status: 'ACTIVE',
          token_hash: tokenHash(token),
          server_key_ct: seal(this.sealKey(), this.c.s.keys.kekId, serverKey, keyAad(id)),
          created_at: at,
          version: 1,
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'device.registered',
        resourceType: 'field_device',
        resourceId: id,
        outcome: 'success',
        detail: { deviceId: id },
      });
      return this.view(trx, id);
    });
    return { device, token, serverKey: serverKey.toString('base64') };
  }

  /**
   * Releases the server's key to her own ACTIVE device (after each sign-in). Read under the row's lock, so that a
   * revocation committed before never sees its key released afterwards.
   */
  async releaseKey(id: string): Promise<{ serverKey: string }> {
    const me = this.me();
    return transact(this.db, async (trx) => {
      const row = await lockForUpdate(
        trx,
        trx.selectFrom('field_devices').select(['id', 'account_id', 'status', 'server_key_ct']).where('id', '=', id),
      ).executeTakeFirst();
      // Only her own: anyone else's device is as absent as a missing one.
      if (!row || row.account_id !== me.id) throw notFound();
      if (row.status !== 'ACTIVE')
        throw new AppError('field_device_revoked', 410, 'Field mode was revoked or erased on this device');
      const key = open(this.sealKey(), row.server_key_ct, keyAad(id));
      await this.c.auditInTx(trx, {
        action: 'device.key_released',
        resourceType: 'field_device',
        resourceId: id,
        outcome: 'success',
        detail: { deviceId: id },
      });
      return { serverKey: key.toString('base64') };
    });
  }

  /**
   * Her devices, or (accountId of someone else) a staff member's for the head of section of a region of hers:
   * the account is checked by the policy (404 out of scope), and the rows go through the staff scope.
   */
  async list(accountId?: string): Promise<FieldDeviceView[]> {
    const me = this.me();
    if (!accountId || accountId === me.id) {
      this.c.check('field.device.read', { type: 'field_device', accountId: me.id, accountRegions: me.regions });
      const rows = await this.rows(this.db)
        .where('fd.account_id', '=', me.id)
        .orderBy('fd.created_at', 'desc')
        .orderBy('fd.id')
        .limit(100)
        .execute();
      return rows.map((r) => present(r as DeviceRow));
    }
    const account = await findAccountById(this.db, accountId);
    if (!account) throw notFound();
    this.c.check('field.device.read', { type: 'field_device', accountId, accountRegions: account.regions });
    const rows = await this.c
      .scoped('staff', this.rows(this.db), { id: 'fd.account_id' })
      .where('fd.account_id', '=', accountId)
      .orderBy('fd.created_at', 'desc')
      .orderBy('fd.id')
      .limit(100)
      .execute();
    // A look at another staff member's devices is audited, as a look at her account is (user.read); her own list
    // (her account page, read at every visit) is not.
    await this.c.record(
      this.c.event({
        action: 'device.list',
        resourceType: 'user',
        resourceId: accountId,
        outcome: 'success',
        detail: { count: rows.length },
      }),
    );
    return rows.map((r) => present(r as DeviceRow));
  }

  /** Revokes an ACTIVE device (its owner, or the head of section of her regions): its key is never released again. */
  async revoke(id: string, expectedVersion: number): Promise<FieldDeviceView> {
    const me = this.me();
    return transact(this.db, async (trx) => {
      const row = await lockForUpdate(
        trx,
        trx.selectFrom('field_devices').select(['id', 'account_id', 'status', 'version']).where('id', '=', id),
      ).executeTakeFirst();
      if (!row) throw notFound();
      const account = await findAccountById(trx, row.account_id);
      this.c.check('field.device.revoke', {
        type: 'field_device',
        accountId: row.account_id,
        accountRegions: account?.regions ?? [],
      });
      if (row.version !== expectedVersion)
        throw new AppError('stale_version', 412, STALE_DEVICE, { currentVersion: row.version });
      if (row.status !== 'ACTIVE')
        throw new AppError('field_device_revoked', 410, 'Field mode was already revoked or erased on this device');
      const at = this.c.now();
      await updateVersioned(
        trx,
        'field_devices',
        id,
        expectedVersion,
        { status: 'REVOKED', revoked_by: me.id, revoked_at: at },
        STALE_DEVICE,
      );
      await this.c.auditInTx(trx, {
        action: 'device.revoked',
        resourceType: 'field_device',
        resourceId: id,
        outcome: 'success',
        detail: { deviceId: id, userId: row.account_id },
      });
      return this.view(trx, id);
    });
  }

  /** The device of this id whose token this is; null for an unknown id or a wrong token (alike). */
  private async byToken(
    db: Kysely<Database>,
    id: string,
    token: string | undefined,
  ): Promise<Pick<FieldDevicesTable, 'id' | 'account_id' | 'status' | 'version' | 'token_hash'> | null> {
    const row = await lockForUpdate(
      db,
      db
        .selectFrom('field_devices')
        .select(['id', 'account_id', 'status', 'version', 'token_hash'])
        .where('id', '=', id),
    ).executeTakeFirst();
    const presented = tokenHash(token ?? '');
    return sameHash(presented, row?.token_hash) && row ? row : null;
  }

  /**
   * A device's contact (no session; its token): records when it was last heard of and the conflicts it holds now
   * (replacing those it reported before), and tells it to erase its cache when it was revoked or erased, or her
   * account is no longer active.
   */
  async contact(
    id: string,
    token: string | undefined,
    body: { conflicts?: { id: string; kind: FieldWriteKind; openedAt: string }[] | undefined },
  ): Promise<ContactAnswer> {
    const at = this.c.now();
    return transact(this.db, async (trx) => {
      const device = await this.byToken(trx, id, token);
      if (!device) throw notFound();
      const account = await trx
        .selectFrom('users')
        .select('active')
        .where('id', '=', device.account_id)
        .executeTakeFirst();
      const reason =
        device.status !== 'ACTIVE'
          ? ('revoked' as const)
          : account?.active !== 1
            ? ('account_inactive' as const)
            : null;
      // Bookkeeping of what the device reports, not a decision on it: the version (a head of section's If-Match)
      // stays as it is.
      await trx.updateTable('field_devices').set({ last_contact_at: at }).where('id', '=', id).execute();
      // A locked cache reports no conflicts (their kinds are sealed): its last report stands.
      if (body.conflicts === undefined && device.status !== 'ERASED') {
        return { action: reason ? 'erase' : 'keep', reason, offlineDays: this.offlineDays, serverTime: at };
      }
      await trx.deleteFrom('field_conflicts').where('device_id', '=', id).execute();
      const seen = new Set<string>();
      const conflicts =
        device.status === 'ERASED' ? [] : (body.conflicts ?? []).filter((c) => !seen.has(c.id) && seen.add(c.id));
      if (conflicts.length > 0)
        await trx
          .insertInto('field_conflicts')
          .values(
            conflicts.map((c) => ({
              device_id: id,
              item_id: c.id,
              kind: c.kind,
              opened_at: new Date(c.openedAt).toISOString(),
              reported_at: at,
            })),
          )
          .execute();
      return { action: reason ? 'erase' : 'keep', reason, offlineDays: this.offlineDays, serverTime: at };
    });
  }

  /**
   * The device reports that it erased its cache (no session; its token): it is ERASED from then on, its conflicts
   * went with the cache, and the audit records it as done by her account, with the reason and the device's time.
   */
  async erased(id: string, token: string | undefined, body: { reason: FieldEraseReason; deviceTime: string }) {
    const at = this.c.now();
    await transact(this.db, async (trx) => {
      const device = await this.byToken(trx, id, token);
      if (!device) throw notFound();
      if (device.status === 'ERASED') return;
      await updateVersioned(
        trx,
        'field_devices',
        id,
        device.version,
        { status: 'ERASED', erased_at: at, erase_reason: body.reason },
        STALE_DEVICE,
      );
      await trx.deleteFrom('field_conflicts').where('device_id', '=', id).execute();
      const owner = await trx
        .selectFrom('users')
        .select(['id', 'username'])
        .where('id', '=', device.account_id)
        .executeTakeFirstOrThrow();
      // Done by her account through her device's own credential (its token), not by a job: recorded as hers.
      await this.c.s.audit.appendInTx(trx, [
        {
          ...this.c.event({
            action: 'device.cache_erased',
            resourceType: 'field_device',
            resourceId: id,
            outcome: 'success',
            detail: { reason: body.reason, deviceTime: body.deviceTime, deviceId: id },
          }),
          actorId: owner.id,
          actor: owner.username,
        },
      ]);
    });
  }
}
