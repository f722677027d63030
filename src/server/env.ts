// The environment, parsed once with zod. A wrong value stops start-up with a message naming the variable.
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
  /** Base64 of 32 random bytes. Production should pass the key in (or use the file/command variants). */
  BERDAYA_MASTER_KEY: z.string().optional(),
  BERDAYA_MASTER_KEY_FILE: z.string().optional(),
  /** During a rotation: the previous master key(s), comma-separated base64, until `berdaya keys rotate` ran. */
  BERDAYA_PREVIOUS_MASTER_KEYS: z.string().optional(),
  /** A command whose standard output is the base64 key (e.g. a vault client). */
  BERDAYA_MASTER_KEY_COMMAND: z.string().optional(),
  /** Public origin (scheme://host:port) when behind a proxy; used for CSRF checks and the setup link. */
  BERDAYA_PUBLIC_URL: z.url().optional(),
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
  /** Years after a case closes before her identity is anonymised (follows the archive schedule). */
  BERDAYA_RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(5),
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

export interface AppConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  masterKey: { base64?: string; file?: string; command?: string; previous?: string[] };
  publicUrl: string | undefined;
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
  retentionYears: number;
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
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(e.BERDAYA_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    masterKey: {
      base64: e.BERDAYA_MASTER_KEY,
      file: e.BERDAYA_MASTER_KEY_FILE,
      command: e.BERDAYA_MASTER_KEY_COMMAND,
      previous: e.BERDAYA_PREVIOUS_MASTER_KEYS?.split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    },
    publicUrl: e.BERDAYA_PUBLIC_URL?.replace(/\/$/, ''),
    https: e.BERDAYA_HTTPS === 'true',
    trustProxy: e.BERDAYA_TRUST_PROXY,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_MINUTES * 60_000,
    logLevel: e.LOG_LEVEL,
    benchRoutes: e.BERDAYA_BENCH_ROUTES === 'true',
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
    srq20Threshold: e.BERDAYA_SRQ20_THRESHOLD,
    lateEntryDays: e.BERDAYA_LATE_ENTRY_DAYS,
    retentionYears: e.BERDAYA_RETENTION_YEARS,
  };
}
