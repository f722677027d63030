// The assessment form's state, its checks per section, the body it sends, and words for stored answers
// (used for a version's content and for "what changed" between versions).
import type { ParseKeys, TFunction } from 'i18next';
import {
  EDUCATION_LEVELS,
  type RISK_LEVELS,
  SAFETY_RISKS,
  TESTING_REFERRAL,
  TRAFFICKING_INDICATORS,
  TRI_STATE,
} from '../../../shared/codes.ts';
import type { Body } from '../../data/client.ts';
import type { FieldErrors } from '../../errors.ts';
import { todayInOffice } from '../../format.ts';
import { cwLabel, formatRupiah, type CaseworkGroup } from '../../casework-labels.ts';
import { LIVING_SITUATIONS, TEST_RESULTS } from '../../i18n/casework.id.ts';

type Of<T extends readonly string[]> = T[number];
type AssessmentInput = Body<'POST /api/participants/:id/assessments'>;
type AssessmentAnswersInput = AssessmentInput['answers'];
export type Tri = Of<typeof TRI_STATE>;
export type Risk = Of<typeof RISK_LEVELS>;
export type Indicator = Of<typeof TRAFFICKING_INDICATORS>;
export type SafetyRisk = Of<typeof SAFETY_RISKS>;

export const SECTIONS = [
  'living',
  'health',
  'economy',
  'education',
  'srq20',
  'trafficking',
  'safety',
  'strengths',
] as const;
export type Section = (typeof SECTIONS)[number];

export interface AssessmentForm {
  living: {
    situation: Of<typeof LIVING_SITUATIONS> | '';
    familyContact: Tri | '';
    familyAccepting: Tri | '';
    notes: string;
  };
  health: {
    hasAccess: Tri | '';
    bpjs: Tri | '';
    testing: Of<typeof TESTING_REFERRAL> | '';
    testResult: Of<typeof TEST_RESULTS> | '';
    notes: string;
  };
  economy: { monthlyIncome: string; debts: string; dependants: string };
  education: { level: Of<typeof EDUCATION_LEVELS> | ''; skills: string; desiredTrade: string };
  srq20: (boolean | null)[];
  trafficking: Partial<Record<Indicator, Tri>>;
  safety: { risks: SafetyRisk[]; notes: string };
  strengths: string;
  confirmedRisk: Risk | '';
  /** The day the assessment happened (default today; a paper backlog is entered later). */
  assessedOn: string;
}

