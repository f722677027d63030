// Every change to a woman's record leaves a trace that names her. The sibling of audit-walk.test.ts for writes:
// this test walks every POST, PUT, PATCH and DELETE route the OpenAPI document declares, on both databases, in
// the order of one case: the office sets up a programme, registers her, assesses her, enrols her, she graduates
// and gets her business aid, is followed up, her case is closed and reopened, and at last her identity is erased.
// WALK below lists each write operation once: who calls it (as the policy allows), with which body and headers,
// and whether it reaches her; or why it holds no one's data. A call that reaches her must succeed and must have
// written, in that request, an audit event naming her (its resource is her record, or its detail carries her
// id). A write route the table does not list fails the test, so every new route gets classified here. Routes
// that reach her but do not yet name her are listed in audit-walk-writes-baseline.json, which may only shrink.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { totpCode } from '../src/server/modules/auth/totp.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { createUser } from '../src/server/modules/users/service.ts';
import { DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, Client } from './support/env.ts';
import { readyParticipant } from './support/cohort.ts';
import { jpegWithExif, multipart, participantBody, testNik } from './support/participants.ts';

const BASELINE = path.join(import.meta.dirname, 'audit-walk-writes-baseline.json');
const baseline: string[] = JSON.parse(fs.readFileSync(BASELINE, 'utf8'));

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

/** Who makes a call: the staff roles the policy allows for it, the psychologist the walk creates, or nobody. */
type Actor = 'manager' | 'caseworker' | 'elsewhere' | 'admin' | 'head' | 'psychologist' | 'anonymous';
/** A participant as the walk knows her: what would show her in an answer. */
interface Person {
  id: string;
  code: string;
  fullName: string;
}

