// PostgreSQL with two roles: the owner migrates, the server runs as a role that owns nothing. Tried as someone
// holding the server's database credentials would: the audit log cannot be cut, changed, or have its triggers
// disabled or dropped; nothing can be re-owned or created. The server with the owner's URL apart refuses an
// un-migrated or outdated schema, and a role that owns the tables.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/server/env.ts';
import { boot, migrateAsOwner, type Booted } from '../src/server/boot.ts';
import { buildApp, type BuiltApp } from '../src/server/http/app.ts';
import { KeyRing } from '../src/server/crypto/keys.ts';
import { ManualClock } from '../src/server/clock.ts';
import { sql } from '../src/server/db/connect.ts';
import { migrationNames } from '../src/server/db/migrations.ts';
import { DatabaseSetupError } from '../src/server/db/roles.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';
import { json, PG_URL, seedUser, signIn, tmpDir, type TestEnv } from './support/env.ts';
import { participantBody } from './support/participants.ts';

const ROOT = path.resolve('.');
if (!PG_URL) console.warn('tests/pg-roles.test.ts: skipped (PostgreSQL only; set TEST_DATABASE_URL)');

describe.runIf(PG_URL)('PostgreSQL: an application that does not own its tables', () => {
  const tag = randomBytes(4).toString('hex');
  const owner = `berdaya_owner_${tag}`;
  const appRole = `berdaya_app_${tag}`;
  const memberRole = `berdaya_member_${tag}`;
  const schema = `t_roles_${tag}`;
  const fresh = `t_roles_fresh_${tag}`;
  const masterKey = randomBytes(32);
  const dataDirs: string[] = [];
  let admin: pg.Client;
  let booted: Booted | undefined;
  let built: BuiltApp | undefined;

  /** The test database's URL as `role`, working in `inSchema`. */
  const urlAs = (role: string, inSchema: string) => {
    const u = new URL(PG_URL!);
    u.username = role;
    u.password = '';
    u.searchParams.set('options', `-c search_path=${inSchema}`);
    return u.toString();
  };
  const envFor = (inSchema: string, as = appRole): Record<string, string> => {
    const dataDir = tmpDir('berdaya-roles-');
    dataDirs.push(dataDir);
    return {
      BERDAYA_DATA_DIR: dataDir,
      BERDAYA_MASTER_KEY: masterKey.toString('base64'),
      LOG_LEVEL: 'silent',
      DATABASE_URL: urlAs(as, inSchema),
      DATABASE_MIGRATION_URL: urlAs(owner, inSchema),
    };
  };
  async function asRole<T>(role: string, inSchema: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: urlAs(role, inSchema) });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    // As the README's production notes: both roles log in; the app role is given nothing here.
    await admin.query(`CREATE ROLE ${owner} LOGIN`);
    await admin.query(`CREATE ROLE ${appRole} LOGIN`);
    await admin.query(`CREATE ROLE ${memberRole} LOGIN IN ROLE ${owner}`);
    await admin.query(`CREATE SCHEMA ${schema} AUTHORIZATION ${owner}`);
    await admin.query(`CREATE SCHEMA ${fresh} AUTHORIZATION ${owner}`);
  });

  afterAll(async () => {
    await built?.app.close();
    await booted?.close();
    if (admin) {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS ${fresh} CASCADE`);
      for (const role of [appRole, memberRole, owner]) {
        await admin.query(`DROP OWNED BY ${role}`).catch(() => {});
        await admin.query(`DROP ROLE IF EXISTS ${role}`);
      }
      await admin.end();
    }
    for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('the owner migrates (berdaya migrate), the server runs as the app role: sign-in, register, read', async () => {
    const env = envFor(schema);
    const migrate = spawnSync(process.execPath, [path.join(ROOT, 'bin/berdaya.js'), 'migrate'], {
      env: { PATH: process.env.PATH!, TMPDIR: process.env.TMPDIR ?? '/tmp', BERDAYA_CLI_FROM_SOURCE: '1', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(JSON.parse(migrate.stdout).applied).toEqual(migrationNames('postgres'));
    // The tables are the owner's.
    const owners = await admin.query(
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'r'`,
      [schema],
    );
    expect(owners.rows.map((r) => r.owner)).toEqual([owner]);

    const config = loadConfig(env);
    const clock = new ManualClock(Date.parse('2026-03-02T01:00:00.000Z'));
    booted = await boot(config, { clock, poolSize: 3 });
    expect(booted.migrated).toEqual([]);
    const db = booted.services.db;
    const me = await sql<{ me: string }>`select current_user as me`.execute(db.kysely);
    expect(me.rows[0]!.me).toBe(appRole);
    built = await buildApp(booted.services, { webDir: path.join(env.BERDAYA_DATA_DIR!, 'no-web') });
    await built.app.ready();
    const testEnv = {
      dialect: 'postgres',
      booted,
      built,
      app: built.app,
      clock,
      config,
      keyRing: booted.services.keys,
      dataDir: env.BERDAYA_DATA_DIR!,
    } as unknown as TestEnv;

    const cw = await signIn(testEnv, await seedUser(testEnv, 'caseworker', ['6372']));
    const created = await cw.post('/api/participants', participantBody({}, { fullName: 'Siti Rahmah' }));
    expect(created.statusCode, created.body).toBe(201);
    const id = json(created).id as string;
    const read = await cw.get(`/api/participants/${id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.body).toContain('Siti Rahmah');
    await booted.services.audit.drain();
    const chain = await verifyAuditChain(db.kysely, booted.services.keys.subkey('audit-chain'));
    expect(chain.ok).toBe(true);
    expect(chain.checked).toBeGreaterThan(2);
  }, 120_000);

  it('as the app role, the audit log can be neither cut, changed, nor have its triggers disabled or dropped', async () => {
    const before = await admin.query(`SELECT count(*)::int AS n, max(seq)::int AS last FROM ${schema}.audit_log`);
    expect(before.rows[0].n).toBeGreaterThan(0);
    const attempts: [string, RegExp][] = [
      ['ALTER TABLE audit_log DISABLE TRIGGER USER', /must be owner/],
      ['ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change', /must be owner/],
      ['ALTER TABLE audit_log DISABLE TRIGGER ALL', /must be owner/],
      ['DROP TRIGGER audit_log_no_change ON audit_log', /must be owner/],
      ['DROP TRIGGER audit_log_no_truncate ON audit_log', /must be owner/],
      [`ALTER TABLE audit_log OWNER TO ${appRole}`, /must be owner/],
      ['DROP TABLE audit_log', /must be owner/],
      // Refused by the missing privilege, before the append-only trigger is reached.
      ['TRUNCATE audit_log', /permission denied/],
      [`DELETE FROM audit_log WHERE seq > ${before.rows[0].last - 30}`, /permission denied/],
      ['UPDATE audit_log SET detail = NULL WHERE seq = 1', /permission denied/],
      // The trigger's function cannot be rewritten to let changes through.
      [
        'CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql',
        /must be owner|permission denied/,
      ],
      // Its monthly partitions (decision 042; this month's made at start through the owner's function): none
      // can be detached, dropped, emptied or changed directly, nor the function that makes them rewritten.
      ['ALTER TABLE audit_log DETACH PARTITION audit_log_2026_03', /must be owner/],
      ['DROP TABLE audit_log_2026_03', /must be owner/],
      ['ALTER TABLE audit_log_2026_03 DISABLE TRIGGER ALL', /must be owner/],
      ['TRUNCATE audit_log_2026_03', /permission denied/],
      ['DELETE FROM audit_log_2026_03', /permission denied/],
      ['DELETE FROM audit_log_default', /permission denied/],
      ['UPDATE audit_log_2026_03 SET detail = NULL', /permission denied/],
      [
        'CREATE OR REPLACE FUNCTION audit_log_add_month(month text) RETURNS boolean AS $$ BEGIN RETURN true; END; $$ LANGUAGE plpgsql',
        /must be owner|permission denied/,
      ],
      ['ALTER TABLE participants DISABLE TRIGGER ALL', /must be owner/],
      ['TRUNCATE participants', /permission denied/],
      ['CREATE TABLE side_door (id int)', /permission denied for schema/],
      [`SET ROLE ${owner}`, /permission denied/],
      ["DELETE FROM kysely_migration WHERE name = '0001_platform'", /permission denied/],
    ];
    const outcomes = await asRole(appRole, schema, async (c) => {
      const seen: { statement: string; code?: string; message: string }[] = [];
      for (const [statement] of attempts) {
        try {
          await c.query(statement);
          seen.push({ statement, message: 'ACCEPTED' });
        } catch (err) {
          const e = err as { code?: string; message: string };
          seen.push({ statement, code: e.code, message: e.message });
        }
      }
      return seen;
    });
    for (const [i, [statement, expected]] of attempts.entries()) {
      const got = outcomes[i]!;
      expect(got.message, statement).toMatch(expected);
      expect(got.code, statement).toBe('42501');
    }
    const after = await admin.query(`SELECT count(*)::int AS n, max(seq)::int AS last FROM ${schema}.audit_log`);
    expect(after.rows[0]).toEqual(before.rows[0]);
    const triggers = await admin.query(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY tgname`,
      [`${schema}.audit_log`],
    );
    const names = triggers.rows.map((r) => r.tgname);
    expect(names).toContain('audit_log_no_change');
    expect(names).toContain('audit_log_no_truncate');
    for (const t of triggers.rows) expect(t.tgenabled, t.tgname).toBe('O');
  });

  it('grants: the four on every table, SELECT and INSERT on the audit log, and a table made later is covered', async () => {
    // A table the owner makes after the grants (as a later migration does) is reachable through default privileges…
    await asRole(owner, schema, (c) => c.query('CREATE TABLE later_feature (id text primary key)'));
    await asRole(appRole, schema, (c) => c.query("INSERT INTO later_feature VALUES ('a')"));
    // …and the migration step sets every table's grants afresh.
    await migrateAsOwner(loadConfig(envFor(schema)));
    const privileges = await admin.query(
      `SELECT c.relname AS t, c.relispartition AS part,
              string_agg(p.kind, ',' ORDER BY p.kind) FILTER (WHERE has_table_privilege($1, c.oid, p.kind)) AS held
         FROM pg_class c
         CROSS JOIN unnest(ARRAY['DELETE','INSERT','REFERENCES','SELECT','TRIGGER','TRUNCATE','UPDATE']) AS p(kind)
        WHERE c.relnamespace = $2::regnamespace AND c.relkind IN ('r', 'p')
        GROUP BY c.relname, c.relispartition`,
      [appRole, schema],
    );
    // The audit log's monthly partitions (decision 042) grant nothing: the app reaches them through the parent.
    const partitions = privileges.rows.filter((r) => r.part);
    expect(partitions.map((r) => r.t)).toContain('audit_log_default');
    for (const r of partitions) expect(r.held, r.t).toBeNull();
    const held = new Map(privileges.rows.filter((r) => !r.part).map((r) => [r.t as string, r.held as string | null]));
    expect(held.get('audit_log')).toBe('INSERT,SELECT');
    expect(held.get('kysely_migration')).toBe('SELECT');
    // Filled by the audit log's trigger with the owner's rights: read only, so no look can be made up.
    expect(held.get('audit_subjects')).toBe('SELECT');
    expect(held.get('later_feature')).toBe('DELETE,INSERT,SELECT,UPDATE');
    const others = [...held].filter(
      ([t]) => !['audit_log', 'audit_subjects', 'kysely_migration', 'kysely_migration_lock'].includes(t),
    );
    expect(others.length).toBeGreaterThan(40);
    for (const [t, h] of others) expect(h, t).toBe('DELETE,INSERT,SELECT,UPDATE');
    const owns = await admin.query(
      `SELECT count(*)::int AS n FROM pg_class WHERE relowner = $1::regrole OR relnamespace IN
         (SELECT oid FROM pg_namespace WHERE nspowner = $1::regrole)`,
      [appRole],
    );
    expect(owns.rows[0].n).toBe(0);
  });

  it('the migration step refuses an app role that could act as the owner', async () => {
    const env = { ...envFor(schema), BERDAYA_APP_ROLE: memberRole };
    await expect(migrateAsOwner(loadConfig(env))).rejects.toThrow(/is a member of/);
  });

  it('with the owner URL apart, the server refuses an un-migrated schema, an outdated one, and a role that owns the tables', async () => {
    const env = envFor(fresh);
    // The real start-up, as a process: a clear message, exit 2, never listening.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
      env: { PATH: process.env.PATH!, TMPDIR: process.env.TMPDIR ?? '/tmp', HOST: '127.0.0.1', PORT: '0', ...env },
      cwd: ROOT,
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(out).toContain('Run `berdaya migrate` as the owner');
    expect(out).not.toContain('running at');
    expect(code).toBe(2);
    // Only the app role's URL on the un-migrated schema: it may create nothing, and says so.
    const { DATABASE_MIGRATION_URL: _o, ...bare } = env;
    await expect(boot(loadConfig(bare), { poolSize: 1 })).rejects.toThrow(/Run `berdaya migrate` as the owner/);
    // Nothing was created in the schema by the attempts.
    const made = await admin.query(`SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = $1::regnamespace`, [
      fresh,
    ]);
    expect(made.rows[0].n).toBe(0);

    // One migration behind: named.
    const names = migrationNames('postgres');
    await migrateAsOwner(loadConfig(env));
    await asRole(owner, fresh, (c) => c.query('DELETE FROM kysely_migration WHERE name = $1', [names.at(-1)]));
    const outdated = boot(loadConfig(env), { poolSize: 1 });
    await expect(outdated).rejects.toBeInstanceOf(DatabaseSetupError);
    await expect(outdated).rejects.toThrow(`1 pending: ${names.at(-1)}`);
    // The same with only the app role's URL (a server not given the owner's): the tables are another role's.
    const { DATABASE_MIGRATION_URL: _owner, ...appOnly } = env;
    await expect(boot(loadConfig(appOnly), { poolSize: 1 })).rejects.toThrow(`1 pending: ${names.at(-1)}`);

    // At the latest, but DATABASE_URL is the owner's: refused too.
    await asRole(owner, fresh, (c) =>
      c.query('INSERT INTO kysely_migration (name, timestamp) VALUES ($1, $2)', [
        names.at(-1),
        new Date().toISOString(),
      ]),
    );
    await expect(boot(loadConfig(envFor(fresh, owner)), { poolSize: 1 })).rejects.toThrow(/owns the tables/);
    // And as the app role it starts, with or without the owner's URL, migrating nothing.
    for (const e of [env, appOnly]) {
      const ok = await boot(loadConfig(e), { poolSize: 1, keyRing: new KeyRing(masterKey) });
      expect(ok.migrated).toEqual([]);
      await ok.close();
    }
  }, 120_000);
});
