// One suppression step over every table a de-identified report publishes, and the interval check an attacker
// would run on what it publishes. Pure: no database, no clock.
//
// A report is described as cells (each figure it would publish, with its true value) and the linear facts a
// reader knows between them: sums (a total is the sum of its parts — row, column and grand totals, and figures
// of one table that are the totals of another's rows) and orderings (graduates never exceed those enrolled).
// Primary suppression hides every count of people from 1 to t−1 as "<t" (zero identifies nobody and is shown); complementary suppression then hides
// further cells ("x") until, given every published figure and every "<t" label, each small count could still
// be any value from 1 to t−1: the figures add nothing to what its label says. A last pass publishes again each
// complementary cell that is not needed (totals first), so that no more is hidden than the rule asks.
//
// The check is interval propagation over those facts (each sum bounds each unknown by the total minus the
// others' largest and smallest values; an ordering bounds both sides), tightened by probing each small count
// at 1 and at t−1 and propagating again. The bounds it gives are always valid (no value outside them fits
// the published figures); on these tables — sums nested by region and cohort, and a few orderings — they are
// also the tight ones.

/** A figure as published: a number, "<t" (a small count) or "x" (hidden so that no total reveals one). */
export type Display = number | string;
export type Cell = Display;

/** Thresholds are settings (5 inside the office, 11 for sharing outside); never below 3. */
export const MIN_THRESHOLD = 3;

export interface ModelCell {
  id: string;
  value: number;
  /** A count of people: a value from 1 to t−1 is hidden. Money, sessions and hours are not. */
  people: boolean;
  /**
   * How much the report loses when this cell is hidden (complementary suppression takes the cheapest first):
   * 0 a detail cell, 1 a region's figure (the total of its cohorts), 2 a grand total.
   */
  rank: 0 | 1 | 2;
  /** Never published (a remainder the reader knows exists but not its size, e.g. enrolments of cancelled cohorts). */
  unpublished?: boolean;
}

export interface Model {
  cells: ModelCell[];
  /** total = Σ parts. */
  sums: { total: string; parts: string[] }[];
  /** [a, b]: a ≤ b. */
  leq: [string, string][];
}

export interface Hidden {
  id: string;
  value: number;
  reason: 'primary' | 'complementary';
}

export interface Suppression {
  /** What each cell shows. */
  display: Map<string, Display>;
  /** What was hidden and why: the audit trail of the step (never published: it holds the true values). */
  hidden: Hidden[];
  primary: number;
  complementary: number;
}

export type Range = [lo: number, hi: number];

const SMALL = /^<(\d+)$/;

/** Cells and constraints indexed once per model: the check runs many times over one model. */
class Index {
  readonly ids: string[];
  readonly pos = new Map<string, number>();
  readonly sums: { total: number; parts: number[] }[];
  readonly leq: [number, number][];
  /** For each cell, the constraints (sums and orderings) it takes part in. */
  readonly sumsOf: number[][];
  readonly leqOf: number[][];
  constructor(readonly model: Model) {
    this.ids = model.cells.map((c) => c.id);
    this.ids.forEach((id, i) => {
      if (this.pos.has(id)) throw new Error(`duplicate cell ${id}`);
      this.pos.set(id, i);
    });
    const at = (id: string) => {
      const i = this.pos.get(id);
      if (i === undefined) throw new Error(`unknown cell ${id}`);
      return i;
    };
    this.sums = model.sums.map((s) => ({ total: at(s.total), parts: s.parts.map(at) }));
    this.leq = model.leq.map(([a, b]) => [at(a), at(b)]);
    this.sumsOf = this.ids.map(() => []);
    this.leqOf = this.ids.map(() => []);
    this.sums.forEach((s, k) => {
      for (const i of [s.total, ...s.parts]) this.sumsOf[i]!.push(k);
    });
    this.leq.forEach(([a, b], k) => {
      this.leqOf[a]!.push(k);
      this.leqOf[b]!.push(k);
    });
  }
}

/** Bounds from a display: a number is itself, "<t" is 1…t−1, anything else hidden is 0…∞. */
function startBounds(ix: Index, shown: readonly Display[]): { lo: Float64Array; hi: Float64Array } {
  const lo = new Float64Array(ix.ids.length);
  const hi = new Float64Array(ix.ids.length);
  shown.forEach((d, i) => {
    if (typeof d === 'number') {
      lo[i] = d;
      hi[i] = d;
    } else {
      const m = SMALL.exec(d);
      lo[i] = m ? 1 : 0;
      hi[i] = m ? Number(m[1]) - 1 : Number.POSITIVE_INFINITY;
    }
  });
  return { lo, hi };
}

