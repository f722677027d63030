// The environment, parsed once with zod. A wrong value stops start-up with a message naming the variable.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const durationMinutes = z.coerce.number().int().positive();

const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Folder for the SQLite database and the local master-key file. */
  BERDAYA_DATA_DIR: z.string().min(1).default('./data'),
  /** postgres://… selects PostgreSQL; empty means the embedded SQLite database in the data folder. */
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// (or be unset for SQLite)'),
  /**
   * PostgreSQL: the owner's URL, for `berdaya migrate`. When set, the server (on DATABASE_URL, the application
   * role's) does not migrate at start: it checks the schema is at the latest migration (decision 032).
   */
  DATABASE_MIGRATION_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^postgres(ql)?:\/\//.test(v), 'must start with postgres://'),
  /**
   * PostgreSQL: a streaming replica (or a pooler in front of one) for the reads that tolerate a little lag —
   * reports, dashboards, exports, searches; never a read that must see the user's own write (decision 043).
   */
  DATABASE_READ_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^postgres(ql)?:\/\//.test(v), 'must start with postgres://'),
  /** The most those reads may lag behind the primary; a replica further behind (or unreachable) is not used. */
  BERDAYA_READ_MAX_LAG_SECONDS: z.coerce.number().positive().max(3600).default(5),
  /** The role the migration step grants the server's access to (default: DATABASE_URL's user when the owner migrates). */
  BERDAYA_APP_ROLE: z
    .string()
    .optional()
    .refine((v) => !v || /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(v), 'a PostgreSQL role name (letters, digits, _ or $)'),
  /** Base64 of 32 random bytes. Production should pass the key in (or use the file/command variants). */
  BERDAYA_MASTER_KEY: z.string().optional(),
  BERDAYA_MASTER_KEY_FILE: z.string().optional(),
  /** During a rotation: the previous master key(s), comma-separated base64, until `berdaya keys rotate` ran. */
  BERDAYA_PREVIOUS_MASTER_KEYS: z.string().optional(),
  /** A command whose standard output is the base64 key (e.g. a vault client). */
  BERDAYA_MASTER_KEY_COMMAND: z.string().optional(),
  /** Public origin (scheme://host:port) when behind a proxy; used for CSRF checks and the setup link. Its host is allowed. */
  BERDAYA_PUBLIC_URL: z.url().optional(),
  /** The host names (host or host:port, comma-separated) this server answers to, besides BERDAYA_PUBLIC_URL's. */
  BERDAYA_ALLOWED_HOSTS: z
    .string()
    .optional()
    .refine(
      (v) => !v || v.split(',').every((h) => h.trim() === '' || parseHost(h.trim()) !== null),
      'a comma-separated list of host names or host:port (no scheme, no path), e.g. berdaya.dinsos.example,10.0.0.5:3000',
    ),
  /** `production` requires the host allow-list (BERDAYA_PUBLIC_URL or BERDAYA_ALLOWED_HOSTS) to start. */
  NODE_ENV: z.string().optional(),
  /** Set when TLS is terminated in front of the app: cookies become Secure/__Host- and HSTS is sent. */
  BERDAYA_HTTPS: z.enum(['true', 'false']).default('false'),
  /** Trust X-Forwarded-For from this many proxies (0 = none). */
  BERDAYA_TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  SESSION_IDLE_MINUTES: durationMinutes.default(30),
  SESSION_ABSOLUTE_MINUTES: durationMinutes.default(720),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** SRQ-20 cut-off for probable common mental disorder (Indonesian studies use 5–6). */
  BERDAYA_SRQ20_THRESHOLD: z.coerce.number().int().min(1).max(20).default(6),
  /** Days after which a record entered for an earlier date is marked "entered late" (back-entry stays visible). */
  BERDAYA_LATE_ENTRY_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** Registrations with a NIK one account may make per hour (each checks the NIK against the whole register). */
  BERDAYA_NIK_CHECKS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(200),
  /** Years after a case closes before her identity is anonymised (follows the archive schedule). */
  BERDAYA_RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * Years an audit entry stays in the database before `berdaya audit archive` may move its month to an archive file
   * (PostgreSQL; decision 042). The archive schedule decides; the default is the same placeholder as the cases'.
   */
  BERDAYA_AUDIT_RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(5),
  /** Days a field-mode cache may go without reaching the server before it erases itself (decision 040). */
  BERDAYA_FIELD_OFFLINE_DAYS: z.coerce.number().int().min(1).max(30).default(7),
  /** A JSON file of letterhead lines per province code ("64", or "ID" for the ministry) over the defaults (decision 046). */
  BERDAYA_OFFICES_FILE: z.string().optional(),
  /** The audit chain's checkpoint file outside the database (append-only; default: audit-checkpoints.log in the data folder). */
  BERDAYA_AUDIT_CHECKPOINTS: z.string().optional(),
  /** Outgoing mail for notifications, e.g. smtp://user:pass@mail.example:587 or smtps://…:465; unset = in-app only. */
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://'),
  /** The sender of notification e-mail. */
  SMTP_FROM: z.string().min(3).default('Berdaya <no-reply@localhost>'),
  /** Mounts benchmark-only routes. Never set in production. */
  BERDAYA_BENCH_ROUTES: z.enum(['true', 'false']).default('false'),
});

