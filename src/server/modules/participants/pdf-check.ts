// Active content in an uploaded PDF: what a reader runs or opens by itself (scripts, actions on opening a
// document or a page, launching a program, embedded files and rich media, XFA forms, sending or importing form
// data, links into other files). Staff open these files on office computers; such a file is refused, not
// stored. Decision 027.
//
// Found by the PDF's own names, read the way a reader tokenises them (`/J#61vaScript` is `/JavaScript`), in
// everything outside stream data and inside every compressed object stream (/ObjStm, where PDF 1.5+ keeps
// dictionaries): a dictionary is never inside other stream data, so this sees every key a reader acts on.
// Stream data (page content, images, fonts) is skipped only where its /Length is confirmed by `endstream`
// and no object starts inside it, since random bytes spell a short name such as /JS now and then. An object
// stream that cannot be read here (a filter other than Flate, a predictor, encryption, damage, more than the
// inflation budget) makes the file one that cannot be checked, and it is refused too.
import zlib from 'node:zlib';

/** Keys and action types that are active wherever they appear. */
const ACTIVE_NAMES = new Set([
  'JavaScript',
  'JS',
  'AA',
  'Launch',
  'EmbeddedFile',
  'EmbeddedFiles',
  'EF',
  'RichMedia',
  'XFA',
  'SubmitForm',
  'ImportData',
  'GoToR',
  'GoToE',
]);

/** All object streams of one file together inflate to at most this much (a small PDF can unpack to gigabytes). */
const INFLATE_BUDGET = 32 * 1024 * 1024;

export type PdfCheck = { ok: true } | { ok: false; found: string[] } | { ok: false; uncheckable: string };