/**
 * Propagates bounds over the sums and orderings until nothing changes (or a pass limit: the bounds are valid
 * at every step). Returns false when the bounds contradict each other (no values fit).
 */
function propagate(ix: Index, lo: Float64Array, hi: Float64Array): boolean {
  for (let pass = 0; pass < 200; pass++) {
    let changed = false;
    const raiseLo = (i: number, v: number) => {
      const c = Math.ceil(v - 1e-9);
      if (c > lo[i]!) {
        lo[i] = c;
        changed = true;
      }
    };
    const lowerHi = (i: number, v: number) => {
      const f = Math.floor(v + 1e-9);
      if (f < hi[i]!) {
        hi[i] = f;
        changed = true;
      }
    };
    for (const s of ix.sums) {
      // Sums of the parts' bounds; the unbounded parts are counted apart so that ∞ − ∞ never arises.
      let sumLo = 0;
      let finiteHi = 0;
      let unbounded = 0;
      for (const p of s.parts) {
        sumLo += lo[p]!;
        if (hi[p] === Number.POSITIVE_INFINITY) unbounded++;
        else finiteHi += hi[p]!;
      }
      raiseLo(s.total, sumLo);
      lowerHi(s.total, unbounded > 0 ? Number.POSITIVE_INFINITY : finiteHi);
      const tLo = lo[s.total]!;
      const tHi = hi[s.total]!;
      for (const p of s.parts) {
        const own = hi[p] === Number.POSITIVE_INFINITY;
        const othersHi = unbounded - (own ? 1 : 0) > 0 ? Number.POSITIVE_INFINITY : finiteHi - (own ? 0 : hi[p]!);
        raiseLo(p, tLo - othersHi);
        lowerHi(p, tHi - (sumLo - lo[p]!));
      }
    }
    for (const [a, b] of ix.leq) {
      lowerHi(a, hi[b]!);
      raiseLo(b, lo[a]!);
    }
    for (let i = 0; i < lo.length; i++) if (lo[i]! > hi[i]!) return false;
    if (!changed) return true;
  }
  return true;
}

/** Bounds of every cell given a display (published figures and labels), with probing of small counts. */
function solve(ix: Index, shown: readonly Display[]): { lo: Float64Array; hi: Float64Array } {
  const { lo, hi } = startBounds(ix, shown);
  propagate(ix, lo, hi);
  // Probing: a small count that cannot be 1 (or t−1) without contradicting the rest has a narrower range.
  shown.forEach((d, i) => {
    if (typeof d !== 'string' || !SMALL.test(d)) return;
    const fits = (v: number) => {
      const l = lo.slice();
      const h = hi.slice();
      l[i] = v;
      h[i] = v;
      return propagate(ix, l, h);
    };
    while (lo[i]! < hi[i]! && !fits(lo[i]!)) lo[i] = lo[i]! + 1;
    while (hi[i]! > lo[i]! && !fits(hi[i]!)) hi[i] = hi[i]! - 1;
  });
  return { lo, hi };
}

function displayArray(ix: Index, display: ReadonlyMap<string, Display>): Display[] {
  return ix.ids.map((id, i) => {
    const d = display.get(id);
    if (d !== undefined) return d;
    if (ix.model.cells[i]!.unpublished) return 'x';
    throw new Error(`no display for ${id}`);
  });
}

/** The labels alone: every published number blanked, as if only the positions of "<t" were known. */
const labelsOnly = (shown: readonly Display[]): Display[] => shown.map((d) => (typeof d === 'number' ? 'x' : d));

const isSmall = (c: ModelCell, t: number) => c.people && c.value >= 1 && c.value < t;

/**
 * What a reader can work out from a published report: for each hidden cell, the range of values that fit every
 * published figure, every "<t" label and the sums and orderings between them.
 */
export function hiddenRanges(model: Model, display: ReadonlyMap<string, Display>): Map<string, Range> {
  const ix = new Index(model);
  const shown = displayArray(ix, display);
  const { lo, hi } = solve(ix, shown);
  const out = new Map<string, Range>();
  shown.forEach((d, i) => {
    if (typeof d === 'string') out.set(ix.ids[i]!, [lo[i]!, hi[i]!]);
  });
  return out;
}

/** A small count the published figures give away: its range, and the range its label alone would leave. */
export interface Derivable {
  id: string;
  range: Range;
  labels: Range;
}

