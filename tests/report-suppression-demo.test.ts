// The demo province's annual reports for 2025 and 2026, as an auditor reads them (threshold 5) and as shared
// outside the office (threshold 11), in every format: the JSON, the XLSX read back and the PDF's text publish
// the same counts, and solving every published figure together gives no hidden small count a narrower range
// than its label ("<5": any of 1…4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, makeEnv, signIn, type Client, type TestEnv } from './support/env.ts';
import { seedDemo } from '../src/server/ops/seed.ts';
import { type AnnualReport, publishedCells, reportModel } from '../src/server/modules/reports/annual.ts';
import { derivableCells } from '../src/server/modules/reports/suppression.ts';
import { regionName } from '../src/shared/regions.ts';
import { pdfText, xlsxCells } from './support/report-cells.ts';

describe.each(DIALECTS)('the demo reports publish no derivable count (%s)', (dialect) => {
  let env: TestEnv;
  let manager: Client, auditor: Client;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    const demo = await seedDemo(env.booted.services, {});
    const as = async (username: string) => {
      const a = demo.accounts.find((x) => x.username === username)!;
      return signIn(env, {
        id: '',
        username,
        password: demo.password,
        role: a.role,
        regions: a.regions,
        ...(a.totpSecret ? { totpSecret: a.totpSecret } : {}),
      });
    };
    manager = await as(demo.accounts.find((a) => a.role === 'manager' && a.regions.includes('63'))!.username);
    auditor = await as('demo.auditor');
  }, 600_000);
  afterAll(async () => {
    await env?.close();
  });

  for (const year of [2025, 2026])
    for (const view of ['auditor', 'external'] as const)
      it(`${year}, ${view === 'auditor' ? 'the auditor (threshold 5)' : 'shared outside (threshold 11)'}`, async () => {
        const client = view === 'auditor' ? auditor : manager;
        const q = `year=${year}${view === 'external' ? '&share=external' : ''}`;
        // The figures as counted (the head of section's report) give the true cells and what links them.
        const counted: AnnualReport = json(await manager.get(`/api/reports/annual?year=${year}`));
        expect(counted.deidentified).toBe(false);
        const model = reportModel(view === 'external' ? { ...counted, cohorts: [] } : counted);
        const report: AnnualReport = json(await client.get(`/api/reports/annual?${q}`));
        const t = view === 'external' ? 11 : 5;
        expect(report).toMatchObject({ deidentified: true, threshold: t });
        if (view === 'external') expect(report.cohorts).toEqual([]);
        const published = publishedCells(report);
        expect(derivableCells(model, published, t)).toEqual([]);
        // Something small was there to hide, and the note says how much was hidden.
        expect(report.suppression!.small).toBeGreaterThan(0);
        expect(report.suppression!.hidden).toBe([...published.values()].filter((c) => typeof c === 'string').length);

        const xlsx = await client.get(`/api/reports/annual.xlsx?${q}`);
        expect(xlsx.statusCode).toBe(200);
        expect(Object.fromEntries(await xlsxCells(xlsx.rawPayload, report))).toEqual(Object.fromEntries(published));

        const pdf = await client.get(`/api/reports/annual.pdf?${q}`);
        expect(pdf.statusCode).toBe(200);
        const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
        expect(text).toContain(`${report.suppression!.hidden} angka disembunyikan`);
        for (const row of report.funnel.rows) expect(text).toContain([row.regionName, ...row.values].join(' '));
        expect(text).toContain(['Jumlah', ...report.funnel.totals].join(' '));
        for (const c of report.cohorts)
          expect(text).toContain([c.name, regionName(c.regionCode), c.startMonth, c.enrolled, c.graduated].join(' '));
        for (const a of report.aid.rows) expect(text).toContain(`${a.regionName} ${a.kits} `);
        for (const u of report.aid.equipmentUse.rows) expect(text).toContain(`${u.label} ${u.count}`);
        for (const p of report.followUp)
          expect(text).toContain(`${p.months} ${p.due} ${p.reached} ${p.businessRunning}`);
      }, 120_000);
});
