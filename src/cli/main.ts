// The `berdaya` command for the operator on the server: thin wrappers over the server's services.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/env.ts';
import path from 'node:path';
import { KeyError, loadMasterKey } from '../server/crypto/keys.ts';
import { backupPostgres, backupSqlite, restoreBackup, verifyBackup } from '../server/ops/backup.ts';
import { eraseProvince, rotateKeys, rotateProvinceKey } from '../server/ops/keys.ts';
import { boot, migrateAsOwner, openDatabase } from '../server/boot.ts';
import { DatabaseSetupError } from '../server/db/roles.ts';
import { verifyAuditChain } from '../server/audit/verify.ts';
import {
  checkpointHead,
  printCheckpoints,
  readCheckpointLines,
  verifyCheckpoints,
} from '../server/audit/checkpoints.ts';
import { ArchiveError, archiveAudit, verifyArchiveFile } from '../server/ops/audit-archive.ts';
import fs from 'node:fs';
import { systemRepo } from '../server/modules/repository.ts';
import { AuthService } from '../server/modules/auth/service.ts';
import { createUser } from '../server/modules/users/service.ts';
import { SetupService } from '../server/modules/setup/service.ts';
import { AppError } from '../server/errors.ts';
import { roleSchema, regionsSchema, usernameSchema } from '../shared/api.ts';
import { singleLine } from '../shared/text.ts';
import { PROVINCE_CODE } from '../shared/regions.ts';
import { DEMO_DEFAULT_PARTICIPANTS, DEMO_DEFAULT_SEED, seedDemo, type DemoResult } from '../server/ops/seed.ts';

const HELP = `berdaya — operator commands

  berdaya migrate                      apply database migrations
  berdaya user create --username U --role ROLE [--region CODE]… [--name "Full Name"]
                                       create a staff account; the password is read from standard input.
                                       Direct (no second person): audited as the console and shown on
                                       the start pages of administrators and heads of section
  berdaya audit verify [--checkpoints FILE]
                                       check the whole audit chain, and the chain against every checkpoint in
                                       BERDAYA_AUDIT_CHECKPOINTS (or FILE: an off-site copy); exit 1 on a broken
                                       entry, a truncated or rewritten chain, or an altered checkpoint file
  berdaya audit checkpoint             write a signed checkpoint of the chain's head now
  berdaya audit checkpoints print      print the checkpoint file for an off-site copy (readable table, raw lines)
  berdaya audit archive [--before YYYY-MM] [--out DIR] [--dry-run]
                                       PostgreSQL: move the audit log's months older than BERDAYA_AUDIT_RETENTION_YEARS
                                       (default 5) to a gzip'd NDJSON file in DIR (default: audit-archive in the data
                                       folder), with a signed checkpoint at its last entry; then drop their partitions
  berdaya audit archive verify FILE    check an archive file's entries and that a checkpoint records its last one
  berdaya setup-link                   print a new one-time link for the first administrator
  berdaya retention run [--dry-run]    anonymise cases closed longer than BERDAYA_RETENTION_YEARS (default 5)
  berdaya keys rotate                  re-wrap every key under BERDAYA_MASTER_KEY (old key in BERDAYA_PREVIOUS_MASTER_KEYS)
  berdaya keys rotate-province CODE    new key for one province, its data keys re-wrapped in batches (run again to resume)
                                       [--batch N: rows per transaction, default 500] [--batches N: stop after N]
  berdaya keys erase-province CODE --confirm CODE
                                       destroy a province's keys and erase its participants' identities (irreversible)
  berdaya backup FILE                  consistent, encrypted backup while the server runs
  berdaya backup verify FILE           decrypt and check a backup
  berdaya restore FILE                 restore into an empty data folder (SQLite) or empty database (DATABASE_URL)
  berdaya seed demo [--participants N] [--seed S]
                                       fill an EMPTY database with a synthetic demo province (made-up people,
                                       NIK serials 9900–9999); the same seed gives the same data. Never in production.

Roles: admin, manager, caseworker, facilitator, psychologist, auditor.
Regions: 63 (the whole province) or kabupaten/kota codes such as 6371, 6372 (default 63).
Configuration comes from the same environment variables as the server (see README).`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

