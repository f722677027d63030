// E-mail notifications for alerts, through an outbox. An alert and the e-mails that announce it are written
// in one transaction (queueAlertEmails); a sender delivers the outbox over SMTP, retries with back-off, and
// marks each message sent only after the server accepted it, so a restart neither loses nor repeats one.
// Several app instances share the outbox: a sender first claims the messages it will send, for a lease, in
// one statement, so no two instances (or overlapping rounds) send the same one (decision 015).
// The messages carry no participant data at all: what kind of alert, which kabupaten/kota, and a link.
import { ALERT_RECIPIENT_ROLE } from '../policy/index.ts';
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely, Transaction } from 'kysely';
import type { DialectName } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { AppConfig } from '../env.ts';
import type { Clock } from '../clock.ts';
import type { AuditWriter } from '../audit/writer.ts';
import { regionName } from '../../shared/regions.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export type AlertKind =
  | 'involuntary_referral'
  | 'followup_risk'
  | 'followup_safety'
  | 'signin_flood'
  | 'bulk_rights_use';

const LABELS: Record<AlertKind, { id: string; en: string; path: string }> = {
  involuntary_referral: {
    id: 'Orang yang dirujuk tidak datang atas kemauannya sendiri',
    en: 'A referred person did not come of her own will',
    path: '/outreach',
  },
  followup_risk: {
    id: 'Tindak lanjut: risiko kembali tinggi',
    en: 'Follow-up: high risk of return',
    path: '/follow-ups',
  },
  followup_safety: {
    id: 'Tindak lanjut: ada kekhawatiran keselamatan',
    en: 'Follow-up: a safety concern',
    path: '/follow-ups',
  },
  signin_flood: {
    id: 'Banyak percobaan masuk yang gagal ke akun staf',
    en: "Many failed sign-in attempts on a staff member's account",
    path: '/',
  },
  bulk_rights_use: {
    id: 'Banyak permintaan hak subjek data dilaksanakan oleh satu akun dalam sehari',
    en: 'Many data-subject requests carried out by one account in a day',
    path: '/rights-requests',
  },
};

/** Back-off between attempts (minutes); after the last one the message is marked failed. */
const RETRY_MINUTES = [1, 5, 15, 60, 240, 720];

/**
 * How long a claim holds (by the injected clock). A message whose sender died is sent by another instance
 * once this has passed. Each message's claim is renewed just before it is sent, and a stalled SMTP exchange
 * is cut off well within it (SMTP_TIMEOUTS), so a live sender keeps the message it is sending.
 */
export const CLAIM_LEASE_MS = 2 * 60_000;
/** Messages claimed by one statement; a round claims again until nothing is due. */
const CLAIM_BATCH = 20;
/** nodemailer's limits (real time), each far below the lease. */
const SMTP_TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 30_000 };
/**
 * The whole exchange's limit (real time): nodemailer's socket timeout counts silence only, so a server that
 * answers each command slowly could otherwise hold a send past the lease, and another instance would send the
 * message again. Past this the attempt counts as failed and is retried later (at least once, decision 009).
 */
const SEND_DEADLINE_MS = 60_000;

/** The public address of the app, for links in e-mail. */
export function appOrigin(config: AppConfig): string {
  return config.publicUrl ?? `http://${config.host}:${config.port}`;
}

export function alertMessage(kind: AlertKind, regionCode: string, origin: string): { subject: string; body: string } {
  const label = LABELS[kind];
  const region = regionName(regionCode);
  const link = `${origin}${label.path}`;
  return {
    subject: `[Berdaya] Peringatan baru: ${label.id}`,
    body: [
      'Ada peringatan baru di Berdaya yang perlu Anda tinjau.',
      `Jenis: ${label.id}`,
      `Wilayah: ${region}`,
      `Buka Berdaya untuk melihatnya: ${link}`,
      '',
      'E-mail ini sengaja tidak memuat nama atau data pribadi peserta. Jangan meneruskannya.',
      '',
      '---',
      'A new alert in Berdaya needs your review.',
      `Kind: ${label.en}`,
      `Region: ${region}`,
      `Open Berdaya to see it: ${link}`,
      'This e-mail deliberately contains no names or personal data of participants.',
    ].join('\n'),
  };
}

/**
 * In the alert's transaction: one outbox message per active head of section (manager) who covers the
 * alert's region (or the whole province) and gave an e-mail address. Nothing happens without SMTP.
 */
export async function queueAlertEmails(
  trx: Executor,
  config: AppConfig,
  now: string,
  alert: { kind: AlertKind; regionCode: string },
): Promise<number> {
  if (!config.smtp) return 0;
  const managers = await trx
    .selectFrom('users as u')
    .innerJoin('user_regions as ur', 'ur.user_id', 'u.id')
    .select(['u.id'])
    .distinct()
    .where('u.role', '=', ALERT_RECIPIENT_ROLE)
    .where('u.active', '=', 1)
    .where('u.email', 'is not', null)
    // Her kabupaten/kota's heads of section, and the province-wide ones of its province (a region code begins
    // with its province's two digits).
    .where('ur.region_code', 'in', [alert.regionCode, alert.regionCode.slice(0, 2)])
    .execute();
  if (managers.length === 0) return 0;
  const { subject, body } = alertMessage(alert.kind, alert.regionCode, appOrigin(config));
  await trx
    .insertInto('email_outbox')
    .values(
      managers.map((m) => ({
        id: randomUUID(),
        user_id: m.id,
        subject,
        body,
        created_at: now,
        next_attempt_at: now,
        attempts: 0,
        sent_at: null,
        failed_at: null,
        last_error: null,
      })),
    )
    .execute();
  return managers.length;
}

