// The field snapshot (decision 040): what a registered device of hers holds for her next days' work, and nothing
// more. Her assigned participants (code, the name she goes by, stage, open tasks as codes), her follow-up
// worklist, the sessions she facilitates with who is enrolled, the regions she records outreach in. Only a
// participant's code and preferred name are opened (the kernel's codesAndNames): never a NIK, an address or a
// note's text. It is filled once per change: the ETag is a hash of the content, and a device that already holds
// it gets 304 without an audit row. A fill is audited once, naming everyone it holds (participantIds), so each
// finds it in her access report; the device row keeps when and how much (counts only).
import { createHash } from 'node:crypto';
import type { RepoCore } from '../../kernel/context.ts';
import { ERASED, ParticipantAccess } from '../../kernel/participant-access.ts';
import { AppError, notFound } from '../../errors.ts';
import { addDays } from '../../../shared/calendar.ts';
import { lockForUpdate, transact } from '../../db/write.ts';
import { provinceOf, regionsInScope } from '../../policy/index.ts';
import { regenciesOf } from '../../../shared/regions.ts';
import type { ATTENDANCE_STATUSES } from '../../../shared/codes.ts';
import type {
  FieldTaskKind,
  FieldFollowUp,
  FieldHeld,
  FieldParticipant,
  FieldSession,
  FieldSnapshot,
} from '../../../shared/field-api.ts';
import { handoverFor, type Handover } from '../followups/rules.ts';
import { attendanceLocked } from '../programmes/rules.ts';

/** Stages in which an assessment or a plan is still to be written (later stages have theirs, or never will). */
const EARLY_STAGES = ['PENERIMAAN', 'ASESMEN'];
/** A register may be taken up to seven days after its session (attendanceLocked): the device holds those. */
const PAST_SESSION_DAYS = 7;
/** Bounds of one snapshot; a caseload or a worklist beyond them is not field work for one phone. */
const MAX_PARTICIPANTS = 300;
const MAX_FOLLOW_UPS = 300;
const MAX_SESSIONS = 100;

type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export type SnapshotContent = Omit<FieldSnapshot, 'generatedAt'>;

