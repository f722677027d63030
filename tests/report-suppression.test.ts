// Suppression that holds across every figure a de-identified annual report publishes. Property: for small
// generated provinces (a few regions, cohorts, counts 0–30 with many small ones), the report as the route
// shapes it (shapeAnnual) is solved as a reader would — every published figure, every "<t" label, the sums and
// orderings between tables — and no hidden small count may come out narrower than its label (1…t−1). And the
// opposite defect: where nothing is small, nothing is hidden, and totals stay published where the rule allows.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { publishedCells, reportModel, shapeAnnual } from '../src/server/modules/reports/annual.ts';
import type { AnnualFigures } from '../src/server/modules/reports/store.ts';
import { derivableCells, hiddenRanges, type Model, suppressReport } from '../src/server/modules/reports/suppression.ts';
import { regenciesOf } from '../src/shared/regions.ts';
import { EQUIPMENT_USES } from '../src/shared/codes.ts';

const REGIONS = regenciesOf('63').map((r) => r.code);
/** Counts 0–30, most of them small. */
const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) }, fc.integer({ min: 0, max: 30 }));

/** Splits n into k non-negative parts. */
const split = (n: number, k: number) =>
  fc.array(fc.integer({ min: 0, max: n }), { minLength: k - 1, maxLength: k - 1 }).map((cuts) => {
    const s = [0, ...cuts.sort((a, b) => a - b), n];
    return s.slice(1).map((v, i) => v - s[i]!);
  });

const cohortArb = fc.record({ enrolled: count, graduatedShare: fc.double({ min: 0, max: 1, noNaN: true }) });

const figuresArb: fc.Arbitrary<AnnualFigures> = fc
  .record({
    regions: fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 4 }),
    funnel: fc.array(fc.array(count, { minLength: 4, maxLength: 4 }), { minLength: 4, maxLength: 4 }),
    cohorts: fc.array(fc.array(cohortArb, { maxLength: 3 }), { minLength: 4, maxLength: 4 }),
    /** Enrolments of cancelled cohorts: counted in the region's figures, never listed. */
    cancelled: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, count), { minLength: 4, maxLength: 4 }),
    kits: fc.array(count, { minLength: 4, maxLength: 4 }),
    useCuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
    programmes: fc.integer({ min: 0, max: 2 }),
    followUp: fc.array(fc.record({ due: count, reached: count, running: count }), { maxLength: 3 }),
  })
  .chain((g) =>
    split(
      g.regions.reduce((s, _, i) => s + g.kits[i]!, 0),
      EQUIPMENT_USES.length + 1,
    ).map((uses) => ({ g, uses })),
  )
  .map(({ g, uses }) => {
    const cohorts: AnnualFigures['cohorts'] = [];
    const funnel: AnnualFigures['funnel'] = {};
    const aid: AnnualFigures['aid'] = {};
    g.regions.forEach((r, i) => {
      const mine = g.cohorts[i]!.map((c, k) => ({
        id: `${r}-${k}`,
        name: `Angkatan ${r}-${k}`,
        regionCode: r,
        startDate: '2025-03-01',
        enrolled: c.enrolled,
        graduated: Math.floor(c.enrolled * c.graduatedShare),
        attendanceRate: c.enrolled > 0 ? 0.9 : null,
      }));
      cohorts.push(...mine);
      const [outreach, prospects, registered, assessed] = g.funnel[i]!;
      const enrolled = mine.reduce((s, c) => s + c.enrolled, 0) + g.cancelled[i]!;
      funnel[r] = {
        outreach: outreach!,
        prospects: prospects!,
        registered: registered!,
        assessed: assessed!,
        enrolled,
        graduated: mine.reduce((s, c) => s + c.graduated, 0),
      };
      aid[r] = { kits: g.kits[i]!, value: g.kits[i]! * 2_500_000 };
    });
    const graduates = g.regions.reduce((s, r) => s + funnel[r]!.graduated, 0);
    // One programme holds the year's graduates; with two, they are split between them.
    const programmeGraduates =
      g.programmes === 0
        ? []
        : g.programmes === 1
          ? [graduates]
          : [Math.floor(graduates / 3), graduates - Math.floor(graduates / 3)];
    return {
      year: 2025,
      regions: g.regions,
      funnel,
      cohorts,
      attendanceByType: [],
      partners: [],
      aid,
      equipmentUse: {
        uses: Object.fromEntries(EQUIPMENT_USES.map((u, i) => [u, uses[i]!])) as AnnualFigures['equipmentUse']['uses'],
        notVisited: uses[EQUIPMENT_USES.length]!,
      },
      budget: programmeGraduates.map((n, i) => ({
        programme: `Program ${i + 1}`,
        ceiling: 100_000_000,
        planned: 90_000_000,
        realised: 60_000_000,
        graduates: n,
        costPerGraduate: n > 0 ? Math.floor(60_000_000 / n) : null,
      })),
      followUp: g.followUp.map((p, i) => {
        const reached = Math.min(p.reached, p.due);
        return { months: [3, 6, 12][i]!, due: p.due, reached, businessRunning: Math.min(p.running, reached) };
      }),
      narrative: null,
      lateEntries: { days: 30, registered: 0, assessed: 0, enrolled: 0 },
    } satisfies AnnualFigures;
  });