/** Delivers the outbox over SMTP: on a timer, and at once when kicked after an alert. */
export class Mailer {
  /** This sender's random id: what it writes into the messages it claims. */
  readonly instanceId = randomUUID();
  private readonly transport: Transporter;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: AppConfig & { smtp: NonNullable<AppConfig['smtp']> },
    private readonly clock: Clock,
    private readonly audit: AuditWriter,
    private readonly log: (msg: string) => void = () => {},
    private readonly dialect: DialectName = 'sqlite',
  ) {
    this.transport = nodemailer.createTransport({ url: config.smtp.url, ...SMTP_TIMEOUTS });
  }

  start(intervalMs = 30_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Delivers what is due soon, without waiting; overlapping kicks run one more round. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliverDue()
      .catch((err: unknown) => {
        this.log(`e-mail delivery round failed: ${err instanceof Error ? err.message : String(err)}`);
        return 0;
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Claims up to `limit` messages due now that nobody holds (or whose holder's lease ran out), for this
   * instance, in one statement: on PostgreSQL the candidates are locked with SKIP LOCKED, so two instances
   * claiming at once take different messages; on SQLite the write lock runs the statement alone.
   */
  async claimDue(
    limit = CLAIM_BATCH,
  ): Promise<{ id: string; user_id: string; subject: string; body: string; attempts: number }[]> {
    const now = this.clock.now().toISOString();
    const expires = new Date(Date.parse(now) + CLAIM_LEASE_MS).toISOString();
    let candidates = this.db
      .selectFrom('email_outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<', now)]))
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit);
    if (this.dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();
    const claimed = await this.db
      .updateTable('email_outbox')
      .set({ claimed_by: this.instanceId, claim_expires_at: expires })
      .where('id', 'in', candidates)
      .returning(['id', 'user_id', 'subject', 'body', 'attempts', 'created_at'])
      .execute();
    // RETURNING gives no order: send in the order the messages were written.
    claimed.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));
    return claimed.map(({ created_at: _, ...m }) => m);
  }

  /**
   * Renews this instance's claim on one message just before sending it; false when the claim was lost
   * (the lease ran out during a slow round and another instance took the message) or the message is done.
   */
  private async renew(id: string): Promise<boolean> {
    const expires = new Date(this.clock.now().getTime() + CLAIM_LEASE_MS).toISOString();
    const r = await this.db
      .updateTable('email_outbox')
      .set({ claim_expires_at: expires })
      .where('id', '=', id)
      .where('claimed_by', '=', this.instanceId)
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Delivers every message due now that this instance could claim; returns how many it sent. */
  async deliverDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.claimDue(CLAIM_BATCH);
      for (const m of batch) if (await this.deliverOne(m)) sent++;
      if (batch.length < CLAIM_BATCH) return sent;
    }
  }

  private async deliverOne(m: {
    id: string;
    user_id: string;
    subject: string;
    body: string;
    attempts: number;
  }): Promise<boolean> {
    if (!(await this.renew(m.id))) {
      this.log(`e-mail ${m.id}: claim lost before sending; another instance has it`);
      return false;
    }
    // The address is read at send time: a removed address or a closed account stops delivery.
    const user = await this.db
      .selectFrom('users')
      .select(['email', 'active', 'username'])
      .where('id', '=', m.user_id)
      .executeTakeFirst();
    const at = this.clock.now().toISOString();
    // Every mark is made only while this instance still holds the message.
    const mine = () =>
      this.db
        .updateTable('email_outbox')
        .where('id', '=', m.id)
        .where('claimed_by', '=', this.instanceId)
        .where('sent_at', 'is', null);
    if (!user?.email || user.active !== 1) {
      await mine().set({ failed_at: at, last_error: 'no active recipient', claim_expires_at: null }).execute();
      return false;
    }
    try {
      await withDeadline(
        this.transport.sendMail({ from: this.config.smtp.from, to: user.email, subject: m.subject, text: m.body }),
        SEND_DEADLINE_MS,
      );
    } catch (err) {
      const attempts = m.attempts + 1;
      const wait = RETRY_MINUTES[attempts - 1];
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
      // Released for the next attempt (by any instance), unless the claim was lost meanwhile.
      const r = await mine()
        .set(
          wait === undefined
            ? { attempts, failed_at: at, last_error: error, claimed_by: null, claim_expires_at: null }
            : {
                attempts,
                last_error: error,
                next_attempt_at: new Date(Date.parse(at) + wait * 60_000).toISOString(),
                claimed_by: null,
                claim_expires_at: null,
              },
        )
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1 && wait === undefined) {
        await this.audit.record({
          action: 'notification.email_failed',
          actorId: null,
          actor: 'mailer',
          resourceType: 'email',
          resourceId: m.id,
          outcome: 'failure',
          detail: { to: user.username, attempts },
        });
      }
      this.log(`e-mail ${m.id} to ${user.username} not delivered (attempt ${attempts}): ${error}`);
      return false;
    }
    // claimed_by stays: which instance sent it.
    const r = await mine()
      .set({ sent_at: at, attempts: m.attempts + 1, last_error: null, claim_expires_at: null })
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      // Only when one SMTP exchange outlasted the whole lease: another instance may send it once more (at
      // least once, decision 009).
      this.log(`e-mail ${m.id} to ${user.username} was sent, but its claim had been lost: it may be sent again`);
    }
    await this.audit.record({
      action: 'notification.email_sent',
      actorId: null,
      actor: 'mailer',
      resourceType: 'email',
      resourceId: m.id,
      outcome: 'success',
      detail: { to: user.username },
    });
    return true;
  }

  /** Waits for the current round (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
    this.transport.close();
  }
}

/** Settles as `p` does, or fails once `ms` have passed (real time). */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the SMTP exchange took longer than ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
