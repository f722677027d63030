// Start-up: check the environment, take the data folder's lock (SQLite), open and migrate the database,
// load the key, listen, then start the background work (e-mail sender, daily jobs).
import { checkServerConfig, ConfigError, hostAllowed, loadConfig, type AppConfig } from './env.ts';
import { KeyError } from './crypto/keys.ts';
import { boot, type Booted } from './boot.ts';
import { buildApp } from './http/app.ts';
import { DatabaseSetupError } from './db/roles.ts';
import { DataDirLockedError, lockDataDir, type DataDirLock } from './db/sqlite-lock.ts';

async function main() {
  // Everything this process creates (database, WAL, key file, lock, exports) is its owner's alone.
  process.umask(0o077);
  let config: AppConfig;
  try {
    config = loadConfig();
    checkServerConfig(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  // SQLite: one server per data folder. Taken before anything is opened; released by the system however
  // this process ends.
  let lock: DataDirLock | null = null;
  if (!config.databaseUrl) {
    try {
      lock = lockDataDir(config.dataDir);
    } catch (err) {
      if (err instanceof DataDirLockedError) {
        console.error(err.message);
        process.exit(2);
      }
      throw err;
    }
  }
  // Background work reports through the app's logger once there is one.
  let log = (msg: string) => console.warn(msg);
  let booted: Booted;
  try {
    booted = await boot(config, { log: (msg) => log(msg) });
  } catch (err) {
    if (err instanceof KeyError) {
      console.error(`Master key problem: ${err.message}`);
      process.exit(2);
    }
    if (err instanceof DatabaseSetupError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const { services, key } = booted;
  if (key?.createdFile) {
    console.warn(
      `WARNING: no master key was configured, so one was created at ${key.createdFile} (mode 0600).\n` +
        '  Keep a copy somewhere safe: without it the encrypted data cannot be read.\n' +
        '  In production pass the key in with BERDAYA_MASTER_KEY, BERDAYA_MASTER_KEY_FILE or BERDAYA_MASTER_KEY_COMMAND.',
    );
  } else if (key?.source === 'local-file') {
    console.warn('Using the local master key file in the data folder; production should pass the key in.');
  }
  const { app, setup } = await buildApp(services, { logger: true });
  log = (msg) => app.log.warn(msg);
  // Handled from here on, so a stop during start-up still closes the database and releases the lock.
  const stop = async () => {
    await app.close();
    await booted.close();
    lock?.release();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // The address printed (and the setup link) names a host the server answers to.
  const listening = `${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const first = config.allowedHosts.hosts[0]!;
  const base =
    config.publicUrl ??
    (hostAllowed(listening, config.allowedHosts.hosts)
      ? `http://${listening}`
      : `http://${first.hostname}:${first.port ?? port}`);
  console.log(`Berdaya is running at ${base} (database: ${services.db.dialect})`);
  const token = await setup.issueToken();
  if (token) {
    // The token travels in the fragment, so it never reaches server logs or a Referer header.
    console.log(
      `\nFirst run: create the first administrator with this one-time link:\n  ${base}/setup#token=${token}\n`,
    );
  }
  // Notification e-mail (when SMTP_URL is set) is delivered now, then every 30 seconds; the daily jobs
  // (retention) run now when today's pass (WITA) has not run on any instance, and are checked every 10
  // minutes (decision 015).
  booted.startBackground();
  if (services.mail) console.log('Alerts are also sent by e-mail (SMTP_URL is set).');
}

void main();
