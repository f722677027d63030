// One suppression step over every table a de-identified report publishes, and the interval check an attacker
// would run on what it publishes. Pure: no database, no clock.
//
// A report is described as cells (each figure it would publish, with its true value) and the linear facts a
// reader knows between them: sums (a total is the sum of its parts — row, column and grand totals, and figures
// of one table that are the totals of another's rows) and orderings (graduates never exceed those enrolled).
// Primary suppression hides every count of people from 1 to t−1 as "<t" (zero identifies nobody and is
// shown); complementary suppression then hides further cells ("x") until, given every published figure and
// every "<t" label, each small count could still be any value its labels leave (1…t−1 for a label on its own):
// no published number narrows it. A last pass publishes again each complementary cell that is not needed
// (totals first), so that no more is hidden than the rule asks.
//
// The check is interval propagation over those facts (each sum bounds each unknown by the total minus the
// others' largest and smallest values; an ordering bounds both sides; integers), and a probe of each small
// count at both ends of its labels' range (fixed there, propagated again: a contradiction means the figures
// rule that value out). The bounds are always valid (no value outside them fits the published figures); on
// these tables — sums nested by region and cohort, and a few orderings — they are also the tight ones.
// Propagation follows a work list from the cells that changed, within the cells linked by some fact to the one
// in question, so that a probe costs what it touches, not the whole report.

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
const INF = Number.POSITIVE_INFINITY;

/** Cells and constraints indexed once per model: the check runs many times over one model. */
class Index {
  readonly n: number;
  readonly ids: string[];
  readonly pos = new Map<string, number>();
  /** Constraint k < sums.length is a sum; the others are orderings (k − sums.length). */
  readonly sums: { total: number; parts: number[] }[];
  readonly leq: [number, number][];
  /** For each cell, the constraints it takes part in. */
  readonly consOf: number[][];
  /** Cells linked by some chain of constraints share a component; each component's constraints and cells. */
  readonly compOf: Int32Array;
  readonly compCons: number[][] = [];
  readonly compCells: number[][] = [];
  constructor(readonly model: Model) {
    this.n = model.cells.length;
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
    this.consOf = this.ids.map(() => []);
    for (let k = 0; k < this.sums.length + this.leq.length; k++)
      for (const i of this.cellsOf(k)) if (!this.consOf[i]!.includes(k)) this.consOf[i]!.push(k);
    this.compOf = new Int32Array(this.n).fill(-1);
    for (let i = 0; i < this.n; i++) {
      if (this.compOf[i] !== -1) continue;
      const c = this.compCells.length;
      const cells: number[] = [];
      const cons = new Set<number>();
      const stack = [i];
      this.compOf[i] = c;
      while (stack.length) {
        const j = stack.pop()!;
        cells.push(j);
        for (const k of this.consOf[j]!) {
          cons.add(k);
          for (const m of this.cellsOf(k))
            if (this.compOf[m] === -1) {
              this.compOf[m] = c;
              stack.push(m);
            }
        }
      }
      this.compCells.push(cells);
      this.compCons.push([...cons]);
    }
  }
  cellsOf(k: number): number[] {
    if (k < this.sums.length) return [this.sums[k]!.total, ...this.sums[k]!.parts];
    return this.leq[k - this.sums.length]!;
  }
}

type Bounds = { lo: Float64Array; hi: Float64Array };

/** Bounds from a display: a number is itself, "<t" is 1…t−1, anything else hidden is 0…∞. */
function startBounds(shown: readonly Display[]): Bounds {
  const lo = new Float64Array(shown.length);
  const hi = new Float64Array(shown.length);
  shown.forEach((d, i) => {
    if (typeof d === 'number') {
      lo[i] = d;
      hi[i] = d;
    } else {
      const m = SMALL.exec(d);
      lo[i] = m ? 1 : 0;
      hi[i] = m ? Number(m[1]) - 1 : INF;
    }
  });
  return { lo, hi };
}

