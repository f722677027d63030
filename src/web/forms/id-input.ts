// What people type in Indonesian forms, read into the values the shared schemas take, and shown back the way
// they write them: dates as 28/11/2026 (the form holds ISO 2026-11-28), rupiah as Rp 3.000.000 (the form holds
// the integer 3000000), phone numbers as 0812-3456-7890 (the form holds +6281234567890). Pure functions: the
// field components in fields.tsx use them while a person types, and the tests read them directly.

/** What went wrong with a typed value; each has a message in forms.* of both catalogues. */
export type InputProblem =
  | 'date.format'
  | 'date.impossible'
  | 'date.year'
  | 'money.format'
  | 'money.cents'
  | 'money.tooLarge'
  | 'number.format'
  | 'number.tooLarge'
  | 'phone.format'
  | 'phone.length';

/** A typed value read: empty (nothing typed), a value, or a problem to show beside the field. */
export type Parsed<T> = { kind: 'empty' } | { kind: 'value'; value: T } | { kind: 'problem'; problem: InputProblem };

const EMPTY = { kind: 'empty' } as const;
const problem = (p: InputProblem) => ({ kind: 'problem', problem: p }) as const;
const pad2 = (n: number) => String(n).padStart(2, '0');

// ---- dates ----

/**
 * A date as typed: day first, then month, then a four-digit year, separated by /, -, . or spaces (28/11/2026,
 * 28-11-2026, 1.2.2026, 28 11 2026), or eight digits in a row (28112026, from a phone's number pad), or ISO
 * (2026-11-28, pasted). Two-digit years are refused: a birth date's "26" could be 1926 or 2026.
 */
export function parseDate(text: string): Parsed<string> {
  const s = text.trim();
  if (!s) return EMPTY;
  // Day, month and year of the first spelling that fits: ISO, eight digits, or separated parts.
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const packed = /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  const parts = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d+)$/.exec(s);
  const dmy = iso ? [iso[3], iso[2], iso[1]] : (packed ?? parts)?.slice(1, 4);
  if (!dmy) return problem('date.format');
  if (dmy[2]!.length !== 4) return problem('date.year');
  const [d, m, y] = dmy.map(Number) as [number, number, number];
  if (y < 1900 || y > 2100) return problem('date.year');
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return problem('date.impossible');
  return { kind: 'value', value: `${y}-${pad2(m)}-${pad2(d)}` };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** An ISO date (2026-11-28) as people write it (28/11/2026); anything else comes back as it was. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/**
 * While typing: digits only get their slashes as they go (2811 → 28/11, 28112026 → 28/11/2026), so a phone's
 * number pad, which has no slash, is enough. A slash is added only before a digit that follows, so deleting one
 * works. Text with separators of its own is left as typed.
 */
export function typeDate(text: string): string {
  if (!/^\d*$/.test(text)) return text;
  const digits = text.slice(0, 8);
  if (digits.length <= 2) return digits;
  if (digits.length <= 4) return `${digits.slice(0, 2)}/${digits.slice(2)}`;
  return `${digits.slice(0, 2)}/${digits.slice(2, 4)}/${digits.slice(4)}`;
}

// ---- rupiah ----

/** 3000000 → "Rp 3.000.000" (dots between thousands in both languages: how rupiah are written). */
export function formatRupiah(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const sign = value < 0 ? '-' : '';
  return `Rp ${sign}${groupThousands(String(Math.abs(Math.trunc(value))))}`;
}

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

// 15 digits stay exact in a double (below Number.MAX_SAFE_INTEGER); no budget line comes near it.
const MAX_DIGITS = 15;

/**
 * An amount as typed: "Rp 3.000.000", "3000000", "3.000.000,00", "3,000,000" (pasted from an English
 * spreadsheet). A comma followed by one or two digits at the end is a decimal comma: zero sen are dropped, any
 * other sen are refused (amounts are whole rupiah). Other commas and dots separate thousands.
 */
