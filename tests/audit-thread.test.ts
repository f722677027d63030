// SQLite commits the read audits in a worker thread with its own connection (audit/flush-thread.ts), while
// writes append their audit rows in their own transactions on the main connection. The two must interleave
// without a lost row, a broken chain or a refused request; a read must wait out a long write, not fail.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, makeEnv, seedUser, signIn, tmpDir, type Client, type TestEnv } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';

describe('audit flush thread (SQLite)', () => {
  let env: TestEnv;
  let cw: Client;
  const ids: string[] = [];
  beforeAll(async () => {
    env = await makeEnv('sqlite');
    cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    for (let i = 0; i < 4; i++) {
      const res = await cw.post('/api/participants', participantBody({}, { fullName: `Peserta Uji ${i}` }));
      expect(res.statusCode).toBe(201);
      ids.push(json(res).id);
    }
  });
  afterAll(async () => {
    await env?.close();
  });
  const auditRows = async (action: string) =>
    Number(
      (
        await env.booted.services.db.kysely
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('interleaves concurrent reads and writes: every request succeeds, every audit row is there, the chain verifies', async () => {
    const readsBefore = await auditRows('participant.read');
    const updatesBefore = await auditRows('participant.update');
    const versions = new Map<string, number>();
    for (const id of ids) versions.set(id, json(await cw.get(`/api/participants/${id}`)).version);
    const reads = 200;
    const work: Promise<number>[] = [];
    for (let i = 0; i < reads; i++)
      work.push(cw.get(`/api/participants/${ids[i % ids.length]}`).then((r) => r.statusCode));
    // One update per participant at a time (If-Match), chained, while the reads run.
    const updates = ids.map(async (id) => {
      const codes: number[] = [];
      for (let k = 0; k < 5; k++) {
        const v = versions.get(id)!;
        const res = await cw.patch(
          `/api/participants/${id}`,
          { identity: { phone: `0811 000 ${100 + k}` } },
          { 'if-match': `"${v}"` },
        );
        codes.push(res.statusCode);
        if (res.statusCode === 200) versions.set(id, json(res).version);
      }
      return codes;
    });
    const readCodes = await Promise.all(work);
    const updateCodes = (await Promise.all(updates)).flat();
    expect(new Set(readCodes)).toEqual(new Set([200]));
    expect(new Set(updateCodes)).toEqual(new Set([200]));
    expect((await auditRows('participant.read')) - readsBefore).toBe(reads + ids.length);
    expect((await auditRows('participant.update')) - updatesBefore).toBe(ids.length * 5);
    const verified = await verifyAuditChain(env.booted.services.db.kysely, env.keyRing.subkey('audit-chain'));
    expect(verified.ok).toBe(true);
    expect(verified.checked).toBe(verified.headSeq);
  });

  it('sends batches while earlier ones are still out: all are committed in the order recorded, and drain() waits for every one', async () => {
    const s = env.booted.services;
    const before = Number((await s.db.kysely.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    const n = 300; // several sends of SEND_AT rows within one turn, then the rest at the turn's end
    let resolved = 0;
    for (let i = 0; i < n; i++)
      void s.audit
        .record({ action: 'audit.read', actorId: null, actor: 'test', outcome: 'success', detail: { i } })
        .then(() => (resolved += 1));
    await s.audit.drain();
    await Promise.resolve();
    expect(resolved).toBe(n);
    const rows = await s.db.kysely
      .selectFrom('audit_log')
      .select(['seq', 'detail'])
      .where('seq', '>', before)
      .where('action', '=', 'audit.read')
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => JSON.parse(r.detail!).i)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect((await verifyAuditChain(s.db.kysely, env.keyRing.subkey('audit-chain'))).ok).toBe(true);
  });

  it('a batch that cannot be written fails only its own requests, not the batches committed with it', async () => {
    const s = env.booted.services;
    const before = Number((await s.db.kysely.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    const outcome = (p: Promise<void>) =>
      p.then(
        () => 'ok',
        () => 'failed',
      );
    // Eight rows leave at once (one batch), the rest at the end of this turn (another): the thread gets both
    // in one turn and commits them together. The second cannot be written (a detail JSON cannot hold).
    const good = Array.from({ length: 8 }, (_, i) =>
      outcome(
        s.audit.record({ action: 'audit.read', actorId: null, actor: 'test', outcome: 'success', detail: { i } }),
      ),
    );
    const bad = outcome(
      s.audit.record({
        action: 'audit.read',
        actorId: null,
        actor: 'test',
        outcome: 'success',
        detail: { n: 1n as unknown as number },
      }),
    );
    expect(await Promise.all(good)).toEqual(Array(8).fill('ok'));
    expect(await bad).toBe('failed');
    const rows = await s.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('seq', '>', before)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => JSON.parse(r.detail!).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect((await verifyAuditChain(s.db.kysely, env.keyRing.subkey('audit-chain'))).ok).toBe(true);
  });

  it('a read during a long write transaction waits for it and is audited after it, without an error', async () => {
    const db = env.booted.services.db.kysely;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const lockTaken = new Promise<void>((r) => (locked = r));
    const tx = db.transaction().execute(async (trx) => {
      await trx
        .updateTable('audit_head')
        .set((eb) => ({ seq: eb('seq', '+', 0) }))
        .where('id', '=', 1)
        .execute();
      locked();
      await held;
    });
    await lockTaken;
    let answered = false;
    const read = cw.get(`/api/participants/${ids[0]}`).then((r) => {
      answered = true;
      return r.statusCode;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(answered).toBe(false); // its audit row cannot be committed while the write lock is held
    release();
    await tx;
    expect(await read).toBe(200);
    expect((await verifyAuditChain(db, env.keyRing.subkey('audit-chain'))).ok).toBe(true);
  });

  it('a short-lived process (as the CLI is) waits for its audit rows before it ends', () => {
    const dir = tmpDir();
    const src = path.resolve('src/server');
    const script = path.join(dir, 'record.mts');
    fs.writeFileSync(
      script,
      `import { randomBytes } from 'node:crypto';
import { loadConfig } from '${src}/env.ts';
import { boot } from '${src}/boot.ts';
import { KeyRing } from '${src}/crypto/keys.ts';
import { verifyAuditChain } from '${src}/audit/verify.ts';
const ring = new KeyRing(randomBytes(32));
const b = await boot(loadConfig({ BERDAYA_DATA_DIR: '${dir}/data', LOG_LEVEL: 'silent' }), { keyRing: ring });
await Promise.all(Array.from({ length: 20 }, (_, i) => b.services.audit.record({ action: 'audit.read', actorId: null, actor: 'test', outcome: 'success', detail: { i } })));
const v = await verifyAuditChain(b.services.db.kysely, ring.subkey('audit-chain'));
await b.close();
console.log('result ' + JSON.stringify({ ok: v.ok, checked: v.checked }));
`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('result {"ok":true,"checked":20}');
    expect(run.status).toBe(0);
  });
});
