// The one write path (src/server/db/write.ts), on every database: versioned updates, what a database refuses
// turned into typed conflicts, transactions PostgreSQL aborts run again, the unique NIK that leaves room for a
// record held for review, and an Idempotency-Key whose reply is stored with the work or not at all.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, makeEnv, seedUser, signIn, type Client, type TestEnv } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import {
  conflictFromDb,
  transact,
  updateVersioned,
  whenTransactionEnds,
  TRANSACTION_ATTEMPTS,
} from '../src/server/db/write.ts';
import { idempotent } from '../src/server/http/kit/idempotency.ts';
import { AppError } from '../src/server/errors.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { requestMeta } from '../src/server/http/kit/request.ts';

const caught = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe.each(DIALECTS)('the write path on %s', (dialect) => {
  let env: TestEnv;
  let cw: Client;
  let participantId: string;
  const db = () => env.booted.services.db.kysely;

  beforeAll(async () => {
    env = await makeEnv(dialect);
    cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    const res = await cw.post('/api/participants', participantBody());
    expect(res.statusCode, res.body).toBe(201);
    participantId = json(res).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  it('updateVersioned moves the version on once, and answers 412 with the current version from a stale one, 404 for none', async () => {
    const { version } = await db()
      .selectFrom('participants')
      .select('version')
      .where('id', '=', participantId)
      .executeTakeFirstOrThrow();
    const next = await transact(db(), (trx) =>
      updateVersioned(trx, 'participants', participantId, version, { referral_source: 'MANDIRI' }),
    );
    expect(next).toBe(version + 1);
    const stale = await caught(
      transact(db(), (trx) =>
        updateVersioned(trx, 'participants', participantId, version, { referral_source: 'LAINNYA' }),
      ),
    );
    expect(stale).toBeInstanceOf(AppError);
    expect(stale).toMatchObject({ code: 'stale_version', status: 412, details: { currentVersion: version + 1 } });
    expect(
      (
        await db()
          .selectFrom('participants')
          .select('referral_source')
          .where('id', '=', participantId)
          .executeTakeFirstOrThrow()
      ).referral_source,
    ).toBe('MANDIRI');
    expect(
      await caught(updateVersioned(db(), 'participants', randomUUID(), 1, { referral_source: null })),
    ).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('what waits for a transaction to end runs once it has committed or rolled back, and after a retry too', async () => {
    const seen: string[] = [];
    await transact(db(), async (trx) => {
      whenTransactionEnds(trx, () => seen.push('ended'));
      await transact(trx, async (joined) => whenTransactionEnds(joined, () => seen.push('joined ended')));
      seen.push('work done');
    });
    expect(seen).toEqual(['work done', 'ended', 'joined ended']);
    seen.length = 0;
    const refused = await caught(
      transact(db(), async (trx) => {
        whenTransactionEnds(trx, () => seen.push('rolled back'));
        throw new AppError('write_conflict', 409, 'no');
      }),
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(seen).toEqual(['rolled back']);
    // Outside a transaction a statement has ended when it returns: at once.
    whenTransactionEnds(db(), () => seen.push('at once'));
    expect(seen).toEqual(['rolled back', 'at once']);
    // A transaction that transact() did not open cannot say when it ends: refused loudly, never forgotten.
    await expect(
      db()
        .transaction()
        .execute(async (trx) => whenTransactionEnds(trx, () => {})),
    ).rejects.toThrow(/not opened by transact/);
  });

  it('a unique value taken, a missing parent: typed 409s, never a 500', async () => {
    const other = await db()
      .selectFrom('participants')
      .select(['nik_index'])
      .where('id', '=', participantId)
      .executeTakeFirstOrThrow();
    const second = await cw.post('/api/participants', participantBody());
    const secondId = json(second).id as string;
    const dup = await caught(
      db().updateTable('participants').set({ nik_index: other.nik_index }).where('id', '=', secondId).execute(),
    );
    expect(conflictFromDb(dup)).toMatchObject({ code: 'duplicate_nik', status: 409 });
    const [a, b] = [await seedUser(env, 'caseworker', ['6372']), await seedUser(env, 'caseworker', ['6372'])];
    const taken = await caught(
      db().updateTable('users').set({ username: a.username }).where('id', '=', b.id).execute(),
    );
    expect(conflictFromDb(taken)).toMatchObject({ code: 'username_taken', status: 409 });
    const orphan = await caught(
      db()
        .insertInto('participant_assignments')
        .values({
          participant_id: randomUUID(),
          user_id: randomUUID(),
          assigned_by: 'test',
          assigned_at: new Date().toISOString(),
        })
        .execute(),
    );
    expect(conflictFromDb(orphan)).toMatchObject({ code: 'referenced_record', status: 409 });
    // Anything else stays what it is (a real fault is a 500).
    expect(conflictFromDb(new Error('disk on fire'))).toBeNull();
  });

  it('a record held for review as a possible duplicate may share her NIK; a second active record may not', async () => {
    const original = await db()
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', participantId)
      .executeTakeFirstOrThrow();
    const copy = (over: Partial<typeof original>) => ({
      ...original,
      id: randomUUID(),
      code: `T-${randomUUID().slice(0, 8)}`,
      name_dob_index: randomUUID(),
      ...over,
    });
    const held = copy({
      nik_index: null,
      held_nik_index: original.nik_index,
      held_for_review_at: new Date().toISOString(),
    });
    await db().insertInto('participants').values(held).execute();
    const active = await caught(db().insertInto('participants').values(copy({})).execute());
    expect(conflictFromDb(active)).toMatchObject({ code: 'duplicate_nik' });
    await db().deleteFrom('participants').where('id', '=', held.id).execute();
  });

  // PostgreSQL only (skipped on SQLite): SQLite runs one write transaction at a time, so two writers never deadlock.
  it.runIf(dialect === 'postgres')(
    'a transaction aborted as a deadlock victim is run again, and both writers succeed',
    async () => {
      const ids = [randomUUID(), randomUUID()] as const;
      for (const id of ids)
        await db()
          .insertInto('alerts')
          .values({
            id,
            kind: 'followup_risk',
            region_code: '6372',
            resource_type: 'test',
            resource_id: id,
            created_at: 'x',
            acknowledged_by: null,
            acknowledged_at: null,
          })
          .execute();
      let attempts = 0;
      // Each locks one row, waits until the other holds its own, then asks for the other's: one must be chosen as
      // the victim; transact runs it again once the other has committed.
      let held = 0;
      const bothHold = async () => {
        held++;
        while (held < 2) await new Promise((r) => setTimeout(r, 5));
      };
      const writer = (first: string, second: string, by: string) =>
        transact(db(), async (trx) => {
          const attempt = ++attempts;
          await trx.updateTable('alerts').set({ acknowledged_by: by }).where('id', '=', first).execute();
          if (attempt <= 2) await bothHold();
          await trx.updateTable('alerts').set({ acknowledged_by: by }).where('id', '=', second).execute();
          return by;
        });
      await sql`SET deadlock_timeout = '50ms'`.execute(db()).catch(() => {});
      const done = await Promise.all([writer(ids[0], ids[1], 'a'), writer(ids[1], ids[0], 'b')]);
      expect(done.sort()).toEqual(['a', 'b']);
      // The victim ran again (three runs at least). On a loaded machine the database has been seen to choose a
      // victim a second time (four runs, a fresh clone's CI); every run stays within the attempts transact allows.
      expect(attempts).toBeGreaterThanOrEqual(3);
      expect(attempts).toBeLessThanOrEqual(2 * TRANSACTION_ATTEMPTS);
      expect(TRANSACTION_ATTEMPTS).toBeGreaterThan(1);
    },
  );

  it('an Idempotency-Key request whose work fails leaves nothing (not even the key); its retry does the work once', async () => {
    const s = env.booted.services;
    const key = `k-${randomUUID()}`;
    const headers: Record<string, string> = { 'idempotency-key': key };
    const req = {
      id: 'req-1',
      ip: '10.0.0.1',
      headers,
      method: 'POST',
      url: `/api/participants/${participantId}/notes`,
      routeOptions: { url: '/api/participants/:id/notes' },
      body: { body: 'x' },
      auth: undefined,
      unitOfWork: null,
    } as unknown as FastifyRequest;
    const replyHeaders: Record<string, string> = {};
    const reply = {
      header: (k: string, v: string) => {
        replyHeaders[k] = v;
        return reply;
      },
      status: () => reply,
    } as unknown as FastifyReply;
    // As a route does: the repository is made inside the work, from the request (its unit of work included).
    const repo = () => systemRepo(s, 'test', 'idempotency test', requestMeta(req));
    const notes = async () =>
      (await db().selectFrom('notes').select('id').where('participant_id', '=', participantId).execute()).length;
    const keys = async () => (await db().selectFrom('idempotency_keys').select('key_hash').execute()).length;
    const before = { notes: await notes(), keys: await keys() };
    // The note is written, then the request dies before its reply is stored: the whole unit rolls back.
    const failed = await caught(
      idempotent(req, reply, s, 201, async () => {
        await repo().notes.createNote(participantId, 'GENERAL', 'Catatan percobaan');
        throw new Error('the process died after the work');
      }),
    );
    expect(String(failed)).toContain('died');
    expect({ notes: await notes(), keys: await keys() }).toEqual(before);
    const first = (await idempotent(req, reply, s, 201, () =>
      repo().notes.createNote(participantId, 'GENERAL', 'Catatan percobaan'),
    )) as { id: string };
    const again = (await idempotent(req, reply, s, 201, () =>
      repo().notes.createNote(participantId, 'GENERAL', 'Catatan percobaan'),
    )) as { id: string };
    expect(again.id).toBe(first.id);
    expect(replyHeaders['idempotent-replayed']).toBe('true');
    expect(await notes()).toBe(before.notes + 1);
    // An erasure (of anyone) forgets stored replies, which might quote her; the key stays, so a retry is told
    // it was done instead of doing it again.
    const other = json(await cw.post('/api/participants', participantBody())).id as string;
    await systemRepo(s, 'test', 'erasure').protection.erase(other, 'REQUEST');
    const retried = await caught(
      idempotent(req, reply, s, 201, () => repo().notes.createNote(participantId, 'GENERAL', 'Catatan percobaan')),
    );
    expect(retried).toMatchObject({ code: 'idempotency_reply_forgotten', status: 409 });
    expect(await notes()).toBe(before.notes + 1);
  });
});

describe('one write path in the source', () => {
  it('no versioned row is changed outside db/write.ts (no hand-written version + 1)', () => {
    const root = path.join(import.meta.dirname, '..', 'src', 'server');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (
          p.endsWith('.ts') &&
          !p.endsWith(path.join('db', 'write.ts')) &&
          !p.includes(`${path.sep}db${path.sep}migrations`)
        ) {
          fs.readFileSync(p, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              // A session's attendance version is the register's own counter, not the row's version: raised with
              // every change of the marks under the session row's lock (programmes/attendance-version.ts).
              if (/attendance_version/.test(line)) return;
              if (/version\s*\+\s*1|'version',\s*'\+'|version:\s*sql/.test(line))
                offenders.push(`${path.relative(root, p)}:${i + 1}: ${line.trim()}`);
            });
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
