// E-mail notifications for alerts, through an outbox. An alert and the e-mails that announce it are written
// in one transaction (queueAlertEmails); a sender delivers the outbox over SMTP, retries with back-off, and
// marks each message sent only after the server accepted it, so a restart neither loses nor repeats one.
// The messages carry no participant data at all: what kind of alert, which kabupaten/kota, and a link.
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AppConfig } from '../env.ts';
import type { Clock } from '../clock.ts';
import type { AuditWriter } from '../audit/writer.ts';
import { regionName } from '../../shared/regions.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export type AlertKind = 'involuntary_referral' | 'followup_risk' | 'followup_safety';

const LABELS: Record<AlertKind, { id: string; en: string; path: string }> = {
  involuntary_referral: { id: 'Orang yang dirujuk tidak datang atas kemauannya sendiri', en: 'A referred person did not come of her own will', path: '/outreach' },
  followup_risk: { id: 'Tindak lanjut: risiko kembali tinggi', en: 'Follow-up: high risk of return', path: '/follow-ups' },
  followup_safety: { id: 'Tindak lanjut: ada kekhawatiran keselamatan', en: 'Follow-up: a safety concern', path: '/follow-ups' },
};

/** Back-off between attempts (minutes); after the last one the message is marked failed. */
const RETRY_MINUTES = [1, 5, 15, 60, 240, 720];

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
export async function queueAlertEmails(trx: Executor, config: AppConfig, now: string, alert: { kind: AlertKind; regionCode: string }): Promise<number> {
  if (!config.smtp) return 0;
  const managers = await trx
    .selectFrom('users as u')
    .innerJoin('user_regions as ur', 'ur.user_id', 'u.id')
    .select(['u.id'])
    .distinct()
    .where('u.role', '=', 'manager')
    .where('u.active', '=', 1)
    .where('u.email', 'is not', null)
    .where('ur.region_code', 'in', [alert.regionCode, '63'])
    .execute();
  if (managers.length === 0) return 0;
  const { subject, body } = alertMessage(alert.kind, alert.regionCode, appOrigin(config));
  await trx
    .insertInto('email_outbox')
    .values(managers.map((m) => ({ id: randomUUID(), user_id: m.id, subject, body, created_at: now, next_attempt_at: now, attempts: 0, sent_at: null, failed_at: null, last_error: null })))
    .execute();
  return managers.length;
}

/** Delivers the outbox over SMTP: on a timer, and at once when kicked after an alert. */
export class Mailer {
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
  ) {
    this.transport = nodemailer.createTransport(config.smtp.url);
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

  /** Delivers every message due now; returns how many were sent. */
  async deliverDue(): Promise<number> {
    const now = this.clock.now().toISOString();
    const due = await this.db
      .selectFrom('email_outbox as o')
      .innerJoin('users as u', 'u.id', 'o.user_id')
      .select(['o.id', 'o.subject', 'o.body', 'o.attempts', 'u.email', 'u.active', 'u.username'])
      .where('o.sent_at', 'is', null)
      .where('o.failed_at', 'is', null)
      .where('o.next_attempt_at', '<=', now)
      .orderBy('o.created_at')
      .limit(100)
      .execute();
    let sent = 0;
    for (const m of due) {
      const at = this.clock.now().toISOString();
      if (!m.email || m.active !== 1) {
        // The address was removed or the account closed meanwhile: nothing is sent.
        await this.db.updateTable('email_outbox').set({ failed_at: at, last_error: 'no active recipient' }).where('id', '=', m.id).execute();
        continue;
      }
      try {
        await this.transport.sendMail({ from: this.config.smtp.from, to: m.email, subject: m.subject, text: m.body });
        await this.db.updateTable('email_outbox').set({ sent_at: at, attempts: m.attempts + 1, last_error: null }).where('id', '=', m.id).where('sent_at', 'is', null).execute();
        await this.audit.record({ action: 'notification.email_sent', actorId: null, actor: 'mailer', resourceType: 'email', resourceId: m.id, outcome: 'success', detail: { to: m.username } });
        sent++;
      } catch (err) {
        const attempts = m.attempts + 1;
        const wait = RETRY_MINUTES[attempts - 1];
        const error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
        await this.db
          .updateTable('email_outbox')
          .set(wait === undefined ? { attempts, failed_at: at, last_error: error } : { attempts, last_error: error, next_attempt_at: new Date(Date.parse(at) + wait * 60_000).toISOString() })
          .where('id', '=', m.id)
          .execute();
        if (wait === undefined) await this.audit.record({ action: 'notification.email_failed', actorId: null, actor: 'mailer', resourceType: 'email', resourceId: m.id, outcome: 'failure', detail: { to: m.username, attempts } });
        this.log(`e-mail ${m.id} to ${m.username} not delivered (attempt ${attempts}): ${error}`);
      }
    }
    return sent;
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
