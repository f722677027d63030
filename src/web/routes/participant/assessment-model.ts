// The assessment's sections, and words for stored answers (used for a version's content and for "what changed"
// between versions). The form itself is a schema form over the assessment body (AssessmentTab).
import type { ParseKeys, TFunction } from 'i18next';
import type { SAFETY_RISKS } from '../../../shared/codes.ts';
import { cwLabel, formatRupiah, type CaseworkGroup } from '../../casework-labels.ts';

type Of<T extends readonly string[]> = T[number];
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