/**
 * The rule, for every count of people from 1 to t−1 (shown "<t", hidden "x", or never published): the range of
 * values that fit everything published is the range the "<t" labels alone leave (1…t−1 for a label on its own;
 * narrower only where labels meet in one sum, e.g. a "<5" total of two "<5" parts is at least 2), so no
 * published number narrows it; and that range holds more than one value.
 */
export function derivableCells(model: Model, display: ReadonlyMap<string, Display>, threshold: number): Derivable[] {
  const ix = new Index(model);
  const t = Math.max(MIN_THRESHOLD, threshold);
  const shown = displayArray(ix, display);
  const pub = solve(ix, shown);
  const base = solve(ix, labelsOnly(shown));
  const out: Derivable[] = [];
  model.cells.forEach((c, i) => {
    if (!isSmall(c, t)) return;
    if (typeof shown[i] === 'number') {
      out.push({ id: c.id, range: [c.value, c.value], labels: [c.value, c.value] });
      return;
    }
    const range: Range = [pub.lo[i]!, pub.hi[i]!];
    const labels: Range = [base.lo[i]!, base.hi[i]!];
    if (range[0] !== labels[0] || range[1] !== labels[1] || range[0] === range[1])
      out.push({ id: c.id, range, labels });
  });
  return out;
}

/** How far the small counts are from the rule (0: it holds). */
function deficit(
  ix: Index,
  shown: readonly Display[],
  t: number,
  base: { lo: Float64Array; hi: Float64Array },
): number {
  const { lo, hi } = solve(ix, shown);
  let d = 0;
  ix.model.cells.forEach((c, i) => {
    if (!isSmall(c, t)) return;
    d += lo[i]! - base.lo[i]!;
    d += base.hi[i] === Number.POSITIVE_INFINITY ? (hi[i] === Number.POSITIVE_INFINITY ? 0 : t) : base.hi[i]! - hi[i]!;
    if (lo[i] === hi[i]) d += t;
  });
  return d;
}