const AUDIENCES = [
  { threshold: 5, share: 'internal' },
  { threshold: 11, share: 'external' },
] as const;

/** The published report checked as a reader would solve it; returns what it could narrow. */
function solveAsReader(f: AnnualFigures, aud: (typeof AUDIENCES)[number]) {
  const counted = shapeAnnual(f, null, { threshold: null, share: aud.share });
  const published = shapeAnnual(f, null, aud);
  const model = reportModel(counted);
  const cells = publishedCells(published);
  return { counted, published, model, cells, derivable: derivableCells(model, cells, aud.threshold) };
}

describe('suppression across the whole annual report', () => {
  it('leaves no hidden small count narrower than its label, for any small province (threshold 5 and 11)', () => {
    fc.assert(
      fc.property(figuresArb, fc.constantFrom(...AUDIENCES), (f, aud) => {
        const { counted, published, model, cells, derivable } = solveAsReader(f, aud);
        expect(derivable, JSON.stringify([...cells])).toEqual([]);
        // What is shown is the count itself; "<t" only for 1…t−1; what hides a count hides its rate and price.
        const truth = new Map(model.cells.map((c) => [c.id, c.value]));
        for (const [id, shown] of cells) {
          const v = truth.get(id)!;
          if (typeof shown === 'number') expect(shown).toBe(v);
          else if (shown === `<${aud.threshold}`) expect(v >= 1 && v < aud.threshold).toBe(true);
          else expect(shown).toBe('x');
          if (typeof shown === 'number' && v > 0) expect(v).toBeGreaterThanOrEqual(aud.threshold);
        }
        published.cohorts.forEach((c) => {
          if (typeof c.enrolled === 'string') expect(c.attendanceRate).toBe('x');
        });
        published.aid.rows.forEach((a) => {
          if (typeof a.kits === 'string') expect(a.value).toBe('x');
        });
        published.budget.forEach((b) => {
          if (typeof b.graduates === 'string') expect(b.costPerGraduate).toBe('x');
        });
        expect(published.aid.equipmentUse.total).toEqual(published.aid.totals.kits);
        if (aud.share === 'external') expect(published.cohorts).toEqual([]);
        expect(counted.cohorts.length).toBe(aud.share === 'external' ? 0 : f.cohorts.length);
        const hidden = [...cells.values()].filter((c) => typeof c === 'string').length;
        expect(published.suppression).toMatchObject({ hidden });
      }),
      { seed: 20250101, numRuns: 100 },
    );
  });

  it('finds what a per-series step let through: a region total over three hidden cohorts of 4', () => {
    // The region's graduates (12) published beside three "<5" cohorts: each must be 4.
    const model: Model = {
      cells: [
        { id: 'region', value: 12, people: true, rank: 1 },
        ...[0, 1, 2].map((i) => ({ id: `c${i}`, value: 4, people: true, rank: 0 as const })),
      ],
      sums: [{ total: 'region', parts: ['c0', 'c1', 'c2'] }],
      leq: [],
    };
    const old = new Map<string, number | string>([
      ['region', 12],
      ['c0', '<5'],
      ['c1', '<5'],
      ['c2', '<5'],
    ]);
    expect(derivableCells(model, old, 5).map((d) => d.range)).toEqual([
      [4, 4],
      [4, 4],
      [4, 4],
    ]);
    const fixed = suppressReport(model, 5);
    expect(fixed.display.get('region')).toBe('x');
    expect(derivableCells(model, fixed.display, 5)).toEqual([]);
    expect(fixed.hidden).toEqual([
      { id: 'region', value: 12, reason: 'complementary' },
      { id: 'c0', value: 4, reason: 'primary' },
      { id: 'c1', value: 4, reason: 'primary' },
      { id: 'c2', value: 4, reason: 'primary' },
    ]);
    // 30 enrolled over three "<11": each 10.
    const ext = new Map<string, number | string>([
      ['region', 30],
      ['c0', '<11'],
      ['c1', '<11'],
      ['c2', '<11'],
    ]);
    expect(
      hiddenRanges(
        { ...model, cells: model.cells.map((c) => ({ ...c, value: c.id === 'region' ? 30 : 10 })) },
        ext,
      ).get('c0'),
    ).toEqual([10, 10]);
  });

  it('hides nothing where nothing is small, and keeps totals where a detail cell protects enough', () => {
    const large: AnnualFigures = {
      year: 2025,
      regions: ['6371'],
      funnel: { '6371': { outreach: 90, prospects: 70, registered: 60, assessed: 50, enrolled: 40, graduated: 35 } },
      cohorts: [
        {
          id: 'a',
          name: 'A',
          regionCode: '6371',
          startDate: '2025-03-01',
          enrolled: 20,
          graduated: 18,
          attendanceRate: 0.9,
        },
        {
          id: 'b',
          name: 'B',
          regionCode: '6371',
          startDate: '2025-05-01',
          enrolled: 20,
          graduated: 17,
          attendanceRate: 0.8,
        },
      ],
      attendanceByType: [],
      partners: [],
      aid: { '6371': { kits: 35, value: 87_500_000 } },
      equipmentUse: { uses: { USED: 20, SOLD: 0, BROKEN: 0, NOT_STARTED: 0 }, notVisited: 15 },
      budget: [{ programme: 'P', ceiling: 1, planned: 1, realised: 1, graduates: 35, costPerGraduate: 0 }],
      followUp: [{ months: 3, due: 35, reached: 20, businessRunning: 12 }],
      narrative: null,
      lateEntries: { days: 30, registered: 0, assessed: 0, enrolled: 0 },
    };
    for (const aud of AUDIENCES) {
      const r = shapeAnnual(large, null, aud);
      expect(r.suppression).toEqual({ hidden: 0, small: 0, complementary: 0 });
      expect(r.funnel.totals).toEqual([90, 70, 60, 50, 40, 35]);
      expect(r.aid.totals).toEqual({ kits: 35, value: 87_500_000 });
      expect(r.cohorts.map((c) => [c.enrolled, c.graduated])).toEqual(
        aud.share === 'external'
          ? []
          : [
              [20, 18],
              [20, 17],
            ],
      );
    }
    // Three regions, one small cell per column: one more region cell hidden in each, every total published.
    const three: AnnualFigures = {
      ...large,
      regions: ['6371', '6372', '6303'],
      cohorts: [],
      funnel: {
        '6371': { outreach: 40, prospects: 30, registered: 25, assessed: 22, enrolled: 20, graduated: 18 },
        '6372': { outreach: 3, prospects: 2, registered: 2, assessed: 1, enrolled: 1, graduated: 1 },
        '6303': { outreach: 12, prospects: 11, registered: 10, assessed: 9, enrolled: 8, graduated: 7 },
      },
      aid: { '6371': { kits: 18, value: 1 }, '6372': { kits: 1, value: 1 }, '6303': { kits: 7, value: 1 } },
      equipmentUse: { uses: { USED: 10, SOLD: 6, BROKEN: 0, NOT_STARTED: 0 }, notVisited: 10 },
      budget: [],
    };
    const r = shapeAnnual(three, null, { threshold: 5, share: 'internal' });
    expect(r.funnel.totals).toEqual([55, 43, 37, 32, 29, 26]);
    expect(r.funnel.rows.map((x) => x.values)).toEqual([
      [40, 30, 25, 22, 20, 18],
      ['<5', '<5', '<5', '<5', '<5', '<5'],
      ['x', 'x', 'x', 'x', 'x', 'x'],
    ]);
    expect(r.aid.totals.kits).toBe(26);
    // Six funnel cells and one region's kits are small; each is covered by one cell of the same table.
    expect(r.suppression).toEqual({ hidden: 14, small: 7, complementary: 7 });
    expect(
      derivableCells(
        reportModel(shapeAnnual(three, null, { threshold: null, share: 'internal' })),
        publishedCells(r),
        5,
      ),
    ).toEqual([]);
  });
});