// A name: a slash and the regular characters after it (PDF 32000-1 §7.2.2, §7.3.5).
const NAME = /\/([^\0\t\n\f\r ()<>[\]{}/%]*)/g;
// Between tokens a reader skips white space and comments alike.
const GAP = String.raw`(?:\s|%[^\r\n]*)`;
const OBJECT_HEADER = new RegExp(String.raw`(\d+)${GAP}+(\d+)${GAP}+obj\b`, 'g');
const STREAM_OR_END = new RegExp(String.raw`>>${GAP}*stream[ \t]*(?:\r\n|\n|\r)?|\bendobj\b`, 'g');
// The keyword obj as a token, which an object hidden inside another stream's data would need.
const OBJ_TOKEN = /[\s\d%>\])]obj[\s<[(/%]/;
const HEX = /#([0-9a-fA-F]{2})/g;

const decodeName = (raw: string) => raw.replace(HEX, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

interface PdfObject {
  id: string;
  start: number;
  /** From the header to `stream` (or to `endobj`). */
  dict: string;
  /** A stream object's data; `confirmed` when its /Length ends exactly at `endstream`. */
  data?: { start: number; end: number; confirmed: boolean };
  /** What a non-stream object holds, trimmed. */
  body: string;
}

/** Every (decoded) name in a stretch of text, with the offset just after it. */
function names(text: string, from = 0, to = text.length): { name: string; end: number }[] {
  const re = new RegExp(NAME.source, 'g');
  re.lastIndex = from;
  const out: { name: string; end: number }[] = [];
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    out.push({ name: decodeName(m[1]!), end: m.index + m[0].length });
  }
  return out;
}

function readObjects(text: string): PdfObject[] {
  const out: PdfObject[] = [];
  const re = new RegExp(STREAM_OR_END.source, 'g');
  for (const m of text.matchAll(OBJECT_HEADER)) {
    const from = m.index + m[0].length;
    re.lastIndex = from;
    const hit = re.exec(text);
    const end = hit ? hit.index : text.length;
    const obj: PdfObject = { id: `${m[1]} ${m[2]}`, start: m.index, dict: text.slice(from, end), body: '' };
    if (hit && hit[0] !== 'endobj') {
      obj.dict = text.slice(from, hit.index + 2);
      obj.data = { start: hit.index + hit[0].length, end: -1, confirmed: false };
    } else {
      obj.body = obj.dict.trim();
    }
    out.push(obj);
  }
  return out;
}

type Objects = Map<string, PdfObject>;

/** The stream's /Length, direct or through an indirect integer object (a hidden /Length is simply not found). */
function streamLength(dict: string, objects: Objects): number | null {
  const m = /\/Length\s+(\d+)(?:\s+(\d+)\s+R\b)?/.exec(dict);
  if (!m) return null;
  if (m[2] === undefined) return Number(m[1]);
  const target = objects.get(`${m[1]} ${m[2]}`);
  return target && /^\d+$/.test(target.body) ? Number(target.body) : null;
}

function locateData(text: string, obj: PdfObject, objects: Objects) {
  const data = obj.data!;
  const length = streamLength(obj.dict, objects);
  if (length !== null && data.start + length <= text.length) {
    if (/^(?:\r\n|\n|\r)?endstream/.test(text.slice(data.start + length, data.start + length + 12))) {
      data.end = data.start + length;
      data.confirmed = true;
      return;
    }
  }
  const end = text.indexOf('endstream', data.start);
  data.end = end < 0 ? text.length : end;
}

/** /OpenAction with an explicit destination (open at a page, as office suites write) does nothing active. */
function openActionIsDestination(text: string, at: number, objects: Objects): boolean {
  const rest = text.slice(at, at + 40).replace(/^\s+/, '');
  if (rest.startsWith('[')) return true;
  const ref = /^(\d+)\s+(\d+)\s+R\b/.exec(rest);
  if (!ref) return false;
  // An object inside an object stream is not in this map: pointing at one counts as active.
  const target = objects.get(`${ref[1]} ${ref[2]}`);
  return target !== undefined && target.data === undefined && target.body.startsWith('[');
}

function findActive(text: string, ranges: [number, number][], objects: Objects, found: Set<string>): number {
  let objectStreams = 0;
  for (const [from, to] of ranges) {
    for (const { name, end } of names(text, from, to)) {
      if (ACTIVE_NAMES.has(name)) found.add(name);
      else if (name === 'OpenAction' && !openActionIsDestination(text, end, objects)) found.add(name);
      else if (name === 'ObjStm') objectStreams++;
    }
  }
  return objectStreams;
}

/** The names a key's value holds: `/Key /Name` or `/Key [/A /B]`; null for anything else (an indirect value). */
function valueNames(dict: string, key: string): string[] | null | undefined {
  const all = names(dict);
  const i = all.findIndex((n) => n.name === key);
  if (i < 0) return undefined;
  const rest = dict.slice(all[i]!.end).replace(/^\s+/, '');
  if (rest.startsWith('/')) return [all[i + 1]!.name];
  if (!rest.startsWith('[')) return null;
  const close = rest.indexOf(']');
  if (close < 0) return null;
  return names(rest, 0, close).map((n) => n.name);
}

/** Decodes an object stream's data, or says why it cannot be read here. */
function inflateObjectStream(dict: string, data: Buffer, budget: { left: number }): string | { uncheckable: string } {
  if (valueNames(dict, 'DecodeParms') !== undefined)
    return { uncheckable: 'an object stream with decoding parameters' };
  const filters = valueNames(dict, 'Filter');
  if (filters === undefined || filters?.length === 0) return data.toString('latin1');
  if (filters === null || filters.length > 1 || !['FlateDecode', 'Fl'].includes(filters[0]!))
    return { uncheckable: `an object stream filtered with ${filters?.join(', ') ?? 'an indirect filter'}` };
  try {
    const out = zlib.inflateSync(data, {
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
      maxOutputLength: Math.max(1, budget.left),
    });
    budget.left -= out.length;
    return out.toString('latin1');
  } catch {
    return { uncheckable: 'an object stream that does not inflate (damaged, encrypted or too large)' };
  }
}

/** Whether a PDF carries active content, or cannot be checked. */
export function checkPdf(pdf: Buffer): PdfCheck {
  const text = pdf.toString('latin1');
  const list = readObjects(text);
  // The last definition of an id wins, as after an incremental update.
  const objects: Objects = new Map(list.map((o) => [o.id, o]));
  const streams = list.filter((o) => o.data);
  for (const o of streams) locateData(text, o, objects);

  const skipped = streams
    .map((o) => o.data!)
    .filter((d) => d.confirmed && !OBJ_TOKEN.test(text.slice(d.start, d.end)))
    .map((d): [number, number] => [d.start, d.end])
    .sort((a, b) => a[0] - b[0]);
  const scanned: [number, number][] = [];
  let at = 0;
  for (const [start, end] of skipped) {
    if (start > at) scanned.push([at, start]);
    at = Math.max(at, end);
  }
  scanned.push([at, text.length]);

  const found = new Set<string>();
  const objectStreamNames = findActive(text, scanned, objects, found);

  const budget = { left: INFLATE_BUDGET };
  let objectStreams = 0;
  for (const o of streams) {
    if (valueNames(o.dict, 'Type')?.[0] !== 'ObjStm') continue;
    objectStreams++;
    const inner = inflateObjectStream(o.dict, pdf.subarray(o.data!.start, o.data!.end), budget);
    if (typeof inner !== 'string') return { ok: false, uncheckable: inner.uncheckable };
    findActive(inner, [[0, inner.length]], objects, found);
  }
  // Every /ObjStm seen must be one inflated above: one spelled so that its stream is not found here is not read.
  if (objectStreamNames > objectStreams) return { ok: false, uncheckable: 'an object stream that cannot be located' };
  return found.size ? { ok: false, found: [...found].sort() } : { ok: true };
}
