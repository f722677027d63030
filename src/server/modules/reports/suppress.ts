// Small-cell suppression for de-identified outputs. A count from 1 to threshold−1 is shown as "<threshold"
// (primary suppression); where a total is published, one more cell of the same series is hidden ("x",
// secondary suppression) so that the total cannot reveal the first. Zero is not suppressed: it identifies
// nobody. Thresholds are settings: 5 inside the office, 11 for external sharing, never below 3.

export type Cell = number | string;

export const MIN_THRESHOLD = 3;

export interface SeriesResult {
  cells: Cell[];
  total: Cell;
}

/**
 * Suppresses one series that is published with its total. Returns display cells: numbers, "<t" for small
 * counts and "x" for cells hidden to protect them. If only one cell would be hidden, the smallest other
 * non-zero cell is hidden too; if no such cell exists, the total is hidden instead.
 */
export function suppressSeries(values: readonly number[], threshold: number): SeriesResult {
  const t = Math.max(MIN_THRESHOLD, threshold);
  const small = (v: number) => v > 0 && v < t;
  const cells: Cell[] = values.map((v) => (small(v) ? `<${t}` : v));
  const hidden = cells.filter((c) => typeof c === 'string').length;
  const total = values.reduce((s, v) => s + v, 0);
  let totalCell: Cell = small(total) ? `<${t}` : total;
  if (hidden === 1 && typeof totalCell === 'number') {
    // The total minus the shown cells would give the hidden one: hide a second cell.
    let pick = -1;
    values.forEach((v, i) => {
      if (typeof cells[i] === 'number' && v > 0 && (pick === -1 || v < values[pick]!)) pick = i;
    });
    if (pick >= 0) cells[pick] = 'x';
    else totalCell = 'x';
  }
  return { cells, total: totalCell };
}

/** A count on its own (no total published with it). */
export function suppressCount(v: number, threshold: number): Cell {
  const t = Math.max(MIN_THRESHOLD, threshold);
  return v > 0 && v < t ? `<${t}` : v;
}
