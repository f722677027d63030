// Her consents: what she agreed to, how and when, and its withdrawal, which takes effect at once (whatever relied on
// the purpose stops: referrals here, her follow-up contact through the consent.withdrawn event).
import { randomUUID } from 'node:crypto';
import type { RepoCore } from '../../kernel/context.ts';
import { ParticipantAccess, isActiveConsent } from '../../kernel/participant-access.ts';
import { raise } from '../../kernel/events.ts';
import { AppError, notFound } from '../../errors.ts';
import { nextVersion, transact, updateVersioned } from '../../db/write.ts';

export class ConsentStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  async listConsents(id: string) {
    await this.people.loadFor(this.db, id, 'consent.read');
    const today = this.c.today();
    const rows = await this.db
      .selectFrom('consents')
      .selectAll()
      .where('participant_id', '=', id)
      .orderBy('recorded_at')
      .execute();
    await this.people.readAudited(id, 'consent.read');
    return rows.map((r) => ({
      id: r.id,
      purpose: r.purpose,
      status: r.status as 'given' | 'withdrawn',
      active: isActiveConsent(r, today),
      method: r.method,
      explainedBy: r.explained_by,
      language: r.language,
      givenAt: r.given_at,
      expiresAt: r.expires_at,
      withdrawnAt: r.withdrawn_at,
      recordedAt: r.recorded_at,
      version: r.version,
    }));
  }

  async addConsent(
    id: string,
    c: {
      purpose: string;
      method: string;
      explainedBy: string;
      language: string;
      givenAt: string;
      expiresAt?: string;
      witness?: string;
    },
  ) {
    await transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, id, 'consent.manage');
      const today = this.c.today();
      const existing = await trx
        .selectFrom('consents')
        .select(['status', 'expires_at'])
        .where('participant_id', '=', id)
        .where('purpose', '=', c.purpose)
        .execute();
      if (existing.some((e) => isActiveConsent(e, today))) {
        throw new AppError('consent_already_active', 409, 'This consent is already recorded and active');
      }
      const cid = randomUUID();
      await trx
        .insertInto('consents')
        .values({
          id: cid,
          participant_id: id,
          purpose: c.purpose,
          status: 'given',
          method: c.method,
          explained_by: c.explainedBy,
          language: c.language,
          given_at: c.givenAt,
          expires_at: c.expiresAt ?? null,
          witness_ct: c.witness ? this.people.key(row).seal('consents', 'witness', cid, c.witness) : null,
          scan_attachment_id: null,
          withdrawn_at: null,
          withdrawn_by: null,
          recorded_by: this.c.actorId(),
          recorded_at: this.c.now(),
          version: 1,
        })
        .execute();
      await this.people.changeAudited(trx, id, 'consent.give', { purpose: c.purpose });
    });
    return this.listConsents(id);
  }

  /** Withdrawal takes effect at once: everything that depends on the purpose stops. */
  async withdrawConsent(id: string, consentId: string, withdrawnAt?: string) {
    await transact(this.db, async (trx) => {
      await this.people.loadFor(trx, id, 'consent.manage');
      const consent = await trx
        .selectFrom('consents')
        .selectAll()
        .where('id', '=', consentId)
        .where('participant_id', '=', id)
        .executeTakeFirst();
      if (!consent) throw notFound();
      if (consent.status === 'withdrawn')
        throw new AppError('consent_already_withdrawn', 409, 'This consent was already withdrawn');
      await updateVersioned(trx, 'consents', consentId, consent.version, {
        status: 'withdrawn',
        withdrawn_at: withdrawnAt ?? this.c.today(),
        withdrawn_by: this.c.actorId(),
      });
      // What relied on this consent stops at once (her follow-up contact, when it was that one).
      await raise(trx, 'consent.withdrawn', { participantId: id, purpose: consent.purpose, at: this.c.now() });
      // Referrals that relied on this consent are blocked at once.
      const blocked = await trx
        .updateTable('referrals')
        .set({ status: 'BLOCKED', blocked_at: this.c.now(), version: nextVersion })
        .where('participant_id', '=', id)
        .where('purpose', '=', consent.purpose)
        .where('status', 'in', ['SENT', 'ACCEPTED'])
        .executeTakeFirst();
      await this.people.changeAudited(trx, id, 'consent.withdraw', {
        purpose: consent.purpose,
        referralsBlocked: Number(blocked.numUpdatedRows),
      });
    });
    return this.listConsents(id);
  }
}
