// Outreach, assessments, case plans, partners and referrals through the scoped repository. Outreach holds
// no identity at all; the rest hangs off a participant and is sealed under her data key.
import { effectiveDate, enteredLate } from '../../kernel/effective-dates.ts';
import { randomUUID, createHmac } from 'node:crypto';
import type { Expression, Kysely, SqlBool, Transaction } from 'kysely';
import type { Database, OutreachContactsTable, PartnersTable, ReferralsTable } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { ParticipantAccess } from '../../kernel/participant-access.ts';
import type { ParticipantKey } from '../../crypto/participant-keys.ts';
import { AppError, notFound } from '../../errors.ts';
import { inRegionScope } from '../../policy/index.ts';
import { localDate, OFFICE_ZONE } from '../../../shared/calendar.ts';
import { queueAlertEmails } from '../../notify/email.ts';
import { normaliseName } from '../../crypto/blind-index.ts';
import { openText, seal } from '../../crypto/seal.ts';
import { ENFORCEMENT_CHANNELS, sharingPurposeFor } from '../../../shared/codes.ts';
import type { AssessmentAnswers, PartnerSort, ProspectSort } from '../../../shared/casework-api.ts';
import {
  assertTraffickingScreen,
  checkOutreach,
  diffAnswers,
  proposeRisk,
  requiresTraffickingScreen,
  srq20Score,
} from './rules.ts';
import { lockKey, sql, transact, updateVersioned } from '../../db/write.ts';
import { page, type SortColumn } from '../../db/paging.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface OutreachInput {
  contactDate: string;
  regionCode: string;
  placeKind: string;
  channel: string;
  alias?: string;
  topics: string[];
  materials: string[];
  interestLevel: string;
  outcome: string;
  nextContactDate?: string;
  nextContactRequested?: boolean;
  cameVoluntarily?: string;
}

/** The partners list's sorts (without the minus) → their columns; names without regard to case, active first. */
const PARTNER_SORT_COLUMNS: Record<string, SortColumn> = {
  name: sql`lower(partners.name)`,
  kind: 'partners.kind',
  region: 'partners.region_code',
  status: sql`case when partners.active = 1 then 0 else 1 end`,
};

