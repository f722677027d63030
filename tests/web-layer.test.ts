// The web app's data and form layer, held by reading the sources: only the typed client calls fetch; screens read
// through queries and change through mutations (no data loading in an effect, no hand-written per-area API file,
// no reply cast); every form is a schema form over a shared schema; no screen shows a server's English message.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'src/web');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}
const rel = (p: string) => path.relative(root, p);
const sources = files(web).map((p) => ({ file: rel(p), text: fs.readFileSync(p, 'utf8') }));
/** Screens and components: what the data and form layer is for. */
const screens = sources.filter((s) => /^src\/web\/(routes|components)\//.test(s.file));

/** The bodies of every useEffect in a source (from its opening to the matching close of the call). */
function effectBodies(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('useEffect(', from);
    if (at < 0) return out;
    let depth = 0;
    let end = at + 'useEffect('.length - 1;
    for (; end < text.length; end++) {
      const c = text[end];
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    out.push(text.slice(at, end + 1));
    from = end + 1;
  }
}

describe('the web data layer', () => {
  it('has one place that calls fetch: the typed client', () => {
    const calling = sources.filter((s) => /(^|[^.\w])fetch\(/.test(s.text)).map((s) => s.file);
    expect(calling).toEqual(['src/web/data/client.ts']);
  });

  it('has no hand-written per-area API file, and no screen imports one', () => {
    const apiFiles = sources.filter((s) => /^src\/web\/api[^/]*\.ts$/.test(s.file)).map((s) => s.file);
    expect(apiFiles).toEqual([]);
  });

  it('loads no data in an effect: screens read through queries', () => {
    const loading = screens.flatMap((s) =>
      effectBodies(s.text)
        .filter((body) => /\b(request|fetchReply|requestFile|load\w*|reload\w*)\(|\bawait\b|\.then\(/.test(body))
        .map((body) => `${s.file}: ${body.slice(0, 80).replace(/\s+/g, ' ')}`),
    );
    expect(loading).toEqual([]);
  });

  it('calls the client directly only inside a query’s or a mutation’s function (and for files)', () => {
    const direct = screens.flatMap((s) =>
      [...s.text.matchAll(/\b(request|fetchReply)\(/g)]
        .filter((m) => !/(queryFn|mutationFn)\b[^;]*$/.test(s.text.slice(Math.max(0, (m.index ?? 0) - 300), m.index)))
        .map((m) => `${s.file}: ${s.text.slice(m.index, (m.index ?? 0) + 60).replace(/\s+/g, ' ')}`),
    );
    expect(direct).toEqual([]);
  });

  it('casts no reply', () => {
    const casts = sources
      // The client parses replies; the form kit handles a schema's own parse, not a reply.
      .filter((s) => s.file !== 'src/web/data/client.ts' && !s.file.startsWith('src/web/forms/'))
      .flatMap((s) =>
        [...s.text.matchAll(/(\.data|json\(\)\)?|reply|answer)\s+as\s+[A-Z]\w*/g)].map((m) => `${s.file}: ${m[0]}`),
      );
    expect(casts).toEqual([]);
  });

  /**
   * Forms that are not a record's data entry, each for a reason: the search and filter forms drive a query (their
   * values live in the address, each parsed by its schema, or — search words — in memory only); the budget's
   * programme picker only navigates; a file upload is multipart, with no JSON body schema.
   */
  const RAW_FORMS: Record<string, string> = {
    'src/web/routes/Participants.tsx': 'the search form: a query, its words kept in memory',
    'src/web/routes/Users.tsx': 'filters in the address',
    'src/web/routes/reports/Reports.tsx': 'the report’s year and region in the address',
    'src/web/routes/aid/Budget.tsx': 'a programme picker that only navigates',
    'src/web/routes/aid/Handover.tsx': 'a file upload (multipart)',
    'src/web/routes/programme/ParticipantsTab.tsx': 'the search for whom to enrol: a query',
  };

  it('has every form a schema form (React Hook Form over a shared schema), but searches, filters and uploads', () => {
    const raw = screens.filter((s) => /<form[\s>]/.test(s.text) && !RAW_FORMS[s.file]).map((s) => s.file);
    expect(raw).toEqual([]);
    // The exceptions still exist and still hold a raw form (the list cannot rot).
    for (const file of Object.keys(RAW_FORMS)) {
      expect(screens.find((s) => s.file === file)?.text, file).toMatch(/<form[\s>]/);
    }
  });

  it('never shows a server’s English message', () => {
    // An ApiError is worded by errorMessage (its code); a warning by warningMessage. (A form field's error.message
    // is the kit's own wording, not the server's.)
    const shown = screens.filter((s) => /\berr\.message\b|\bwarning\.message\b|\bw\.message\b/.test(s.text));
    expect(shown.map((s) => s.file)).toEqual([]);
  });

  it('finds what it looks for (the checks can fail)', () => {
    const sample =
      "useEffect(() => {\n  void api.x().then(setRows);\n}, []);\nuseEffect(() => { document.title = 'x'; });";
    const bodies = effectBodies(sample);
    expect(bodies).toHaveLength(2);
    expect(bodies.filter((b) => /\.then\(/.test(b))).toHaveLength(1);
  });
});
