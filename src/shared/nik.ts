// NIK (Nomor Induk Kependudukan) checks: PPKKCC DDMMYY SSSS, 16 digits, no check digit.
// Rejects what can never be a NIK and says which part is wrong; only warns about what may be historic or
// a recorded birth date that differs (civil registry does not change a NIK to match a corrected date).

export type NikProblem = 'length' | 'digits' | 'day' | 'month' | 'date' | 'serial';
export type NikWarning = 'unknown_province' | 'birth_date_mismatch' | 'sex_mismatch';

export interface NikParts {
  normalised: string;
  province: string;
  regency: string;
  district: string;
  day: number;
  month: number;
  year2: number;
  sex: 'F' | 'M';
  serial: string;
}

export type NikCheck = { ok: true; parts: NikParts } | { ok: false; problem: NikProblem; message: string };

const MESSAGES: Record<NikProblem, string> = {
  length: 'A NIK has exactly 16 digits',
  digits: 'A NIK contains digits only',
  day: 'Digits 7–8 (day of birth, +40 for women) must be 01–31 or 41–71',
  month: 'Digits 9–10 (month of birth) must be 01–12',
  date: 'Digits 7–10 give a day that does not exist in that month',
  serial: 'The last four digits (serial) cannot be 0000',
};

/** Strip spaces, dots and dashes; turn full-width digits into ASCII. */
export function normaliseNik(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s.\-\u2010-\u2015]/g, '');
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function checkNik(raw: string): NikCheck {
  const n = normaliseNik(raw);
  if (!/^\d*$/.test(n)) return { ok: false, problem: 'digits', message: MESSAGES.digits };
  if (n.length !== 16) return { ok: false, problem: 'length', message: MESSAGES.length };
  const dd = Number(n.slice(6, 8));
  const mm = Number(n.slice(8, 10));
  const female = dd > 40;
  const day = female ? dd - 40 : dd;
  if (!((dd >= 1 && dd <= 31) || (dd >= 41 && dd <= 71))) return { ok: false, problem: 'day', message: MESSAGES.day };
  if (mm < 1 || mm > 12) return { ok: false, problem: 'month', message: MESSAGES.month };
  if (day > DAYS_IN_MONTH[mm - 1]!) return { ok: false, problem: 'date', message: MESSAGES.date };
  if (n.slice(12) === '0000') return { ok: false, problem: 'serial', message: MESSAGES.serial };
  return {
    ok: true,
    parts: {
      normalised: n,
      province: n.slice(0, 2),
      regency: n.slice(0, 4),
      district: n.slice(0, 6),
      day,
      month: mm,
      year2: Number(n.slice(10, 12)),
      sex: female ? 'F' : 'M',
      serial: n.slice(12),
    },
  };
}

/** Warnings for a valid NIK against the record (the century of the year is unknown: compare yy only). */
export function nikWarnings(
  parts: NikParts,
  record: { birthDate?: string; sex?: string },
  knownProvinces: readonly string[],
): NikWarning[] {
  const w: NikWarning[] = [];
  if (!knownProvinces.includes(parts.province)) w.push('unknown_province');
  if (record.birthDate) {
    const [y, m, d] = record.birthDate.split('-').map(Number) as [number, number, number];
    if (y % 100 !== parts.year2 || m !== parts.month || d !== parts.day) w.push('birth_date_mismatch');
  }
  if (record.sex && record.sex !== parts.sex) w.push('sex_mismatch');
  return w;
}

/** Shown to those who may not see it whole: region of issue and serial only (6372********0003). */
export function maskNik(nik: string): string {
  return nik.slice(0, 4) + '*'.repeat(8) + nik.slice(12);
}
