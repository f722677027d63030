// The record must be safe if the database file leaks: names and NIKs are nowhere in the SQLite file or its
// WAL, yet a lower-case name prefix finds them within scope (and not from another region).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, makeEnv, seedUser, signIn, type TestEnv } from './support/env.ts';
import { participantBody, testNik } from './support/participants.ts';

const PEOPLE = [
  {
    fullName: 'Zubaidah Kartikasari',
    preferredName: 'Idah',
    birthDate: '1991-02-03',
    phone: '0812 7777 0001',
    address: 'Gang Mawar Loktabat',
  },
  {
    fullName: 'Qomariah Wulandari',
    preferredName: 'Mimi',
    birthDate: '1989-06-21',
    phone: '0812 7777 0002',
    address: 'Komplek Citra Guntung Manggis',
  },
  {
    fullName: 'Fitriyani Salsabila',
    preferredName: 'Fitri',
    birthDate: '2001-12-09',
    phone: '0812 7777 0003',
    address: 'Jalan Trikora Landasan Ulin',
  },
];

describe('identity at rest (SQLite file and WAL)', () => {
  let env: TestEnv;
  const niks: string[] = [];
  beforeAll(async () => {
    env = await makeEnv('sqlite');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('finds no plaintext name, NIK, phone or address in the database file or its WAL', async () => {
    const cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    for (const p of PEOPLE) {
      const nik = testNik(p.birthDate);
      niks.push(nik);
      const res = await cw.post('/api/participants', participantBody({}, { ...p, nik }));
      expect(res.statusCode, res.body).toBe(201);
      const id = json(res).id;
      await cw.post(`/api/participants/${id}/notes`, {
        type: 'GENERAL',
        body: `Catatan tentang ${p.fullName} di ${p.address}`,
      });
    }
    const file = env.booted.services.db.sqlitePath!;
    const blobs = [
      fs.readFileSync(file),
      fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0),
    ];
    expect(blobs[1]!.length).toBeGreaterThan(0); // the WAL is really there to search
    // The search itself works: a value stored in plain text (the category code) is found.
    expect(blobs.some((b) => b.includes(Buffer.from('PEREMPUAN_RENTAN')))).toBe(true);
    const needles = [
      ...PEOPLE.flatMap((p) => [p.fullName, p.fullName.split(' ')[0]!, p.fullName.toLowerCase(), p.phone, p.address]),
      ...niks,
      ...niks.map((n) => n.slice(0, 12)),
    ];
    for (const blob of blobs) {
      for (const needle of needles) {
        expect(blob.includes(Buffer.from(needle, 'utf8')), needle).toBe(false);
        expect(blob.includes(Buffer.from(needle, 'utf16le')), `${needle} (utf16)`).toBe(false);
      }
    }
  });

  it('finds them by lower-case name prefix in scope, and not at all from another region', async () => {
    const cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    const other = await signIn(env, await seedUser(env, 'caseworker', ['6371']));
    for (const [q, name] of [
      ['zuba', 'Idah'],
      ['wulan', 'Mimi'],
      ['fitriyani sal', 'Fitri'],
    ] as const) {
      const r = json(await cw.post('/api/participants/search', { q }));
      expect(
        r.items.map((i: { preferredName: string }) => i.preferredName),
        q,
      ).toEqual([name]);
      expect(json(await other.post('/api/participants/search', { q })).total).toBe(0);
    }
  });
});
