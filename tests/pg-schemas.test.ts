// Berdaya on PostgreSQL works in one schema (its search_path). Starting up must not depend on other schemas
// in the same database: CI failed once when a parallel test dropped its schema while the migrator's
// introspection (then Kysely's, reading every schema by name) was running.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { compiledOnce, connect, sql } from '../src/server/db/connect.ts';
import { migrateToLatest } from '../src/server/db/migrations.ts';
import { PG_URL, tmpDir } from './support/env.ts';

const name = (tag: string) => `t_${tag}_${randomBytes(4).toString('hex')}`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe.runIf(PG_URL)('PostgreSQL schemas', () => {
  it('introspects only its own schema', async () => {
    const mine = name('own');
    const other = name('other');
    await admin((c) =>
      c.query(`CREATE SCHEMA ${other}; CREATE TABLE ${other}.not_ours (id serial primary key, note text)`),
    );
    const db = await connect({ databaseUrl: PG_URL, pgSchema: mine, poolSize: 2 });
    try {
      await migrateToLatest(db);
      const tables = await db.kysely.introspection.getTables({ withInternalKyselyTables: true });
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([mine]));
      const names = tables.map((t) => t.name);
      expect(names).toContain('kysely_migration');
      expect(names).toContain('participants');
      expect(names).not.toContain('not_ours');
      const withoutKysely = await db.kysely.introspection.getTables();
      expect(withoutKysely.map((t) => t.name)).not.toContain('kysely_migration');
      const audit = tables.find((t) => t.name === 'audit_log');
      expect(audit?.columns.length).toBeGreaterThan(3);
    } finally {
      await db.close();
      await admin((c) => c.query(`DROP SCHEMA IF EXISTS ${mine} CASCADE; DROP SCHEMA IF EXISTS ${other} CASCADE`));
    }
  });

  it('migrates while other schemas are being created and dropped', async () => {
    let stop = false;
    let churned = 0;
    const churn = admin(async (c) => {
      while (!stop) {
        const s = name('churn');
        await c.query(`CREATE SCHEMA ${s}; CREATE TABLE ${s}.a (id serial primary key); CREATE TABLE ${s}.b (id int)`);
        await c.query(`DROP SCHEMA ${s} CASCADE`);
        churned++;
      }
    });
    const made: string[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const s = name('mig');
        made.push(s);
        const db = await connect({ databaseUrl: PG_URL, pgSchema: s, poolSize: 2 });
        try {
          await migrateToLatest(db);
          // A second run finds everything in place and does nothing.
          await migrateToLatest(db);
        } finally {
          await db.close();
        }
      }
    } finally {
      stop = true;
      await churn;
      await admin((c) => c.query(made.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE;`).join(' ')));
    }
    expect(churned).toBeGreaterThan(0);
  });
});

describe.runIf(PG_URL)('PostgreSQL prepared statements', () => {
  it('prepares the fixed-shape statements by name on the connection, and leaves other SQL unnamed', async () => {
    const schema = name('prep');
    const db = await connect({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 1 });
    try {
      await migrateToLatest(db);
      const { findAccountById } = await import('../src/server/kernel/accounts.ts');
      await db.kysely.connection().execute(async (c) => {
        expect(await findAccountById(c, 'nobody')).toBeUndefined();
        expect(await findAccountById(c, 'nobody-else')).toBeUndefined();
        await c.selectFrom('users').select('id').where('username', '=', 'x').execute();
        const { rows } = await sql<{
          name: string;
          statement: string;
        }>`select name, statement from pg_prepared_statements`.execute(c);
        const ours = rows.filter((r) => r.name.startsWith('berdaya_'));
        expect(ours).toHaveLength(1);
        expect(ours[0]!.statement).toContain('"user_regions"');
        // Another instance's migration adds a column: the prepared statement names its columns, so it still runs.
        await admin((a) => a.query(`ALTER TABLE ${schema}.users ADD COLUMN later_column text`));
        expect(await findAccountById(c, 'nobody')).toBeUndefined();
      });
    } finally {
      await db.close();
      await admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    }
  });
});

describe('fixed-shape statements', () => {
  it('refuse `*` (a prepared statement would break when a column is added)', async () => {
    const db = await connect({ sqlitePath: `${tmpDir()}/star.db` });
    try {
      await migrateToLatest(db);
      const star = compiledOnce((k, id: string) => k.selectFrom('users').selectAll().where('id', '=', id));
      await expect(star(db.kysely, 'x')).rejects.toThrow(/must name its columns/);
      const counted = compiledOnce((k, id: string) =>
        k
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('id', '=', id),
      );
      expect(await counted(db.kysely, 'x')).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  });
});

describe('fixed-shape reads on SQLite outside Kysely’s queue', () => {
  it('never read a transaction’s uncommitted rows: inside one they wait their turn, and see what was committed', async () => {
    const db = await connect({ sqlitePath: `${tmpDir()}/direct.db` });
    try {
      await migrateToLatest(db);
      const k = db.kysely;
      await k.insertInto('participant_code_seq').values({ region_code: '6371', year2: '26', last: 1 }).execute();
      const lastOf = compiledOnce((kk, region: string) =>
        kk.selectFrom('participant_code_seq').select('last').where('region_code', '=', region),
      );
      expect(await lastOf(k, '6371')).toEqual([{ last: 1 }]);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let written!: () => void;
      const wrote = new Promise<void>((r) => (written = r));
      const tx = k.transaction().execute(async (trx) => {
        await trx.updateTable('participant_code_seq').set({ last: 2 }).where('region_code', '=', '6371').execute();
        written();
        await held;
      });
      await wrote;
      let seen: unknown = 'not yet';
      const read = lastOf(k, '6371').then((rows) => (seen = rows));
      await new Promise((r) => setTimeout(r, 50));
      expect(seen).toBe('not yet'); // waits for the transaction instead of reading its uncommitted 2
      release();
      await tx;
      await read;
      expect(seen).toEqual([{ last: 2 }]);
      // A transaction that rolls back leaves nothing for a read to see.
      let during: Promise<unknown> | undefined;
      await expect(
        k.transaction().execute(async (trx) => {
          await trx.updateTable('participant_code_seq').set({ last: 99 }).where('region_code', '=', '6371').execute();
          during = lastOf(k, '6371');
          await new Promise((r) => setTimeout(r, 20));
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await during).toEqual([{ last: 2 }]);
      expect(await lastOf(k, '6371')).toEqual([{ last: 2 }]);
    } finally {
      await db.close();
    }
  });
});