/**
 * Propagates bounds over the constraints from a work list (those given, then those of every cell whose bounds
 * change) until nothing changes, or a limit of evaluations: the bounds are valid at every step. Returns false
 * when they contradict each other (no values fit).
 */
function propagate(ix: Index, b: Bounds, start: Iterable<number>): boolean {
  const { lo, hi } = b;
  const queue: number[] = [];
  const queued = new Uint8Array(ix.sums.length + ix.leq.length);
  for (const k of start)
    if (!queued[k]) {
      queued[k] = 1;
      queue.push(k);
    }
  let budget = 200 * queue.length + 2000;
  let ok = true;
  const changed = (i: number) => {
    if (lo[i]! > hi[i]!) ok = false;
    for (const k of ix.consOf[i]!)
      if (!queued[k]) {
        queued[k] = 1;
        queue.push(k);
      }
  };
  const raiseLo = (i: number, v: number) => {
    const c = Math.ceil(v - 1e-9);
    if (c > lo[i]!) {
      lo[i] = c;
      changed(i);
    }
  };
  const lowerHi = (i: number, v: number) => {
    const f = Math.floor(v + 1e-9);
    if (f < hi[i]!) {
      hi[i] = f;
      changed(i);
    }
  };
  for (let head = 0; head < queue.length && ok && budget-- > 0; head++) {
    const k = queue[head]!;
    queued[k] = 0;
    if (k >= ix.sums.length) {
      const [a, c] = ix.leq[k - ix.sums.length]!;
      lowerHi(a, hi[c]!);
      raiseLo(c, lo[a]!);
      continue;
    }
    const s = ix.sums[k]!;
    // Sums of the parts' bounds; the unbounded parts are counted apart so that ∞ − ∞ never arises.
    let sumLo = 0;
    let finiteHi = 0;
    let unbounded = 0;
    for (const p of s.parts) {
      sumLo += lo[p]!;
      if (hi[p] === INF) unbounded++;
      else finiteHi += hi[p]!;
    }
    raiseLo(s.total, sumLo);
    lowerHi(s.total, unbounded > 0 ? INF : finiteHi);
    const tLo = lo[s.total]!;
    const tHi = hi[s.total]!;
    for (const p of s.parts) {
      const own = hi[p] === INF;
      const othersHi = unbounded - (own ? 1 : 0) > 0 ? INF : finiteHi - (own ? 0 : hi[p]!);
      raiseLo(p, tLo - othersHi);
      lowerHi(p, tHi - (sumLo - lo[p]!));
    }
  }
  return ok;
}

/** The bounds of every cell of one component (or all) from a display, by propagation alone. */
function solve(ix: Index, shown: readonly Display[], comp?: number): Bounds {
  const b = startBounds(shown);
  if (comp === undefined) propagate(ix, b, ix.compCons.flat());
  else propagate(ix, b, ix.compCons[comp]!);
  return b;
}

/** Whether cell i can take the value v given converged bounds (propagated again from i alone). */
function fits(ix: Index, b: Bounds, i: number, v: number): boolean {
  if (v < b.lo[i]! || v > b.hi[i]!) return false;
  const t: Bounds = { lo: b.lo.slice(), hi: b.hi.slice() };
  t.lo[i] = v;
  t.hi[i] = v;
  return propagate(ix, t, ix.consOf[i]!);
}

