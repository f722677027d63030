// The house's plan, checked over the import graph of src/ (type-only imports included): no import loops, and
// every import points down the layer order of docs/architecture.md. What breaks the plan today is listed in
// tests/architecture-baseline.json, which may only shrink: a new loop or a new upward import fails, and so
// does a baseline entry that no longer occurs (delete it).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');
const BASELINE = path.join(import.meta.dirname, 'architecture-baseline.json');

/**
 * The layers, lowest first: a file may import its own layer and the layers below it, never one above.
 * Matched by path under src/, first match wins. The web app is a world of its own over src/shared.
 */
const LAYERS: { name: string; rank: number; match: RegExp }[] = [
  { name: 'shared', rank: 0, match: /^shared\// },
  { name: 'web', rank: 10, match: /^web\// },
  { name: 'cli', rank: 9, match: /^cli\// },
  { name: 'server entry', rank: 9, match: /^server\/main\.ts$/ },
  { name: 'ops and boot', rank: 8, match: /^server\/(ops\/|boot\.ts$)/ },
  // What a feature's routes use of HTTP (the checked session, ETags, Idempotency-Key, rate limits), under them.
  { name: 'http kit', rank: 5.5, match: /^server\/http\/kit\// },
  { name: 'http', rank: 7, match: /^server\/http\// },
  { name: 'modules and jobs', rank: 6, match: /^server\/(modules|jobs)\// },
  { name: 'kernel', rank: 4.5, match: /^server\/kernel\// },
  { name: 'services', rank: 4, match: /^server\/(context\.ts|notify\/|documents\/)/ },
  { name: 'policy, audit, crypto', rank: 3, match: /^server\/(policy|audit|crypto)\// },
  { name: 'db', rank: 2, match: /^server\/db\// },
  { name: 'base', rank: 1, match: /^server\/(errors|clock|env|paths)\.ts$/ },
];

function layerOf(file: string) {
  const layer = LAYERS.find((l) => l.match.test(file));
  if (!layer) throw new Error(`${file} is in no layer: add it to LAYERS (and to docs/architecture.md)`);
  return layer;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** src-relative path of the file a relative import names, or null for a package. */
function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')];
  const hit = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile() && /\.(ts|tsx)$/.test(c));
  return hit ? path.relative(SRC, hit).split(path.sep).join('/') : null;
}

/** Every file's imports (static, dynamic, re-exports and type-only ones), as src-relative paths. */
function importGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const from = path.relative(SRC, file).split(path.sep).join('/');
    const to = new Set<string>();
    for (const imp of info.importedFiles) {
      const target = resolve(file, imp.fileName);
      if (target && target !== from) to.add(target);
    }
    graph.set(from, to);
  }
  return graph;
}

/** Strongly connected components of more than one file: each is an import loop. */
function loops(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Imports that point up the layer order (or from the web app into the server, or from shared into either). */
function upward(graph: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const a = layerOf(from);
    for (const to of targets) {
      const b = layerOf(to);
      const webCrossing = (a.name === 'web') !== (b.name === 'web') && b.name !== 'shared';
      if (webCrossing || (a.name !== 'web' && b.rank > a.rank)) out.push(`${from} -> ${to}`);
    }
  }
  return out.sort();
}

interface Baseline {
  loops: string[];
  upward: string[];
}

describe('the house plan (imports of src/)', () => {
  const graph = importGraph();
  const baseline = JSON.parse(fs.readFileSync(BASELINE, 'utf8')) as Baseline;
  const current: Baseline = { loops: loops(graph).map((l) => l.join(' <-> ')), upward: upward(graph) };
  if (process.env.WRITE_ARCHITECTURE_BASELINE) fs.writeFileSync(BASELINE, `${JSON.stringify(current, null, 2)}\n`);

  it('has every file in a layer', () => {
    for (const file of graph.keys()) expect(() => layerOf(file)).not.toThrow();
  });

  it('gains no import loop, and the baseline lists only loops that still exist', () => {
    expect(
      current.loops.filter((l) => !baseline.loops.includes(l)),
      'new import loops',
    ).toEqual([]);
    expect(
      baseline.loops.filter((l) => !current.loops.includes(l)),
      'gone from the code: delete from the baseline',
    ).toEqual([]);
  });

  it('gains no import against the layer order, and the baseline lists only ones that still exist', () => {
    expect(
      current.upward.filter((l) => !baseline.upward.includes(l)),
      'new upward imports',
    ).toEqual([]);
    expect(
      baseline.upward.filter((l) => !current.upward.includes(l)),
      'gone from the code: delete from the baseline',
    ).toEqual([]);
  });

  it('finds a loop and an upward import when there is one (the checks can fail)', () => {
    const g = new Map<string, Set<string>>([
      ['server/db/a.ts', new Set(['server/kernel/b.ts'])],
      ['server/kernel/b.ts', new Set(['server/db/a.ts'])],
    ]);
    expect(loops(g)).toEqual([['server/db/a.ts', 'server/kernel/b.ts']]);
    expect(upward(g)).toEqual(['server/db/a.ts -> server/kernel/b.ts']);
    expect(upward(new Map([['web/x.tsx', new Set(['server/errors.ts'])]]))).toEqual(['web/x.tsx -> server/errors.ts']);
  });

  it("has no feature's store import another feature's store (a feature below is reached through the kernel, or handed in)", () => {
    const feature = (file: string) => /^server\/modules\/([^/]+)\/[^/]*store\.ts$/.exec(file)?.[1];
    const offenders: string[] = [];
    for (const [from, targets] of graph) {
      const mine = feature(from);
      if (!mine) continue;
      for (const to of targets) {
        const theirs = feature(to);
        if (theirs && theirs !== mine) offenders.push(`${from} -> ${to}`);
      }
    }
    expect(offenders).toEqual([]);
    // The stores exist where the check looks for them (it cannot pass by finding none).
    expect([...graph.keys()].filter((f) => feature(f)).length).toBeGreaterThan(12);
  });

  it('compares no role name outside the policy (roles are decided there, and named there for staff queries)', () => {
    const roles = '(admin|manager|caseworker|facilitator|psychologist|auditor)';
    const comparison = new RegExp(
      [
        `(===|!==)\\s*'${roles}'`,
        `'${roles}'\\s*(===|!==)`,
        `\\[\\s*'${roles}'(\\s*,\\s*'${roles}')*\\s*\\]\\.includes`,
        `'(\\w+\\.)?role'\\s*,\\s*'(=|!=|<>|in|not in)'\\s*,\\s*\\[?\\s*'${roles}'`,
      ].join('|'),
    );
    const offenders: string[] = [];
    for (const file of graph.keys()) {
      if (!file.startsWith('server/') || file.startsWith('server/policy/') || file === 'server/db/migrations.ts')
        continue;
      const lines = fs.readFileSync(path.join(SRC, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (comparison.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
