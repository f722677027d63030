// Start-up shared by the server, the CLI, tests and benchmarks: open the database, migrate, load and
// check the master key, create the audit writer. The server (and tests) then start the background work:
// the e-mail sender and the daily jobs (startBackground).
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { open, seal, sealedKeyId } from './crypto/seal.ts';
import type { AppConfig } from './env.ts';
import { connect, type Db } from './db/connect.ts';
import { migrateAndGrant, prepareSchema } from './db/roles.ts';
import { KeyError, type KeyRing, loadMasterKey, type LoadedKey } from './crypto/keys.ts';
import { DataKeyCache } from './crypto/participant-keys.ts';
import { ProvinceKeyRing } from './crypto/province-keys.ts';
import { syncReader } from './db/sync-read.ts';
import { AuditWriter } from './audit/writer.ts';
import { AuditFlushThread } from './audit/flush-thread.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Services } from './context.ts';
import { Mailer } from './notify/email.ts';
import { Scheduler, type ScheduledJob, type SchedulerOptions } from './jobs/scheduler.ts';
import { dailyJobs } from './jobs/jobs.ts';
import { securePrivateFolder } from './paths.ts';
import { checkpointHead } from './audit/checkpoints.ts';
import { ensureAuditMonths } from './db/partitions.ts';

export interface BootOptions {
  clock?: Clock;
  /** Use this key instead of loading one (tests). */
  keyRing?: KeyRing;
  pgSchema?: string;
  poolSize?: number;
  /** Where background work (e-mail, daily jobs) reports trouble. */
  log?: (msg: string) => void;
}

export interface BackgroundOptions {
  /** The scheduled jobs (default: dailyJobs, i.e. retention and the audit checkpoint). */
  jobs?: ScheduledJob[];
  scheduler?: SchedulerOptions;
  /** Whether to start the e-mail sender (when SMTP is configured); default true. */
  mail?: boolean;
}

export interface Booted {
  services: Services;
  key: LoadedKey | null;
  migrated: string[];
  /**
   * Starts the work the server does besides requests: the e-mail sender (when SMTP is configured) and the
   * daily jobs, each pass run by one instance (decision 015). Stopped by close().
   */
  startBackground(opts?: BackgroundOptions): Scheduler;
  close(): Promise<void>;
}

export function openDatabase(config: AppConfig, opts: BootOptions = {}): Promise<Db> {
  return connect({
    databaseUrl: config.databaseUrl,
    sqlitePath: path.join(config.dataDir, 'berdaya.sqlite'),
    pgSchema: opts.pgSchema,
    poolSize: opts.poolSize,
    clock: opts.clock,
    readUrl: config.readUrl,
    readMaxLagSeconds: config.readMaxLagSeconds,
    log: opts.log,
  });
}

/** The migration step as the owner (DATABASE_MIGRATION_URL, else DATABASE_URL): migrations, then the app role's grants. */
export async function migrateAsOwner(config: AppConfig, opts: BootOptions = {}): Promise<string[]> {
  const owner = { ...config, databaseUrl: config.migrationUrl ?? config.databaseUrl, readUrl: undefined };
  const db = await openDatabase(owner, { ...opts, poolSize: 1 });
  try {
    return await migrateAndGrant(db, config.appRole);
  } finally {
    await db.close();
  }
}

/**
 * Loads the data root key, wrapped under the master key in the database (created on first start). A wrong
 * master key is found here, at start, by the authenticated unwrap — never by garbage reads later.
 */
