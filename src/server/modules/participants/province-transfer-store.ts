// A case moves to another province only by a transfer a head of section of each province accepts. The sending head
// of section asks (her ask is the sending side's acceptance: only a head of section of the province her case is in
// may ask), a head of section of the receiving province (province-wide or of the kabupaten/kota it goes to) accepts;
// either side declines, which ends it. Until both have accepted her case stays where it is, and the receiving
// province sees only what it needs to decide: her participant code, category and stage, the regions, why, and who
// asked; never her name, NIK or anything else of her identity. Accepting, under her row's lock and in one
// transaction: her region changes, her data key is re-wrapped under the receiving province's key, her assignments
// in the old province end (their history says so), her participant code stays. A row of `transfers` (kind
// 'province'), so one open transfer per case, of either kind, is the partial unique index's.
import type { Kysely, Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Database, TransfersTable } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { ERASED, ParticipantAccess } from '../../kernel/participant-access.ts';
import { AppError, notFound } from '../../errors.ts';
import { provinceOf, provinceTransferSide } from '../../policy/index.ts';
import { nextVersion, transact, updateVersioned } from '../../db/write.ts';
import { isRegencyCode, provinceOfRegion } from '../../../shared/regions.ts';
import { recordAssignmentEvent } from './assignment-store.ts';

type Executor = Kysely<Database> | Transaction<Database>;
type Side = 'from' | 'to';