export type RawEnv = z.infer<typeof envSchema>;

/** One entry of the host allow-list: a host name or IP literal (lower case, IPv6 in brackets), any port when none. */
export interface AllowedHost {
  hostname: string;
  port: string | null;
}

// A Host header as browsers send it: a DNS name, IPv4, or bracketed IPv6, with an optional port. Nothing else
// (no user info, path or spaces): such a value is refused as a whole, never "repaired" by a URL parser.
const HOST_PATTERN = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?\.?)(?::(\d{1,5}))?$/;

/** Parses `host` or `host:port` (as in a Host header); null when it is not one. */
export function parseHost(value: string): AllowedHost | null {
  const m = HOST_PATTERN.exec(value.toLowerCase());
  if (!m) return null;
  // "example.org." names the same host as "example.org".
  return { hostname: m[1]!.replace(/\.$/, ''), port: m[2] ?? null };
}

/**
 * Whether a request's Host is on the list. An entry without a port allows every port; one with a port allows
 * that port, and a Host without a port when the entry's port is the scheme's default (80 or 443).
 */
export function hostAllowed(host: string | undefined, allowed: readonly AllowedHost[]): boolean {
  if (!host) return false;
  const h = parseHost(host);
  if (!h) return false;
  return allowed.some(
    (a) =>
      a.hostname === h.hostname &&
      (a.port === null || a.port === h.port || (h.port === null && (a.port === '80' || a.port === '443'))),
  );
}

/**
 * Without configuration, outside production: the loopback names (any port: `npm start`, the browser tests on a
 * free port), the listening address when it is a concrete one, and berdaya.test, the name the test suite's
 * requests carry. `.test` is reserved (RFC 6761) and never resolves in public DNS, so no outside page can
 * rebind a name of its own onto it.
 */
function developmentHosts(listenHost: string): AllowedHost[] {
  const names = ['localhost', '127.0.0.1', '[::1]', 'berdaya.test'];
  const listen = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  if (!['0.0.0.0', '[::]'].includes(listen)) names.push(listen);
  return [...new Set(names)].map((n) => parseHost(n)).filter((h): h is AllowedHost => h !== null);
}

