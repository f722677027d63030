// The read audits' group commit on PostgreSQL: a batch is one statement from the head the writer last left
// (audit/writer.ts appendIfHead), and falls back to the transaction that locks the head row when another
// writer (a write's own audit, another app instance) has moved it. Whatever interleaves, no row is lost and
// the chain verifies.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db } from '../src/server/db/connect.ts';
import { migrateToLatest } from '../src/server/db/migrations.ts';
import type { Database } from '../src/server/db/schema.ts';
import { AuditWriter } from '../src/server/audit/writer.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';
import { systemClock } from '../src/server/clock.ts';
import type { AuditEvent } from '../src/server/audit/events.ts';
import { PG_URL } from './support/env.ts';

const event = (i: number, by: string): AuditEvent => ({
  action: 'audit.read',
  actorId: null,
  actor: by,
  outcome: 'success',
  detail: { i },
});

describe.runIf(PG_URL)('audit group commit on PostgreSQL', () => {
  const schema = `t_audit_${randomBytes(4).toString('hex')}`;
  const key = randomBytes(32);
  let db: Db;
  const instances: { kysely: Kysely<Database>; statements: string[] }[] = [];
  /** Another app instance: its own pool and Kysely on the same schema, each statement it sends noted. */
  const instance = () => {
    const statements: string[] = [];
    const kysely = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: PG_URL, max: 4, options: `-c search_path=${schema}` }),
      }),
      log: (e) => {
        statements.push(e.query.sql);
      },
    });
    instances.push({ kysely, statements });
    return { kysely, statements };
  };
  beforeAll(async () => {
    db = await connect({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 2 });
    await migrateToLatest(db);
  });
  afterAll(async () => {
    for (const i of instances) await i.kysely.destroy();
    await db?.close();
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });

  it('once it knows the head, a batch is one statement and no transaction', async () => {
    const { kysely, statements } = instance();
    const writer = new AuditWriter(kysely, key, systemClock);
    await Promise.all([0, 1, 2].map((i) => writer.record(event(i, 'first'))));
    expect(statements.some((s) => /^begin/i.test(s))).toBe(true); // the first batch learns the head in the locking transaction
    statements.length = 0;
    await Promise.all([3, 4, 5].map((i) => writer.record(event(i, 'second'))));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^with h as \(\s*update audit_head/);
    const v = await verifyAuditChain(db.kysely, key);
    expect(v.ok).toBe(true);
    expect(v.checked).toBe(6);
  });

  it('two instances and writes in their own transactions interleave: every row is there once, in one chain', async () => {
    const before = Number((await db.kysely.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    const a = instance();
    const b = instance();
    const writerA = new AuditWriter(a.kysely, key, systemClock);
    const writerB = new AuditWriter(b.kysely, key, systemClock);
    const work: Promise<unknown>[] = [];
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 15; i++)
        work.push(writerA.record(event(round * 100 + i, 'a')), writerB.record(event(round * 100 + i, 'b')));
      // A write's audit, appended in its own transaction (appendInTx), moves the head under both writers.
      work.push(a.kysely.transaction().execute((trx) => writerA.appendInTx(trx, [event(round, 'write')])));
      work.push(new Promise((r) => setTimeout(r, 5)));
    }
    await Promise.all(work);
    await Promise.all([writerA.drain(), writerB.drain()]);
    // Both took the one-statement path at times, and both had to fall back at times.
    for (const { statements } of [a, b]) {
      expect(statements.some((s) => s.startsWith('with h as'))).toBe(true);
      expect(statements.some((s) => /^update "audit_head" set "seq" = "seq" \+/.test(s))).toBe(true);
    }
    const rows = await db.kysely
      .selectFrom('audit_log')
      .select(['seq', 'actor'])
      .where('seq', '>', before)
      .orderBy('seq')
      .execute();
    expect(rows).toHaveLength(8 * 15 * 2 + 8);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => before + i + 1));
    const v = await verifyAuditChain(db.kysely, key);
    expect(v.ok).toBe(true);
    expect(v.checked).toBe(v.headSeq);
  });
});