export function emptyForm(): AssessmentForm {
  return {
    living: { situation: '', familyContact: '', familyAccepting: '', notes: '' },
    health: { hasAccess: '', bpjs: '', testing: '', testResult: '', notes: '' },
    economy: { monthlyIncome: '', debts: '', dependants: '' },
    education: { level: '', skills: '', desiredTrade: '' },
    srq20: Array.from({ length: 20 }, () => null),
    trafficking: {},
    safety: { risks: [], notes: '' },
    strengths: '',
    confirmedRisk: '',
    assessedOn: todayInOffice(),
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? String(v) : '');
const obj = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | '' =>
  typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : '';

/** A new version starts from the answers of the latest one (the risk level is set afresh). */
export function formFromAnswers(answers: Record<string, unknown>, healthConsent: boolean): AssessmentForm {
  const living = obj(answers.living);
  const health = obj(answers.health);
  const economy = obj(answers.economy);
  const education = obj(answers.education);
  const safety = obj(answers.safety);
  const srq = Array.isArray(answers.srq20) ? answers.srq20 : [];
  const trafficking: Partial<Record<Indicator, Tri>> = {};
  for (const k of TRAFFICKING_INDICATORS) {
    const v = oneOf(TRI_STATE, obj(answers.trafficking)[k]);
    if (v) trafficking[k] = v;
  }
  return {
    living: {
      situation: oneOf(LIVING_SITUATIONS, living.situation),
      familyContact: oneOf(TRI_STATE, living.familyContact),
      familyAccepting: oneOf(TRI_STATE, living.familyAccepting),
      notes: str(living.notes),
    },
    health: {
      hasAccess: oneOf(TRI_STATE, health.hasAccess),
      bpjs: oneOf(TRI_STATE, health.bpjs),
      testing: oneOf(TESTING_REFERRAL, health.testing),
      testResult: healthConsent ? oneOf(TEST_RESULTS, health.testResult) : '',
      notes: str(health.notes),
    },
    economy: {
      monthlyIncome: num(economy.monthlyIncome),
      debts: num(economy.debts),
      dependants: num(economy.dependants),
    },
    education: {
      level: oneOf(EDUCATION_LEVELS, education.level),
      skills: Array.isArray(education.skills)
        ? education.skills.filter((s): s is string => typeof s === 'string').join(', ')
        : '',
      desiredTrade: str(education.desiredTrade),
    },
    srq20: Array.from({ length: 20 }, (_, i) => (typeof srq[i] === 'boolean' ? (srq[i] as boolean) : null)),
    trafficking,
    safety: {
      risks: Array.isArray(safety.risks)
        ? safety.risks.filter((r): r is SafetyRisk => (SAFETY_RISKS as readonly unknown[]).includes(r))
        : [],
      notes: str(safety.notes),
    },
    strengths: str(answers.strengths),
    confirmedRisk: '',
    assessedOn: todayInOffice(),
  };
}

/** Digits only ("1.500.000" and "Rp 1500000" both read as 1500000); null when there are none. */
export function parseAmount(v: string): number | null {
  const digits = v.replace(/\D/g, '');
  if (!digits || digits.length > 12) return null;
  return Number(digits);
}

export const srqScore = (f: AssessmentForm) => f.srq20.filter((x) => x === true).length;

/** Problems per field id ("living-situation", "srq20-3", "trafficking-DECEPTION", …). */
export function formErrors(f: AssessmentForm, traffickingRequired: boolean, t: TFunction): FieldErrors {
  const out: FieldErrors = {};
  const required = t('casework.assessment.invalid.required');
  const needs = (id: string, v: string) => {
    if (!v) out[id] = required;
  };
  needs('living-situation', f.living.situation);
  needs('living-familyContact', f.living.familyContact);
  needs('living-familyAccepting', f.living.familyAccepting);
  if (f.living.notes.trim().length > 2000) out['living-notes'] = t('casework.assessment.invalid.text');
  needs('health-hasAccess', f.health.hasAccess);
  needs('health-bpjs', f.health.bpjs);
  needs('health-testing', f.health.testing);
  if (f.health.notes.trim().length > 2000) out['health-notes'] = t('casework.assessment.invalid.text');
  const income = parseAmount(f.economy.monthlyIncome);
  if (income === null || income > 1_000_000_000) out['economy-monthlyIncome'] = t('casework.assessment.invalid.number');
  const debts = parseAmount(f.economy.debts);
  if (debts === null || debts > 10_000_000_000) out['economy-debts'] = t('casework.assessment.invalid.number');
  const dependants = parseAmount(f.economy.dependants);
  if (dependants === null || dependants > 30) out['economy-dependants'] = t('casework.assessment.invalid.number');
  needs('education-level', f.education.level);
  if (f.education.desiredTrade.trim().length > 100)
    out['education-desiredTrade'] = t('casework.assessment.invalid.text');
  f.srq20.forEach((a, i) => {
    if (a === null) out[`srq20-${i}`] = required;
  });
  if (traffickingRequired)
    for (const k of TRAFFICKING_INDICATORS) if (!f.trafficking[k]) out[`trafficking-${k}`] = required;
  if (f.safety.risks.length === 0) out['safety-risks'] = t('casework.assessment.invalid.risks');
  if (f.safety.notes.trim().length > 2000) out['safety-notes'] = t('casework.assessment.invalid.text');
  if (f.strengths.trim().length > 2000) out.strengths = t('casework.assessment.invalid.text');
  return out;
}

export const sectionOf = (fieldId: string): Section | null => {
  const s = fieldId.split('-')[0];
  return (SECTIONS as readonly string[]).includes(s ?? '') ? (s as Section) : null;
};

export function incompleteSections(errors: FieldErrors): Section[] {
  const set = new Set<Section>();
  for (const [k, v] of Object.entries(errors)) {
    const s = v ? sectionOf(k) : null;
    if (s) set.add(s);
  }
  return SECTIONS.filter((s) => set.has(s));
}

export function bodyOf(f: AssessmentForm, healthConsent: boolean, confirmedRisk: Risk): AssessmentInput {
  const opt = <K extends string>(k: K, v: string) => (v.trim() ? ({ [k]: v.trim() } as Record<K, string>) : {});
  const trafficking: Partial<Record<Indicator, Tri>> = {};
  for (const k of TRAFFICKING_INDICATORS) if (f.trafficking[k]) trafficking[k] = f.trafficking[k];
  const answers: AssessmentAnswersInput = {
    living: {
      situation: f.living.situation as Of<typeof LIVING_SITUATIONS>,
      familyContact: f.living.familyContact as Tri,
      familyAccepting: f.living.familyAccepting as Tri,
      ...opt('notes', f.living.notes),
    },
    health: {
      hasAccess: f.health.hasAccess as Tri,
      bpjs: f.health.bpjs as Tri,
      testing: f.health.testing as Of<typeof TESTING_REFERRAL>,
      ...(healthConsent && f.health.testResult ? { testResult: f.health.testResult } : {}),
      ...opt('notes', f.health.notes),
    },
    economy: {
      monthlyIncome: parseAmount(f.economy.monthlyIncome) ?? 0,
      debts: parseAmount(f.economy.debts) ?? 0,
      dependants: parseAmount(f.economy.dependants) ?? 0,
    },
    education: {
      level: f.education.level as Of<typeof EDUCATION_LEVELS>,
      skills: f.education.skills
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 20),
      ...opt('desiredTrade', f.education.desiredTrade),
    },
    srq20: f.srq20.map((a) => a === true),
    trafficking,
    safety: { risks: f.safety.risks, ...opt('notes', f.safety.notes) },
    ...opt('strengths', f.strengths),
  };
  return { answers, confirmedRisk, ...(f.assessedOn ? { assessedOn: f.assessedOn } : {}) };
}

