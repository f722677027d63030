// Start-up: check the environment, open and migrate the database, load the key, listen.
import { ConfigError, loadConfig } from './env.ts';
import { KeyError } from './crypto/keys.ts';
import { boot } from './boot.ts';
import { buildApp } from './http/app.ts';
import { systemRepo } from './data/repo.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  let booted;
  try {
    booted = await boot(config);
  } catch (err) {
    if (err instanceof KeyError) {
      console.error(`Master key problem: ${err.message}`);
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
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  console.log(`Berdaya is running at ${base} (database: ${services.db.dialect})`);
  const token = await setup.issueToken();
  if (token) {
    // The token travels in the fragment, so it never reaches server logs or a Referer header.
    console.log(`\nFirst run: create the first administrator with this one-time link:\n  ${base}/setup#token=${token}\n`);
  }
  // Notification e-mail (when SMTP_URL is set): the outbox is delivered now, then every 30 seconds.
  if (services.mail) {
    services.mail.start();
    console.log('Alerts are also sent by e-mail (SMTP_URL is set).');
  }
  // Retention runs daily inside the server too (the CLI runs it on demand).
  const retention = setInterval(() => {
    systemRepo(services, 'retention', 'daily retention of closed cases')
      .protection.runRetention(config.retentionYears, false)
      .then((r) => r.anonymised > 0 && app.log.info({ anonymised: r.anonymised }, 'retention anonymised closed cases'))
      .catch((err: unknown) => app.log.error({ err: String(err) }, 'retention run failed'));
  }, 24 * 3600_000);
  retention.unref();
  const stop = async () => {
    clearInterval(retention);
    await app.close();
    await booted.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