export interface AppConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The owner's URL (PostgreSQL): migrations run as the owner, and the server only checks the schema is current. */
  migrationUrl: string | undefined;
  /** A PostgreSQL streaming replica for lag-tolerant reads, and how far behind it may be (decision 043). */
  readUrl: string | undefined;
  readMaxLagSeconds: number;
  /** The role the migration step grants the server's access to; unset: no grants (one role owns and serves). */
  appRole: string | undefined;
  masterKey: { base64?: string; file?: string; command?: string; previous?: string[] };
  publicUrl: string | undefined;
  /** NODE_ENV=production: the server refuses to start without a configured host allow-list. */
  production: boolean;
  /**
   * The Host names every request must carry (else 421 before anything else runs): BERDAYA_PUBLIC_URL's host and
   * BERDAYA_ALLOWED_HOSTS when set ('configured'); otherwise, outside production, the loopback names.
   */
  allowedHosts: { hosts: AllowedHost[]; source: 'configured' | 'development' };
  https: boolean;
  trustProxy: number;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  logLevel: RawEnv['LOG_LEVEL'];
  benchRoutes: boolean;
  /** Set when SMTP_URL is: alerts are then also sent by e-mail to the managers who gave an address. */
  smtp: { url: string; from: string } | undefined;
  srq20Threshold: number;
  lateEntryDays: number;
  nikChecksPerHour: number;
  retentionYears: number;
  /** Years before a month of the audit log may be archived out of the database (decision 042). */
  auditRetentionYears: number;
  /** Days a field-mode cache lives without contact; idempotency keys are kept longer than that. */
  fieldOfflineDays: number;
  /** The operator's letterhead lines per province (documents/offices.ts; empty: the defaults). */
  offices?: OfficeOverrides;
  /** Where the audit chain's head is checkpointed, signed, every half hour and at shutdown (decision 031). */
  auditCheckpoints: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Treat empty strings as unset, as shells often export VAR= .
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_MIGRATION_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_MIGRATION_URL: needs DATABASE_URL (the application role the server connects as)',
    );
  }
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_READ_URL: a read replica needs DATABASE_URL (its PostgreSQL primary)',
    );
  }
  const configured = [
    ...(e.BERDAYA_PUBLIC_URL ? [new URL(e.BERDAYA_PUBLIC_URL).host] : []),
    ...(e.BERDAYA_ALLOWED_HOSTS?.split(',').map((h) => h.trim()) ?? []),
  ]
    .filter(Boolean)
    .map((h) => parseHost(h))
    .filter((h): h is AllowedHost => h !== null);
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(e.BERDAYA_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    migrationUrl: e.DATABASE_MIGRATION_URL,
    readUrl: e.DATABASE_READ_URL,
    readMaxLagSeconds: e.BERDAYA_READ_MAX_LAG_SECONDS,
    appRole:
      e.BERDAYA_APP_ROLE ??
      (e.DATABASE_MIGRATION_URL && e.DATABASE_URL
        ? decodeURIComponent(new URL(e.DATABASE_URL).username) || undefined
        : undefined),
    masterKey: {
      base64: e.BERDAYA_MASTER_KEY,
      file: e.BERDAYA_MASTER_KEY_FILE,
      command: e.BERDAYA_MASTER_KEY_COMMAND,
      previous: e.BERDAYA_PREVIOUS_MASTER_KEYS?.split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    },
    publicUrl: e.BERDAYA_PUBLIC_URL?.replace(/\/$/, ''),
    production: e.NODE_ENV === 'production',
    allowedHosts: configured.length
      ? { hosts: configured, source: 'configured' }
      : { hosts: developmentHosts(e.HOST), source: 'development' },
    https: e.BERDAYA_HTTPS === 'true',
    trustProxy: e.BERDAYA_TRUST_PROXY,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_MINUTES * 60_000,
    logLevel: e.LOG_LEVEL,
    benchRoutes: e.BERDAYA_BENCH_ROUTES === 'true',
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
    srq20Threshold: e.BERDAYA_SRQ20_THRESHOLD,
    lateEntryDays: e.BERDAYA_LATE_ENTRY_DAYS,
    nikChecksPerHour: e.BERDAYA_NIK_CHECKS_PER_HOUR,
    retentionYears: e.BERDAYA_RETENTION_YEARS,
    auditRetentionYears: e.BERDAYA_AUDIT_RETENTION_YEARS,
    fieldOfflineDays: e.BERDAYA_FIELD_OFFLINE_DAYS,
    offices: e.BERDAYA_OFFICES_FILE ? readOfficeOverrides(e.BERDAYA_OFFICES_FILE) : {},
    auditCheckpoints: path.resolve(
      e.BERDAYA_AUDIT_CHECKPOINTS ?? path.join(e.BERDAYA_DATA_DIR, 'audit-checkpoints.log'),
    ),
  };
}

/**
 * The server's own start-up check (not the CLI's: its commands serve no requests). In production the host
 * allow-list must be configured: the development default answers to loopback names only, and guessing the
 * public name from the first request would let a forged Host decide it.
 */
export function checkServerConfig(config: AppConfig): void {
  if (config.production && config.allowedHosts.source !== 'configured') {
    throw new ConfigError(
      'Invalid configuration:\n' +
        '  NODE_ENV=production needs the host names this server answers to: set BERDAYA_PUBLIC_URL (e.g.\n' +
        '  https://berdaya.dinsos.example) or BERDAYA_ALLOWED_HOSTS (e.g. berdaya.dinsos.example,10.0.0.5:3000).\n' +
        '  Requests naming any other host are refused (421), which closes DNS rebinding.',
    );
  }
}

const officeLines = z
  .object({
    government: z.string().min(1),
    office: z.string().min(1),
    section: z.string().min(1),
    address: z.string().min(1),
    city: z.string().min(1),
  })
  .partial()
  .strict();
/** An operator's letterhead lines per province code (or "ID" for the ministry); a line not given keeps its default. */
const officeOverridesSchema = z.record(z.string().regex(/^(\d{2}|ID)$/), officeLines);
export type OfficeOverrides = z.infer<typeof officeOverridesSchema>;

/** Reads BERDAYA_OFFICES_FILE; a wrong file stops start-up with a message naming what is wrong. */
export function readOfficeOverrides(file: string): OfficeOverrides {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  BERDAYA_OFFICES_FILE: ${(err as Error).message}`);
  }
  const parsed = officeOverridesSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  BERDAYA_OFFICES_FILE ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