export function parseRupiah(text: string): Parsed<number> {
  let s = text
    .trim()
    .replace(/^rp\.?/i, '')
    .replace(/\s+/g, '');
  if (!s) return EMPTY;
  const decimals = /,(\d{0,2})$/.exec(s);
  if (decimals) {
    if (/[1-9]/.test(decimals[1]!)) return problem('money.cents');
    s = s.slice(0, decimals.index);
  }
  if (!/^\d[\d.,]*$/.test(s) || /[.,]{2}/.test(s) || /[.,]$/.test(s)) return problem('money.format');
  const digits = s.replace(/[.,]/g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_DIGITS) return problem('money.tooLarge');
  return { kind: 'value', value: Number(digits) };
}

/**
 * While typing: the amount shown grouped at every keystroke ("3000000" → "Rp 3.000.000"); what cannot be read
 * stays as typed, so the field can say what is wrong with it.
 */
export function typeRupiah(text: string): string {
  const parsed = parseRupiah(text.replace(/,$/, ''));
  return parsed.kind === 'value' ? formatRupiah(parsed.value) : parsed.kind === 'empty' ? '' : text;
}

// ---- whole numbers ----

/**
 * A count, a capacity, a year or a quantity as typed: digits, with dots or spaces between thousands allowed
 * ("1.200", "1 200"); nothing else. Whole numbers only — a count has no fraction.
 */
export function parseWholeNumber(text: string): Parsed<number> {
  const s = text.trim().replace(/\s+/g, '');
  if (!s) return EMPTY;
  if (!/^\d+(?:\.\d{3})*$/.test(s) && !/^\d+$/.test(s)) return problem('number.format');
  const digits = s.replace(/\./g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_DIGITS) return problem('number.tooLarge');
  return { kind: 'value', value: Number(digits) };
}

/** A whole number shown back as digits only (a year must read 2026, not 2.026). */
export function formatWholeNumber(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '' : String(Math.trunc(value));
}

// ---- phone numbers ----

/**
 * A phone number as typed: Indonesian as 0812…, 62812…, +62 812…, +62 (0)812… with spaces, dashes, dots or
 * brackets, read into +62 and the number without its leading 0 (E.164, what the shared schema's digits-and-plus
 * rule takes and a messaging app dials). The national number has 8 to 12 digits (mobile 08xx and landlines with
 * their area code, e.g. 0511 for Banjarmasin). A number abroad is typed with its own + and country code and kept
 * as +digits.
 */
export function parsePhone(text: string): Parsed<string> {
  const s = text.trim();
  if (!s) return EMPTY;
  if (!/^\+?[\d\s().-]+$/.test(s)) return problem('phone.format');
  const compact = s.replace(/[\s().-]/g, '');
  let national: string | undefined;
  if (compact.startsWith('+62')) national = compact.slice(3);
  else if (compact.startsWith('62')) national = compact.slice(2);
  else if (compact.startsWith('0') && !compact.startsWith('00')) national = compact.slice(1);
  else if (compact.startsWith('+')) {
    const digits = compact.slice(1);
    return /^[1-9]\d{6,14}$/.test(digits) ? { kind: 'value', value: `+${digits}` } : problem('phone.format');
  } else return problem('phone.format');
  // "+62 0812…": the 0 of the national form written after the country code.
  if (national.startsWith('0')) national = national.slice(1);
  if (!/^[1-9]\d*$/.test(national)) return problem('phone.format');
  if (national.length < 8 || national.length > 12) return problem('phone.length');
  return { kind: 'value', value: `+62${national}` };
}

/**
 * A stored number as people read it: an Indonesian mobile +6281234567890 → 0812-3456-7890, a landline
 * +62511123456 → 0511-123456 (area code first), a number abroad as stored; anything unreadable as it was.
 */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '';
  const parsed = parsePhone(value);
  if (parsed.kind !== 'value') return value;
  if (!parsed.value.startsWith('+62')) return parsed.value;
  const national = `0${parsed.value.slice(3)}`;
  if (national.startsWith('08')) {
    return [national.slice(0, 4), national.slice(4, 8), national.slice(8)].filter(Boolean).join('-');
  }
  // Landlines: Jakarta's and a few others' area codes have 2 digits after the 0 (021, 022, 024, 031, 061);
  // South Kalimantan's have 3 (0511, 0512 …).
  const area = /^0(21|22|24|31|61)/.test(national) ? 3 : 4;
  return `${national.slice(0, area)}-${national.slice(area)}`;
}