async function main(argv: string[]) {
  // What the commands create (a restored database, backups, the key file) is the operator's alone.
  process.umask(0o077);
  const [cmd, sub, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    console.log(HELP);
    return;
  }
  const config = loadConfig();
  // Restore works on an empty target, before anything is created there.
  if (cmd === 'restore') {
    if (!sub) fail('Usage: berdaya restore FILE');
    const key = loadMasterKey(config.masterKey, config.dataDir);
    const meta = restoreBackup(sub, key.ring, {
      sqliteFile: config.databaseUrl ? undefined : path.join(config.dataDir, 'berdaya.sqlite'),
      // Restoring creates tables: as the owner when the owner's URL is apart.
      databaseUrl: config.migrationUrl ?? config.databaseUrl,
    });
    console.log(JSON.stringify({ restored: true, ...meta }));
    return;
  }
  if (cmd === 'backup' && sub === 'verify') {
    if (!rest[0]) fail('Usage: berdaya backup verify FILE');
    const key = loadMasterKey(config.masterKey, config.dataDir);
    try {
      console.log(JSON.stringify({ ok: true, ...verifyBackup(rest[0], key.ring) }));
    } catch (err) {
      fail(`Backup NOT OK: ${(err as Error).message}`, 1);
    }
    return;
  }
  // Printing the checkpoint file needs neither the database nor the key: it is what goes off-site.
  if (cmd === 'audit' && sub === 'checkpoints' && rest[0] === 'print') {
    let text: string;
    try {
      text = fs.readFileSync(config.auditCheckpoints, 'utf8');
    } catch {
      fail(`No checkpoint file at ${config.auditCheckpoints}`, 1);
    }
    process.stdout.write(printCheckpoints(text, config.auditCheckpoints, new Date()));
    return;
  }
  // With the owner's URL apart, the owner migrates here; the server and every other command only check.
  const applied = cmd === 'migrate' && config.migrationUrl ? await migrateAsOwner(config) : undefined;
  const booted = await boot(config);
  const s = booted.services;
  try {
    if (cmd === 'migrate') {
      console.log(JSON.stringify({ applied: applied ?? booted.migrated, database: s.db.dialect }));
    } else if (cmd === 'audit' && sub === 'verify') {
      const { values } = parseArgs({ args: rest, options: { checkpoints: { type: 'string' } }, strict: true });
      const file = values.checkpoints ? path.resolve(values.checkpoints) : config.auditCheckpoints;
      // Checked even when the chain is broken: a checkpoint tells how far the log reached before. An archive
      // checkpoint (decision 042) is where the database's chain starts.
      const cp = await verifyCheckpoints(s.db.kysely, s.keys.subkey('audit-checkpoints'), file);
      const result = await verifyAuditChain(s.db.kysely, s.keys.subkey('audit-chain'), 5000, cp.archive ?? undefined);
      if (!result.ok) {
        console.error(
          `Audit chain BROKEN at entry ${result.firstBad!.seq}: ${result.firstBad!.reason} (${result.checked} entries verified before it)`,
        );
        process.exitCode = 1;
      }
      if (!cp.exists) console.error(`No checkpoint file at ${file}: the chain's end is checked against nothing.`);
      for (const p of cp.problems) console.error(`Audit checkpoint ${p.kind.toUpperCase()}: ${p.message}`);
      if (cp.problems.length > 0) process.exitCode = 1;
      if (result.ok && cp.problems.length === 0) {
        const from = cp.archive ? `, entries 1–${cp.archive.seq} archived` : '';
        console.log(
          `Audit chain OK (${result.checked} rows${from}, ${cp.checkpoints} checkpoints), head ${result.headHash}`,
        );
      }
    } else if (cmd === 'audit' && sub === 'archive' && rest[0] === 'verify') {
      if (!rest[1]) fail('Usage: berdaya audit archive verify FILE');
      const check = await verifyArchiveFile(path.resolve(rest[1]), s.keys.subkey('audit-chain'));
      const lines = readCheckpointLines(config.auditCheckpoints, s.keys.subkey('audit-checkpoints'));
      const recorded = lines.some(
        (l) =>
          l.checkpoint.reason === 'archive' &&
          l.checkpoint.seq === check.throughSeq &&
          l.checkpoint.hash === check.lastHash,
      );
      if (!check.ok) fail(`Audit archive NOT OK: ${check.problem}`, 1);
      if (!recorded)
        fail(`Audit archive NOT OK: no archive checkpoint records entry ${check.throughSeq} with this hash`, 1);
      console.log(JSON.stringify(check));
    } else if (cmd === 'audit' && sub === 'archive') {
      const { values } = parseArgs({
        args: rest,
        options: { before: { type: 'string' }, out: { type: 'string' }, 'dry-run': { type: 'boolean' } },
        strict: true,
      });
      // Detaching and dropping a partition is the owner's: the owner's URL when it is apart.
      const owner = await openDatabase(
        { ...config, databaseUrl: config.migrationUrl ?? config.databaseUrl },
        { poolSize: 1 },
      );
      try {
        const result = await archiveAudit(s, {
          owner,
          retentionYears: config.auditRetentionYears,
          dir: path.resolve(values.out ?? path.join(config.dataDir, 'audit-archive')),
          before: values.before,
          dryRun: values['dry-run'],
        });
        console.log(JSON.stringify(result));
      } catch (err) {
        if (err instanceof ArchiveError) fail(err.message);
        throw err;
      } finally {
        await owner.close();
      }
    } else if (cmd === 'audit' && sub === 'checkpoint') {
      const c = await checkpointHead(
        s.db.kysely,
        config.auditCheckpoints,
        s.keys.subkey('audit-checkpoints'),
        s.clock.now(),
        'manual',
      );
      console.log(JSON.stringify({ file: config.auditCheckpoints, seq: c.seq, hash: c.hash, at: c.at }));
    } else if (cmd === 'user' && sub === 'create') {
      const { values } = parseArgs({
        args: rest,
        options: {
          username: { type: 'string' },
          role: { type: 'string' },
          region: { type: 'string', multiple: true },
          name: { type: 'string' },
        },
        strict: true,
      });
      const username = usernameSchema.safeParse(values.username ?? '');
      if (!username.success) fail(`--username: ${username.error.issues[0]?.message}`);
      const role = roleSchema.safeParse(values.role);
      if (!role.success) fail('--role: one of admin, manager, caseworker, facilitator, psychologist, auditor');
      const regions = regionsSchema.safeParse(values.region?.length ? values.region : [PROVINCE_CODE]);
      if (!regions.success) fail(`--region: ${regions.error.issues[0]?.message}`);
      const name = values.name === undefined ? undefined : singleLine(120).safeParse(values.name);
      if (name && !name.success) fail('--name: 1–120 characters of text');
      const password = await readStdin();
      const auth = new AuthService(s);
      // The console is a direct path (whoever runs it holds the master key): audited as the console, and shown
      // on the start pages of administrators and heads of section as made there.
      const repo = systemRepo(s, 'console', 'operator on the server creates an account');
      const { user, totpSecret } = await createUser(
        repo,
        auth,
        { username: username.data, role: role.data, regions: regions.data, password, name: name?.data },
        'console',
      );
      console.log(
        JSON.stringify({
          id: user.id,
          username: user.username,
          role: user.role,
          ...(totpSecret ? { totpSecret } : {}),
        }),
      );
    } else if (cmd === 'seed' && sub === 'demo') {
      const { values } = parseArgs({
        args: rest,
        options: { participants: { type: 'string' }, seed: { type: 'string' } },
        strict: true,
      });
      const participants = values.participants === undefined ? DEMO_DEFAULT_PARTICIPANTS : Number(values.participants);
      const seed = values.seed === undefined ? DEMO_DEFAULT_SEED : Number(values.seed);
      const t0 = Date.now();
      let result: DemoResult;
      try {
        result = await seedDemo(s, { participants, seed, log: (line) => console.error(line) });
      } catch (err) {
        if (err instanceof AppError) throw err;
        fail((err as Error).message);
      }
      console.log(
        JSON.stringify(
          { seeded: 'SYNTHETIC DEMO DATA', seconds: Math.round((Date.now() - t0) / 100) / 10, ...result },
          null,
          2,
        ),
      );
    } else if (cmd === 'retention' && sub === 'run') {
      const dryRun = rest.includes('--dry-run');
      const repo = systemRepo(s, 'retention', 'scheduled retention of closed cases');
      const result = await repo.protection.runRetention(config.retentionYears, dryRun);
      console.log(JSON.stringify(result));
    } else if (cmd === 'keys' && sub === 'rotate') {
      console.log(JSON.stringify(await rotateKeys(s)));
    } else if (cmd === 'keys' && sub === 'rotate-province') {
      if (!rest[0]) fail('Usage: berdaya keys rotate-province CODE [--batch N] [--batches N]');
      const num = (flag: string) => {
        const i = rest.indexOf(flag);
        return i >= 0 ? Number.parseInt(rest[i + 1] ?? '', 10) || undefined : undefined;
      };
      const result = await rotateProvinceKey(s, rest[0], { batchSize: num('--batch'), maxBatches: num('--batches') });
      console.log(JSON.stringify(result));
    } else if (cmd === 'keys' && sub === 'erase-province') {
      const i = rest.indexOf('--confirm');
      if (!rest[0] || i < 0) fail('Usage: berdaya keys erase-province CODE --confirm CODE');
      console.log(JSON.stringify(await eraseProvince(s, rest[0], rest[i + 1] ?? '')));
    } else if (cmd === 'backup' && sub) {
      const meta =
        s.db.dialect === 'sqlite'
          ? await backupSqlite(s.db.sqlitePath!, sub, s.keys, s.clock.now())
          : backupPostgres(config.databaseUrl!, sub, s.keys, s.clock.now());
      console.log(JSON.stringify({ file: sub, ...meta }));
    } else if (cmd === 'setup-link') {
      const token = await new SetupService(s, new AuthService(s)).issueToken();
      if (!token) fail('Setup is finished: accounts already exist.', 1);
      const base = config.publicUrl ?? `http://${config.host}:${config.port}`;
      console.log(`${base}/setup#token=${token}`);
    } else {
      fail(`Unknown command.\n\n${HELP}`);
    }
  } finally {
    await booted.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof ConfigError || err instanceof KeyError || err instanceof DatabaseSetupError) fail(err.message);
  if (err instanceof AppError) fail(`${err.code}: ${err.message}`);
  console.error(err);
  process.exit(1);
});