/** Bounds tightened by probing: each listed cell's ends moved in until a value fits (at most `steps` each). */
function shave(ix: Index, b: Bounds, cells: Iterable<number>, steps: number): Bounds {
  for (const i of cells) {
    for (let s = 0; s < steps && b.lo[i]! < b.hi[i]! && !fits(ix, b, i, b.lo[i]!); s++) b.lo[i] = b.lo[i]! + 1;
    for (let s = 0; s < steps && b.hi[i]! > b.lo[i]! && b.hi[i] !== INF && !fits(ix, b, i, b.hi[i]!); s++)
      b.hi[i] = b.hi[i]! - 1;
  }
  return b;
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

/** The ranges the labels alone leave each small count (probed, so as tight as the published ones). */
function labelRanges(ix: Index, shown: readonly Display[], t: number): Bounds {
  const small = ix.model.cells.flatMap((c, i) => (isSmall(c, t) ? [i] : []));
  return shave(ix, solve(ix, labelsOnly(shown)), small, t);
}

/**
 * Whether the small count at i meets the rule given the published bounds of its component: both ends of its
 * labels' range still fit, and that range holds more than one value.
 */
function meetsRule(ix: Index, pub: Bounds, base: Bounds, i: number): boolean {
  const bl = base.lo[i]!;
  const bh = base.hi[i]!;
  if (!(bl < bh)) return false;
  if (pub.lo[i]! > bl || pub.hi[i]! < bh) return false;
  if (!fits(ix, pub, i, bl)) return false;
  return bh === INF || fits(ix, pub, i, bh);
}

/**
 * What a reader can work out from a published report: for each hidden cell, the range of values that fit every
 * published figure, every "<t" label and the sums and orderings between them.
 */
export function hiddenRanges(model: Model, display: ReadonlyMap<string, Display>): Map<string, Range> {
  const ix = new Index(model);
  const shown = displayArray(ix, display);
  const hidden = shown.flatMap((d, i) => (typeof d === 'string' ? [i] : []));
  const { lo, hi } = shave(ix, solve(ix, shown), hidden, 64);
  return new Map(hidden.map((i) => [ix.ids[i]!, [lo[i]!, hi[i]!] as Range]));
}

/** A small count the published figures give away: its range, and the range its labels alone would leave. */
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
  const base = labelRanges(ix, shown, t);
  const out: Derivable[] = [];
  model.cells.forEach((c, i) => {
    if (!isSmall(c, t)) return;
    if (typeof shown[i] === 'number') out.push({ id: c.id, range: [c.value, c.value], labels: [c.value, c.value] });
    else if (!meetsRule(ix, pub, base, i)) {
      const b = shave(ix, { lo: pub.lo.slice(), hi: pub.hi.slice() }, [i], t);
      out.push({ id: c.id, range: [b.lo[i]!, b.hi[i]!], labels: [base.lo[i]!, base.hi[i]!] });
    }
  });
  return out;
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
  const smallCells = cells.flatMap((c, i) => (isSmall(c, t) ? [i] : []));
  /** Cells hidden beyond the small ones: numbers, and (rarely) a label that, with others, would pin a count. */
  const complementary = new Set<number>();
  // The labels-only ranges change only when a label is turned into "x" or back: kept until then.
  let base = labelRanges(ix, shown, t);
  const hide = (i: number) => {
    const wasLabel = shown[i] === small;
    shown[i] = 'x';
    complementary.add(i);
    if (wasLabel) base = labelRanges(ix, shown, t);
  };
  /** Whether the count at i meets the rule with the cells `extra` hidden too. */
  const passesWith = (extra: number[], i: number) => {
    const trial = shown.slice();
    for (const j of extra) trial[j] = 'x';
    const b = extra.some((j) => shown[j] === small) ? labelRanges(ix, trial, t) : base;
    return meetsRule(ix, solve(ix, trial, ix.compOf[i]!), b, i);
  };
  /** Whether every small count of a component meets the rule. */
  const componentPasses = (comp: number, b: Bounds) => {
    const pub = solve(ix, shown, comp);
    return ix.compCells[comp]!.every((i) => !isSmall(cells[i]!, t) || meetsRule(ix, pub, b, i));
  };
  /** What hiding a cell costs: a label last, then grand totals, region figures, detail cells; smaller first. */
  const cost = (i: number): number => (shown[i] === small ? 3 : cells[i]!.rank);
  const cheaper = (a: number, b: number) =>
    cost(a) !== cost(b) ? cost(a) < cost(b) : cells[a]!.value < cells[b]!.value;
  /**
   * Cells that share a constraint with `start` or with the hidden cells linked to it, nearest first: numbers (a
   * zero only where it is a total: it bounds its parts) and labels.
   */
  const candidates = (start: number, limit = 40): number[] => {
    const seen = new Set<number>([start]);
    const queue = [start];
    const out: number[] = shown[start] === small ? [start] : [];
    for (let h = 0; h < queue.length && out.length < limit; h++) {
      for (const k of ix.consOf[queue[h]!]!) {
        for (const j of ix.cellsOf(k)) {
          if (seen.has(j)) continue;
          seen.add(j);
          if (typeof shown[j] === 'number') {
            if (shown[j] !== 0 || cells[j]!.rank > 0) out.push(j);
          } else {
            if (shown[j] === small) out.push(j);
            queue.push(j);
          }
        }
      }
    }
    return out;
  };
  /** The cheapest pair of detail or region cells (the second linked through the first) that lets i pass. */
  const bestPair = (first: number[], i: number): number[] | null => {
    let best: { pair: number[]; rank: number; value: number } | null = null;
    for (const a of first.slice(0, 12)) {
      const before = shown[a]!;
      shown[a] = 'x';
      const second = candidates(a, 24).filter((j) => cost(j) < 2 && j !== a);
      shown[a] = before;
      for (const b of second.slice(0, 12)) {
        const rank = Math.max(cost(a), cost(b));
        const value = cells[a]!.value + cells[b]!.value;
        if (best && (rank > best.rank || (rank === best.rank && value >= best.value))) continue;
        if (passesWith([a, b], i)) best = { pair: [a, b], rank, value };
      }
    }
    return best?.pair ?? null;
  };
  /** How many small counts of i's component fail with the cells `extra` hidden too. */
  const failuresWith = (extra: number[], i: number) => {
    const trial = shown.slice();
    for (const j of extra) trial[j] = 'x';
    const comp = ix.compOf[i]!;
    const b = extra.some((j) => shown[j] === small) ? labelRanges(ix, trial, t) : base;
    const pub = solve(ix, trial, comp);
    return ix.compCells[comp]!.filter((c) => isSmall(cells[c]!, t) && !meetsRule(ix, pub, b, c)).length;
  };

  // Each small count in turn, until one pass finds none failing (hiding more only widens what is published, but
  // a label turned into "x" changes what the labels alone say, so the pass is repeated).
  for (let round = 0, failed = true; failed && round < 5; round++) {
    failed = false;
    for (const i of smallCells) {
      for (let guard = 0; guard < cells.length; guard++) {
        const pub = solve(ix, shown, ix.compOf[i]!);
        if (meetsRule(ix, pub, base, i)) break;
        failed = true;
        const cand = candidates(i);
        if (cand.length === 0) break;
        // The cheapest cell that lets it pass; else the cheapest pair of detail or region cells that does; else a
        // grand total or a label that does; else the cell that leaves fewest failing; else the cheapest linked.
        const cheap = cand.filter((j) => cost(j) < 2);
        const single = cheap.filter((j) => passesWith([j], i));
        const pair = single.length === 0 ? bestPair(cheap, i) : null;
        const dear = single.length === 0 && !pair ? cand.filter((j) => cost(j) >= 2 && passesWith([j], i)) : [];
        if (single.length > 0) hide(single.reduce((a, b) => (cheaper(b, a) ? b : a)));
        else if (pair) for (const j of pair) hide(j);
        else if (dear.length > 0) hide(dear.reduce((a, b) => (cheaper(b, a) ? b : a)));
        else {
          const scored = cand.map((j) => ({ j, f: failuresWith([j], i) }));
          hide(scored.reduce((a, b) => (b.f < a.f || (b.f === a.f && cheaper(b.j, a.j)) ? b : a)).j);
        }
      }
    }
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
    const b = primary.has(i) ? labelRanges(ix, shown, t) : base;
    if (componentPasses(ix.compOf[i]!, b)) {
      complementary.delete(i);
      base = b;
    } else shown[i] = 'x';
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
