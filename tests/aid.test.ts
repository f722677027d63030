// Business aid on every database: versioned kits, budget totals in integer rupiah, allocations to graduates,
// handover with papers, photo consent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { graduatedCohort } from './support/cohort.ts';
import { jpegWithExif, multipart } from './support/participants.ts';
import { signInMany } from './support/race.ts';

const BAKING = {
  trade: 'TATA_BOGA',
  name: 'Paket usaha kue',
  items: [
    { name: 'Oven gas', quantity: 1, unit: 'unit', unitPrice: 1_750_000, supplier: 'Toko Sinar' },
    { name: 'Mixer', quantity: 1, unit: 'unit', unitPrice: 650_333 },
    { name: 'Loyang', quantity: 3, unit: 'buah', unitPrice: 45_111 },
    { name: 'Bahan kue awal', quantity: 1, unit: 'paket', unitPrice: 300_000 },
  ],
};
const BAKING_TOTAL = 1_750_000 + 650_333 + 3 * 45_111 + 300_000; // 2,835,666

describe.each(DIALECTS)('business aid on %s', (dialect) => {
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

  it('from kit to handover: integer totals, versioned kits, graduates only, photo consent, BAST', async () => {
    const g = await graduatedCohort(env, { manager, caseworker }, [5, 4, 2]);
    // The aid follows a week after the graduation (the clock goes forward, never back: TOTP steps only grow).
    env.clock.set(new Date('2019-04-08T02:00:00Z'));
    const mgr = await signIn(env, manager);
    const cw = await signIn(env, caseworker);
    expect(g.enrollments.map((e) => e.status)).toEqual(['GRADUATED', 'GRADUATED', 'NOT_GRADUATED']);

    const kit = json(await mgr.post('/api/kits', BAKING));
    expect(kit).toMatchObject({ version: 1, total: BAKING_TOTAL });
    expect((await cw.post('/api/kits', BAKING)).statusCode).toBe(403);

    // An allocation for someone who did not graduate is refused.
    const notGrad = g.enrollments.find((e) => e.status === 'NOT_GRADUATED')!;
    const refused = await cw.post(`/api/cohorts/${g.cohortId}/allocations`, {
      overrides: [{ enrollmentId: notGrad.id, kitId: kit.id, reason: 'coba' }],
    });
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error).toMatchObject({ code: 'not_graduated', details: { enrollmentId: notGrad.id } });

    const proposed = json(await cw.post(`/api/cohorts/${g.cohortId}/allocations`, {})).items;
    expect(proposed).toHaveLength(2);
    expect(
      proposed.every((a: { status: string; value: number }) => a.status === 'PROPOSED' && a.value === BAKING_TOTAL),
    ).toBe(true);
    expect(proposed.map((a: { participantId: string }) => a.participantId)).not.toContain(notGrad.participantId);

    const [a1, a2] = proposed as { id: string; code: string }[];
    expect((await cw.post(`/api/allocations/${a1!.id}/approve`)).statusCode).toBe(403);
    expect(
      (
        await cw.post(`/api/allocations/${a1!.id}/handover`, {
          date: '2019-04-05',
          place: 'Aula Dinas Sosial',
          handedOverBy: 'Drs. Ahmad',
          receivedBy: 'Penerima',
          business: { kind: 'KUE_ROTI', regionCode: '6372', startDate: '2019-04-10' },
        })
      ).statusCode,
    ).toBe(409);
    // The head of section does not approve aid in this office (the Kepala Bidang does, by the default setting).
    expect((await mgr.post(`/api/allocations/${a1!.id}/approve`)).statusCode).toBe(403);
    const kabid = await signIn(env, head);
    for (const a of [a1, a2]) expect((await kabid.post(`/api/allocations/${a!.id}/approve`)).statusCode).toBe(200);
    // Approved, but no decision letter names her yet: no handover.
    const undecided = await cw.post(`/api/allocations/${a1!.id}/handover`, {
      date: '2019-04-05',
      place: 'Aula Dinas Sosial Provinsi',
      handedOverBy: 'Drs. Ahmad Fauzi',
      receivedBy: 'Siti Penerima',
      business: { kind: 'KUE_ROTI', regionCode: '6372', startDate: '2019-04-10' },
    });
    expect(json(undecided).error?.code).toBe('decree_required');
    const sk = {
      number: '460/012/RS-PTPPO/2019',
      date: '2019-03-29',
      signatoryTitle: 'Kepala Bidang Rehabilitasi Sosial',
    };
    expect((await mgr.post(`/api/cohorts/${g.cohortId}/aid-decrees`, sk)).statusCode).toBe(403);
    const decree = await kabid.post(`/api/cohorts/${g.cohortId}/aid-decrees`, sk);
    expect(decree.statusCode, decree.body).toBe(201);
    expect(json(decree)).toMatchObject({ recipients: 2, total: 2 * BAKING_TOTAL, actingAs: null });
    // Nothing is left to decide; the same number is never used twice.
    expect(json(await kabid.post(`/api/cohorts/${g.cohortId}/aid-decrees`, sk)).error.code).toBe('nothing_to_decree');
    const skPdf = await cw.get(`/api/aid-decrees/${json(decree).id}/pdf`);
    expect(skPdf.statusCode).toBe(200);
    const skText = (await extractText(new Uint8Array(skPdf.rawPayload), { mergePages: true })).text;
    expect(skText).toContain('460/012/RS-PTPPO/2019');
    expect(skText).toContain('Kepala Bidang Rehabilitasi Sosial');
    expect(skText).toContain('Lima juta enam ratus tujuh puluh satu ribu tiga ratus tiga puluh dua rupiah');
    for (const a of [a1, a2]) expect(skText).toContain(a!.code);
    // Nothing is handed over before it is procured.
    const early = await cw.post(`/api/allocations/${a1!.id}/handover`, {
      date: '2019-04-05',
      place: 'Aula Dinas Sosial Provinsi',
      handedOverBy: 'Drs. Ahmad Fauzi',
      receivedBy: 'Siti Penerima',
      business: { kind: 'KUE_ROTI', regionCode: '6372', startDate: '2019-04-10' },
    });
    expect(early.statusCode).toBe(409);
    expect(json(early).error).toMatchObject({ code: 'items_not_procured', details: { missing: [0, 1, 2, 3] } });
    const bought = await cw.post(`/api/allocations/${a1!.id}/procurement`, {
      items: [0, 1, 2, 3].map((index) => ({ index, status: index === 3 ? 'READY' : 'RECEIVED' })),
    });
    expect(bought.statusCode, bought.body).toBe(200);
    const handed = await cw.post(`/api/allocations/${a1!.id}/handover`, {
      date: '2019-04-05',
      place: 'Aula Dinas Sosial Provinsi',
      handedOverBy: 'Drs. Ahmad Fauzi',
      receivedBy: 'Siti Penerima',
      serials: [{ index: 0, serial: 'OVN-2019-0001' }],
      business: { kind: 'KUE_ROTI', regionCode: '6372', startDate: '2019-04-10' },
    });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(json(handed)).toMatchObject({
      status: 'HANDED_OVER',
      business: { kind: 'KUE_ROTI' },
      handover: { receivedBy: 'Siti Penerima' },
    });
    expect(
      (await cw.post(`/api/allocations/${a1!.id}/procurement`, { items: [{ index: 0, status: 'READY' }] })).statusCode,
    ).toBe(409);

    // A kit edited after the handover leaves the handed-over list unchanged.
    const edited = await mgr.patch(
      `/api/kits/${kit.id}`,
      { items: [{ name: 'Oven listrik', quantity: 1, unit: 'unit', unitPrice: 2_100_000 }] },
      { 'if-match': '"1"' },
    );
    expect(json(edited)).toMatchObject({ version: 2, total: 2_100_000 });
    const after = json(await cw.get(`/api/cohorts/${g.cohortId}/allocations`)).items.find(
      (a: { id: string }) => a.id === a1!.id,
    );
    expect(after).toMatchObject({ kitVersion: 1, value: BAKING_TOTAL });
    expect(after.items.map((i: { name: string }) => i.name)).toEqual(['Oven gas', 'Mixer', 'Loyang', 'Bahan kue awal']);

    // Handover photo only with photo consent; the signed scan always.
    const upload = (kind: string, data: Buffer) => {
      const m = multipart('x', 'f.jpg', data);
      return env.app.inject({
        method: 'POST',
        url: `/api/allocations/${a1!.id}/${kind}`,
        payload: m.payload,
        headers: {
          host: 'berdaya.test',
          origin: 'http://berdaya.test',
          cookie: cw.cookie!,
          'content-type': m.contentType,
        },
      });
    };
    const photo = await upload('photo', jpegWithExif());
    expect(photo.statusCode).toBe(403);
    expect(json(photo).error.code).toBe('consent_required');
    const scan = await upload('signed-scan', Buffer.from('%PDF-1.4\n% signed scan\n'));
    expect(scan.statusCode, scan.body).toBe(200);
    expect(json(scan).handover.hasSignedScan).toBe(true);
    await cw.post(`/api/participants/${json(scan).participantId}/consents`, {
      purpose: 'PHOTO',
      method: 'SIGNED_FORM',
      explainedBy: 'Rina',
      language: 'id',
      givenAt: '2019-04-05',
    });
    expect((await upload('photo', jpegWithExif())).statusCode).toBe(200);

    // The BAST lists each item with its value and her code; it names her as her record does (not as typed at the
    // handover), gives the amount in words, and who handed over as the account that recorded it.
    const bast = await cw.get(`/api/allocations/${a1!.id}/bast.pdf`);
    expect(bast.statusCode).toBe(200);
    const text = (await extractText(new Uint8Array(bast.rawPayload), { mergePages: true })).text;
    const herName = json(await cw.get(`/api/participants/${json(scan).participantId}`)).identity.fullName;
    expect(text).toContain(herName);
    expect(text).not.toContain('Siti Penerima');
    expect(text).toContain('Dua juta delapan ratus tiga puluh lima ribu enam ratus enam puluh enam rupiah');
    expect(text).toContain(caseworker.username);
    expect(text).toContain('BERITA ACARA SERAH TERIMA');
    for (const item of ['Oven gas', 'Mixer', 'Loyang', 'Bahan kue awal']) expect(text).toContain(item);
    expect(text).toContain('Rp 1.750.000');
    expect(text).toContain('Rp 135.333');
    expect(text).toContain(`Rp ${BAKING_TOTAL.toLocaleString('id-ID')}`);
    expect(text).toContain(a1!.code);
    expect(text).toContain('OVN-2019-0001');
    expect((await cw.get(`/api/allocations/${a2!.id}/bast.pdf`)).statusCode).toBe(409);

    // Budget: exact integers; realised includes venue payments and handed-over kits; a line counts once the
    // Kepala Bidang has approved it.
    const over = await mgr.post(`/api/programmes/${g.programmeId}/budget-lines`, {
      kind: 'FACILITATOR_FEES',
      description: 'Honor',
      planned: 150_000_000,
    });
    expect(over.statusCode).toBe(409);
    expect(json(over).error).toMatchObject({
      code: 'over_budget',
      details: { ceiling: expect.any(Number), plannedAfter: expect.any(Number) },
    });
    const lines = [];
    for (const body of [
      { kind: 'FACILITATOR_FEES', description: 'Honor instruktur', planned: 4_000_000, realised: 3_999_999 },
      { kind: 'KITS', description: 'Paket usaha', planned: 10_000_000 },
    ]) {
      const line = await mgr.post(`/api/programmes/${g.programmeId}/budget-lines`, body);
      expect(line.statusCode).toBe(201);
      expect(json(line)).toMatchObject({ status: 'PROPOSED', proposedBy: { id: manager.id } });
      lines.push(json(line).id as string);
    }
    const waiting = json(await mgr.get(`/api/programmes/${g.programmeId}/budget`));
    expect(waiting).toMatchObject({ planned: 0, awaitingApproval: 14_000_000 });
    for (const id of lines) {
      const ok = await kabid.post(`/api/budget-lines/${id}/decision`, { decision: 'APPROVED' });
      expect(ok.statusCode, ok.body).toBe(200);
    }
    const budget = json(await mgr.get(`/api/programmes/${g.programmeId}/budget`));
    expect(budget).toMatchObject({
      planned: 14_000_000,
      kitsHandedOver: BAKING_TOTAL,
      venuePayments: 0,
      participants: 3,
      graduates: 2,
    });
    expect(budget.realised).toBe(3_999_999 + BAKING_TOTAL);
    expect(budget.costPerGraduate).toBe(Math.floor((3_999_999 + BAKING_TOTAL) / 2));
    expect(Number.isInteger(budget.costPerParticipant)).toBe(true);
    expect((await cw.get(`/api/programmes/${g.programmeId}/budget`)).statusCode).toBe(403);
  });

  it('return or loss of an item is a new record after the handover; realised spend stays; other regions see nothing', async () => {
    // A fresh database: the clock goes back to 2019 again, and TOTP codes never go backwards.
    const env = await makeEnv(dialect);
    try {
      const manager = await seedUser(env, 'manager', ['63']);
      const caseworker = await seedUser(env, 'caseworker', ['6372']);
      const elsewhere = await seedUser(env, 'caseworker', ['6371']);
      const g = await graduatedCohort(env, { manager, caseworker }, [5]);
      const { mgr, cw } = g;
      const other = await signIn(env, elsewhere);
      const kabid = await signIn(env, await seedUser(env, 'head_of_division', ['63']));
      expect((await mgr.post('/api/kits', BAKING)).statusCode).toBe(201);
      const [a] = json(await cw.post(`/api/cohorts/${g.cohortId}/allocations`, {})).items as { id: string }[];
      const url = `/api/allocations/${a!.id}/item-events`;
      const returned = {
        index: 0,
        kind: 'RETURNED',
        date: '2019-03-31',
        note: 'Oven tidak menyala; dikembalikan ke gudang Dinas untuk diganti',
      };

      // Before the handover (proposed, then approved): refused with the reason.
      for (const step of ['proposed', 'approved']) {
        if (step === 'approved') expect((await kabid.post(`/api/allocations/${a!.id}/approve`)).statusCode).toBe(200);
        const early = await cw.post(url, returned);
        expect(early.statusCode, step).toBe(409);
        expect(json(early).error.code).toBe('allocation_not_handed_over');
      }
      // An approver lets the handover go ahead before procurement (the proposer may not), with a reason.
      const reason = { reason: 'Barang dibeli bersama kelompok usaha; nota menyusul' };
      expect((await cw.post(`/api/allocations/${a!.id}/procurement-exception`, reason)).statusCode).toBe(403);
      const excepted = await kabid.post(`/api/allocations/${a!.id}/procurement-exception`, reason);
      expect(excepted.statusCode, excepted.body).toBe(200);
      expect(json(excepted).procurementException).toMatchObject({ reason: reason.reason });
      const sk = { number: '460/001/RS/2019', date: '2019-03-29', signatoryTitle: 'Kepala Bidang Rehabilitasi Sosial' };
      expect((await kabid.post(`/api/cohorts/${g.cohortId}/aid-decrees`, sk)).statusCode).toBe(201);
      const handed = await cw.post(`/api/allocations/${a!.id}/handover`, {
        date: '2019-03-31',
        place: 'Aula Dinas Sosial Provinsi',
        handedOverBy: 'Drs. Ahmad Fauzi',
        receivedBy: 'Siti Penerima',
        business: { kind: 'KUE_ROTI', regionCode: '6372', startDate: '2019-04-01' },
      });
      expect(handed.statusCode, handed.body).toBe(200);
      expect(json(handed).itemEvents).toEqual([]);

      // A caseworker of another region: as if it did not exist.
      expect((await other.get(`/api/allocations/${a!.id}`)).statusCode).toBe(404);
      expect((await other.post(url, returned)).statusCode).toBe(404);

      const ok = await cw.post(url, returned);
      expect(ok.statusCode, ok.body).toBe(201);
      const view = json(ok);
      expect(view.status).toBe('HANDED_OVER');
      expect(view.itemEvents).toHaveLength(1);
      expect(view.itemEvents[0]).toMatchObject({
        index: 0,
        itemName: 'Oven gas',
        kind: 'RETURNED',
        quantity: 1,
        value: 1_750_000,
        date: '2019-03-31',
        note: returned.note,
        recordedBy: caseworker.username,
      });
      // Three baking tins handed over: three can be lost, not a fourth.
      expect((await cw.post(url, { index: 2, kind: 'LOST', date: '2019-03-31', quantity: 2 })).statusCode).toBe(201);
      expect((await cw.post(url, { index: 2, kind: 'LOST', date: '2019-03-31' })).statusCode).toBe(201);
      const fourth = await cw.post(url, { index: 2, kind: 'LOST', date: '2019-03-31' });
      expect(fourth.statusCode).toBe(409);
      expect(json(fourth).error).toMatchObject({ code: 'exceeds_remaining_quantity', details: { remaining: 0 } });
      // Dates before the handover or after today, and items that are not in the list, are refused by field.
      const before = await cw.post(url, { ...returned, index: 1, date: '2019-03-29' });
      expect(before.statusCode).toBe(400);
      expect(json(before).error.details[0]).toMatchObject({ field: 'body.date', code: 'before_handover' });
      const future = await cw.post(url, { ...returned, index: 1, date: '2019-04-01' });
      expect(future.statusCode).toBe(400);
      expect(json(future).error.details[0]).toMatchObject({ field: 'body.date', code: 'future' });
      expect((await cw.post(url, { ...returned, index: 4 })).statusCode).toBe(400);
      expect((await cw.post(url, { ...returned, kind: 'BROKEN' })).statusCode).toBe(400);

      // The allocation page shows them; the handover itself is unchanged (still read-only, same BAST).
      const page = json(await mgr.get(`/api/allocations/${a!.id}`));
      expect(
        page.itemEvents.map((e: { kind: string; index: number; quantity: number }) => [e.kind, e.index, e.quantity]),
      ).toEqual([
        ['RETURNED', 0, 1],
        ['LOST', 2, 2],
        ['LOST', 2, 1],
      ]);
      expect(page.handover).toMatchObject({ date: '2019-03-31', receivedBy: 'Siti Penerima' });
      expect(page.value).toBe(BAKING_TOTAL);
      expect(
        (await cw.post(`/api/allocations/${a!.id}/procurement`, { items: [{ index: 0, status: 'READY' }] })).statusCode,
      ).toBe(409);

      // Realised spend does not go down (the money was spent); the returned/lost value is shown alongside.
      const budget = json(await mgr.get(`/api/programmes/${g.programmeId}/budget`));
      expect(budget.kitsHandedOver).toBe(BAKING_TOTAL);
      expect(budget.realised).toBe(BAKING_TOTAL);
      expect(budget.kitsReturnedOrLost).toBe(1_750_000 + 3 * 45_111);

      // Audited without the note; the note is stored sealed.
      const db = env.booted.services.db.kysely;
      const audits = await db
        .selectFrom('audit_log')
        .select(['detail'])
        .where('action', '=', 'allocation.item_event')
        .where('resource_id', '=', a!.id)
        .execute();
      expect(audits).toHaveLength(3);
      for (const row of audits) expect(String(row.detail)).not.toContain('Oven');
      const stored = await db
        .selectFrom('allocation_item_events')
        .select(['note_ct'])
        .where('allocation_id', '=', a!.id)
        .execute();
      expect(stored.map((r) => r.note_ct ?? '').join(' ')).not.toContain('gudang');
    } finally {
      await env.close();
    }
  });

  it('four eyes on money: whoever proposed an allocation or a budget line cannot approve it; a second approver can', async () => {
    const env = await makeEnv(dialect);
    try {
      const manager = await seedUser(env, 'manager', ['63']);
      const caseworker = await seedUser(env, 'caseworker', ['6372']);
      const admin = await signIn(env, await seedUser(env, 'admin', ['63']));
      const g = await graduatedCohort(env, { manager, caseworker }, [5]);
      const { mgr } = g;
      // This office has the head of section approve aid and budget (the setting is the administrator's).
      const settings = json(await mgr.get('/api/approval-settings')).items;
      expect(settings).toEqual([
        { kind: 'aid', role: 'head_of_division', version: 1 },
        { kind: 'budget', role: 'head_of_division', version: 1 },
        { kind: 'exception', role: 'head_of_division', version: 1 },
      ]);
      expect((await mgr.put('/api/approval-settings/aid', { role: 'manager' }, { 'if-match': '"1"' })).statusCode).toBe(
        403,
      );
      for (const kind of ['aid', 'budget']) {
        const set = await admin.put(`/api/approval-settings/${kind}`, { role: 'manager' }, { 'if-match': '"1"' });
        expect(set.statusCode, set.body).toBe(200);
      }
      // A stale tab's change is refused.
      expect((await admin.put('/api/approval-settings/aid', { role: 'ppk' }, { 'if-match': '"1"' })).statusCode).toBe(
        412,
      );
      expect((await mgr.post('/api/kits', BAKING)).statusCode).toBe(201);
      const [a] = json(await mgr.post(`/api/cohorts/${g.cohortId}/allocations`, {})).items as {
        id: string;
        proposedBy: { id: string };
      }[];
      expect(a!.proposedBy.id).toBe(manager.id);
      const own = await mgr.post(`/api/allocations/${a!.id}/approve`);
      expect(own.statusCode).toBe(403);
      expect(json(own).error.code).toBe('second_person_required');
      const secondUser = await seedUser(env, 'manager', ['63']);
      const second = await signIn(env, secondUser);
      const approved = await second.post(`/api/allocations/${a!.id}/approve`);
      expect(approved.statusCode, approved.body).toBe(200);
      expect(json(approved).status).toBe('APPROVED');

      const line = json(
        await mgr.post(`/api/programmes/${g.programmeId}/budget-lines`, {
          kind: 'MATERIALS',
          description: 'Bahan praktik',
          planned: 2_000_000,
        }),
      );
      const selfApproval = await mgr.post(`/api/budget-lines/${line.id}/decision`, { decision: 'APPROVED' });
      expect(selfApproval.statusCode).toBe(403);
      expect(json(selfApproval).error.code).toBe('second_person_required');
      // Four tabs of the second approver at once: one decision counts, the others are told it was decided.
      const tabs = await signInMany(env, [secondUser], 4);
      const outcomes = await Promise.all(
        tabs.map((t, i) =>
          t.post(`/api/budget-lines/${line.id}/decision`, { decision: i % 2 ? 'REJECTED' : 'APPROVED' }),
        ),
      );
      expect(outcomes.map((o) => o.statusCode).sort()).toEqual([200, 409, 409, 409]);
      for (const o of outcomes.filter((x) => x.statusCode === 409)) expect(json(o).error.code).toBe('already_decided');
    } finally {
      await env.close();
    }
  });

  it('one approval setting is read with its version (the If-Match of its change); anyone signed in reads it, nobody else', async () => {
    const env = await makeEnv(dialect);
    try {
      const admin = await signIn(env, await seedUser(env, 'admin', ['63']));
      const cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
      const first = await cw.get('/api/approval-settings/budget');
      expect(first.statusCode, first.body).toBe(200);
      expect(json(first)).toEqual({ kind: 'budget', role: 'head_of_division', version: 1 });
      expect(first.headers.etag).toBe('"1"');
      // The version it answers is the one a change is accepted with; the stale one is refused after.
      const set = await admin.put(
        '/api/approval-settings/budget',
        { role: 'ppk' },
        { 'if-match': first.headers.etag! },
      );
      expect(set.statusCode, set.body).toBe(200);
      const now = await admin.get('/api/approval-settings/budget');
      expect(json(now)).toEqual({ kind: 'budget', role: 'ppk', version: 2 });
      expect(now.headers.etag).toBe('"2"');
      expect(json(await cw.get('/api/approval-settings')).items).toContainEqual(json(now));
      const stale = await admin.put('/api/approval-settings/budget', { role: 'manager' }, { 'if-match': '"1"' });
      expect(stale.statusCode).toBe(412);
      // The other kinds are untouched; an unknown kind is not a setting; nobody signed out reads it.
      expect(json(await admin.get('/api/approval-settings/aid'))).toEqual({
        kind: 'aid',
        role: 'head_of_division',
        version: 1,
      });
      expect((await admin.get('/api/approval-settings/venue')).statusCode).toBe(400);
      const anonymous = await env.app.inject({
        method: 'GET',
        url: '/api/approval-settings/aid',
        headers: { host: 'berdaya.test' },
      });
      expect(anonymous.statusCode).toBe(401);
    } finally {
      await env.close();
    }
  });

  it('delegation: a Plh. approves for the Kepala Bidang during its period only, and every decision records it', async () => {
    const env = await makeEnv(dialect);
    try {
      const manager = await seedUser(env, 'manager', ['63']);
      const caseworker = await seedUser(env, 'caseworker', ['6372']);
      const headUser = await seedUser(env, 'head_of_division', ['63']);
      const actingUser = await seedUser(env, 'manager', ['63']);
      const g = await graduatedCohort(env, { manager, caseworker }, [5, 5]);
      const { mgr, cw } = g;
      const head = await signIn(env, headUser);
      const acting = await signIn(env, actingUser);
      expect((await mgr.post('/api/kits', BAKING)).statusCode).toBe(201);
      const [a1, a2] = json(await cw.post(`/api/cohorts/${g.cohortId}/allocations`, {})).items as { id: string }[];
      expect((await acting.post(`/api/allocations/${a1!.id}/approve`)).statusCode).toBe(403);
      // Whom she may name: colleagues within her regions who may act for her (never an auditor or an
      // administrator); the head of section, who approves nothing, has no list to pick from.
      const auditor = await seedUser(env, 'auditor', ['63']);
      const picks = json(await head.get('/api/delegations/candidates')).items as { id: string; role: string }[];
      expect(picks.map((p) => p.id)).toContain(actingUser.id);
      expect(picks.map((p) => p.id)).not.toContain(auditor.id);
      expect((await mgr.get('/api/delegations/candidates')).statusCode).toBe(403);
      const body = {
        delegatorId: headUser.id,
        delegateId: actingUser.id,
        type: 'PLH',
        startsOn: '2019-03-31',
        endsOn: '2019-04-02',
        letterNumber: '800/045/Dinsos/2019',
      };
      // Nobody else gives the Kepala Bidang's delegation; she does not give it to herself; dates in order.
      expect((await mgr.post('/api/delegations', body)).statusCode).toBe(403);
      expect(json(await head.post('/api/delegations', { ...body, delegateId: headUser.id })).error.code).toBe(
        'delegation_invalid',
      );
      expect(json(await head.post('/api/delegations', { ...body, endsOn: '2019-03-30' })).error.code).toBe(
        'delegation_invalid',
      );
      // Not before its first day: a delegation from tomorrow gives nothing today (the office day is 31 March).
      const later = json(await head.post('/api/delegations', { ...body, startsOn: '2019-04-01' }));
      expect((await acting.post(`/api/allocations/${a1!.id}/approve`)).statusCode).toBe(403);
      expect((await head.post(`/api/delegations/${later.id}/revoke`)).statusCode).toBe(200);
      const given = await head.post('/api/delegations', body);
      expect(given.statusCode, given.body).toBe(201);
      expect(json(given)).toMatchObject({ kinds: ['aid', 'budget', 'exception'], type: 'PLH' });
      // At her next request she approves as Plh., and the decision says so.
      const approved = await acting.post(`/api/allocations/${a1!.id}/approve`);
      expect(approved.statusCode, approved.body).toBe(200);
      expect(json(approved).actingAs).toMatchObject({ type: 'PLH', letterNumber: '800/045/Dinsos/2019' });
      const sk = await acting.post(`/api/cohorts/${g.cohortId}/aid-decrees`, {
        number: '460/020/RS/2019',
        date: '2019-03-31',
        signatoryTitle: 'Kepala Bidang Rehabilitasi Sosial',
      });
      expect(sk.statusCode, sk.body).toBe(201);
      expect(json(sk).actingAs).toMatchObject({ type: 'PLH' });
      const skText = (
        await extractText(new Uint8Array((await cw.get(`/api/aid-decrees/${json(sk).id}/pdf`)).rawPayload), {
          mergePages: true,
        })
      ).text;
      expect(skText).toContain('Plh. Kepala Bidang Rehabilitasi Sosial');
      const audit = await env.booted.services.db.kysely
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'allocation.write')
        .where('resource_id', '=', a1!.id)
        .execute();
      expect(audit.map((r) => String(r.detail)).join(' ')).toContain(json(given).id);
      // Once it is revoked (the Kepala Bidang is back) she approves nothing more.
      expect((await head.post(`/api/delegations/${json(given).id}/revoke`)).statusCode).toBe(200);
      expect(json(await head.post(`/api/delegations/${json(given).id}/revoke`)).error.code).toBe('delegation_revoked');
      expect((await acting.post(`/api/allocations/${a2!.id}/approve`)).statusCode).toBe(403);
      expect(json(await acting.get('/api/delegations')).items).toHaveLength(2);
    } finally {
      await env.close();
    }
  });

  it('two decision letters at once for one cohort: one names the approved aid, the other finds nothing left', async () => {
    const env = await makeEnv(dialect);
    try {
      const manager = await seedUser(env, 'manager', ['63']);
      const caseworker = await seedUser(env, 'caseworker', ['6372']);
      const headUser = await seedUser(env, 'head_of_division', ['63']);
      const g = await graduatedCohort(env, { manager, caseworker }, [5, 5]);
      expect((await g.mgr.post('/api/kits', BAKING)).statusCode).toBe(201);
      const proposed = json(await g.cw.post(`/api/cohorts/${g.cohortId}/allocations`, {})).items as { id: string }[];
      const tabs = await signInMany(env, [headUser], 4);
      for (const a of proposed) expect((await tabs[0]!.post(`/api/allocations/${a.id}/approve`)).statusCode).toBe(200);
      const out = await Promise.all(
        tabs.map((t, i) =>
          t.post(`/api/cohorts/${g.cohortId}/aid-decrees`, {
            number: `460/10${i}/RS/2019`,
            date: '2019-03-31',
            signatoryTitle: 'Kepala Bidang Rehabilitasi Sosial',
          }),
        ),
      );
      expect(out.map((o) => o.statusCode).sort()).toEqual([201, 409, 409, 409]);
      for (const o of out.filter((x) => x.statusCode === 409)) expect(json(o).error.code).toBe('nothing_to_decree');
      const list = json(await g.mgr.get(`/api/cohorts/${g.cohortId}/aid-decrees`)).items;
      expect(list).toHaveLength(1);
      expect(list[0].recipients).toBe(2);
      // One number, one letter: another cohort's letter cannot reuse it.
      const again = await tabs[0]!.post(`/api/cohorts/${g.cohortId}/aid-decrees`, {
        number: list[0].number,
        date: '2019-03-31',
        signatoryTitle: 'Kepala Bidang',
      });
      expect(json(again).error.code).toBe('nothing_to_decree');
    } finally {
      await env.close();
    }
  });

  it('venue payments count as realised rent', async () => {
    // A fresh database: the clock goes back to 2019 again, and TOTP codes never go backwards.
    const env = await makeEnv(dialect);
    const manager = await seedUser(env, 'manager', ['63']);
    const caseworker = await seedUser(env, 'caseworker', ['6372']);
    env.clock.set(new Date('2019-02-01T02:00:00Z'));
    const mgr = await signIn(env, manager);
    const venue = json(
      await mgr.post('/api/venues', {
        name: 'Rumah Guntung Manggis',
        address: 'Jl. Guntung Manggis',
        regionCode: '6372',
        ownerName: 'Hj. Salmah',
        capacity: 10,
        rentPerMonth: 2_500_000,
        contractStart: '2019-03-01',
        contractEnd: '2019-03-31',
      }),
    );
    await mgr.post(`/api/venues/${venue.id}/payments`, { amount: 2_500_000, paidAt: '2019-02-25' });
    await mgr.post(`/api/venues/${venue.id}/payments`, { amount: 1_000_001, paidAt: '2019-03-20' });
    await mgr.post(`/api/venues/${venue.id}/payments`, { amount: 999, paidAt: '2019-07-01' }); // another booking's rent
    const g = await graduatedCohort(env, { manager, caseworker }, [5], { venueId: venue.id });
    const budget = json(await g.mgr.get(`/api/programmes/${g.programmeId}/budget`));
    expect(budget.venuePayments).toBe(3_500_001);
    expect(budget.byKind.find((k: { kind: string }) => k.kind === 'VENUE_RENT').realised).toBe(3_500_001);
    expect(budget.realised).toBe(3_500_001);
    await env.close();
  });
});
