// An import with bad rows: the server names each row's problem as a code of the message catalogue with its
// params (never only English), and the web words every one of them in Indonesian (and English) from its
// translation files. On every database.
import i18next, { type TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv } from './support/env.ts';
import { testNik } from './support/participants.ts';
import { isDetailCode } from '../src/shared/messages.ts';
import { importRowMessage, importSkipMessage } from '../src/web/errors.ts';
import { id } from '../src/web/i18n/id.ts';
import { en } from '../src/web/i18n/en.ts';

function multipartFile(file: Buffer, name: string) {
  const boundary = '----berdayaimportmessages';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

type RowIssue = { row: number; column: string; code: string; params?: Record<string, unknown>; message: string };

let t: TFunction;
let tEn: TFunction;
beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { id: { translation: id }, en: { translation: en } },
    lng: 'id',
    interpolation: { escapeValue: false },
  });
  t = i18n.getFixedT('id');
  tEn = i18n.getFixedT('en');
});

describe.each(DIALECTS)('import row messages on %s', (dialect) => {
  let env: TestEnv;
  let cw: Client;
  const upload = async (csv: string) => {
    const m = multipartFile(Buffer.from(csv), 'daftar.csv');
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: m.payload,
      headers: {
        host: 'berdaya.test',
        origin: 'http://berdaya.test',
        cookie: cw.cookie!,
        'content-type': m.contentType,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return json(res);
  };
  beforeAll(async () => {
    env = await makeEnv(dialect);
    cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
  });
  afterAll(async () => {
    await env?.close();
  });

  const header =
    'regionCode,category,fullName,nik,noNikReason,birthDate,sex,consentParticipation,consentDataProcessing,consentExplainedBy,registeredOn';
  const row = (o: Partial<Record<string, string>> = {}) => {
    const birth = o.birthDate ?? '1990-01-02';
    const v = {
      regionCode: '6372',
      category: 'PEREMPUAN_RENTAN',
      fullName: 'Peserta Contoh',
      nik: testNik(birth),
      noNikReason: '',
      birthDate: birth,
      sex: 'F',
      consentParticipation: '2026-02-01',
      consentDataProcessing: '2026-02-01',
      consentExplainedBy: 'Rina',
      registeredOn: '',
      ...o,
    };
    return header
      .split(',')
      .map((k) => v[k as keyof typeof v] ?? '')
      .join(',');
  };

  it('sends every row problem as a catalogue code with params, and the web words it in Indonesian', async () => {
    const shared = testNik('1990-01-02');
    const csv = [
      header,
      row({ fullName: 'Aminah Contoh', birthDate: '1990-01-02', nik: shared }), // 2: good
      row({ fullName: 'Bainah Contoh', nik: '6372015213950001', birthDate: '1995-01-13' }), // 3: month 13
      row({ fullName: 'Citra Contoh', birthDate: '1990-01-02', nik: shared }), // 4: the same NIK as row 2
      row({ fullName: 'Dewi Contoh', birthDate: '1991-03-04', consentParticipation: '' }), // 5: no consent
      row({ fullName: 'Eka Contoh', birthDate: '1992-05-06', regionCode: '6371' }), // 6: outside her regions
      row({ fullName: 'Fitri Contoh', birthDate: '1993-07-08', registeredOn: '2026-01-15' }), // 7: before consent
      row({ fullName: 'X'.repeat(300), birthDate: '1994-09-10' }), // 8: name too long
      row({ fullName: 'Gita Contoh', birthDate: '1994-09-11', category: 'TIDAK_ADA' }), // 9: unknown category
    ].join('\n');
    const imp = await upload(csv);
    expect(imp.status).toBe('INVALID');
    const errors = imp.errors as RowIssue[];
    expect(errors.map((e) => e.row).sort()).toEqual([3, 4, 5, 6, 7, 8, 9]);
    const byRow = new Map(errors.map((e) => [e.row, e]));
    expect(byRow.get(3)).toMatchObject({ column: 'nik', code: 'month' });
    expect(byRow.get(4)).toMatchObject({ column: 'nik', code: 'same_nik_as_row', params: { row: 2 } });
    expect(byRow.get(5)).toMatchObject({ column: 'consentParticipation', code: 'consent_required' });
    expect(byRow.get(6)).toMatchObject({ column: 'regionCode', code: 'region_not_allowed' });
    expect(byRow.get(7)).toMatchObject({
      column: 'registeredOn',
      code: 'before_consent',
      params: { date: '2026-02-01' },
    });
    expect(byRow.get(8)).toMatchObject({
      column: 'fullName',
      code: 'too_big',
      params: { maximum: expect.any(Number), origin: 'string' },
    });
    expect(byRow.get(9)).toMatchObject({ column: 'category', code: 'invalid_value' });
    expect(byRow.has(2)).toBe(false);
    // Every code is the catalogue's, so the web has words for it.
    for (const e of errors) expect(isDetailCode(e.code), e.code).toBe(true);

    const words = (r: number) => importRowMessage(byRow.get(r)!, t);
    expect(words(3)).toContain('bulan lahir');
    expect(words(4)).toBe('NIK ini sama dengan NIK di baris 2.');
    expect(words(5)).toContain('persetujuan');
    expect(words(6)).toContain('di luar cakupan Anda');
    expect(words(7)).toContain('sebelum tanggal persetujuannya');
    expect(words(8)).toMatch(/^Terlalu panjang: paling banyak \d+ karakter\.$/);
    expect(words(9)).toBe('Pilih salah satu pilihan yang tersedia.');
    // No row is worded with the server's English sentence, in either language.
    for (const e of errors) {
      expect(importRowMessage(e, t)).not.toBe(e.message);
      expect(importRowMessage(e, tEn)).not.toBe(e.message);
      expect(importRowMessage(e, t)).not.toBe(t('validation.invalid'));
    }
    expect(importRowMessage(byRow.get(4)!, tEn)).toBe('This NIK is the same as the NIK in row 2.');
  });

  it('says why a row already registered is skipped, as a code the web words', async () => {
    const csv = [header, row({ fullName: 'Hana Contoh', birthDate: '1988-02-03' })].join('\n');
    const first = await upload(csv);
    expect(first.status).toBe('VALIDATED');
    const committed = await cw.post(`/api/imports/${first.id}/commit`);
    expect(committed.statusCode, committed.body).toBeLessThan(300);
    const again = await upload(csv);
    expect(again.skipped).toEqual([{ row: 2, code: 'already_registered_nik', reason: expect.any(String) }]);
    expect(importSkipMessage(again.skipped[0], t)).toBe('Sudah terdaftar (NIK sama); baris ini dilewati.');
  });
});