/** The walk's state: its signed-in clients, her (once registered), the second participant, the ids it made. */
interface Walk {
  env: TestEnv;
  as: Record<Actor, Client>;
  her: Person;
  other: Person;
  ids: Record<string, string>;
  /** The ETag a GET of this URL answers with (the version an If-Match must name). */
  etag(actor: Actor, url: string): Promise<string>;
  /** A call made to get the walk where it needs to be; it must succeed, and is not itself checked. */
  must(
    actor: Actor,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** The clock moves on to this time: sessions end, so the staff sign in again. */
  later(iso: string): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read ad hoc, as json() returns them
type Answer = any;

interface Step {
  /** The operation as the OpenAPI document names it: "METHOD /path/{param}". */
  op: string;
  as: Actor;
  /**
   * Whose record the call reaches: her, or the second participant (for a change that would end her part in
   * the walk, such as withdrawing her from the cohort she is to graduate from).
   */
  touches?: 'her' | 'other';
  /** Why the operation holds no participant's data (then the call must not show anyone in its answer either). */
  none?: string;
  /** Not called, and why (only for operations that hold no one's data). */
  skip?: string;
  /**
   * For an operation that holds no one's data: the audit actions its request must write, exactly (an empty list:
   * none, and `none` says why). Unchecked when not given.
   */
  audits?: string[];
  /** The refusal this call is expected to get, and why; any other status fails the walk. */
  refused?: { status: number; why: string };
  /** Values of the path's {params}; {id} of /api/participants/{id}… defaults to the person it touches. */
  params?: (w: Walk) => Record<string, string>;
  body?: (w: Walk) => unknown;
  /** A multipart body instead of JSON. */
  upload?: (w: Walk) => { payload: Buffer; contentType: string };
  headers?: (w: Walk) => Promise<Record<string, string>>;
  prepare?: (w: Walk) => Promise<void>;
  /** Keeps what later steps need from a successful answer. */
  after?: (w: Walk, answer: Answer) => void;
}

/** A multipart body with one file and no other field (receipts, import files). */
function fileOnly(name: string, data: Buffer) {
  const boundary = '----berdayawalk';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

const PDF = (what: string) => Buffer.from(`%PDF-1.4\n% ${what}\n`);
const consent = (purpose: string) => ({
  purpose,
  method: 'SIGNED_FORM',
  explainedBy: 'Pendamping Rina',
  language: 'id',
  givenAt: '2019-02-20',
});
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const IMPORT_CSV = () =>
  [
    'regionCode,category,fullName,nik,birthDate,sex,consentParticipation,consentDataProcessing,consentExplainedBy',
    `6372,PEREMPUAN_RENTAN,Aminah Daftar,${testNik('1990-01-02')},1990-01-02,F,2019-02-01,2019-02-01,Rina`,
    `6372,PEREMPUAN_RENTAN,Bainah Daftar,${testNik('1991-02-03')},1991-02-03,F,2019-02-01,2019-02-01,Rina`,
  ].join('\n');
const PSYCHOLOGIST = { username: 'psikolog.walk', password: 'Kayuh-Baimbai-Banjarbaru', next: 'Jukung-Pasar-Terapung' };

/**
 * The walk, in order. Steps that reach her come after her registration; closing her case comes near the end and
 * the erasure of her identity last; signing everybody out ends the walk.
 */
const WALK: Step[] = [
  // ---- accounts, sign-in and first-run setup: staff, never a participant
  {
    op: 'POST /api/users',
    as: 'admin',
    none: 'creates a staff account',
    body: () => ({
      username: PSYCHOLOGIST.username,
      role: 'psychologist',
      regions: ['6372'],
      password: PSYCHOLOGIST.password,
    }),
    after: (w, a) => {
      w.ids.psychologist = a.id;
    },
  },
  {
    op: 'PATCH /api/users/{id}',
    as: 'admin',
    none: 'changes a staff account',
    params: (w) => ({ id: w.ids.psychologist! }),
    headers: async (w) => ({ 'if-match': await w.etag('admin', `/api/users/${w.ids.psychologist}`) }),
    body: () => ({ name: 'Psikolog Pendamping' }),
  },
  {
    // The psychologist reads cases: made by the administrator, she waits for a second person (the walk's head of
    // section, province-wide) before she can sign in.
    op: 'POST /api/account-requests/{id}/decision',
    as: 'manager',
    none: 'approves a staff account that may read cases',
    prepare: async (w) => {
      const u = json(await w.must('admin', 'GET', `/api/users/${w.ids.psychologist}`));
      w.ids.psychologistRequest = u.approval.requestId;
      w.ids.psychologistRequestVersion = String(u.approval.version);
    },
    params: (w) => ({ id: w.ids.psychologistRequest! }),
    headers: async (w) => ({ 'if-match': `"${w.ids.psychologistRequestVersion}"` }),
    body: () => ({ approve: true }),
  },
  {
    op: 'POST /api/account-requests/{id}/withdraw',
    as: 'admin',
    none: 'takes back a waiting request for a staff account',
    prepare: async (w) => {
      const made = await w.must('admin', 'POST', '/api/users', {
        username: 'pendamping.ditarik',
        role: 'caseworker',
        regions: ['6372'],
        password: 'Permintaan-ditarik-kembali',
      });
      w.ids.withdrawnRequest = json(made).approval.requestId;
    },
    params: (w) => ({ id: w.ids.withdrawnRequest! }),
    headers: async () => ({ 'if-match': '"1"' }),
  },
  {
    op: 'POST /api/account-notices/{id}/acknowledge',
    as: 'admin',
    none: 'marks an account made on the server console as seen',
    prepare: async (w) => {
      await createUser(
        systemRepo(w.env.booted.services, 'console', 'operator on the server creates an account'),
        w.env.built.auth,
        { username: 'kasi.konsol', role: 'manager', regions: ['6372'], password: 'Dibuat-di-konsol-server-1' },
        'console',
      );
      const notices = json(await w.must('admin', 'GET', '/api/account-notices')).items;
      w.ids.notice = notices.find((n: { account: { username: string } }) => n.account.username === 'kasi.konsol').id;
    },
    params: (w) => ({ id: w.ids.notice! }),
  },
  {
    op: 'POST /api/auth/login',
    as: 'psychologist',
    none: 'a staff sign-in',
    body: () => ({ username: PSYCHOLOGIST.username, password: PSYCHOLOGIST.password }),
  },
  {
    op: 'POST /api/auth/password',
    as: 'psychologist',
    none: 'a staff member changes her own password',
    body: () => ({ currentPassword: PSYCHOLOGIST.password, newPassword: PSYCHOLOGIST.next }),
  },
  {
    op: 'POST /api/auth/mfa/enrol',
    as: 'psychologist',
    none: 'a staff member starts two-factor enrolment',
    after: (w, a) => {
      w.ids.mfaSecret = a.secret;
    },
  },
  {
    op: 'POST /api/auth/mfa/confirm',
    as: 'psychologist',
    none: 'a staff member finishes two-factor enrolment',
    prepare: async (w) => {
      w.env.clock.advance(30_000);
    },
    body: (w) => ({ totp: totpCode(w.ids.mfaSecret!, w.env.clock.now()) }),
  },
  {
    op: 'POST /api/auth/logout',
    as: 'psychologist',
    none: 'a staff sign-out',
  },
  {
    op: 'POST /api/setup/mfa',
    as: 'anonymous',
    none: 'first-run setup of the first administrator',
    refused: { status: 410, why: 'setup is over once an account exists' },
    body: () => ({ token: 'setup-token-that-was-never-issued' }),
  },
  {
    op: 'POST /api/setup',
    as: 'anonymous',
    none: 'first-run setup of the first administrator',
    refused: { status: 410, why: 'setup is over once an account exists' },
    body: () => ({
      token: 'setup-token-that-was-never-issued',
      username: 'admin.kedua',
      password: 'Sungai-Barito-Kuala-Kapuas',
      totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DP',
      totp: '123456',
    }),
  },

  // ---- field mode: her phone, registered, given its key, heard from, revoked by her head of section, erased
  {
    op: 'POST /api/field/devices',
    as: 'caseworker',
    none: 'registers a phone of hers for field mode: a label and a token, staff only',
    audits: ['device.registered'],
    body: () => ({ label: 'HP Samsung A14' }),
    after: (w, a) => {
      w.ids.device = a.device.id;
      w.ids.deviceToken = a.token;
    },
  },
  {
    op: 'POST /api/field/devices/{id}/key',
    as: 'caseworker',
    none: "the server's key for her own device, after a sign-in",
    audits: ['device.key_released'],
    params: (w) => ({ id: w.ids.device! }),
  },
  {
    // The device's heartbeat: when it was last heard of, how many writes wait, its open conflicts' kinds and ages
    // (never their content). It decides nothing and reads no one's record, so it writes no audit event; the head
    // of section sees its conflicts in her work queue.
    op: 'POST /api/field/devices/{id}/contact',
    as: 'anonymous',
    none: "a device's contact with its own token: counts and conflict kinds, no one's data; no audit by design",
    audits: [],
    params: (w) => ({ id: w.ids.device! }),
    headers: async (w) => ({ 'x-field-token': w.ids.deviceToken! }),
    body: () => ({
      deviceTime: '2019-02-20T01:59:00.000Z',
      waiting: 1,
      conflicts: [{ id: '0b6f2a52-8d4e-4c1a-9d0e-2f3c4b5a6d7e', kind: 'visit', openedAt: '2019-02-19T01:00:00.000Z' }],
    }),
  },
  {
    op: 'POST /api/field/devices/{id}/revoke',
    as: 'manager',
    none: "the head of section revokes a staff member's phone",
    audits: ['device.revoked'],
    params: (w) => ({ id: w.ids.device! }),
    headers: async () => ({ 'if-match': '"1"' }),
    body: () => ({}),
  },
  {
    op: 'POST /api/field/devices/{id}/erased',
    as: 'anonymous',
    none: 'a device reports with its own token that it erased its cache',
    audits: ['device.cache_erased'],
    params: (w) => ({ id: w.ids.device! }),
    headers: async (w) => ({ 'x-field-token': w.ids.deviceToken! }),
    body: () => ({ reason: 'revoked', deviceTime: '2019-02-20T02:01:00.000Z' }),
  },

  // ---- the programme and what it needs: money, places, kits, partners
  {
    op: 'POST /api/programmes',
    as: 'manager',
    none: 'a programme: a plan and a budget',
    body: () => ({ name: 'Pembinaan 2019', year: 2019, budgetCeiling: 100_000_000, targetParticipants: 10 }),
    after: (w, a) => {
      w.ids.programme = a.id;
    },
  },
  {
    op: 'PATCH /api/programmes/{id}',
    as: 'manager',
    none: 'a programme: a plan and a budget',
    params: (w) => ({ id: w.ids.programme! }),
    headers: async (w) => ({ 'if-match': await w.etag('manager', `/api/programmes/${w.ids.programme}`) }),
    body: () => ({ purpose: 'Keterampilan usaha dan pendampingan bagi perempuan rentan' }),
  },
  {
    op: 'PUT /api/programmes/{id}/stage-rules',
    as: 'manager',
    none: 'which stage an event of the work enters in a programme',
    params: (w) => ({ id: w.ids.programme! }),
    body: () => ({ rules: [] }),
  },
  {
    op: 'POST /api/programmes/{id}/budget-lines',
    as: 'manager',
    none: 'a budget line: an amount of money',
    params: (w) => ({ id: w.ids.programme! }),
    body: () => ({ kind: 'MATERIALS', description: 'Bahan praktik tata boga', planned: 4_500_000 }),
    after: (w, a) => {
      w.ids.budgetLine = a.id;
    },
  },
  {
    op: 'POST /api/budget-lines/{id}/decision',
    as: 'head',
    none: "a budget line's approval: an amount of money",
    params: (w) => ({ id: w.ids.budgetLine! }),
    body: () => ({ decision: 'APPROVED' }),
  },
  {
    op: 'PUT /api/approval-settings/{kind}',
    as: 'admin',
    none: 'which role approves a kind of decision',
    params: () => ({ kind: 'budget' }),
    headers: async () => ({ 'if-match': '"1"' }),
    body: () => ({ role: 'head_of_division' }),
  },
  {
    op: 'POST /api/delegations',
    as: 'head',
    none: 'who acts for an approver: staff accounts only',
    body: (w) => ({
      delegatorId: w.ids.head,
      delegateId: w.ids.manager,
      type: 'PLH',
      startsOn: '2019-02-21',
      endsOn: '2019-02-22',
      letterNumber: '800/012/Dinsos/2019',
    }),
    after: (w, a) => {
      w.ids.delegation = a.id;
    },
  },
  {
    op: 'POST /api/delegations/{id}/revoke',
    as: 'head',
    none: 'the end of a delegation',
    params: (w) => ({ id: w.ids.delegation! }),
  },
  {
    op: 'POST /api/venues',
    as: 'manager',
    none: 'a venue and its rent',
    body: () => ({
      name: 'Rumah Singgah Loktabat',
      address: 'Jl. Loktabat Utara',
      regionCode: '6372',
      ownerName: 'H. Abdullah',
      capacity: 12,
      rentPerMonth: 3_000_000,
      contractStart: '2019-03-01',
      contractEnd: '2019-12-31',
    }),
    after: (w, a) => {
      w.ids.venue = a.id;
    },
  },
  {
    op: 'PATCH /api/venues/{id}',
    as: 'manager',
    none: 'a venue and its rent',
    params: (w) => ({ id: w.ids.venue! }),
    headers: async (w) => ({ 'if-match': await w.etag('manager', `/api/venues/${w.ids.venue}`) }),
    body: () => ({ facilities: ['dapur', 'oven'] }),
  },
  {
    op: 'POST /api/venues/{id}/payments',
    as: 'manager',
    none: 'a rent payment',
    params: (w) => ({ id: w.ids.venue! }),
    body: () => ({ amount: 3_000_000, paidAt: '2019-02-20' }),
    after: (w, a) => {
      w.ids.payment = a.payments[0].id;
    },
  },
  {
    op: 'POST /api/venues/{id}/payments/{paymentId}/receipt',
    as: 'manager',
    none: 'the receipt of a rent payment',
    params: (w) => ({ id: w.ids.venue!, paymentId: w.ids.payment! }),
    upload: () => fileOnly('kuitansi.pdf', PDF('kuitansi sewa')),
  },
  {
    op: 'POST /api/venues/{id}/contract',
    as: 'manager',
    none: 'the rent contract of a venue (it names the owner)',
    params: (w) => ({ id: w.ids.venue! }),
    upload: () => fileOnly('kontrak.pdf', PDF('perjanjian sewa')),
  },
  {
    op: 'POST /api/kits',
    as: 'manager',
    none: 'a kit holds no one’s data',
    body: () => ({
      trade: 'TATA_BOGA',
      name: 'Paket usaha kue',
      items: [{ name: 'Oven gas', quantity: 1, unit: 'unit', unitPrice: 1_750_000 }],
    }),
    after: (w, a) => {
      w.ids.kit = a.id;
    },
  },
  {
    op: 'PATCH /api/kits/{id}',
    as: 'manager',
    none: 'a kit holds no one’s data',
    params: (w) => ({ id: w.ids.kit! }),
    headers: async (w) => ({ 'if-match': await w.etag('manager', `/api/kits/${w.ids.kit}`) }),
    body: () => ({ name: 'Paket usaha kue dan roti' }),
  },
  {
    op: 'POST /api/partners',
    as: 'manager',
    none: 'a partner organisation',
    body: () => ({ name: 'Puskesmas Guntung Payung', kind: 'PUSKESMAS', regionCode: '6372' }),
    after: (w, a) => {
      w.ids.partner = a.id;
    },
  },
  {
    op: 'PATCH /api/partners/{id}',
    as: 'manager',
    none: 'a partner organisation',
    params: (w) => ({ id: w.ids.partner! }),
    headers: async (w) => ({ 'if-match': await w.etag('manager', `/api/partners/${w.ids.partner}`) }),
    body: () => ({ address: 'Jl. Guntung Payung, Landasan Ulin' }),
  },
  {
    op: 'POST /api/outreach',
    as: 'caseworker',
    none: 'an outreach contact holds no name, NIK or address',
    body: () => ({
      placeKind: 'JALAN',
      channel: 'JANGKAUAN_JALANAN',
      interestLevel: 'LOW',
      outcome: 'NOT_NOW',
      contactDate: '2019-02-18',
      regionCode: '6372',
    }),
    after: (w, a) => {
      w.ids.outreach = a.id;
    },
  },
  {
    op: 'PATCH /api/outreach/{id}',
    as: 'caseworker',
    none: 'an outreach contact holds no name, NIK or address',
    params: (w) => ({ id: w.ids.outreach! }),
    headers: async (w) => ({ 'if-match': await w.etag('caseworker', `/api/outreach/${w.ids.outreach}`) }),
    body: () => ({ interestLevel: 'MEDIUM' }),
  },
  // ---- her registration and her case
  {
    op: 'POST /api/participants',
    as: 'caseworker',
    touches: 'her',
    body: (w) => {
      const b = participantBody(
        {
          consents: ['PARTICIPATION', 'DATA_PROCESSING', 'FOLLOW_UP_CONTACT', 'SHARING_HEALTH'].map((p) => consent(p)),
        },
        { birthDate: '1994-01-10' },
      );
      w.her.fullName = b.identity.fullName;
      w.ids.herNik = b.identity.nik;
      return b;
    },
    after: (w, a) => {
      w.her.id = a.id;
      w.her.code = a.code;
    },
  },
  {
    op: 'POST /api/participants/search',
    as: 'manager',
    touches: 'her',
    body: (w) => ({ q: w.her.code }),
  },
  {
    op: 'POST /api/duplicate-reviews/{id}/decision',
    as: 'manager',
    touches: 'her',
    prepare: async (w) => {
      // Her NIK registered in another region: answered as a new registration there, held for review here.
      const held = await w.must(
        'elsewhere',
        'POST',
        '/api/participants',
        participantBody({ regionCode: '6371' }, { nik: w.ids.herNik, birthDate: '1994-01-10' }),
      );
      w.ids.duplicateReview = (
        await w.env.booted.services.db.kysely
          .selectFrom('duplicate_reviews')
          .select('id')
          .where('held_participant_id', '=', JSON.parse(held.body).id)
          .executeTakeFirstOrThrow()
      ).id;
    },
    params: (w) => ({ id: w.ids.duplicateReview! }),
    body: () => ({ decision: 'DIFFERENT', reason: 'NIK salah ketik pada KTP lama; dua orang yang berbeda.' }),
  },
  {
    op: 'PATCH /api/participants/{id}',
    as: 'manager',
    touches: 'her',
    headers: async (w) => ({ 'if-match': await w.etag('manager', `/api/participants/${w.her.id}`) }),
    body: () => ({ identity: { phone: '0813 5000 7788' } }),
  },
  { op: 'POST /api/participants/{id}/reveal-nik', as: 'manager', touches: 'her' },
  {
    op: 'POST /api/participants/{id}/assignments',
    as: 'manager',
    touches: 'her',
    body: (w) => ({ userId: w.ids.psychologist }),
  },
  {
    op: 'DELETE /api/participants/{id}/assignments/{userId}',
    as: 'manager',
    touches: 'her',
    // The caseworker who registered her is taken off her case, then asks to come back (the next two steps).
    params: (w) => ({ id: w.her.id, userId: w.ids.caseworker! }),
  },
  {
    op: 'POST /api/participants/{id}/assignment-requests',
    as: 'caseworker',
    touches: 'her',
    body: () => ({ reason: 'Saya pendamping kasusnya sejak awal' }),
    after: (w, a) => {
      w.ids.assignmentRequest = a.id;
    },
  },
  {
    op: 'POST /api/assignment-requests/{id}/decision',
    as: 'manager',
    touches: 'her',
    params: (w) => ({ id: w.ids.assignmentRequest! }),
    body: () => ({ approve: true }),
  },
  {
    op: 'POST /api/participants/{id}/consents',
    as: 'caseworker',
    touches: 'her',
    // Her photo consent: the handover photo later needs it.
    body: () => consent('PHOTO'),
  },
  {
    op: 'POST /api/participants/{id}/notes',
    as: 'manager',
    touches: 'her',
    body: () => ({ type: 'HOME_VISIT', body: 'Kunjungan rumah: tinggal bersama ibunya.' }),
    after: (w, a) => {
      w.ids.note = a.id;
    },
  },
  {
    op: 'PATCH /api/participants/{id}/notes/{noteId}',
    as: 'manager',
    touches: 'her',
    params: (w) => ({ id: w.her.id, noteId: w.ids.note! }),
    headers: async (w) => ({
      'if-match': await w.etag('manager', `/api/participants/${w.her.id}/notes/${w.ids.note}`),
    }),
    body: () => ({ body: 'Kunjungan rumah: tinggal bersama ibu dan adiknya.' }),
  },
  {
    op: 'POST /api/participants/{id}/attachments',
    as: 'caseworker',
    touches: 'her',
    upload: () => multipart('DOCUMENT', 'surat-keterangan.pdf', PDF('surat keterangan domisili')),
  },
  {
    op: 'POST /api/participants/{id}/assessments',
    as: 'caseworker',
    touches: 'her',
    body: () => ({
      answers: {
        living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'YES' },
        health: { hasAccess: 'YES', bpjs: 'YES', testing: 'NOT_DISCUSSED' },
        economy: { monthlyIncome: 500_000, debts: 0, dependants: 1 },
        education: { level: 'SD', skills: [], desiredTrade: 'Kue' },
        srq20: Array(20).fill(false),
        trafficking: {},
        safety: { risks: ['NONE'] },
      },
      confirmedRisk: 'LOW',
    }),
    after: (w, a) => {
      w.ids.assessment = String(a.assessment.version);
    },
  },
  {
    op: 'POST /api/participants/{id}/assessments/{version}/review',
    as: 'manager',
    touches: 'her',
    params: (w) => ({ id: w.her.id, version: w.ids.assessment! }),
  },
  {
    op: 'POST /api/participants/{id}/transitions',
    as: 'caseworker',
    touches: 'her',
    // The reviewed assessment moved her to ASESMEN by itself; the caseworker moves on to planning by hand.
    body: () => ({ to: 'RENCANA_INTERVENSI', reason: 'Asesmen selesai; menyusun rencana' }),
  },
  {
    op: 'PUT /api/participants/{id}/case-plan',
    as: 'caseworker',
    touches: 'her',
    body: () => ({ items: [{ goal: 'Tata boga', component: 'VOKASI_USAHA', dueDate: '2019-03-31' }] }),
  },
  { op: 'POST /api/participants/{id}/case-plan/approve', as: 'manager', touches: 'her' },
  {
    op: 'POST /api/participants/{id}/referrals',
    as: 'caseworker',
    touches: 'her',
    body: (w) => ({
      partnerId: w.ids.partner,
      reason: 'Pemeriksaan kesehatan dan tes sukarela',
      shared: ['NAME', 'BIRTH_DATE'],
      sentAt: '2019-02-21',
    }),
    after: (w, a) => {
      w.ids.referral = a.id;
    },
  },
  {
    op: 'PATCH /api/referrals/{id}',
    as: 'caseworker',
    touches: 'her',
    params: (w) => ({ id: w.ids.referral! }),
    headers: async () => ifMatch(1),
    body: () => ({ status: 'ACCEPTED', statusDate: '2019-02-22' }),
  },

  // ---- office work while she is registered: its answers must not show her
  {
    op: 'PUT /api/reports/annual/narrative',
    as: 'manager',
    none: 'the prose of a year’s report',
    body: () => ({ year: 2019, text: 'Pembinaan berjalan sesuai rencana.' }),
  },
  // An import of other people's list: each person it registers has her own participant.create event.
  {
    op: 'POST /api/imports/preview',
    as: 'caseworker',
    none: 'reads the column headers of a file; stores nothing',
    upload: () => fileOnly('daftar.csv', Buffer.from(IMPORT_CSV())),
  },
  {
    op: 'POST /api/import-mappings',
    as: 'caseworker',
    none: 'a column mapping: header names only',
    body: () => ({ name: 'Daftar Dinsos Banjarbaru', mapping: { fullName: 'Nama lengkap' } }),
    after: (w, a) => {
      w.ids.mapping = a.id;
    },
  },
  {
    op: 'DELETE /api/import-mappings/{id}',
    as: 'caseworker',
    none: 'a column mapping: header names only',
    params: (w) => ({ id: w.ids.mapping! }),
  },
  {
    op: 'POST /api/imports',
    as: 'caseworker',
    none: 'checks a file of other people; registers no one',
    upload: () => fileOnly('daftar.csv', Buffer.from(IMPORT_CSV())),
    after: (w, a) => {
      w.ids.import = a.id;
    },
  },
  {
    op: 'POST /api/imports/{id}/commit',
    as: 'caseworker',
    none: 'registers the people of a file (each one named by her own participant.create event), never her',
    params: (w) => ({ id: w.ids.import! }),
  },

  // ---- her cohort: enrolment, sessions, attendance, graduation
  {
    op: 'POST /api/cohorts',
    as: 'manager',
    none: 'a cohort with no one in it yet',
    body: (w) => ({ programmeId: w.ids.programme, regionCode: '6372', startDate: '2019-03-01', tracks: ['TATA_BOGA'] }),
    after: (w, a) => {
      w.ids.cohort = a.id;
    },
  },
  {
    op: 'POST /api/cohorts/{id}/enrollments',
    as: 'caseworker',
    touches: 'her',
    params: (w) => ({ id: w.ids.cohort! }),
    body: (w) => ({ participantId: w.her.id, track: 'TATA_BOGA' }),
  },
  {
    // The second participant enrols (in a group of one, through the bulk route) and withdraws: withdrawing her
    // would end her own story here.
    op: 'POST /api/cohorts/{id}/enrollments/bulk',
    as: 'caseworker',
    touches: 'other',
    params: (w) => ({ id: w.ids.cohort! }),
    body: (w) => ({ participantIds: [w.other.id] }),
    after: (w, a) => {
      w.ids.otherEnrollment = a.items[0].id;
    },
  },
  {
    op: 'PATCH /api/enrollments/{id}',
    as: 'caseworker',
    touches: 'other',
    params: (w) => ({ id: w.ids.otherEnrollment! }),
    headers: async () => ifMatch(1),
    body: () => ({ status: 'WITHDRAWN', reason: 'Pindah domisili ke luar provinsi' }),
  },
  {
    // The second participant, withdrawn, moves to Banjarmasin: her case is transferred and accepted there.
    op: 'POST /api/participants/{id}/transfers',
    as: 'manager',
    touches: 'other',
    body: (w) => ({ toUserId: w.ids.elsewhere!, reason: 'Pindah domisili ke Banjarmasin' }),
    after: (w, a) => {
      w.ids.transfer = a.id;
    },
  },
  {
    op: 'POST /api/transfers/{id}/answer',
    as: 'elsewhere',
    touches: 'other',
    params: (w) => ({ id: w.ids.transfer! }),
    body: () => ({ accept: true }),
  },
  {
    // Asked to move her on to another province, then withdrawn by the sending head of section (declined).
    op: 'POST /api/participants/{id}/province-transfers',
    as: 'manager',
    touches: 'other',
    body: () => ({ toRegion: '6471', reason: 'Mungkin pindah ke Balikpapan' }),
    after: (w, a) => {
      w.ids.provinceTransfer = a.id;
    },
  },
  {
    op: 'POST /api/province-transfers/{id}/answer',
    as: 'manager',
    touches: 'other',
    params: (w) => ({ id: w.ids.provinceTransfer! }),
    body: () => ({ accept: false }),
  },
  {
    op: 'PATCH /api/cohorts/{id}',
    as: 'manager',
    none: 'a cohort’s name, dates and place',
    params: (w) => ({ id: w.ids.cohort! }),
    headers: async (w) => ({ 'if-match': await w.etag('manager', `/api/cohorts/${w.ids.cohort}`) }),
    body: () => ({ name: 'Tata Boga Banjarbaru Maret 2019' }),
  },
  {
    op: 'POST /api/cohorts/{id}/sessions',
    as: 'manager',
    none: 'a session of the schedule',
    params: (w) => ({ id: w.ids.cohort! }),
    body: () => ({ type: 'HEALTH_EDUCATION', date: '2019-03-02', startTime: '09:00', endTime: '11:00' }),
    after: (w, a) => {
      w.ids.extraSession = a.id;
    },
  },
  {
    op: 'PATCH /api/sessions/{id}',
    as: 'manager',
    none: 'a session of the schedule',
    params: (w) => ({ id: w.ids.extraSession! }),
    headers: async (w) => ({ 'if-match': await w.etag('manager', `/api/sessions/${w.ids.extraSession}`) }),
    body: () => ({ cancelled: true }),
  },
  {
    op: 'POST /api/cohorts/{id}/sessions/bulk',
    as: 'manager',
    none: 'sessions of the schedule, cancelled with a reason',
    prepare: async (w) => {
      const a = await w.must('manager', 'POST', `/api/cohorts/${w.ids.cohort}/sessions`, {
        type: 'HEALTH_EDUCATION',
        date: '2019-03-04',
        startTime: '09:00',
        endTime: '11:00',
      });
      w.ids.bulkSession = JSON.parse(a.body).id;
    },
    params: (w) => ({ id: w.ids.cohort! }),
    body: (w) => ({ action: 'cancel', sessions: [{ id: w.ids.bulkSession, version: 1 }], reason: 'Pemateri sakit' }),
  },
  {
    op: 'POST /api/cohorts/{id}/sessions/generate',
    as: 'manager',
    none: 'sessions of the schedule',
    params: (w) => ({ id: w.ids.cohort! }),
    body: () => ({ type: 'TRADE_SKILL', weekdays: [5], startTime: '08:00', endTime: '11:00', holidays: 'skip' }),
    after: (w, a) => {
      w.ids.sessions = a.items.map((s: { id: string }) => s.id).join(',');
    },
  },
  {
    op: 'PUT /api/sessions/{id}/attendance',
    as: 'manager',
    touches: 'her',
    prepare: async (w) => {
      // The end of March: every session has been held; she was at all of them.
      await w.later('2019-03-31T03:00:00Z');
      for (const s of w.ids.sessions!.split(',').slice(1))
        await w.must('manager', 'PUT', `/api/sessions/${s}/attendance`, [
          { participantId: w.her.id, status: 'PRESENT' },
        ]);
    },
    params: (w) => ({ id: w.ids.sessions!.split(',')[0]! }),
    body: (w) => [{ participantId: w.her.id, status: 'PRESENT' }],
  },
  {
    // Her first Friday, locked since: its facilitator (the caseworker, from now on) asks for her mark to be corrected.
    op: 'POST /api/sessions/{id}/attendance-corrections',
    as: 'caseworker',
    touches: 'her',
    prepare: async (w) => {
      const s = w.ids.sessions!.split(',')[0]!;
      await w.must(
        'manager',
        'PATCH',
        `/api/sessions/${s}`,
        { facilitatorId: w.ids.caseworker },
        { 'if-match': await w.etag('manager', `/api/sessions/${s}`) },
      );
    },
    params: (w) => ({ id: w.ids.sessions!.split(',')[0]! }),
    body: (w) => ({ participantId: w.her.id, status: 'LATE', reason: 'Datang pukul 09.30 menurut daftar hadir' }),
    after: (w, a) => {
      w.ids.correction = a.id;
    },
  },
  {
    op: 'POST /api/attendance-corrections/{id}/decision',
    as: 'manager',
    touches: 'her',
    params: (w) => ({ id: w.ids.correction! }),
    body: () => ({ approve: true }),
  },
  {
    // The whole session's corrections in one request (here hers alone), decided in one decision.
    op: 'POST /api/sessions/{id}/attendance-correction-batches',
    as: 'caseworker',
    touches: 'her',
    params: (w) => ({ id: w.ids.sessions!.split(',')[0]! }),
    body: (w) => ({
      items: [{ participantId: w.her.id, status: 'PRESENT' }],
      reason: 'Jam datang pada daftar hadir kertas salah dibaca',
    }),
    after: (w, a) => {
      w.ids.correctionBatch = a.id;
    },
  },
  {
    op: 'POST /api/attendance-correction-batches/{id}/decision',
    as: 'manager',
    touches: 'her',
    params: (w) => ({ id: w.ids.correctionBatch! }),
    body: () => ({ approve: true }),
  },
  {
    // Absent from the last two sessions, the rule fails her; the head of section grants her an exception.
    op: 'POST /api/enrollments/{id}/graduation-exception',
    as: 'manager',
    touches: 'her',
    prepare: async (w) => {
      for (const s of w.ids.sessions!.split(',').slice(-2))
        await w.must('manager', 'PUT', `/api/sessions/${s}/attendance`, [
          { participantId: w.her.id, status: 'ABSENT' },
        ]);
      const evaluated = json(await w.must('manager', 'POST', `/api/cohorts/${w.ids.cohort}/graduate`));
      w.ids.herEnrolment = evaluated.items.find((e: { participantId: string }) => e.participantId === w.her.id).id;
    },
    params: (w) => ({ id: w.ids.herEnrolment! }),
    body: () => ({ reason: 'Sakit pada sesi terakhir; surat keterangan dokter ada di berkasnya.' }),
    after: (w, a) => {
      w.ids.exception = a.id;
    },
  },
  {
    op: 'POST /api/graduation-exceptions/{id}/decision',
    as: 'head',
    touches: 'her',
    params: (w) => ({ id: w.ids.exception! }),
    body: () => ({ approve: true }),
  },
  {
    op: 'PUT /api/sessions/{id}/report',
    as: 'manager',
    none: 'whether a session’s partner came and its short report, never a participant’s data',
    params: (w) => ({ id: w.ids.sessions!.split(',')[0]! }),
    headers: async (w) => ({
      'if-match': await w.etag('manager', `/api/sessions/${w.ids.sessions!.split(',')[0]}`),
    }),
    body: () => ({ partnerAttended: null, report: 'Praktik membuat kue bolu; semua alat tersedia.' }),
  },
  {
    op: 'POST /api/cohorts/{id}/graduate',
    as: 'manager',
    touches: 'her',
    params: (w) => ({ id: w.ids.cohort! }),
  },
  {
    op: 'POST /api/cohorts/{id}/graduate/confirm',
    as: 'manager',
    touches: 'her',
    params: (w) => ({ id: w.ids.cohort! }),
  },
  {
    // Reopened the same day (nothing hangs off it yet), then evaluated and confirmed again before her aid.
    op: 'POST /api/cohorts/{id}/graduate/reopen',
    as: 'manager',
    touches: 'her',
    params: (w) => ({ id: w.ids.cohort! }),
    body: () => ({ reason: 'Daftar hadir sesi terakhir diperiksa ulang' }),
  },

  // ---- her business aid
  {
    op: 'POST /api/cohorts/{id}/allocations',
    as: 'caseworker',
    touches: 'her',
    prepare: async (w) => {
      await w.must('manager', 'POST', `/api/cohorts/${w.ids.cohort}/graduate`);
      await w.must('manager', 'POST', `/api/cohorts/${w.ids.cohort}/graduate/confirm`);
    },
    params: (w) => ({ id: w.ids.cohort! }),
    body: () => ({}),
    after: (w, a) => {
      w.ids.allocation = a.items.find((x: { participantId: string }) => x.participantId === w.her.id).id;
    },
  },
  {
    op: 'POST /api/allocations/{id}/approve',
    as: 'head',
    touches: 'her',
    params: (w) => ({ id: w.ids.allocation! }),
  },
  {
    op: 'POST /api/allocations/{id}/procurement',
    as: 'caseworker',
    touches: 'her',
    params: (w) => ({ id: w.ids.allocation! }),
    body: () => ({ items: [{ index: 0, status: 'READY' }] }),
  },
  {
    op: 'POST /api/allocations/{id}/procurement-exception',
    as: 'head',
    touches: 'her',
    params: (w) => ({ id: w.ids.allocation! }),
    body: () => ({ reason: 'Bahan kue dibeli kelompok usaha; nota menyusul' }),
  },
  {
    // The beneficiary decision (SK) names her before the handover.
    op: 'POST /api/cohorts/{id}/aid-decrees',
    as: 'head',
    touches: 'her',
    params: (w) => ({ id: w.ids.cohort! }),
    body: () => ({
      number: '460/007/RS-PTPPO/2019',
      date: '2019-03-30',
      signatoryTitle: 'Kepala Bidang Rehabilitasi Sosial',
    }),
  },
  {
    op: 'POST /api/allocations/{id}/handover',
    as: 'caseworker',
    touches: 'her',
    params: (w) => ({ id: w.ids.allocation! }),
    body: (w) => ({
      date: '2019-03-31',
      place: 'Aula Dinas Sosial Provinsi',
      handedOverBy: 'Drs. Ahmad Fauzi',
      receivedBy: w.her.fullName,
      serials: [{ index: 0, serial: 'OVN-2019-0001' }],
      business: { kind: 'KUE_ROTI', regionCode: '6372', startDate: '2019-04-10' },
    }),
  },
  {
    op: 'POST /api/allocations/{id}/item-events',
    as: 'caseworker',
    touches: 'her',
    params: (w) => ({ id: w.ids.allocation! }),
    body: () => ({ index: 0, kind: 'RETURNED', date: '2019-03-31', note: 'Oven rusak, ditukar' }),
  },
  {
    op: 'POST /api/allocations/{id}/signed-scan',
    as: 'caseworker',
    touches: 'her',
    params: (w) => ({ id: w.ids.allocation! }),
    upload: () => fileOnly('bast.pdf', PDF('BAST bertanda tangan')),
  },
  {
    op: 'POST /api/allocations/{id}/photo',
    as: 'caseworker',
    touches: 'her',
    params: (w) => ({ id: w.ids.allocation! }),
    upload: () => fileOnly('serah-terima.jpg', jpegWithExif()),
  },

  // ---- her follow-up
  {
    op: 'PATCH /api/follow-ups/{id}',
    as: 'caseworker',
    touches: 'her',
    prepare: async (w) => {
      const items = json(await w.must('caseworker', 'GET', `/api/participants/${w.her.id}/follow-ups`)).items as {
        id: string;
        dueDate: string;
        status: string;
      }[];
      expect(items.length).toBeGreaterThan(2);
      // Those planned by the confirmation her graduation's reopening undid are cancelled.
      w.ids.followUps = items
        .filter((f) => f.status !== 'CANCELLED')
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
        .map((f) => f.id)
        .join(',');
    },
    params: (w) => ({ id: w.ids.followUps!.split(',')[0]! }),
    headers: async (w) => ({
      'if-match': await w.etag('caseworker', `/api/follow-ups/${w.ids.followUps!.split(',')[0]}`),
    }),
    body: () => ({ status: 'UNREACHABLE', note: 'Nomor telepon tidak aktif' }),
  },
  {
    op: 'POST /api/follow-ups/{id}/visits',
    as: 'caseworker',
    touches: 'her',
    params: (w) => ({ id: w.ids.followUps!.split(',')[1]! }),
    // A safety concern: it alerts the head of section (acknowledged in the next step).
    body: () => ({
      date: '2019-03-31',
      method: 'HOME_VISIT',
      businessStatus: 'RUNNING',
      incomeBand: '1M_2M',
      kitInUse: 'YES',
      housingStable: 'YES',
      familySupport: 'YES',
      healthAccess: 'YES',
      documents: 'YES',
      wellbeing: 3,
      safetyConcern: true,
      returnRisk: 'SOME',
      // Her first visit after the handover says what became of the equipment.
      equipmentUse: 'USED',
      equipmentNote: 'Oven dipakai setiap pagi',
    }),
  },
  {
    // The alert names her follow-up: acknowledging it is looking at her case.
    op: 'POST /api/alerts/{id}/acknowledge',
    as: 'manager',
    touches: 'her',
    prepare: async (w) => {
      const alerts = json(await w.must('manager', 'GET', '/api/alerts')).items as { id: string; resourceId: string }[];
      w.ids.alert = alerts.find((a) => a.resourceId === w.ids.followUps!.split(',')[1])!.id;
    },
    params: (w) => ({ id: w.ids.alert! }),
  },
  {
    op: 'POST /api/participants/{id}/follow-ups/continue',
    as: 'caseworker',
    touches: 'her',
    prepare: async (w) => {
      // Her remaining follow-ups are over (she could not be reached): the case may continue by choice.
      for (const id of w.ids.followUps!.split(',').slice(2))
        await w.must(
          'caseworker',
          'PATCH',
          `/api/follow-ups/${id}`,
          { status: 'UNREACHABLE' },
          { 'if-match': await w.etag('caseworker', `/api/follow-ups/${id}`) },
        );
    },
    body: () => ({ months: 3, reason: 'HER_REQUEST' }),
  },
  {
    op: 'POST /api/participants/{id}/consents/{consentId}/withdraw',
    as: 'caseworker',
    touches: 'her',
    prepare: async (w) => {
      const items = json(await w.must('caseworker', 'GET', `/api/participants/${w.her.id}/consents`)).items as {
        id: string;
        purpose: string;
      }[];
      w.ids.consent = items.find((c) => c.purpose === 'SHARING_HEALTH')!.id;
    },
    params: (w) => ({ id: w.her.id, consentId: w.ids.consent! }),
    body: () => ({}),
  },

  // ---- her case closed (asked, refused, asked again, approved), then reopened
  {
    op: 'POST /api/participants/{id}/termination',
    as: 'caseworker',
    touches: 'her',
    body: () => ({ reason: 'TUJUAN_TERCAPAI', note: 'Usaha kue berjalan' }),
  },
  {
    op: 'POST /api/participants/{id}/termination/approve',
    as: 'manager',
    touches: 'her',
    body: () => ({ approve: false, reason: 'Tunggu kunjungan lanjut berikutnya' }),
  },
  {
    op: 'POST /api/participants/{id}/closure',
    as: 'manager',
    touches: 'her',
    prepare: async (w) => {
      await w.must('caseworker', 'POST', `/api/participants/${w.her.id}/transitions`, {
        to: 'TERMINASI',
        reason: 'Usaha kue berjalan',
        closureReason: 'TUJUAN_TERCAPAI',
      });
    },
    body: () => ({ approve: true }),
  },
  {
    op: 'POST /api/participants/{id}/reopen',
    as: 'manager',
    touches: 'her',
    body: () => ({ reason: 'Ia meminta pendampingan lagi' }),
  },

  // ---- her rights: a legal hold, then (lifted) the erasure of her identity, last of all her steps
  {
    op: 'POST /api/caseloads/{id}/reassign',
    as: 'manager',
    touches: 'her',
    // The psychologist's cases (hers among them) go to another psychologist of the region.
    prepare: async (w) => {
      w.ids.psychologist2 = (await seedUser(w.env, 'psychologist', ['6372'])).id;
    },
    params: (w) => ({ id: w.ids.psychologist! }),
    body: (w) => ({ toUserId: w.ids.psychologist2 }),
  },
  {
    op: 'POST /api/participants/{id}/legal-hold',
    as: 'manager',
    touches: 'her',
    body: () => ({ reason: 'Perkara di Polres Banjarbaru' }),
  },
  // Her requests: opened by her caseworker, approved by the head of section, carried out once by the administrator.
  {
    op: 'POST /api/rights-requests',
    as: 'caseworker',
    touches: 'her',
    body: (w) => ({ participantId: w.her.id, kind: 'ACCESS' }),
    after: (w, a) => {
      w.ids.rightsRequest = a.id;
    },
  },
  {
    op: 'POST /api/rights-requests/{id}/decision',
    as: 'manager',
    touches: 'her',
    params: (w) => ({ id: w.ids.rightsRequest! }),
    body: () => ({ approve: true }),
  },
  {
    op: 'POST /api/rights-requests/{id}/export',
    as: 'admin',
    touches: 'her',
    params: (w) => ({ id: w.ids.rightsRequest! }),
    body: () => ({ format: 'json' }),
  },
  {
    op: 'POST /api/rights-requests/{id}/erase',
    as: 'admin',
    touches: 'her',
    prepare: async (w) => {
      await w.must('manager', 'POST', `/api/participants/${w.her.id}/legal-hold`, { reason: null });
      const opened = await w.must('caseworker', 'POST', '/api/rights-requests', {
        participantId: w.her.id,
        kind: 'ERASURE',
      });
      w.ids.erasureRequest = JSON.parse(opened.body).id;
      await w.must('manager', 'POST', `/api/rights-requests/${w.ids.erasureRequest}/decision`, { approve: true });
    },
    params: (w) => ({ id: w.ids.erasureRequest! }),
  },

  // ---- the end: everybody signed out
  {
    op: 'POST /api/sessions/revoke-all',
    as: 'admin',
    none: 'ends every staff session',
  },
];

describe.each(DIALECTS)('every change to her record is audited, walked route by route, on %s', (dialect) => {
  let env: TestEnv;
  let w: Walk;

  beforeAll(async () => {
    env = await makeEnv(dialect);
    env.clock.set(new Date('2019-02-20T02:00:00Z'));
    const users = {
      manager: await seedUser(env, 'manager', ['63']),
      caseworker: await seedUser(env, 'caseworker', ['6372']),
      // A caseworker of another kabupaten/kota: a transfer is addressed to her.
      elsewhere: await seedUser(env, 'caseworker', ['6371']),
      admin: await seedUser(env, 'admin', ['63']),
      // The Kepala Bidang: she approves aid and budget lines (the default setting).
      head: await seedUser(env, 'head_of_division', ['63']),
    };
    const as: Record<Actor, Client> = {
      manager: await signIn(env, users.manager),
      caseworker: await signIn(env, users.caseworker),
      elsewhere: await signIn(env, users.elsewhere),
      admin: await signIn(env, users.admin),
      head: await signIn(env, users.head),
      psychologist: new Client(env.app),
      anonymous: new Client(env.app),
    };
    const request = (actor: Actor, method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
      as[actor].request(method, url, body, headers);
    w = {
      env,
      as,
      her: { id: '', code: '', fullName: '' },
      other: { id: '', code: '', fullName: '' },
      ids: {},
      async etag(actor, url) {
        const res = await request(actor, 'GET', url);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
        return String(res.headers.etag);
      },
      async must(actor, method, url, body, headers) {
        const res = await request(actor, method, url, body, headers);
        expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
        return res;
      },
      async later(iso) {
        env.clock.set(new Date(iso));
        for (const r of ['manager', 'caseworker', 'elsewhere', 'admin', 'head'] as const)
          as[r] = await signIn(env, users[r]);
      },
    };
    w.ids.caseworker = users.caseworker.id;
    w.ids.head = users.head.id;
    w.ids.manager = users.manager.id;
    w.ids.elsewhere = users.elsewhere.id;
    // The second participant: assessed, her plan approved, ready to enrol.
    const other = await readyParticipant(as.caseworker, as.manager);
    const view = json(await as.caseworker.get(`/api/participants/${other.id}`));
    w.other = { id: other.id, code: other.code, fullName: view.identity.fullName };
  });
  afterAll(async () => {
    await env?.close();
  });

  it('walks every write route; each that reaches her succeeds and names her in its audit', async () => {
    const doc = json(await w.as.manager.get('/api/openapi.json'));
    const declared = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => [m, p] as const))
      .filter(([m]) => WRITE_METHODS.includes(m))
      .map(([m, p]) => `${m.toUpperCase()} ${p}`)
      .sort();
    expect(declared.length).toBeGreaterThan(60);
    const listed = WALK.map((s) => s.op);
    // Every write operation is classified once; the table names no route that is gone.
    expect(
      declared.filter((op) => !listed.includes(op)),
      'write routes the walk does not list (add them to WALK)',
    ).toEqual([]);
    expect(
      listed.filter((op) => !declared.includes(op)),
      'WALK entries for routes that are gone',
    ).toEqual([]);
    expect(listed.filter((op, i) => listed.indexOf(op) !== i)).toEqual([]);
    for (const s of WALK) {
      expect(!!s.touches !== !!s.none, `${s.op}: either touches or none`).toBe(true);
      expect(!s.skip || !!s.none, `${s.op}: only a route that holds no one's data is skipped`).toBe(true);
      expect(!s.audits || !!s.none, `${s.op}: audits are listed for a route that holds no one's data`).toBe(true);
    }

    const db = env.booted.services.db.kysely;
    const problems: string[] = [];
    const walked: { op: string; names: boolean }[] = [];
    for (const step of WALK) {
      if (step.skip) continue;
      await step.prepare?.(w);
      const who = step.touches === 'other' ? w.other : w.her;
      const [method, template] = step.op.split(' ') as [string, string];
      const params = step.params?.(w) ?? (template.startsWith('/api/participants/{id}') ? { id: who.id } : {});
      const url = template.replace(/\{(\w+)\}/g, (_, k: string) => {
        if (!params[k]) throw new Error(`${step.op}: no value for {${k}}`);
        return params[k];
      });
      const headers = (await step.headers?.(w)) ?? {};
      let res: LightMyRequestResponse;
      if (step.upload) {
        const m = step.upload(w);
        const client = w.as[step.as];
        res = await env.app.inject({
          method: method as 'POST',
          url,
          payload: m.payload,
          headers: {
            host: 'berdaya.test',
            origin: 'http://berdaya.test',
            ...(client.cookie ? { cookie: client.cookie } : {}),
            'content-type': m.contentType,
            ...headers,
          },
        });
      } else {
        res = await w.as[step.as].request(method, url, step.body?.(w), headers);
      }
      if (step.refused) {
        if (res.statusCode !== step.refused.status)
          problems.push(`${step.op}: expected ${step.refused.status} (${step.refused.why}), got ${res.statusCode}`);
        continue;
      }
      if (res.statusCode >= 300) {
        problems.push(`${step.op}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        continue;
      }
      step.after?.(w, String(res.headers['content-type'] ?? '').includes('json') ? json(res) : undefined);
      if (step.none && step.audits) {
        const made = await db
          .selectFrom('audit_log')
          .select('action')
          .where('request_id', '=', res.headers['x-request-id'] as string)
          .execute();
        const actions = made.map((e) => e.action).sort();
        if (JSON.stringify(actions) !== JSON.stringify([...step.audits].sort()))
          problems.push(`${step.op}: audited ${JSON.stringify(actions)}, expected ${JSON.stringify(step.audits)}`);
      }
      if (step.none) {
        // A route said to hold no one's data must not show anyone either.
        const shows = [w.her, w.other]
          .flatMap((p) => [p.id, p.code, p.fullName])
          .filter((s) => s)
          .some((s) => res.body.includes(s));
        if (shows)
          problems.push(`${step.op}: classified as holding no one's data (${step.none}), but shows a participant`);
        continue;
      }
      const subject = step.touches === 'other' ? w.other.id : w.her.id;
      const requestId = res.headers['x-request-id'] as string;
      const events = await db
        .selectFrom('audit_log')
        .select(['resource_type', 'resource_id', 'detail'])
        .where('request_id', '=', requestId)
        .execute();
      const names = events.some(
        (e) => (e.resource_type === 'participant' && e.resource_id === subject) || (e.detail ?? '').includes(subject),
      );
      walked.push({ op: step.op, names });
    }
    expect(problems, 'calls that did not go as the walk expects').toEqual([]);
    expect(walked.length).toBe(WALK.filter((s) => s.touches && !s.skip).length);
    const unnamed = walked.filter((x) => !x.names).map((x) => x.op);
    // An operation that now names her leaves the baseline; a new one that does not fails.
    expect(
      unnamed.filter((r) => !baseline.includes(r)),
      'write routes that reach her but leave no trace of her',
    ).toEqual([]);
    expect(
      baseline.filter((r) => !unnamed.includes(r)),
      'baseline entries that now name her (delete them)',
    ).toEqual([]);
  });
});