export class ProvinceTransferStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  /** The sending head of section asks that her case move to a kabupaten/kota of another province, with a reason. */
  async request(participantId: string, toRegion: string, reason: string) {
    return transact(this.db, async (trx) => {
      // Her row first (locked on PostgreSQL): of a request and an acceptance at once, one waits for the other.
      const { row } = await this.people.loadFor(trx, participantId, 'transfer.province.request');
      const from = provinceOfRegion(row.region_code) ?? row.region_code.slice(0, 2);
      if (!isRegencyCode(toRegion) || provinceOfRegion(toRegion) === from)
        throw new AppError('validation_failed', 400, 'Choose a kabupaten/kota of another province', [
          { field: 'body.toRegion', message: 'Not a kabupaten/kota of another province', code: 'not_another_province' },
        ]);
      const id = randomUUID();
      const now = this.c.now();
      const me = this.c.actorId();
      // One open transfer per case, of either kind: the partial unique index (409 transfer_pending).
      await trx
        .insertInto('transfers')
        .values({
          id,
          participant_id: participantId,
          from_region: row.region_code,
          to_region: toRegion,
          to_user_id: null,
          reason_ct: this.people.key(row).seal('transfers', 'reason', id, reason),
          status: 'PENDING',
          requested_by: me,
          requested_at: now,
          decided_by: null,
          decided_at: null,
          version: 1,
          kind: 'province',
          from_accepted_by: me,
          from_accepted_at: now,
          to_accepted_by: null,
          to_accepted_at: null,
        })
        .execute();
      await this.people.changeAudited(
        trx,
        participantId,
        'transfer.request',
        { kind: 'province', fromRegion: row.region_code, toRegion },
        { type: 'transfer', id },
      );
      return { id, status: 'PENDING' as const, toRegion };
    });
  }

  /**
   * The open transfers between provinces a head of section answers for, on either side, oldest first: her code,
   * category and stage, the regions, why, who asked, and which sides have accepted. No name: the receiving side
   * may not know who she is before both accept, and the sending side reads her record on its own page.
   */
  async open() {
    this.c.check('transfer.province.answer');
    const actor = this.c.actor;
    if (!actor) return [];
    const province = provinceOf(actor);
    const rows = await this.db
      .selectFrom('transfers as t')
      .innerJoin('participants as p', 'p.id', 't.participant_id')
      .leftJoin('users as u', 'u.id', 't.requested_by')
      .select([
        't.id',
        't.participant_id',
        't.from_region',
        't.to_region',
        't.reason_ct',
        't.requested_at',
        't.from_accepted_at',
        't.to_accepted_at',
        't.version',
        'p.code',
        'p.category',
        'p.stage',
        'p.dek_wrapped',
        'u.name as by_name',
        'u.username as by_username',
      ])
      .where('t.kind', '=', 'province')
      .where('t.status', '=', 'PENDING')
      // Her own province on one side or the other (the policy then narrows to her regions).
      .where((eb) => eb.or([eb('t.from_region', 'like', `${province}%`), eb('t.to_region', 'like', `${province}%`)]))
      .orderBy('t.requested_at')
      .orderBy('t.id')
      .limit(200)
      .execute();
    const items = rows.flatMap((r) => {
      const side = provinceTransferSide(actor, { fromRegion: r.from_region, toRegion: r.to_region });
      if (!side) return [];
      return [
        {
          id: r.id,
          side,
          code: r.code,
          category: r.category,
          stage: r.stage,
          // Her record is opened from here only on the sending side, where she is in scope.
          participantId: side === 'from' ? r.participant_id : null,
          fromRegion: r.from_region,
          toRegion: r.to_region,
          requestedBy: r.by_name ?? r.by_username ?? '',
          reason: this.reasonOf(r),
          requestedAt: r.requested_at,
          fromAccepted: r.from_accepted_at !== null,
          toAccepted: r.to_accepted_at !== null,
          version: r.version,
        },
      ];
    });
    await this.c.record(
      this.c.event({
        action: 'transfer.list',
        resourceType: 'transfer',
        outcome: 'success',
        detail: { kind: 'province', count: items.length, participantIds: rows.map((r) => r.participant_id) },
      }),
    );
    return items;
  }

  private reasonOf(r: { id: string; participant_id: string; reason_ct: string | null; dek_wrapped: string }) {
    if (!r.reason_ct || r.dek_wrapped === ERASED) return null;
    return this.people
      .key({ id: r.participant_id, dek_wrapped: r.dek_wrapped })
      .openText('transfers', 'reason', r.id, r.reason_ct);
  }

  /**
   * A head of section of either side accepts or declines, once per side. Declining ends it; the second acceptance
   * moves her. Of two answers at once, one is taken and the other told (409 already_decided): every answer takes her
   * row's lock first and changes the transfer only from the state it read under it, conditionally.
   */
  async answer(transferId: string, accept: boolean) {
    return transact(this.db, async (trx) => {
      const first = await trx
        .selectFrom('transfers')
        .select(['participant_id', 'kind'])
        .where('id', '=', transferId)
        .executeTakeFirst();
      if (first?.kind !== 'province') throw notFound();
      // Her row first (locked on PostgreSQL), as every change to her case; she is not in the receiving side's scope.
      const her = await this.people.load(trx, first.participant_id);
      if (!her) throw notFound();
      const t = await trx.selectFrom('transfers').selectAll().where('id', '=', transferId).executeTakeFirstOrThrow();
      const side = this.sideOf(t);
      this.c.check('transfer.province.answer');
      if (t.status !== 'PENDING') throw new AppError('already_decided', 409, 'This transfer was already answered');
      const now = this.c.now();
      const me = this.c.actorId();
      const audit = { kind: 'province', side, fromRegion: t.from_region, toRegion: t.to_region };
      if (!accept) {
        await this.claim(trx, t, { status: 'DECLINED', decided_by: me, decided_at: now });
        await this.people.changeAudited(trx, t.participant_id, 'transfer.decline', audit, {
          type: 'transfer',
          id: transferId,
        });
        return { id: transferId, status: 'DECLINED' as const, toRegion: t.to_region };
      }
      if ((side === 'from' ? t.from_accepted_at : t.to_accepted_at) !== null)
        throw new AppError('already_decided', 409, 'Your province has already accepted this transfer');
      const other = side === 'from' ? t.to_accepted_at : t.from_accepted_at;
      const mine =
        side === 'from' ? { from_accepted_by: me, from_accepted_at: now } : { to_accepted_by: me, to_accepted_at: now };
      if (other === null) {
        await this.claim(trx, t, mine);
        await this.people.changeAudited(trx, t.participant_id, 'transfer.accept', audit, {
          type: 'transfer',
          id: transferId,
        });
        return { id: transferId, status: 'PENDING' as const, toRegion: t.to_region };
      }
      await this.claim(trx, t, { ...mine, status: 'ACCEPTED', decided_by: me, decided_at: now });
      // Her case moves: her region and her data key under the receiving province's key, in one write of her row.
      const dek =
        her.row.dek_wrapped === ERASED
          ? ERASED
          : await this.c.s.dataKeys.rewrapForRegion(trx, t.participant_id, her.row.dek_wrapped, t.to_region, now);
      await updateVersioned(trx, 'participants', t.participant_id, her.row.version, {
        region_code: t.to_region,
        dek_wrapped: dek,
        updated_at: now,
      });
      // Her staff in the old province come off her case; the receiving head of section assigns hers.
      const before = await trx
        .deleteFrom('participant_assignments')
        .where('participant_id', '=', t.participant_id)
        .returning('user_id')
        .execute();
      for (const b of before.sort((x, y) => x.user_id.localeCompare(y.user_id)))
        await recordAssignmentEvent(this.c, trx, t.participant_id, b.user_id, 'transferred_out');
      await this.people.changeAudited(
        trx,
        t.participant_id,
        'transfer.accept',
        { ...audit, moved: true, staffOff: before.length },
        { type: 'transfer', id: transferId },
      );
      return { id: transferId, status: 'ACCEPTED' as const, toRegion: t.to_region };
    });
  }

  /** Which side she answers for; neither: as if it did not exist. */
  private sideOf(t: { from_region: string; to_region: string }): Side {
    const actor = this.c.actor;
    const side = actor ? provinceTransferSide(actor, { fromRegion: t.from_region, toRegion: t.to_region }) : null;
    if (!side) throw notFound();
    return side;
  }

  /** Changes the transfer only from the version read under her lock: a second answer at once is told (409). */
  private async claim(
    trx: Executor,
    t: { id: string; version: number },
    set: Partial<
      Pick<
        TransfersTable,
        | 'status'
        | 'decided_by'
        | 'decided_at'
        | 'from_accepted_by'
        | 'from_accepted_at'
        | 'to_accepted_by'
        | 'to_accepted_at'
      >
    >,
  ) {
    const claimed = await trx
      .updateTable('transfers')
      .set({ ...set, version: nextVersion })
      .where('id', '=', t.id)
      .where('status', '=', 'PENDING')
      .where('version', '=', t.version)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1)
      throw new AppError('already_decided', 409, 'This transfer was already answered');
  }
}