export async function checkMasterKey(db: Db, ring: KeyRing): Promise<void> {
  const stored = await db.kysely
    .selectFrom('system_meta')
    .select('value')
    .where('key', '=', 'data_root_key')
    .executeTakeFirst();
  if (!stored) {
    const root = randomBytes(32);
    await db.kysely
      .insertInto('system_meta')
      .values({ key: 'data_root_key', value: seal(ring.kek, ring.kekId, root, 'system_meta|data_root_key') })
      .execute();
    ring.setRoot(root);
    return;
  }
  const keyId = sealedKeyId(stored.value);
  const kek = ring.kekById(keyId);
  if (!kek) {
    throw new KeyError(
      `The master key (id ${ring.kekId}) does not match this database (expects key id ${keyId}). ` +
        'Pass the right key in BERDAYA_MASTER_KEY / BERDAYA_MASTER_KEY_FILE / BERDAYA_MASTER_KEY_COMMAND.',
    );
  }
  try {
    ring.setRoot(open(kek, stored.value, 'system_meta|data_root_key'));
  } catch {
    throw new KeyError(`The master key (id ${ring.kekId}) does not match this database (its root key does not open).`);
  }
}

export async function boot(config: AppConfig, opts: BootOptions = {}): Promise<Booted> {
  const log = opts.log ?? (() => {});
  // The data folder 0700 and what lies in it 0600 (SQLite's database is in it; on PostgreSQL it may hold
  // the local key file, and is not created).
  for (const problem of securePrivateFolder(config.dataDir, { create: !config.databaseUrl })) log(problem);
  const db = await openDatabase(config, opts);
  try {
    // With one URL the server migrates (and grants BERDAYA_APP_ROLE its access when one is named); when the owner
    // migrates (its URL apart, or the tables another role's) it only checks the schema is current (decision 032).
    const migrated = await prepareSchema(db, { ownerMigrates: !!config.migrationUrl, appRole: config.appRole });
    const key = opts.keyRing ? null : loadMasterKey(config.masterKey, config.dataDir);
    const keys = opts.keyRing ?? key!.ring;
    await checkMasterKey(db, keys);
    const clock = opts.clock ?? systemClock;
    // PostgreSQL: this month's and the next months' audit partitions (decision 042); the daily job does the same.
    // A failure here only leaves entries to the DEFAULT partition: never a reason not to start.
    await ensureAuditMonths(db, clock.now()).catch((err: unknown) =>
      log(`audit partitions not made at start: ${(err as Error).message}`),
    );
    const chainKey = keys.subkey('audit-chain');
    const thread = db.dialect === 'sqlite' && db.sqlitePath ? new AuditFlushThread(db.sqlitePath, chainKey) : undefined;
    const audit = new AuditWriter(db.kysely, chainKey, clock, thread);
    // Province keys: all opened now; one made elsewhere later is read when first met (decision 044).
    const reader = syncReader({
      databaseUrl: config.databaseUrl,
      pgSchema: opts.pgSchema,
      sqlitePath: db.sqlitePath,
    });
    const provinceKeys = new ProvinceKeyRing(keys, reader.read);
    await provinceKeys.refresh(db.kysely);
    provinceKeys.watch(db.kysely);
    const dataKeys = new DataKeyCache(keys, clock, provinceKeys);
    const services: Services = { db, audit, keys, dataKeys, clock, config };
    // Created here, started by the server (main.ts): the CLI and tests deliver only when they ask to.
    if (config.smtp)
      services.mail = new Mailer(db.kysely, { ...config, smtp: config.smtp }, clock, audit, log, db.dialect);
    let scheduler: Scheduler | null = null;
    return {
      services,
      key,
      migrated,
      startBackground: (bg = {}) => {
        if (scheduler) return scheduler;
        if (bg.mail !== false) services.mail?.start();
        scheduler = new Scheduler(db.kysely, clock, bg.jobs ?? dailyJobs(services), { log, ...bg.scheduler });
        scheduler.start();
        return scheduler;
      },
      close: async () => {
        await scheduler?.stop();
        await services.mail?.stop();
        await audit.drain();
        // An instance that ran background work (a server) leaves the head it saw last in the checkpoint file
        // (decision 031); another instance may write the same head too, which is harmless.
        if (scheduler) {
          await checkpointHead(
            db.kysely,
            config.auditCheckpoints,
            keys.subkey('audit-checkpoints'),
            clock.now(),
            'shutdown',
          ).catch((err: unknown) => log(`audit checkpoint at shutdown failed: ${(err as Error).message}`));
        }
        await thread?.close();
        await db.close();
        await reader.close();
        dataKeys.clear();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