/** The field id a server validation path belongs to ("body.answers.living.situation" → "living-situation"). */
export function fieldOfServerPath(path: string): string {
  const p = path
    .replace(/^body\./, '')
    .replace(/^answers\./, '')
    .split('.');
  if (p[0] === 'srq20') return p[1] !== undefined ? `srq20-${p[1]}` : 'srq20-0';
  if (p[0] === 'strengths' || p[0] === 'confirmedRisk' || p[0] === 'assessedOn') return p[0];
  return p.length > 1 ? `${p[0]}-${p[1]}` : (p[0] ?? '');
}

// ---- words for stored answers

/** Which code group a stored answer belongs to, by its path. */
const GROUP_OF: Record<string, CaseworkGroup> = {
  'living.situation': 'living',
  'living.familyContact': 'triState',
  'living.familyAccepting': 'triState',
  'health.hasAccess': 'triState',
  'health.bpjs': 'triState',
  'health.testing': 'testing',
  'health.testResult': 'testResults',
  'education.level': 'education',
  'safety.risks': 'safety',
};

/** "Kesehatan: Punya BPJS Kesehatan / KIS?" for "health.bpjs". */
export function answerLabel(path: string, t: TFunction): string {
  const [section, field] = path.split('.');
  const sectionLabel = (SECTIONS as readonly string[]).includes(section ?? '')
    ? t(`casework.assessment.sections.${section as Section}`)
    : (section ?? path);
  if (!field) return sectionLabel;
  if (section === 'trafficking') return `${sectionLabel}: ${cwLabel('trafficking', field, t)}`;
  const key = `casework.assessment.${section}.${field}`;
  const label = t(key as ParseKeys);
  return `${sectionLabel}: ${label === key ? field : label}`;
}

export function answerValue(path: string, value: unknown, t: TFunction): string {
  if (value === null || value === undefined || value === '') return t('casework.emptyValue');
  if (path.startsWith('trafficking.')) return cwLabel('triState', String(value), t);
  const group = GROUP_OF[path];
  if (Array.isArray(value)) {
    if (value.length === 0) return t('casework.emptyValue');
    return value.map((v) => (group ? cwLabel(group, String(v), t) : String(v))).join(', ');
  }
  if (group) return cwLabel(group, String(value), t);
  if (path === 'economy.monthlyIncome' || path === 'economy.debts')
    return typeof value === 'number' ? formatRupiah(value) : String(value);
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  return String(value);
}
