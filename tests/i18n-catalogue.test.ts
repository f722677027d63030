// The message catalogue (src/shared/messages.ts) and the audit event catalogue (src/server/audit/events.ts) are
// worded in both languages of the web app: every error code, field issue, date, NIK and password problem, warning,
// import row problem and skip, and every audit action and kind of record has a non-empty translation in Bahasa
// Indonesia and in English, and no key is present in one language but not the other. Every code the server may
// put in an error's details is worded through the catalogue function, never as the key or the generic "invalid".
// No database.
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DATE_PROBLEMS,
  DETAIL_CODES,
  ERROR_CODES,
  IMPORT_ROW_PROBLEMS,
  IMPORT_SKIP_REASONS,
  NIK_PROBLEMS,
  PASSWORD_PROBLEMS,
  VALIDATION_ISSUES,
  WARNING_CODES,
} from '../src/shared/messages.ts';
import { AUDIT_ACTIONS, RESOURCE_TYPES } from '../src/server/audit/events.ts';
import { detailMessage, importSkipMessage } from '../src/web/errors.ts';
import { id } from '../src/web/i18n/id.ts';
import { en } from '../src/web/i18n/en.ts';
import { auditLabelsId } from '../src/web/i18n/audit.id.ts';
import { auditLabelsEn } from '../src/web/i18n/audit.en.ts';
import { caseworkId } from '../src/web/i18n/casework.id.ts';
import { caseworkEn } from '../src/web/i18n/casework.en.ts';
import { programmeId } from '../src/web/i18n/programme.id.ts';
import { programmeEn } from '../src/web/i18n/programme.en.ts';
import { aidId } from '../src/web/i18n/aid.id.ts';
import { aidEn } from '../src/web/i18n/aid.en.ts';
import { followupId } from '../src/web/i18n/followup.id.ts';
import { followupEn } from '../src/web/i18n/followup.en.ts';
import { reportId } from '../src/web/i18n/report.id.ts';
import { reportEn } from '../src/web/i18n/report.en.ts';
import { rightsId } from '../src/web/i18n/rights.id.ts';
import { rightsEn } from '../src/web/i18n/rights.en.ts';
import { accountsId } from '../src/web/i18n/accounts.id.ts';
import { accountsEn } from '../src/web/i18n/accounts.en.ts';
import { fieldId } from '../src/web/i18n/field.id.ts';
import { fieldEn } from '../src/web/i18n/field.en.ts';

type Tree = { [key: string]: unknown };

/** The value at a dotted path, or undefined. */
const at = (tree: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Tree)[k] : undefined), tree);

/** Every leaf of a catalogue as `a.b.c` → value. */
function leaves(tree: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (tree && typeof tree === 'object' && !Array.isArray(tree)) {
    for (const [k, v] of Object.entries(tree as Tree)) for (const [p, x] of leaves(v, `${prefix}${k}.`)) out.set(p, x);
  } else out.set(prefix.slice(0, -1), tree);
  return out;
}

const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';

/** Each list of codes and the table of the catalogue that words it. */
const TABLES: [string, readonly string[]][] = [
  ['errors', ERROR_CODES],
  ['messages.issues', VALIDATION_ISSUES],
  ['dates.problems', DATE_PROBLEMS],
  ['codes.nikProblems', NIK_PROBLEMS],
  ['passwordProblems', PASSWORD_PROBLEMS],
  ['codes.warnings', WARNING_CODES],
  ['messages.importRows', IMPORT_ROW_PROBLEMS],
  ['messages.importSkipped', IMPORT_SKIP_REASONS],
  ['audit.actions', AUDIT_ACTIONS.map((a) => a.replace('.', '_'))],
  ['audit.resourceTypes', RESOURCE_TYPES],
];

/** The codes of the catalogues a language has no words for (missing or empty), as `table.code`. */
function missing(lang: unknown): string[] {
  return TABLES.flatMap(([table, codes]) => codes.map((c) => `${table}.${c}`)).filter((path) => blank(at(lang, path)));
}

/** Every pair of catalogues, Indonesian and English: the core and each area's words. */
const PAIRS: [string, unknown, unknown][] = [
  ['core', id, en],
  ['audit', { audit: auditLabelsId }, { audit: auditLabelsEn }],
  ['casework', caseworkId, caseworkEn],
  ['programme', programmeId, programmeEn],
  ['aid', aidId, aidEn],
  ['followup', followupId, followupEn],
  ['report', reportId, reportEn],
  ['rights', rightsId, rightsEn],
  ['accounts', accountsId, accountsEn],
  ['field', fieldId, fieldEn],
];
const ID = Object.assign({}, ...PAIRS.map(([, i]) => i as object)) as unknown;
const EN = Object.assign({}, ...PAIRS.map(([, , e]) => e as object)) as unknown;

