// After the handover, on every database: the first visit that reaches her says what became of the equipment
// (in use, sold, broken, not started, with a sealed note), later visits may, one without equipment may not; the
// annual report counts the year's handovers by that first finding, suppressed when small for outside eyes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { graduatedCohort } from './support/cohort.ts';

const KIT = {
  trade: 'TATA_BOGA',
  name: 'Paket usaha kue',
  items: [{ name: 'Oven gas', quantity: 1, unit: 'unit', unitPrice: 1_750_000 }],
};
const visit = (over: Record<string, unknown> = {}) => ({
  date: '2019-05-01',
  method: 'HOME_VISIT',
  businessStatus: 'RUNNING',
  incomeBand: '1M_2M',
  kitInUse: 'YES',
  housingStable: 'YES',
  familySupport: 'YES',
  healthAccess: 'YES',
  documents: 'YES',
  wellbeing: 4,
  safetyConcern: false,
  returnRisk: 'NO',
  ...over,
});
const NOTE = 'Oven dijual untuk biaya sekolah anak';

describe.each(DIALECTS)('equipment use after the handover on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser, caseworker: TestUser, head: TestUser;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    caseworker = await seedUser(env, 'caseworker', ['6372']);
    head = await seedUser(env, 'head_of_division', ['63']);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('is required on the first visit after the handover, refused without equipment, optional later, and counted', async () => {
    const g = await graduatedCohort(env, { manager, caseworker }, [5, 5, 5], {
      followUpConsent: [true, true, true],
    });
    const [p1, p2, p3] = g.people;
    const kit = json(await g.mgr.post('/api/kits', KIT));
    // Proposed by the caseworker, approved by the Kepala Bidang, named in the SK, procured, then handed over:
    // p1 and p2 get the kit on 5 April; p3's stays approved.
    const proposed = json(await g.cw.post(`/api/cohorts/${g.cohortId}/allocations`, {})).items as {
      id: string;
      participantId: string;
    }[];
    expect(proposed).toHaveLength(3);
    const kabid = await signIn(env, head);
    for (const a of proposed) expect((await kabid.post(`/api/allocations/${a.id}/approve`)).statusCode).toBe(200);
    const sk = await kabid.post(`/api/cohorts/${g.cohortId}/aid-decrees`, {
      number: '460/077/RS/2019',
      date: '2019-03-29',
      signatoryTitle: 'Kepala Bidang Rehabilitasi Sosial',
    });
    expect(sk.statusCode, sk.body).toBe(201);
    // Handed over a week after the graduation (the clock goes forward, never back: TOTP steps only grow).
    env.clock.set(new Date('2019-04-06T01:00:00Z'));
    const handing = await signIn(env, caseworker);
    for (const pid of [p1!.id, p2!.id]) {
      const a = proposed.find((x) => x.participantId === pid)!;
      const bought = await handing.post(`/api/allocations/${a.id}/procurement`, {
        items: [{ index: 0, status: 'RECEIVED' }],
      });
      expect(bought.statusCode, bought.body).toBe(200);
      const handed = await handing.post(`/api/allocations/${a.id}/handover`, {
        date: '2019-04-05',
        place: 'Aula Dinas Sosial Provinsi',
        handedOverBy: 'Drs. Ahmad Fauzi',
        receivedBy: 'Penerima',
        business: { kind: 'KUE_ROTI', regionCode: '6372', startDate: '2019-04-10' },
      });
      expect(handed.statusCode, handed.body).toBe(200);
    }
    const a1 = proposed.find((x) => x.participantId === p1!.id)!;

    env.clock.set(new Date('2019-05-02T01:00:00Z'));
    let cw = await signIn(env, caseworker);
    const mgr = await signIn(env, manager);
    const first = async (pid: string) => json(await cw.get(`/api/participants/${pid}/follow-ups`)).items[0];

    // Her first follow-up says what she received and that its use is not yet recorded.
    const fu1 = await first(p1!.id);
    expect(json(await cw.get(`/api/follow-ups/${fu1.id}`)).equipment).toEqual([
      { allocationId: a1.id, kit: 'Paket usaha kue', handoverDate: '2019-04-05', recorded: false },
    ]);
    // The first visit after the handover without it: 400 with the field named.
    const missing = await cw.post(`/api/follow-ups/${fu1.id}/visits`, visit());
    expect(missing.statusCode).toBe(400);
    expect(json(missing).error).toMatchObject({
      code: 'equipment_use_required',
      details: [{ field: 'body.equipmentUse', code: 'required' }],
    });
    expect((await first(p1!.id)).status).toBe('DUE');
    // An unknown use is a schema error; a note without a use is refused.
    expect((await cw.post(`/api/follow-ups/${fu1.id}/visits`, visit({ equipmentUse: 'LOST' }))).statusCode).toBe(400);
    // With it: recorded, shown on the visit and in her history; the note is sealed, the audit says only that it
    // was recorded.
    const rec = await cw.post(`/api/follow-ups/${fu1.id}/visits`, visit({ equipmentUse: 'SOLD', equipmentNote: NOTE }));
    expect(rec.statusCode, rec.body).toBe(201);
    expect(json(rec).items[0].visits[0]).toMatchObject({ equipmentUse: 'SOLD', equipmentNote: NOTE });
    expect(json(await mgr.get(`/api/participants/${p1!.id}/follow-ups`)).items[0].visits[0]).toMatchObject({
      equipmentUse: 'SOLD',
      equipmentNote: NOTE,
    });
    const db = env.booted.services.db.kysely;
    const row = await db
      .selectFrom('follow_up_visits')
      .selectAll()
      .where('follow_up_id', '=', fu1.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ equipment_use: 'SOLD', equipment_allocation_id: a1.id });
    expect(row.answers_ct).not.toContain('sekolah');
    const events = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'followup.visit')
      .where('resource_id', '=', fu1.id)
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0])).toContain('equipmentUseRecorded');
    expect(JSON.stringify(events[0])).not.toContain('sekolah');
    expect(JSON.stringify(events[0])).not.toContain('SOLD');

    // No equipment handed over to p3: refused with it, recorded without it.
    const fu3 = await first(p3!.id);
    expect(json(await cw.get(`/api/follow-ups/${fu3.id}`)).equipment).toEqual([]);
    const none = await cw.post(`/api/follow-ups/${fu3.id}/visits`, visit({ equipmentUse: 'USED' }));
    expect(none.statusCode).toBe(400);
    expect(json(none).error).toMatchObject({
      code: 'equipment_use_not_applicable',
      details: [{ field: 'body.equipmentUse' }],
    });
    const plain = await cw.post(`/api/follow-ups/${fu3.id}/visits`, visit());
    expect(plain.statusCode, plain.body).toBe(201);
    expect(json(plain).items[0].visits[0]).toMatchObject({ equipmentUse: null, equipmentNote: null });

    // p2 could not be reached: marked so, nothing to record about the equipment.
    const fu2 = await first(p2!.id);
    const marked = await cw.patch(
      `/api/follow-ups/${fu2.id}`,
      { status: 'UNREACHABLE' },
      { 'if-match': `"${fu2.version}"` },
    );
    expect(marked.statusCode, marked.body).toBe(200);

    // Later visits may leave it out, or record a change.
    env.clock.set(new Date('2019-07-01T01:00:00Z'));
    cw = await signIn(env, caseworker);
    const later = json(await cw.get(`/api/participants/${p1!.id}/follow-ups`)).items[1];
    expect(json(await cw.get(`/api/follow-ups/${later.id}`)).equipment[0].recorded).toBe(true);
    const note = await cw.post(`/api/follow-ups/${later.id}/visits`, visit({ date: '2019-06-30', equipmentNote: 'x' }));
    expect(json(note).error).toMatchObject({ code: 'validation_failed', details: [{ field: 'body.equipmentNote' }] });
    const optional = await cw.post(`/api/follow-ups/${later.id}/visits`, visit({ date: '2019-06-30' }));
    expect(optional.statusCode, optional.body).toBe(201);
    const p2later = json(await cw.get(`/api/participants/${p2!.id}/follow-ups`)).items[1];
    // p2's first visit after the handover is this one (the unreachable follow-up had none): required, then BROKEN.
    expect(json(await cw.post(`/api/follow-ups/${p2later.id}/visits`, visit({ date: '2019-06-30' }))).error.code).toBe(
      'equipment_use_required',
    );

    // The annual report of the handovers' year: p1's first finding SOLD, p2 not yet visited (as of now).
    const m = await signIn(env, manager);
    const report = json(await m.get('/api/reports/annual?year=2019'));
    expect(report.aid.totals.kits).toBe(2);
    expect(report.aid.equipmentUse).toEqual({
      rows: [
        { status: 'USED', label: 'Dipakai', count: 0 },
        { status: 'SOLD', label: 'Dijual', count: 1 },
        { status: 'BROKEN', label: 'Rusak', count: 0 },
        { status: 'NOT_STARTED', label: 'Belum dipakai', count: 0 },
        { status: 'NOT_VISITED', label: 'Belum dikunjungi', count: 1 },
      ],
      total: 2,
    });
    const xlsx = await m.get('/api/reports/annual.xlsx?year=2019');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const ws = wb.getWorksheet('Pemakaian peralatan')!;
    const cells: unknown[][] = [];
    ws.eachRow((r) => {
      cells.push([r.getCell(1).value, r.getCell(2).value]);
    });
    expect(cells).toEqual([
      ['Keadaan peralatan pada kunjungan pertama', 'Paket'],
      ['Dipakai', 0],
      ['Dijual', 1],
      ['Rusak', 0],
      ['Belum dipakai', 0],
      ['Belum dikunjungi', 1],
      ['Jumlah paket diserahkan', 2],
    ]);
    const pdf = await m.get('/api/reports/annual.pdf?year=2019');
    const text = (await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true })).text;
    expect(text).toContain('Pemakaian peralatan pada kunjungan pertama setelah serah terima');
    expect(text).toContain('Belum dikunjungi');

    // Shared outside the office: counts of people under 11 are not shown, nor a total that would give them back.
    const ext = json(await m.get('/api/reports/annual?year=2019&share=external'));
    expect(ext.aid.equipmentUse.rows.map((r: { count: unknown }) => r.count)).toEqual([0, '<11', 0, 0, '<11']);
    expect(ext.aid.equipmentUse.total).toBe('<11');
    const extXlsx = await m.get('/api/reports/annual.xlsx?year=2019&share=external');
    const wbExt = new ExcelJS.Workbook();
    await wbExt.xlsx.load(extXlsx.rawPayload as never);
    expect(wbExt.getWorksheet('Pemakaian peralatan')!.getRow(3).getCell(2).value).toBe('<11');

    // A later visit's change does not move the first finding.
    const again = await cw.post(
      `/api/follow-ups/${p2later.id}/visits`,
      visit({ date: '2019-06-30', equipmentUse: 'BROKEN' }),
    );
    expect(again.statusCode, again.body).toBe(201);
    const after = json(await m.get('/api/reports/annual?year=2019')).aid.equipmentUse.rows;
    expect(after.map((r: { count: number }) => r.count)).toEqual([0, 1, 1, 0, 0]);
  });
});