export class CaseworkStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  // ================================================================ outreach
  // Aliases are not names, but they are sealed too (with the system key: there is no participant yet), and
  // linked through a keyed hash of region + normalised alias.
  private aliasIndex(region: string, alias: string) {
    return createHmac('sha256', this.c.s.keys.subkey('name-index'))
      .update(`alias:${region}:${normaliseName(alias)}`)
      .digest('hex');
  }
  private sealAlias(prospectId: string, alias: string) {
    return seal(this.c.s.keys.subkey('system-secrets'), this.c.s.keys.kekId, alias, `prospects|alias|${prospectId}`);
  }
  private openAlias(prospectId: string, sealed: string | null) {
    return sealed ? openText(this.c.s.keys.subkey('system-secrets'), sealed, `prospects|alias|${prospectId}`) : null;
  }

  private presentOutreach(o: OutreachContactsTable & { worker: string | null; alias_ct: string | null }) {
    return {
      id: o.id,
      contactDate: o.contact_date,
      regionCode: o.region_code,
      placeKind: o.place_kind,
      channel: o.channel,
      alias: this.openAlias(o.prospect_id, o.alias_ct),
      topics: JSON.parse(o.topics) as string[],
      materials: JSON.parse(o.materials) as string[],
      interestLevel: o.interest_level,
      outcome: o.outcome,
      nextContactDate: o.next_contact_date,
      cameVoluntarily: o.came_voluntarily,
      prospectId: o.prospect_id,
      worker: o.worker,
      createdAt: o.created_at,
      version: o.version,
    };
  }

  private outreachQuery(exec: Executor = this.db) {
    const q = exec
      .selectFrom('outreach_contacts as o')
      .innerJoin('prospects as pr', 'pr.id', 'o.prospect_id')
      .leftJoin('users as u', 'u.id', 'o.worker_id')
      .selectAll('o')
      .select(['u.username as worker', 'pr.alias_ct']);
    return this.c.scoped('outreach', q, { region: 'o.region_code', worker: 'o.worker_id' });
  }

  /** The contacts in the asker's scope, alone: for counts, which need neither the prospect nor the worker. */
  private scopedContacts() {
    return this.c.scoped('outreach', this.db.selectFrom('outreach_contacts as o'), {
      region: 'o.region_code',
      worker: 'o.worker_id',
    });
  }

  async createOutreach(input: OutreachInput) {
    this.c.check('outreach.create');
    const actor = this.c.actor;
    if (actor && !inRegionScope(actor, input.regionCode))
      throw new AppError('forbidden_region', 403, 'Record contacts in your own regions');
    checkOutreach(input);
    if (input.contactDate > this.c.today()) {
      throw new AppError('validation_failed', 400, 'The contact date is in the future', [
        { field: 'body.contactDate', message: 'Not after today', code: 'future' },
      ]);
    }
    const declinedWithoutRequest = input.outcome === 'DECLINED' && !input.nextContactRequested;
    let mailed = false;
    const id = randomUUID();
    const now = this.c.now();
    const enforcement = ENFORCEMENT_CHANNELS.includes(input.channel);
    const result = await transact(this.db, async (trx) => {
      let prospectId: string | null = null;
      const aliasIdx = input.alias ? this.aliasIndex(input.regionCode, input.alias) : null;
      if (aliasIdx) {
        // Two first contacts under one new alias at once must make one prospect, not two.
        await lockKey(trx, `prospect-alias:${input.regionCode}:${aliasIdx}`);
        const existing = await trx
          .selectFrom('prospects')
          .select('id')
          .where('region_code', '=', input.regionCode)
          .where('alias_index', '=', aliasIdx)
          .executeTakeFirst();
        prospectId = existing?.id ?? null;
      }
      if (!prospectId) {
        prospectId = randomUUID();
        await trx
          .insertInto('prospects')
          .values({
            id: prospectId,
            region_code: input.regionCode,
            alias_index: aliasIdx,
            alias_ct: input.alias ? this.sealAlias(prospectId, input.alias) : null,
            status: 'OPEN',
            participant_id: null,
            created_at: now,
          })
          .execute();
      }
      await trx
        .updateTable('prospects')
        .set({ status: input.outcome === 'DECLINED' ? 'DECLINED' : 'OPEN' })
        .where('id', '=', prospectId)
        .where('status', '!=', 'REGISTERED')
        .execute();
      await trx
        .insertInto('outreach_contacts')
        .values({
          id,
          prospect_id: prospectId,
          region_code: input.regionCode,
          contact_date: input.contactDate,
          place_kind: input.placeKind,
          channel: input.channel,
          topics: JSON.stringify(input.topics),
          materials: JSON.stringify(input.materials),
          interest_level: input.interestLevel,
          outcome: input.outcome,
          next_contact_date: declinedWithoutRequest ? null : (input.nextContactDate ?? null),
          came_voluntarily: enforcement ? (input.cameVoluntarily ?? null) : null,
          worker_id: this.c.actorId(),
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      // Someone who did not come of her own will: the head of section must know (a raid subject may be a
      // trafficking victim, and participation must be voluntary).
      if (enforcement && input.cameVoluntarily !== 'YES') {
        await trx
          .insertInto('alerts')
          .values({
            id: randomUUID(),
            kind: 'involuntary_referral',
            region_code: input.regionCode,
            resource_type: 'outreach',
            resource_id: id,
            created_at: now,
            acknowledged_by: null,
            acknowledged_at: null,
          })
          .execute();
        mailed =
          (await queueAlertEmails(trx, this.c.s.config, now, {
            kind: 'involuntary_referral',
            regionCode: input.regionCode,
          })) > 0;
      }
      await this.c.auditInTx(trx, {
        action: 'outreach.create',
        resourceType: 'outreach',
        resourceId: id,
        outcome: 'success',
        detail: { region: input.regionCode, channel: input.channel, outcome: input.outcome },
      });
      return await this.outreachQuery(trx).where('o.id', '=', id).executeTakeFirstOrThrow();
    });
    if (mailed) this.c.afterUnit(() => this.c.s.mail?.kick());
    return this.presentOutreach(result);
  }

  async getOutreach(id: string) {
    const row = await this.db.selectFrom('outreach_contacts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    this.c.check('outreach.read', { type: 'outreach', id, regionCode: row.region_code, workerId: row.worker_id });
    const full = await this.outreachQuery().where('o.id', '=', id).executeTakeFirstOrThrow();
    await this.c.record(
      this.c.event({ action: 'outreach.read', resourceType: 'outreach', resourceId: id, outcome: 'success' }),
    );
    return this.presentOutreach(full);
  }

  async updateOutreach(id: string, patch: Partial<OutreachInput>, expectedVersion: number) {
    const updated = await transact(this.db, async (trx) => {
      const row = await trx.selectFrom('outreach_contacts').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound();
      this.c.check('outreach.update', { type: 'outreach', id, regionCode: row.region_code, workerId: row.worker_id });
      if (row.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This contact was changed meanwhile; reload and try again', {
          currentVersion: row.version,
        });
      const merged = {
        outcome: patch.outcome ?? row.outcome,
        nextContactDate: patch.nextContactDate !== undefined ? patch.nextContactDate : row.next_contact_date,
        nextContactRequested: patch.nextContactRequested,
        channel: patch.channel ?? row.channel,
        cameVoluntarily: patch.cameVoluntarily ?? row.came_voluntarily,
      };
      checkOutreach(merged);
      await updateVersioned(
        trx,
        'outreach_contacts',
        id,
        expectedVersion,
        {
          ...(patch.contactDate ? { contact_date: patch.contactDate } : {}),
          ...(patch.placeKind ? { place_kind: patch.placeKind } : {}),
          ...(patch.channel ? { channel: patch.channel } : {}),
          ...(patch.topics ? { topics: JSON.stringify(patch.topics) } : {}),
          ...(patch.materials ? { materials: JSON.stringify(patch.materials) } : {}),
          ...(patch.interestLevel ? { interest_level: patch.interestLevel } : {}),
          ...(patch.outcome ? { outcome: patch.outcome } : {}),
          next_contact_date:
            merged.outcome === 'DECLINED' && !patch.nextContactRequested ? null : (merged.nextContactDate ?? null),
          came_voluntarily: ENFORCEMENT_CHANNELS.includes(merged.channel) ? (merged.cameVoluntarily ?? null) : null,
          updated_at: this.c.now(),
        },
        'This contact was changed meanwhile; reload and try again',
      );
      await this.c.auditInTx(trx, {
        action: 'outreach.update',
        resourceType: 'outreach',
        resourceId: id,
        outcome: 'success',
        detail: { fields: Object.keys(patch) },
      });
      return this.outreachQuery(trx).where('o.id', '=', id).executeTakeFirstOrThrow();
    });
    return this.presentOutreach(updated);
  }

  async listOutreach(f: { region?: string; from?: string; to?: string; prospectId?: string; limit: number }) {
    this.c.check('outreach.list');
    const conditions = [
      ...(f.region ? [sql<SqlBool>`o.region_code = ${f.region}`] : []),
      ...(f.from ? [sql<SqlBool>`o.contact_date >= ${f.from}`] : []),
      ...(f.to ? [sql<SqlBool>`o.contact_date <= ${f.to}`] : []),
      ...(f.prospectId ? [sql<SqlBool>`o.prospect_id = ${f.prospectId}`] : []),
    ];
    const filtered = <Q extends { where(e: Expression<SqlBool>): Q }>(q: Q): Q =>
      conditions.length ? q.where(sql<SqlBool>`${sql.join(conditions, sql` and `)}`) : q;
    const rows = await filtered(this.outreachQuery())
      .orderBy('o.contact_date', 'desc')
      .orderBy('o.created_at', 'desc')
      .limit(f.limit)
      .execute();
    // Counted by month and region in the database: a province's contacts are many, and the counts need no join.
    const month = sql<string>`substr(o.contact_date, 1, 7)`;
    const grouped = await filtered(this.scopedContacts())
      .select((eb) => [month.as('month'), 'o.region_code', eb.fn.countAll<number | string>().as('n')])
      .groupBy([month, 'o.region_code'])
      .execute();
    const counts = new Map<string, number>();
    for (const r of grouped) counts.set(`${r.month}|${r.region_code}`, Number(r.n));
    await this.c.record(
      this.c.event({
        action: 'outreach.list',
        resourceType: 'outreach',
        outcome: 'success',
        detail: { count: rows.length },
      }),
    );
    return {
      items: rows.map((r) => this.presentOutreach(r)),
      countsByMonth: [...counts.entries()]
        .map(([k, contacts]) => ({ month: k.split('|')[0]!, regionCode: k.split('|')[1]!, contacts }))
        .sort((a, b) =>
          a.month === b.month ? a.regionCode.localeCompare(b.regionCode) : b.month.localeCompare(a.month),
        ),
    };
  }

  /**
   * One page of the prospects with a contact in the asker's scope, each with its contacts in that scope counted,
   * the first and last of them, and the last one's outcome and planned next contact. The order is a whitelisted
   * column (never her alias, which is sealed), the prospect's id breaking ties.
   */
  async listProspects(f: {
    status?: 'OPEN' | 'DECLINED' | 'REGISTERED';
    region?: string;
    sort: ProspectSort;
    page: number;
    pageSize: number;
  }) {
    this.c.check('outreach.list');
    // Her contacts in scope, per prospect: the one scope filter is the contacts' (region, own contacts).
    const contacts = this.scopedContacts()
      .select((eb) => [
        'o.prospect_id as prospect_id',
        eb.fn.countAll<number | string>().as('contacts'),
        eb.fn.min('o.contact_date').as('first_contact'),
        eb.fn.max('o.contact_date').as('last_contact'),
      ])
      .groupBy('o.prospect_id');
    const prospectColumns = ['p.id', 'p.region_code', 'p.alias_ct', 'p.status', 'p.participant_id'] as const;
    const byContacts = {
      lastContactDate: 'g.last_contact',
      firstContactDate: 'g.first_contact',
      contacts: 'g.contacts',
    };
    const sortColumn = f.sort.replace(/^-/, '');
    if (!f.status && !f.region && Object.hasOwn(byContacts, sortColumn)) {
      // Ordered and filtered by her contacts alone: every contact names an existing prospect (foreign key), so a page
      // of her contacts' groups is the page of prospects, and only that page is joined to them (not every group).
      const groups = await page(this.db.selectFrom(contacts.as('g')).selectAll('g'), {
        sort: f.sort,
        columns: byContacts,
        tieBreak: 'g.prospect_id',
        page: f.page,
        pageSize: f.pageSize,
      });
      const ids = groups.rows.map((g) => g.prospect_id);
      const found = new Map(
        ids.length
          ? (await this.db.selectFrom('prospects as p').select(prospectColumns).where('p.id', 'in', ids).execute()).map(
              (p) => [p.id, p],
            )
          : [],
      );
      const rows = groups.rows.map((g) => ({
        ...found.get(g.prospect_id)!,
        contacts: g.contacts,
        first_contact: g.first_contact,
        last_contact: g.last_contact,
      }));
      return this.presentProspects(rows, groups.total);
    }
    let q = this.db
      .selectFrom(contacts.as('g'))
      .innerJoin('prospects as p', 'p.id', 'g.prospect_id')
      .select([...prospectColumns, 'g.contacts', 'g.first_contact', 'g.last_contact']);
    if (f.status) q = q.where('p.status', '=', f.status);
    if (f.region) q = q.where('p.region_code', '=', f.region);
    const { rows, total } = await page(q, {
      sort: f.sort,
      columns: { ...byContacts, status: 'p.status', region: 'p.region_code' },
      tieBreak: 'p.id',
      page: f.page,
      pageSize: f.pageSize,
    });
    return this.presentProspects(rows, total);
  }

  /** A page of prospects with their contacts' counts: the last contact's outcome and next date, audited. */
  private async presentProspects(
    rows: {
      id: string;
      region_code: string;
      alias_ct: string | null;
      status: string;
      participant_id: string | null;
      contacts: number | string;
      first_contact: string;
      last_contact: string;
    }[],
    total: number,
  ) {
    // The page's last contacts (in scope, as counted): their outcome and the next contact planned.
    const last = new Map<string, { outcome: string; next_contact_date: string | null }>();
    if (rows.length > 0) {
      const theirs = await this.outreachQuery()
        .clearSelect()
        .select(['o.prospect_id', 'o.outcome', 'o.next_contact_date'])
        .where(
          'o.prospect_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('o.contact_date')
        .orderBy('o.created_at')
        .orderBy('o.id')
        .execute();
      for (const c of theirs) last.set(c.prospect_id, c);
    }
    await this.c.record(
      this.c.event({
        action: 'outreach.list',
        resourceType: 'prospect',
        outcome: 'success',
        detail: { count: rows.length },
      }),
    );
    return {
      items: rows.map((p) => ({
        id: p.id,
        regionCode: p.region_code,
        alias: this.openAlias(p.id, p.alias_ct),
        contacts: Number(p.contacts),
        firstContactDate: p.first_contact,
        lastContactDate: p.last_contact,
        lastOutcome: last.get(p.id)?.outcome ?? '',
        nextContactDate: last.get(p.id)?.next_contact_date ?? null,
        status: p.status as 'OPEN' | 'DECLINED' | 'REGISTERED',
        participantId: p.participant_id,
      })),
      total,
    };
  }

  async acknowledgeAlert(id: string) {
    this.c.check('alert.list');
    await transact(this.db, async (trx) => {
      const alert = await trx.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
      const actor = this.c.actor;
      if (!alert || (actor && !inRegionScope(actor, alert.region_code))) throw notFound();
      if (alert.acknowledged_at) return;
      // Of two heads of section acknowledging at once, the first is recorded; the second changes nothing.
      const res = await trx
        .updateTable('alerts')
        .set({ acknowledged_by: this.c.actorId(), acknowledged_at: this.c.now() })
        .where('id', '=', id)
        .where('acknowledged_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return;
      // An alert raised on a follow-up visit is about her: the event names her (her access report shows it).
      const about =
        alert.resource_type === 'follow_up'
          ? await trx
              .selectFrom('follow_ups')
              .select('participant_id')
              .where('id', '=', alert.resource_id)
              .executeTakeFirst()
          : undefined;
      if (about)
        await this.people.changeAudited(trx, about.participant_id, 'alert.acknowledge', undefined, {
          type: 'alert',
          id,
        });
      else
        await this.c.auditInTx(trx, {
          action: 'alert.acknowledge',
          resourceType: 'alert',
          resourceId: id,
          outcome: 'success',
        });
    });
    return this.listAlerts();
  }

  async listAlerts() {
    this.c.check('alert.list');
    const q = this.db.selectFrom('alerts').selectAll().orderBy('created_at', 'desc').limit(200);
    const rows = await this.c.scoped('alert', q, { region: 'alerts.region_code' }).execute();
    return rows.map((a) => ({
      id: a.id,
      kind: a.kind,
      regionCode: a.region_code,
      resourceType: a.resource_type,
      resourceId: a.resource_id,
      createdAt: a.created_at,
      acknowledgedAt: a.acknowledged_at,
    }));
  }

  // ================================================================ assessments
  /** Entered more than the office's number of days after the day it happened. */
  private lateEntry(day: string, enteredAt: string): boolean {
    return enteredLate(day, localDate(enteredAt, OFFICE_ZONE), this.c.s.config.lateEntryDays);
  }

  async createAssessment(
    participantId: string,
    answers: AssessmentAnswers,
    confirmedRisk: string,
    assessedOn?: string,
  ) {
    const threshold = this.c.s.config.srq20Threshold;
    return transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, participantId, 'assessment.create');
      // As it happened: never in the future, never before she was registered.
      const today = this.c.today();
      const day = effectiveDate('body.assessedOn', assessedOn, today, [
        { date: row.registered_on, what: 'registration' },
      ]);
      const late = enteredLate(day, today, this.c.s.config.lateEntryDays);
      if (requiresTraffickingScreen(row)) assertTraffickingScreen(answers);
      if (
        answers.health.testResult !== undefined &&
        !(await this.people.hasActiveConsent(participantId, 'HEALTH_DATA', trx))
      ) {
        throw new AppError(
          'consent_required',
          403,
          'A test result is kept only with her consent to health data; record only whether testing was referred or done',
          { missing: ['HEALTH_DATA'] },
        );
      }
      const last = await trx
        .selectFrom('assessments')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('participant_id', '=', participantId)
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      const score = srq20Score(answers.srq20);
      const proposed = proposeRisk(answers, threshold);
      const key = this.people.key(row);
      await trx
        .insertInto('assessments')
        .values({
          participant_id: participantId,
          version,
          answers_ct: key.seal('assessments', 'answers', `${participantId}:${version}`, JSON.stringify(answers)),
          srq20_score: score,
          srq20_threshold: threshold,
          proposed_risk: proposed,
          confirmed_risk: confirmedRisk,
          assessed_by: this.c.actorId(),
          assessed_at: this.c.now(),
          assessed_on: day,
          reviewed_by: null,
          reviewed_at: null,
        })
        .execute();
      await this.people.changeAudited(
        trx,
        participantId,
        'assessment.create',
        late ? { version, assessedOn: day, enteredLate: true } : { version },
      );
      return { version, srq20Score: score, proposedRisk: proposed };
    });
  }

  private assessmentQuery(participantId: string) {
    return this.db
      .selectFrom('assessments as a')
      .leftJoin('users as u', 'u.id', 'a.assessed_by')
      .leftJoin('users as r', 'r.id', 'a.reviewed_by')
      .selectAll('a')
      .select(['u.username as assessor', 'r.username as reviewer'])
      .where('a.participant_id', '=', participantId);
  }

  async listAssessments(participantId: string) {
    await this.people.loadFor(this.db, participantId, 'assessment.read');
    const rows = await this.assessmentQuery(participantId).orderBy('a.version', 'desc').execute();
    await this.people.readAudited(participantId, 'assessment.read', { list: true });
    return rows.map((a) => ({
      version: a.version,
      srq20Score: a.srq20_score,
      srq20Threshold: a.srq20_threshold,
      srq20AboveThreshold: a.srq20_score >= a.srq20_threshold,
      proposedRisk: a.proposed_risk as 'LOW',
      confirmedRisk: a.confirmed_risk as 'LOW',
      assessedBy: a.assessor ?? null,
      assessedAt: a.assessed_at,
      assessedOn: a.assessed_on,
      enteredLate: this.lateEntry(a.assessed_on, a.assessed_at),
      reviewedBy: a.reviewer ?? null,
      reviewedAt: a.reviewed_at,
    }));
  }

  async getAssessment(participantId: string, version: number) {
    const { row } = await this.people.loadFor(this.db, participantId, 'assessment.read');
    const key = this.people.key(row);
    const rows = await this.assessmentQuery(participantId)
      .where('a.version', 'in', [version, version - 1])
      .execute();
    const current = rows.find((r) => r.version === version);
    if (!current) throw notFound();
    const previous = rows.find((r) => r.version === version - 1);
    const open = (r: typeof current) =>
      JSON.parse(
        key.openText('assessments', 'answers', `${participantId}:${r.version}`, r.answers_ct),
      ) as AssessmentAnswers;
    const answers = open(current);
    await this.people.readAudited(participantId, 'assessment.read', { version });
    return {
      assessment: {
        version,
        answers,
        srq20Score: current.srq20_score,
        srq20Threshold: current.srq20_threshold,
        srq20AboveThreshold: current.srq20_score >= current.srq20_threshold,
        proposedRisk: current.proposed_risk as 'LOW',
        confirmedRisk: current.confirmed_risk as 'LOW',
        assessedBy: current.assessor ?? null,
        assessedAt: current.assessed_at,
        assessedOn: current.assessed_on,
        enteredLate: this.lateEntry(current.assessed_on, current.assessed_at),
        reviewedBy: current.reviewer ?? null,
        reviewedAt: current.reviewed_at,
      },
      changes: previous ? diffAnswers(open(previous), answers) : [],
    };
  }

  async reviewAssessment(participantId: string, version: number) {
    await transact(this.db, async (trx) => {
      await this.people.loadFor(trx, participantId, 'assessment.review');
      const res = await trx
        .updateTable('assessments')
        .set({ reviewed_by: this.c.actorId(), reviewed_at: this.c.now() })
        .where('participant_id', '=', participantId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw notFound();
      await this.people.changeAudited(trx, participantId, 'assessment.review', { version });
      await this.people.followEventInTx(trx, participantId, 'assessment_approved', 'Asesmen telah ditelaah');
    });
    return this.getAssessment(participantId, version);
  }

  // ================================================================ case plans
  async getCasePlan(participantId: string) {
    const { row } = await this.people.loadFor(this.db, participantId, 'caseplan.read');
    const plan = await this.db
      .selectFrom('case_plans as c')
      .leftJoin('users as u', 'u.id', 'c.approved_by')
      .selectAll('c')
      // Named as people know them: her name, her username when the account has none.
      .select((eb) => eb.fn.coalesce('u.name', 'u.username').as('approver'))
      .where('c.participant_id', '=', participantId)
      .executeTakeFirst();
    if (!plan) return null;
    const key = this.people.key(row);
    const items = await this.db
      .selectFrom('case_plan_items as i')
      .leftJoin('users as u', 'u.id', 'i.responsible_user_id')
      .leftJoin('partners as p', 'p.id', 'i.partner_id')
      .selectAll('i')
      .select((eb) => [eb.fn.coalesce('u.name', 'u.username').as('responsible'), 'p.name as partner'])
      .where('i.participant_id', '=', participantId)
      .orderBy('i.position')
      .execute();
    await this.people.readAudited(participantId, 'caseplan.read');
    return {
      version: plan.version,
      status: plan.status as 'DRAFT' | 'APPROVED',
      items: items.map((i) => ({
        id: i.id,
        goal: key.openText('case_plan_items', 'goal', i.id, i.goal_ct),
        component: i.component as 'VOKASI_USAHA',
        ...(i.subtype ? { subtype: i.subtype as 'PSIKOSOSIAL' } : {}),
        ...(i.responsible_user_id ? { responsibleUserId: i.responsible_user_id } : {}),
        ...(i.partner_id ? { partnerId: i.partner_id } : {}),
        dueDate: i.due_date,
        status: i.status as 'PLANNED',
        responsible: i.responsible ?? null,
        partner: i.partner ?? null,
      })),
      conference: plan.conference_ct
        ? (JSON.parse(key.openText('case_plans', 'conference', participantId, plan.conference_ct)) as {
            date: string;
            attendees: string[];
            minutes?: string;
          })
        : null,
      approvedBy: plan.approver ?? null,
      approvedAt: plan.approved_at,
      approvedOn: plan.approved_on,
      enteredLate: plan.approved_on && plan.approved_at ? this.lateEntry(plan.approved_on, plan.approved_at) : false,
      updatedAt: plan.updated_at,
    };
  }

  /** Replaces the plan; any change makes it a draft that needs approval again. */
  async putCasePlan(
    participantId: string,
    body: {
      items: {
        goal: string;
        component: string;
        subtype?: string;
        responsibleUserId?: string;
        partnerId?: string;
        dueDate: string;
        status: string;
      }[];
      conference?: { date: string; attendees: string[]; minutes?: string };
    },
    expectedVersion: number | undefined,
  ) {
    await transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, participantId, 'caseplan.write');
      const plan = await trx
        .selectFrom('case_plans')
        .selectAll()
        .where('participant_id', '=', participantId)
        .executeTakeFirst();
      if (plan && expectedVersion === undefined)
        throw new AppError('precondition_required', 428, 'Send If-Match with the ETag of the plan you edited');
      if (plan && plan.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'The plan was changed meanwhile; reload and try again', {
          currentVersion: plan.version,
        });
      for (const item of body.items) {
        if (item.subtype && item.component !== 'TERAPI') {
          throw new AppError('validation_failed', 400, 'A subtype belongs to the therapy component only', [
            { field: 'body.items.subtype', message: 'Only with TERAPI', code: 'invalid' },
          ]);
        }
        if (
          item.partnerId &&
          !(await trx.selectFrom('partners').select('id').where('id', '=', item.partnerId).executeTakeFirst())
        ) {
          throw new AppError('validation_failed', 400, 'Unknown partner', [
            { field: 'body.items.partnerId', message: 'Unknown partner', code: 'unknown' },
          ]);
        }
        if (
          item.responsibleUserId &&
          !(await trx
            .selectFrom('users')
            .select('id')
            .where('id', '=', item.responsibleUserId)
            .where('active', '=', 1)
            .executeTakeFirst())
        ) {
          throw new AppError('validation_failed', 400, 'Unknown staff member', [
            { field: 'body.items.responsibleUserId', message: 'Unknown or inactive account', code: 'unknown' },
          ]);
        }
      }
      const key = this.people.key(row);
      const now = this.c.now();
      const conference = body.conference
        ? key.seal('case_plans', 'conference', participantId, JSON.stringify(body.conference))
        : null;
      if (plan) {
        await updateVersioned(
          trx,
          'case_plans',
          { column: 'participant_id', value: participantId },
          plan.version,
          {
            status: 'DRAFT',
            conference_ct: conference,
            approved_by: null,
            approved_at: null,
            approved_on: null,
            updated_by: this.c.actorId(),
            updated_at: now,
          },
          'The plan was changed meanwhile; reload and try again',
        );
      } else {
        await trx
          .insertInto('case_plans')
          .values({
            participant_id: participantId,
            version: 1,
            status: 'DRAFT',
            conference_ct: conference,
            approved_by: null,
            approved_at: null,
            approved_on: null,
            updated_by: this.c.actorId(),
            updated_at: now,
          })
          .execute();
      }
      await trx.deleteFrom('case_plan_items').where('participant_id', '=', participantId).execute();
      let position = 0;
      for (const item of body.items) {
        const id = randomUUID();
        await trx
          .insertInto('case_plan_items')
          .values({
            id,
            participant_id: participantId,
            position: position++,
            goal_ct: key.seal('case_plan_items', 'goal', id, item.goal),
            component: item.component,
            subtype: item.subtype ?? null,
            responsible_user_id: item.responsibleUserId ?? null,
            partner_id: item.partnerId ?? null,
            due_date: item.dueDate,
            status: item.status,
          })
          .execute();
      }
      await this.people.changeAudited(trx, participantId, 'caseplan.write', { items: body.items.length });
    });
    return (await this.getCasePlan(participantId))!;
  }

  async approveCasePlan(participantId: string, expectedVersion: number | undefined, approvedOn?: string) {
    await transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, participantId, 'caseplan.approve');
      const plan = await trx
        .selectFrom('case_plans')
        .selectAll()
        .where('participant_id', '=', participantId)
        .executeTakeFirst();
      if (!plan) throw new AppError('no_case_plan', 409, 'There is no case plan to approve');
      if (expectedVersion !== undefined && plan.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'The plan was changed meanwhile; read it again before approving', {
          currentVersion: plan.version,
        });
      if (plan.status === 'APPROVED') return;
      // As it happened: never in the future, never before she was registered and assessed.
      const today = this.c.today();
      const assessed = await trx
        .selectFrom('assessments')
        .select((eb) => eb.fn.max('assessed_on').as('on'))
        .where('participant_id', '=', participantId)
        .executeTakeFirst();
      const day = effectiveDate('body.approvedOn', approvedOn, today, [
        { date: row.registered_on, what: 'registration' },
        { date: assessed?.on, what: 'assessment' },
      ]);
      await trx
        .updateTable('case_plans')
        .set({ status: 'APPROVED', approved_by: this.c.actorId(), approved_at: this.c.now(), approved_on: day })
        .where('participant_id', '=', participantId)
        .execute();
      await this.people.changeAudited(
        trx,
        participantId,
        'caseplan.approve',
        enteredLate(day, today, this.c.s.config.lateEntryDays)
          ? { version: plan.version, approvedOn: day, enteredLate: true }
          : { version: plan.version },
      );
      await this.people.followEventInTx(trx, participantId, 'plan_approved', 'Rencana intervensi disetujui');
    });
    return (await this.getCasePlan(participantId))!;
  }

  // ================================================================ partners
  private presentPartner(p: PartnersTable) {
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      sharingPurpose: sharingPurposeFor(p.kind) ?? 'SHARING_NGO',
      regionCode: p.region_code,
      address: p.address,
      contacts: JSON.parse(p.contacts) as { name: string }[],
      active: p.active === 1,
      version: p.version,
    };
  }

  async listPartners(filter: { sort: PartnerSort; page: number; pageSize: number }) {
    this.c.check('partner.list');
    const { rows, total } = await page(this.db.selectFrom('partners').selectAll(), {
      ...filter,
      columns: PARTNER_SORT_COLUMNS,
      tieBreak: 'partners.id',
    });
    return { items: rows.map((p) => this.presentPartner(p)), total };
  }

  async getPartner(id: string) {
    this.c.check('partner.list');
    const p = await this.db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
    if (!p) throw notFound();
    return this.presentPartner(p);
  }

  async createPartner(b: {
    name: string;
    kind: string;
    regionCode: string;
    address?: string;
    contacts: object[];
    active: boolean;
  }) {
    this.c.check('partner.manage');
    const id = randomUUID();
    const now = this.c.now();
    await transact(this.db, async (trx) => {
      await trx
        .insertInto('partners')
        .values({
          id,
          name: b.name,
          kind: b.kind,
          region_code: b.regionCode,
          address: b.address ?? null,
          contacts: JSON.stringify(b.contacts),
          active: b.active ? 1 : 0,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'partner.create',
        resourceType: 'partner',
        resourceId: id,
        outcome: 'success',
        detail: { kind: b.kind },
      });
    });
    return this.getPartner(id);
  }

  async updatePartner(
    id: string,
    b: Partial<{
      name: string;
      kind: string;
      regionCode: string;
      address: string;
      contacts: object[];
      active: boolean;
    }>,
    expectedVersion: number,
  ) {
    this.c.check('partner.manage');
    await transact(this.db, async (trx) => {
      const p = await trx.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
      if (!p) throw notFound();
      if (p.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This partner was changed meanwhile', { currentVersion: p.version });
      await updateVersioned(
        trx,
        'partners',
        id,
        expectedVersion,
        {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.kind !== undefined ? { kind: b.kind } : {}),
          ...(b.regionCode !== undefined ? { region_code: b.regionCode } : {}),
          ...(b.address !== undefined ? { address: b.address } : {}),
          ...(b.contacts !== undefined ? { contacts: JSON.stringify(b.contacts) } : {}),
          ...(b.active !== undefined ? { active: b.active ? 1 : 0 } : {}),
          updated_at: this.c.now(),
        },
        'This partner was changed meanwhile',
      );
      await this.c.auditInTx(trx, {
        action: 'partner.update',
        resourceType: 'partner',
        resourceId: id,
        outcome: 'success',
        detail: { fields: Object.keys(b) },
      });
    });
    return this.getPartner(id);
  }

  // ================================================================ referrals
  private presentReferral(r: ReferralsTable & { partner_name: string }, key: ParticipantKey) {
    return {
      id: r.id,
      participantId: r.participant_id,
      partnerId: r.partner_id,
      partnerName: r.partner_name,
      purpose: r.purpose,
      reason: key.openText('referrals', 'reason', r.id, r.reason_ct),
      shared: JSON.parse(r.shared) as string[],
      status: r.status as 'SENT',
      sentAt: r.sent_at,
      statusDate: r.status_date,
      blockedAt: r.blocked_at,
      version: r.version,
    };
  }

  private referralQuery(exec: Executor) {
    return exec
      .selectFrom('referrals as r')
      .innerJoin('partners as p', 'p.id', 'r.partner_id')
      .selectAll('r')
      .select('p.name as partner_name');
  }

  /** Refused without her consent to sharing with that kind of partner. */
  async createReferral(
    participantId: string,
    b: { partnerId: string; reason: string; shared: string[]; sentAt: string },
  ) {
    return transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, participantId, 'referral.create');
      const partner = await trx.selectFrom('partners').selectAll().where('id', '=', b.partnerId).executeTakeFirst();
      if (partner?.active !== 1) {
        throw new AppError('validation_failed', 400, 'Choose an active partner', [
          { field: 'body.partnerId', message: 'Unknown or inactive partner', code: 'unknown' },
        ]);
      }
      const purpose = sharingPurposeFor(partner.kind) ?? 'SHARING_NGO';
      if (!(await this.people.hasActiveConsent(participantId, purpose, trx))) {
        throw new AppError(
          'consent_required',
          403,
          `She has not agreed to sharing with this kind of partner (${purpose}); record that consent first`,
          { missing: [purpose] },
        );
      }
      const id = randomUUID();
      const key = this.people.key(row);
      await trx
        .insertInto('referrals')
        .values({
          id,
          participant_id: participantId,
          partner_id: b.partnerId,
          purpose,
          reason_ct: key.seal('referrals', 'reason', id, b.reason),
          shared: JSON.stringify(b.shared),
          status: 'SENT',
          sent_at: b.sentAt,
          status_date: b.sentAt,
          blocked_at: null,
          created_by: this.c.actorId(),
          created_at: this.c.now(),
          version: 1,
        })
        .execute();
      await this.people.changeAudited(
        trx,
        participantId,
        'referral.create',
        { partnerKind: partner.kind, shared: b.shared },
        { type: 'referral', id: id },
      );
      return this.presentReferral(await this.referralQuery(trx).where('r.id', '=', id).executeTakeFirstOrThrow(), key);
    });
  }

  async listReferrals(participantId: string) {
    const { row } = await this.people.loadFor(this.db, participantId, 'referral.read');
    const key = this.people.key(row);
    const rows = await this.referralQuery(this.db)
      .where('r.participant_id', '=', participantId)
      .orderBy('r.created_at', 'desc')
      .execute();
    await this.people.readAudited(participantId, 'referral.read', { count: rows.length });
    return rows.map((r) => this.presentReferral(r, key));
  }

  /** One referral, for whoever may read her referrals (the same policy and audit as the list). */
  async getReferral(id: string) {
    const r = await this.referralQuery(this.db).where('r.id', '=', id).executeTakeFirst();
    if (!r) throw notFound();
    const { row } = await this.people.loadFor(this.db, r.participant_id, 'referral.read');
    await this.people.readAudited(r.participant_id, 'referral.read', undefined, { type: 'referral', id });
    return this.presentReferral(r, this.people.key(row));
  }

  async updateReferral(id: string, b: { status: string; statusDate: string }, expectedVersion: number) {
    return transact(this.db, async (trx) => {
      const r = await trx.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) throw notFound();
      const { row } = await this.people.loadFor(trx, r.participant_id, 'referral.update');
      if (r.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This referral was changed meanwhile', { currentVersion: r.version });
      if (r.status === 'BLOCKED' || !(await this.people.hasActiveConsent(r.participant_id, r.purpose, trx))) {
        throw new AppError(
          'referral_blocked',
          409,
          'She withdrew her consent to this sharing: the referral is blocked',
        );
      }
      await updateVersioned(
        trx,
        'referrals',
        id,
        expectedVersion,
        { status: b.status, status_date: b.statusDate },
        'This referral was changed meanwhile',
      );
      await this.c.auditInTx(trx, {
        action: 'referral.update',
        resourceType: 'referral',
        resourceId: id,
        outcome: 'success',
        detail: { status: b.status, participantId: r.participant_id },
      });
      return this.presentReferral(
        await this.referralQuery(trx).where('r.id', '=', id).executeTakeFirstOrThrow(),
        this.people.key(row),
      );
    });
  }

  // ================================================================ printed papers
  /** What the case-plan paper shows; printing is audited like a read. */
  async casePlanDocument(participantId: string) {
    const plan = await this.getCasePlan(participantId);
    if (!plan) throw new AppError('no_case_plan', 409, 'There is no case plan to print yet');
    const { row } = await this.people.loadFor(this.db, participantId, 'caseplan.read');
    await this.people.readAudited(participantId, 'document.print', { kind: 'case_plan', version: plan.version });
    return {
      code: row.code,
      region: row.region_code,
      name: this.people.shownName(row),
      plan,
      printedBy: this.c.actorName,
    };
  }

  /** A referral letter holds only what her consent allows; none at all once the consent is withdrawn. */
  async referralLetterData(referralId: string) {
    const r = await this.referralQuery(this.db).where('r.id', '=', referralId).executeTakeFirst();
    if (!r) throw notFound();
    const { row } = await this.people.loadFor(this.db, r.participant_id, 'referral.read');
    if (r.status === 'BLOCKED' || !(await this.people.hasActiveConsent(r.participant_id, r.purpose))) {
      throw new AppError('referral_blocked', 409, 'She withdrew her consent to this sharing: no letter can be printed');
    }
    const key = this.people.key(row);
    const identity = JSON.parse(key.openText('participants', 'identity', row.id, row.identity_ct)) as Record<
      string,
      string | null
    >;
    const shared = JSON.parse(r.shared) as string[];
    const items: { label: string; value: string }[] = [];
    if (shared.includes('NAME')) items.push({ label: 'Nama', value: identity.fullName ?? '' });
    if (shared.includes('NIK')) items.push({ label: 'NIK', value: identity.nik ?? 'tidak ada' });
    if (shared.includes('BIRTH_DATE')) items.push({ label: 'Tanggal lahir', value: identity.birthDate ?? '' });
    if (shared.includes('PHONE')) items.push({ label: 'Telepon', value: identity.phone ?? '-' });
    if (shared.includes('ADDRESS')) items.push({ label: 'Alamat', value: identity.address ?? '-' });
    if (shared.includes('ASSESSMENT_SUMMARY')) {
      const latest = await this.db
        .selectFrom('assessments')
        .select(['version', 'answers_ct', 'confirmed_risk'])
        .where('participant_id', '=', row.id)
        .orderBy('version', 'desc')
        .executeTakeFirst();
      if (latest) {
        const a = JSON.parse(
          key.openText('assessments', 'answers', `${row.id}:${latest.version}`, latest.answers_ct),
        ) as AssessmentAnswers;
        items.push({
          label: 'Ringkasan asesmen',
          value: `Pendidikan ${a.education.level}; minat keterampilan: ${a.education.desiredTrade ?? '-'}; tingkat risiko: ${latest.confirmed_risk}`,
        });
      }
    }
    await this.people.readAudited(row.id, 'document.print', { kind: 'referral_letter', referralId, shared });
    return {
      referralId,
      code: row.code,
      region: row.region_code,
      partnerName: r.partner_name,
      reason: key.openText('referrals', 'reason', r.id, r.reason_ct),
      sentAt: r.sent_at,
      items,
      printedBy: this.c.actorName,
    };
  }
}