/** Keys present in one language but not in the other, and values left empty, as `lang:path`. */
function unmatched(a: unknown, b: unknown): string[] {
  const la = leaves(a);
  const lb = leaves(b);
  return [
    ...[...la.keys()].filter((k) => !lb.has(k)).map((k) => `id-only:${k}`),
    ...[...lb.keys()].filter((k) => !la.has(k)).map((k) => `en-only:${k}`),
    ...[...la].filter(([, v]) => typeof v === 'string' && blank(v)).map(([k]) => `id-empty:${k}`),
    ...[...lb].filter(([, v]) => typeof v === 'string' && blank(v)).map(([k]) => `en-empty:${k}`),
  ];
}

describe('the message catalogue in both languages', () => {
  it.each([
    ['id', ID],
    ['en', EN],
  ] as const)('words every code of every catalogue in %s', (_lang, words) => {
    expect(missing(words)).toEqual([]);
  });

  it.each(PAIRS)('has the same keys in both languages (%s)', (_name, i, e) => {
    expect(unmatched(i, e)).toEqual([]);
  });

  it('fails on a missing or empty word, and on a key in one language only', () => {
    const copy = structuredClone({ ...(EN as object) }) as Tree;
    delete (copy.errors as Tree).cohort_full;
    (copy.codes as { warnings: Tree }).warnings.sex_mismatch = ' ';
    delete ((copy.audit as Tree).actions as Tree).document_print;
    expect(missing(copy)).toEqual([
      'errors.cohort_full',
      'codes.warnings.sex_mismatch',
      'audit.actions.document_print',
    ]);
    const extra = structuredClone(id) as unknown as Tree;
    (extra.messages as { issues: Tree }).issues.brand_new = 'Baru';
    expect(unmatched(extra, en)).toEqual(['id-only:messages.issues.brand_new']);
  });

  describe('worded through the catalogue function', () => {
    let t: TFunction;
    let tEn: TFunction;
    beforeAll(async () => {
      const i18n = i18next.createInstance();
      await i18n.init({
        resources: { id: { translation: ID as Tree }, en: { translation: EN as Tree } },
        lng: 'id',
        interpolation: { escapeValue: false },
      });
      t = i18n.getFixedT('id');
      tEn = i18n.getFixedT('en');
    });

    it('words every detail code, with its params filled in, never as a key or a placeholder', () => {
      const generic = [t('validation.invalid'), tEn('validation.invalid')];
      const params = { minimum: 3, maximum: 9, row: 2, date: '2026-02-01', divisor: 5, seconds: 60 };
      for (const code of DETAIL_CODES) {
        for (const tr of [t, tEn]) {
          const words = detailMessage(code, params, tr);
          expect(words, code).not.toMatch(/\{\{|^[a-z]+(\.[a-zA-Z_]+)+$/);
          // 'invalid' and zod's own "not valid" codes may read as the generic words; nothing else does.
          if (!['invalid', 'custom', 'invalid_union', 'invalid_key'].includes(code))
            expect(generic, code).not.toContain(words);
        }
      }
      for (const code of IMPORT_SKIP_REASONS) expect(importSkipMessage({ code }, t)).toMatch(/terdaftar/);
    });

    it('words sizes and formats by what they measure', () => {
      expect(detailMessage('too_small', { minimum: 12, origin: 'string' }, t)).toBe(
        'Terlalu pendek: paling sedikit 12 karakter.',
      );
      expect(detailMessage('too_big', { maximum: 3, origin: 'array' }, tEn)).toBe('Choose at most 3.');
      expect(detailMessage('invalid_format', { format: 'email' }, t)).toMatch(/alamat e-mail/);
      expect(detailMessage('same_nik_as_row', { row: 7 }, t)).toBe('NIK ini sama dengan NIK di baris 7.');
      expect(detailMessage('birth_date_mismatch', undefined, t)).toMatch(/Tanggal lahir di dalam NIK/);
      expect(detailMessage('not_a_code', undefined, t)).toBe(t('validation.invalid'));
    });
  });
});
