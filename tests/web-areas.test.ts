// Each area's words (casework, programme, aid …) load with the screens that show them (src/web/lazy.ts): a
// screen declares its areas, and the app's first load carries none. This reads the sources: every key of an
// area's own catalogue that a screen's code names (its static imports and the plain lazy parts under it) must
// be in an area that screen declares, or in the shell's words. A key built at run time from a code is caught by
// its written prefix (`programme.codes.${group}`). No browser, no database.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { id } from '../src/web/i18n/id.ts';
import { caseworkId } from '../src/web/i18n/casework.id.ts';
import { programmeId } from '../src/web/i18n/programme.id.ts';
import { aidId } from '../src/web/i18n/aid.id.ts';
import { followupId } from '../src/web/i18n/followup.id.ts';
import { reportId } from '../src/web/i18n/report.id.ts';
import { rightsId } from '../src/web/i18n/rights.id.ts';
import { accountsId } from '../src/web/i18n/accounts.id.ts';
import { fieldId } from '../src/web/i18n/field.id.ts';

const WEB = path.resolve('src/web');
const AREA_WORDS: Record<string, Record<string, unknown>> = {
  ...caseworkId,
  ...programmeId,
  ...aidId,
  ...followupId,
  ...reportId,
  ...rightsId,
  ...accountsId,
  ...fieldId,
};
const KEY =
  /['"`](casework|programme|aid|followup|report|rights|accounts|field)\.([A-Za-z0-9_]*)|['"`]audit\.(actions|resourceTypes|detailKeys|documentKinds|yes|no)\b/g;
// An action name spelled like a key ('followup.worklist' in `requires:`), not a word.
const ACTION_BEFORE = /(requires:\s*|action=|includes\(|allows\([^,]*,\s*)$/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'i18n' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function resolveFrom(file: string, spec: string): string | null {
  const p = path.resolve(path.dirname(file), spec);
  return /\.tsx?$/.test(p) && fs.existsSync(p) && !p.includes(`${path.sep}i18n${path.sep}`) ? p : null;
}

/** What a file brings in with it: static imports (not type-only) and plain `lazy(() => import(…))` parts. */
function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const specs = [
    ...[...src.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!),
    ...[...src.matchAll(/^import\s+'([^']+)'/gm)].map((m) => m[1]!),
    ...[...src.matchAll(/\blazy\(\s*\(\)\s*=>\s*import\('([^']+)'\)/g)].map((m) => m[1]!),
  ];
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => resolveFrom(file, s))
    .filter((x) => x !== null);
}

/** The areas whose own words a file names. */
function areasNamed(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out = new Set<string>();
  for (const m of src.matchAll(KEY)) {
    if (ACTION_BEFORE.test(src.slice(Math.max(0, m.index - 40), m.index))) continue;
    if (m[3]) {
      out.add('audit');
      continue;
    }
    const [area, first] = [m[1]!, m[2]!];
    const shell = (id as Record<string, unknown>)[area] as Record<string, unknown> | undefined;
    if (shell && Object.hasOwn(shell, first)) continue;
    // `rights.${group}.…`: a key chosen at run time, within the area's words.
    const chosenAtRunTime = first === '' && src.startsWith('${', m.index + m[0].length);
    if (chosenAtRunTime || (first && Object.hasOwn(AREA_WORDS[area] as object, first))) out.add(area);
  }
  return [...out];
}

/** The areas a module's code names, with the files that name them. */
function needed(entry: string): Map<string, string[]> {
  const seen = new Set<string>();
  const todo = [entry];
  const by = new Map<string, string[]>();
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const a of areasNamed(f)) by.set(a, [...(by.get(a) ?? []), path.relative(WEB, f)]);
    todo.push(...imports(f));
  }
  return by;
}

/** Every `screen([areas], () => import('…'))` of the web app. */
function screens() {
  return sources(WEB).flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/\bscreen\(\s*\[([^\]]*)\],\s*\(\)\s*=>\s*import\('([^']+)'\)/g)].map(
      (m) => ({
        file: path.relative(WEB, file),
        target: path.resolve(path.dirname(file), m[2]!),
        declared: [...m[1]!.matchAll(/'(\w+)'/g)].map((a) => a[1]!),
      }),
    ),
  );
}

describe("areas' words", () => {
  it('the first load (main.tsx and what it imports) names no area of its own', () => {
    expect(Object.fromEntries(needed(path.join(WEB, 'main.tsx')))).toEqual({});
  });

  it('every lazy screen declares the areas its code names', () => {
    const found = screens();
    expect(found.length).toBeGreaterThan(30);
    const missing = found.flatMap(({ file, target, declared }) =>
      [...needed(target)]
        .filter(([a]) => !declared.includes(a))
        .map(([a, files]) => `${file} → ${path.relative(WEB, target)}: ${a} (${files.join(', ')})`),
    );
    expect(missing).toEqual([]);
  });

  it('finds a key of an undeclared area (a made-up screen file)', () => {
    const dir = fs.mkdtempSync(path.join(WEB, 'routes', '.areas-probe-'));
    try {
      const file = path.join(dir, 'Probe.tsx');
      fs.writeFileSync(file, "export const x = (t: (k: string) => string) => t('programme.codes.sessionTypes');\n");
      expect([...needed(file).keys()]).toEqual(['programme']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