/** Suppresses the whole report at once. `threshold` is the smallest count that may be shown (at least 3). */
export function suppressReport(model: Model, threshold: number): Suppression {
  const t = Math.max(MIN_THRESHOLD, threshold);
  const ix = new Index(model);
  const cells = model.cells;
  const small = `<${t}`;
  const shown: Display[] = cells.map((c) => (c.unpublished ? 'x' : isSmall(c, t) ? small : c.value));
  const primary = new Set<number>();
  shown.forEach((d, i) => {
    if (d === small) primary.add(i);
  });
  /** Cells hidden beyond the small ones: numbers, and (rarely) a label that, with others, would pin a count. */
  const complementary = new Set<number>();
  // The labels-only ranges change only when a label is turned into "x": kept until then.
  let base = solve(ix, labelsOnly(shown));
  const hide = (i: number) => {
    const wasLabel = shown[i] === small;
    shown[i] = 'x';
    complementary.add(i);
    if (wasLabel) base = solve(ix, labelsOnly(shown));
  };
  /** What hiding a cell costs: a label last, then grand totals, region figures, detail cells; smaller first. */
  const cost = (i: number): [number, number] => [shown[i] === small ? 3 : cells[i]!.rank, cells[i]!.value];
  const cheaper = (a: number, b: number) => {
    const [ra, va] = cost(a);
    const [rb, vb] = cost(b);
    return ra !== rb ? ra < rb : va < vb;
  };
  /** Cells that share a sum or an ordering with the hidden cells linked to `start`: numbers (not zeros) and labels. */
  const candidates = (start: number): number[] => {
    const seen = new Set<number>([start]);
    const queue = [start];
    const out = new Set<number>();
    while (queue.length) {
      const i = queue.pop()!;
      const linked: number[] = [];
      for (const k of ix.sumsOf[i]!) linked.push(ix.sums[k]!.total, ...ix.sums[k]!.parts);
      for (const k of ix.leqOf[i]!) linked.push(...ix.leq[k]!);
      for (const j of linked) {
        if (seen.has(j)) continue;
        seen.add(j);
        // A zero is no cover for anything; a zero total is (it bounds its parts).
        if (typeof shown[j] === 'number' && (shown[j] !== 0 || cells[j]!.rank > 0)) out.add(j);
        if (typeof shown[j] === 'string') {
          if (shown[j] === small) out.add(j);
          queue.push(j);
        }
      }
    }
    if (shown[start] === small) out.add(start);
    return [...out];
  };
  const deficitWith = (extra: number[]) => {
    const trial = shown.slice();
    for (const j of extra) trial[j] = 'x';
    const b = extra.some((j) => shown[j] === small) ? solve(ix, labelsOnly(trial)) : base;
    return deficit(ix, trial, t, b);
  };
  const failingCell = () => {
    const { lo, hi } = solve(ix, shown);
    return cells.findIndex(
      (c, i) => isSmall(c, t) && (lo[i] !== base.lo[i] || hi[i] !== base.hi[i] || lo[i] === hi[i]),
    );
  };
  /** Whether the count at `i` meets the rule once the cells `extra` are hidden too. */
  const passesWith = (extra: number[], i: number) => {
    const trial = shown.slice();
    for (const j of extra) trial[j] = 'x';
    const b = extra.some((j) => shown[j] === small) ? solve(ix, labelsOnly(trial)) : base;
    const { lo, hi } = solve(ix, trial);
    return lo[i] === b.lo[i] && hi[i] === b.hi[i] && lo[i]! < hi[i]!;
  };
  /** The cheapest pair of cells (the second linked through the first) that lets the count at `i` pass. */
  const bestPair = (first: number[], i: number): number[] | null => {
    let best: { pair: number[]; rank: number; value: number } | null = null;
    for (const a of first.slice(0, 40)) {
      const before = shown[a]!;
      shown[a] = 'x';
      const second = candidates(a).filter((j) => cost(j)[0] < 2 && j !== a);
      shown[a] = before;
      for (const b of second.slice(0, 40)) {
        const rank = Math.max(cost(a)[0], cost(b)[0]);
        const value = cells[a]!.value + cells[b]!.value;
        if (best && (rank > best.rank || (rank === best.rank && value >= best.value))) continue;
        if (passesWith([a, b], i)) best = { pair: [a, b], rank, value };
      }
    }
    return best?.pair ?? null;
  };

  let current = deficit(ix, shown, t, base);
  for (let guard = 0; current > 0 && guard < 2 * cells.length; guard++) {
    const failing = failingCell();
    if (failing < 0) break;
    const cand = candidates(failing);
    if (cand.length === 0) break;
    const byCost = (x: number, y: number) => (cheaper(x, y) ? x : y);
    // The cheapest cell that lets the failing count pass; else the cheapest pair of detail or region cells that
    // does; else the cell that brings the report nearest the rule; else the cheapest linked one.
    const fixers = cand.filter((j) => cost(j)[0] < 2 && passesWith([j], failing));
    const pair =
      fixers.length === 0
        ? bestPair(
            cand.filter((j) => cost(j)[0] < 2),
            failing,
          )
        : null;
    if (fixers.length > 0) hide(fixers.reduce(byCost));
    else if (pair) for (const j of pair) hide(j);
    else {
      const scored = cand.map((j) => ({ j, d: deficitWith([j]) }));
      const helps = scored.filter((x) => x.d < current);
      if (helps.length > 0) hide(helps.reduce((m, x) => (x.d < m.d || (x.d === m.d && cheaper(x.j, m.j)) ? x : m)).j);
      else hide(cand.reduce(byCost));
    }
    current = deficit(ix, shown, t, base);
  }

  // Publish again what is not needed: labels first, then grand totals, region figures, the largest detail cells.
  const order = [...complementary].sort(
    (a, b) =>
      Number(primary.has(b)) - Number(primary.has(a)) ||
      cells[b]!.rank - cells[a]!.rank ||
      cells[b]!.value - cells[a]!.value,
  );
  for (const i of order) {
    shown[i] = primary.has(i) ? small : cells[i]!.value;
    const b = primary.has(i) ? solve(ix, labelsOnly(shown)) : base;
    if (deficit(ix, shown, t, b) > 0) shown[i] = 'x';
    else {
      complementary.delete(i);
      base = b;
    }
  }

  const display = new Map<string, Display>();
  const hidden: Hidden[] = [];
  shown.forEach((d, i) => {
    if (cells[i]!.unpublished) return;
    display.set(ix.ids[i]!, d);
    if (typeof d === 'string')
      hidden.push({
        id: ix.ids[i]!,
        value: cells[i]!.value,
        reason: primary.has(i) && d === small ? 'primary' : 'complementary',
      });
  });
  return {
    display,
    hidden,
    primary: hidden.filter((h) => h.reason === 'primary').length,
    complementary: hidden.filter((h) => h.reason === 'complementary').length,
  };
}
