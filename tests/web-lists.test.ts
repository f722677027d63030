// Every list of records on a screen is the one table component (decision 039): its caption, sortable headers,
// cards at 360 px, loading and empty states come with it. Held by reading the sources: a hand-drawn <table> is
// allowed only for what is not a list of records — a report's fixed figures, an import's row problems, the
// conflict dialog's field-by-field comparison — each named here with its reason, so the list cannot grow unseen.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.tsx$/.test(e.name) ? [p] : [];
  });
}

/** Hand-drawn tables that are not lists of records, by file: how many, and why. */
const NOT_LISTS: Record<string, { count: number; why: string }> = {
  'src/web/components/DataTable.tsx': { count: 1, why: 'the table component itself' },
  'src/web/routes/programme/StageRules.tsx': { count: 1, why: 'a form: one select per event, saved as one body' },
  'src/web/data/conflict.tsx': { count: 1, why: 'the conflict dialog: her version beside theirs, field by field' },
  'src/web/routes/reports/Reports.tsx': { count: 8, why: 'the annual report: fixed rows of suppressed figures' },
  'src/web/routes/reports/Dashboard.tsx': { count: 5, why: 'the dashboard: figures by stage, month and region' },
  'src/web/routes/reports/Import.tsx': {
    count: 2,
    why: 'a file’s row problems and skipped rows, replaced by each run',
  },
  'src/web/routes/Outreach.tsx': { count: 1, why: 'contacts counted by month and region (no person in it)' },
  'src/web/routes/field/Conflicts.tsx': {
    count: 1,
    why: 'a field conflict: one register, her marks beside the current ones person by person (as the conflict dialog)',
  },
};

describe('lists', () => {
  const sources = [
    ...files(path.join(root, 'src/web/routes')),
    ...files(path.join(root, 'src/web/components')),
    ...files(path.join(root, 'src/web/data')),
  ].map((p) => ({
    file: path.relative(root, p),
    tables: (fs.readFileSync(p, 'utf8').match(/<table[\s>]/g) ?? []).length,
  }));

  it('draws every list of records with the one table component', () => {
    const hand = sources
      .filter((s) => s.tables > (NOT_LISTS[s.file]?.count ?? 0))
      .map((s) => `${s.file}: ${s.tables} <table>`);
    expect(hand).toEqual([]);
  });

  it('keeps its exceptions true (each still draws what it is allowed)', () => {
    for (const [file, { count }] of Object.entries(NOT_LISTS)) {
      expect(sources.find((s) => s.file === file)?.tables, file).toBe(count);
    }
  });
});
