// Staff are shown by their names, not their usernames, on the case plan and on printed papers: the plan's
// responsible staff and approver, who printed a paper, and who appears in her copy's processing log. An account
// without a name falls back to its username. On every database.
import { randomBytes } from 'node:crypto';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/shared/roles.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { createUser } from '../src/server/modules/users/service.ts';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody } from './support/participants.ts';

/** A staff account with a name, made the way the CLI makes one. */
async function namedUser(env: TestEnv, role: Role, regions: string[], name: string): Promise<TestUser> {
  const username = `${role}.${randomBytes(3).toString('hex')}`;
  const password = `Sungai-Martapura-${randomBytes(4).toString('hex')}`;
  const { user, totpSecret } = await createUser(
    systemRepo(env.booted.services, 'test', 'test fixture'),
    env.built.auth,
    { username, name, role, regions, password },
    'cli',
  );
  return { id: user.id, username: user.username, password, role, regions, totpSecret };
}

async function pdfText(body: Buffer): Promise<string> {
  return (await extractText(new Uint8Array(body), { mergePages: true })).text.replace(/\s+/g, ' ');
}

describe.each(DIALECTS)('staff names on %s', (dialect) => {
  let env: TestEnv;
  let caseworker: TestUser, manager: TestUser, admin: TestUser, unnamed: TestUser;
  let cw: Client, mgr: Client;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    caseworker = await namedUser(env, 'caseworker', ['6372'], 'Siti Rahmah');
    manager = await namedUser(env, 'manager', ['63'], 'Nur Aini');
    admin = await namedUser(env, 'admin', ['63'], 'Rina Data');
    unnamed = await seedUser(env, 'caseworker', ['6372']);
    cw = await signIn(env, caseworker);
    mgr = await signIn(env, manager);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('names the case plan’s staff and who printed it', async () => {
    const pid = json(await cw.post('/api/participants', participantBody())).id as string;
    const put = await cw.request('PUT', `/api/participants/${pid}/case-plan`, {
      items: [
        {
          goal: 'Menguasai pembuatan kue basah',
          component: 'VOKASI_USAHA',
          dueDate: '2026-03-31',
          responsibleUserId: caseworker.id,
        },
        {
          goal: 'Membuka rekening tabungan',
          component: 'BANSOS',
          dueDate: '2026-04-30',
          responsibleUserId: unnamed.id,
        },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    const approved = await mgr.post(`/api/participants/${pid}/case-plan/approve`, {}, { 'if-match': '"1"' });
    expect(approved.statusCode, approved.body).toBe(200);

    const plan = json(await cw.get(`/api/participants/${pid}/case-plan`));
    expect(plan.approvedBy).toBe('Nur Aini');
    expect(plan.items.map((i: { responsible: string }) => i.responsible)).toEqual(['Siti Rahmah', unnamed.username]);

    const text = await pdfText((await cw.get(`/api/participants/${pid}/case-plan.pdf`)).rawPayload);
    expect(text).toContain('Nur Aini');
    expect(text).toContain('Siti Rahmah');
    expect(text).toContain('dicetak oleh Siti Rahmah pada');
    expect(text).toContain(unnamed.username);
    expect(text).not.toContain(caseworker.username);
    expect(text).not.toContain(manager.username);
  });

  it('names the staff in her copy’s processing log and who printed it', async () => {
    const pid = json(await cw.post('/api/participants', participantBody())).id as string;
    const adm = await signIn(env, admin);
    // Her copy is made by the administrator for a request the head of section approved.
    const request = json(await cw.post('/api/rights-requests', { participantId: pid, kind: 'ACCESS' }));
    expect((await mgr.post(`/api/rights-requests/${request.id}/decision`, { approve: true })).statusCode).toBe(200);
    const text = await pdfText(
      (await adm.post(`/api/rights-requests/${request.id}/export`, { format: 'pdf' })).rawPayload,
    );
    // She was registered by Siti Rahmah; Rina Data printed the copy.
    expect(text).toContain('Siti Rahmah');
    expect(text).toContain('dicetak oleh Rina Data pada');
    expect(text).not.toContain(caseworker.username);
    expect(text).not.toContain(admin.username);
  });
});
