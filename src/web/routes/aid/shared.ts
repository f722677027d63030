// Helpers shared by the business-aid screens: code labels, the server's refusals in words, who approves (the
// office's setting) and how a decision taken for an approver (Plh./Plt.) reads.
import { useTranslation } from 'react-i18next';
import type { ParseKeys, TFunction } from 'i18next';
import type { ApprovalKind } from '../../../shared/approvals.ts';
import { ApiError, type Reply } from '../../data/client.ts';
import { useApi } from '../../data/query.ts';
import { roleLabel } from '../../labels.ts';
import { errorMessage } from '../../errors.ts';
import { aidId as catalogue } from '../../i18n/aid.id.ts';

type Codes = typeof catalogue.aid.codes;
export type AidCodeGroup = keyof Codes;

/** The label of one code, e.g. aLabel('budgetKinds', 'VENUE_RENT', t) → "Sewa tempat"; unknown codes as they are. */
export function aLabel(group: AidCodeGroup, code: string | null | undefined, t: TFunction): string {
  if (!code) return t('common.none');
  const table: Record<string, string> = catalogue.aid.codes[group];
  return Object.hasOwn(table, code) ? t(`aid.codes.${group}.${code}` as ParseKeys) : code;
}

type AidErrorCode = keyof typeof catalogue.aid.errors;
const isAidErrorCode = (c: string): c is AidErrorCode => Object.hasOwn(catalogue.aid.errors, c);

/** A refusal on an aid screen in words: the aid screens' own wording of the error code when there is one, else the code's text. */
export function aidError(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (isAidErrorCode(err.code)) return t(`aid.errors.${err.code}`);
    if (err.code === 'consent_required') return t('aid.errors.photo_consent');
  }
  return errorMessage(err, t);
}

/** The problem code the server gave for one body field ({field: 'body.date', code: 'future'}), if any. */
export function fieldProblem(err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError) || err.code !== 'validation_failed' || !Array.isArray(err.details)) return undefined;
  const hit = (err.details as { field?: unknown; code?: unknown }[]).find((d) => d?.field === `body.${field}`);
  return typeof hit?.code === 'string' ? hit.code : hit ? 'invalid' : undefined;
}

/** Who approves this kind of decision in this office, in words ("Kepala Bidang"), from the office's setting. */
export function useApproverName(kind: ApprovalKind): string {
  const { t } = useTranslation();
  const { data } = useApi('GET /api/approval-settings', {});
  const role = data?.items.find((s) => s.kind === kind)?.role;
  return role ? roleLabel(role, t) : t('aid.common.theApprover');
}

/** A decision taken by a colleague acting for the approver (Plh./Plt.), or null. */
export type ActingAs = Reply<'GET /api/allocations/:id'>['actingAs'];

/** "Plh. untuk Nama, surat 800/045/…": how a decision taken for an approver reads beside the name. */
export function actingAsText(acting: ActingAs, t: TFunction): string | null {
  if (!acting) return null;
  return t('aid.common.actingAs', {
    type: aLabel('delegationTypes', acting.type, t),
    forName: acting.forName,
    letter: acting.letterNumber,
  });
}