export class FieldSnapshotStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  private me() {
    const actor = this.c.actor;
    if (!actor) throw new Error('field snapshot: a signed-in actor is needed');
    return actor;
  }

  /** Her own ACTIVE device: anyone else's (or none) is 404; a revoked or erased one 410. */
  private async ownActiveDevice(deviceId: string | undefined): Promise<void> {
    if (!deviceId) throw notFound();
    const row = await this.db
      .selectFrom('field_devices')
      .select(['account_id', 'status'])
      .where('id', '=', deviceId)
      .executeTakeFirst();
    if (!row || row.account_id !== this.me().id) throw notFound();
    if (row.status !== 'ACTIVE')
      throw new AppError('field_device_revoked', 410, 'Field mode was revoked or erased on this device');
  }

  /**
   * The snapshot for her device, or `snapshot: null` when `ifNoneMatch` names the content the device already holds
   * (304: nothing read is recorded; only the device's last contact is noted). A 200 is audited once and stored on the device row.
   */
  async fill(
    deviceId: string | undefined,
    ifNoneMatch: string | undefined,
  ): Promise<{ etag: string; snapshot: FieldSnapshot | null }> {
    this.c.check('field.use');
    await this.ownActiveDevice(deviceId);
    const content = await this.content();
    const etag = `"${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 27)}"`;
    // A proxy that compresses may have weakened the tag (W/): the content is the same.
    if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      // The device reached the server: its last contact (bookkeeping; nothing read is recorded).
      await this.db
        .updateTable('field_devices')
        .set({ last_contact_at: this.c.now() })
        .where('id', '=', deviceId!)
        .execute();
      return { etag, snapshot: null };
    }
    const held: FieldHeld = {
      participants: content.participants.length,
      sessions: content.sessions.length,
      followUps: content.followUps.length,
    };
    const participantIds = [
      ...new Set([
        ...content.participants.map((p) => p.id),
        ...content.sessions.flatMap((s) => s.people.map((p) => p.participantId)),
        ...content.followUps.map((f) => f.participantId),
      ]),
    ];
    const at = this.c.now();
    await transact(this.db, async (trx) => {
      // Under the device's row lock: a revocation committed first is never followed by a fill.
      const row = await lockForUpdate(
        trx,
        trx.selectFrom('field_devices').select(['account_id', 'status']).where('id', '=', deviceId!),
      ).executeTakeFirst();
      if (!row || row.account_id !== this.me().id) throw notFound();
      if (row.status !== 'ACTIVE')
        throw new AppError('field_device_revoked', 410, 'Field mode was revoked or erased on this device');
      // Bookkeeping of what the device holds (counts only), not a decision on it: its version stays.
      await trx
        .updateTable('field_devices')
        .set({ filled_at: at, last_contact_at: at, held: JSON.stringify(held) })
        .where('id', '=', deviceId!)
        .execute();
      await this.c.auditInTx(trx, {
        action: 'device.cache_filled',
        resourceType: 'field_device',
        resourceId: deviceId!,
        outcome: 'success',
        detail: { deviceId: deviceId!, ...held, participantIds },
      });
    });
    return { etag, snapshot: { generatedAt: at, ...content } };
  }

  /** What the device is to hold today (without the time it was made, so that the same content hashes the same). */
  async content(): Promise<SnapshotContent> {
    const me = this.me();
    const offlineDays = this.c.s.config.fieldOfflineDays;
    const today = this.c.today();
    const until = addDays(today, offlineDays);
    const followUps = await this.followUps(me.id, until, today);
    const participants = await this.participants(me.id, followUps);
    const sessions = await this.sessions(me.id, today, until);
    const outreachRegions = this.c.allowed('outreach.create')
      ? regionsInScope(
          me,
          regenciesOf(provinceOf(me)).map((r) => r.code),
        )
      : [];
    return { offlineDays, participants, sessions, followUps, outreachRegions };
  }

  /** Her follow-up worklist: still due, overdue or due within the offline period, given to her. */
  private async followUps(meId: string, until: string, today: string): Promise<FieldFollowUp[]> {
    const rows = await this.c
      .scoped(
        'participant',
        this.db
          .selectFrom('follow_ups as f')
          .innerJoin('participants as p', 'p.id', 'f.participant_id')
          .select(['f.id', 'f.participant_id', 'f.due_date', 'f.status', 'f.version'])
          .where('f.assignee_id', '=', meId)
          .where('f.status', '=', 'DUE')
          .where('f.due_date', '<=', until)
          .where('p.dek_wrapped', '!=', ERASED),
        { id: 'p.id', region: 'p.region_code' },
      )
      .orderBy('f.due_date')
      .orderBy('f.id')
      .limit(MAX_FOLLOW_UPS)
      .execute();
    if (rows.length === 0) return [];
    const ids = [...new Set(rows.map((r) => r.participant_id))];
    const names = await this.people.codesAndNames(this.db, ids);
    const handovers = await this.handovers(ids);
    return rows.map((f) => {
      // The visit is recorded on the day it happens, today at the earliest (as the follow-up rules judge it).
      const h = handoverFor(handovers.get(f.participant_id) ?? [], today);
      return {
        id: f.id,
        participantId: f.participant_id,
        code: names.get(f.participant_id)?.code ?? '',
        preferredName: names.get(f.participant_id)?.preferredName ?? '',
        dueDate: f.due_date,
        status: f.status,
        version: f.version,
        equipment: !h ? 'none' : h.recorded ? 'optional' : 'required',
      };
    });
  }

  /**
   * The equipment handed over to each of them and whether a visit recorded its use: the follow-up rules' input
   * (checkEquipmentUse), read as the follow-up store reads it.
   */
  private async handovers(participantIds: string[]): Promise<Map<string, Handover[]>> {
    const rows = await this.db
      .selectFrom('allocations as a')
      .select(['a.id', 'a.participant_id', 'a.handover_date'])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('follow_up_visits as v')
              .select('v.id')
              .whereRef('v.equipment_allocation_id', '=', 'a.id')
              .where('v.equipment_use', 'is not', null),
          )
          .as('recorded'),
      )
      .where('a.participant_id', 'in', participantIds)
      .where('a.status', '=', 'HANDED_OVER')
      .where('a.handover_date', 'is not', null)
      .execute();
    const out = new Map<string, Handover[]>();
    for (const r of rows) {
      const list = out.get(r.participant_id) ?? [];
      // SQLite answers 0/1, PostgreSQL a boolean.
      list.push({ allocationId: r.id, handoverDate: r.handover_date ?? '', recorded: Number(r.recorded) === 1 });
      out.set(r.participant_id, list);
    }
    return out;
  }

  /** Her open cases (assigned to her, in her scope, not closed), each with its open tasks. */
  private async participants(meId: string, followUps: FieldFollowUp[]): Promise<FieldParticipant[]> {
    const rows = await this.c
      .scoped(
        'participant',
        this.db
          .selectFrom('participant_assignments as a')
          .innerJoin('participants as p', 'p.id', 'a.participant_id')
          .select(['p.id', 'p.code', 'p.stage'])
          .select((eb) => [
            eb
              .exists(eb.selectFrom('assessments as s').select('s.version').whereRef('s.participant_id', '=', 'p.id'))
              .as('assessed'),
            eb
              .exists(eb.selectFrom('case_plans as cp').select('cp.version').whereRef('cp.participant_id', '=', 'p.id'))
              .as('planned'),
          ])
          .where('a.user_id', '=', meId)
          .where('p.stage', '!=', 'TERMINASI')
          .where('p.dek_wrapped', '!=', ERASED),
        { id: 'p.id', region: 'p.region_code' },
      )
      .orderBy('p.code')
      .limit(MAX_PARTICIPANTS)
      .execute();
    const names = await this.people.codesAndNames(
      this.db,
      rows.map((r) => r.id),
    );
    const visits = new Map<string, FieldFollowUp[]>();
    for (const f of followUps) visits.set(f.participantId, [...(visits.get(f.participantId) ?? []), f]);
    return rows.map((p) => {
      // The open tasks (FIELD_TASK_KINDS): a cheap subset of what the work queue and the worklist compute.
      const task = (kind: FieldTaskKind, due: string | null) => ({ kind, due });
      const tasks: FieldParticipant['tasks'] = (visits.get(p.id) ?? []).map((f) => task('follow_up', f.dueDate));
      if (EARLY_STAGES.includes(p.stage)) {
        if (Number(p.assessed) !== 1) tasks.push(task('assessment', null));
        else if (Number(p.planned) !== 1) tasks.push(task('plan', null));
      }
      return {
        id: p.id,
        code: p.code,
        preferredName: names.get(p.id)?.preferredName ?? '',
        stage: p.stage,
        tasks,
      };
    });
  }

  /**
   * The sessions she facilitates from seven days ago (a register still open) through the offline period, not
   * cancelled, with who is enrolled and each one's mark so far.
   */
  private async sessions(meId: string, today: string, until: string): Promise<FieldSession[]> {
    const rows = await this.c
      .scoped(
        'session',
        this.db
          .selectFrom('sessions_schedule as s')
          .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
          .select([
            's.id',
            's.cohort_id',
            'c.name as cohort_name',
            's.date',
            's.start_time',
            's.end_time',
            's.type',
            's.title',
            's.place',
            's.attendance_version',
          ])
          .where('s.facilitator_id', '=', meId)
          .where('s.cancelled', '=', 0)
          .where('s.date', '>=', addDays(today, -PAST_SESSION_DAYS))
          .where('s.date', '<=', until),
        { facilitator: 's.facilitator_id', region: 'c.region_code' },
      )
      .orderBy('s.date')
      .orderBy('s.start_time')
      .orderBy('s.id')
      .limit(MAX_SESSIONS)
      .execute();
    const open = rows;
    if (open.length === 0) return [];
    const cohortIds = [...new Set(open.map((s) => s.cohort_id))];
    // Who may be marked: her enrolment as marking attendance requires it (enrolled).
    const enrolments = await this.db
      .selectFrom('enrollments')
      .select(['id', 'cohort_id', 'participant_id'])
      .where('cohort_id', 'in', cohortIds)
      .where('status', '=', 'ENROLLED')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const marks = await this.db
      .selectFrom('attendance')
      .select(['session_id', 'enrollment_id', 'status'])
      .where(
        'session_id',
        'in',
        open.map((s) => s.id),
      )
      .execute();
    const markOf = new Map(marks.map((m) => [`${m.session_id}|${m.enrollment_id}`, m.status as AttendanceStatus]));
    const names = await this.people.codesAndNames(this.db, [...new Set(enrolments.map((e) => e.participant_id))]);
    return open.map((s) => ({
      id: s.id,
      cohortId: s.cohort_id,
      cohortName: s.cohort_name,
      date: s.date,
      startTime: s.start_time,
      endTime: s.end_time,
      type: s.type,
      title: s.title,
      place: s.place,
      attendanceVersion: s.attendance_version,
      locked: attendanceLocked(s.date, today),
      people: enrolments
        .filter((e) => e.cohort_id === s.cohort_id)
        .map((e) => ({
          participantId: e.participant_id,
          code: names.get(e.participant_id)?.code ?? '',
          preferredName: names.get(e.participant_id)?.preferredName ?? '',
          status: markOf.get(`${s.id}|${e.id}`) ?? null,
        })),
    }));
  }
}
