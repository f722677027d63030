// Helpers shared by the participant screens: server field paths → form fields, the NIK part that is
// wrong, and wording for errors whose generic text does not fit a participant record.
import type { TFunction } from 'i18next';
import type { NikProblem } from '../../../shared/nik.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import { ApiError, type ParticipantView, type Versioned } from '../../api.ts';
import type { FieldErrors } from '../../errors.ts';

const NIK_PROBLEMS: readonly NikProblem[] = ['length', 'digits', 'day', 'month', 'date', 'serial'];

/**
 * The form field a body path belongs to: 'identity.fullName' → fullName, 'consents.0.method' → method,
 * 'consents' → purposes, 'regionCode' → regionCode. The 'body.' prefix of server details is dropped.
 */
export function fieldOfPath(path: string): string {
  const parts = path.replace(/^body\./, '').split('.');
  if (parts[0] === 'identity') return parts[1] ?? 'identity';
  if (parts[0] === 'consents') return parts.length > 2 ? parts[2]! : 'purposes';
  return parts[0] ?? '';
}

/** Field messages from a validation_failed answer, by form field; `messages` gives the wording. */
export function serverPathErrors(err: unknown, messages: Record<string, string>, t: TFunction): FieldErrors {
  const out: FieldErrors = {};
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return out;
  if (err.code !== 'validation_failed' && err.code !== 'invalid_nik') return out;
  for (const item of err.details as unknown[]) {
    const raw = typeof (item as { field?: unknown })?.field === 'string' ? (item as { field: string }).field : '';
    const field = fieldOfPath(raw);
    if (field && !out[field]) out[field] = messages[field] ?? t('validation.invalid');
  }
  return out;
}

/** Which part of the NIK is wrong (details[0].code of invalid_nik), or null. */
export function nikProblemOf(err: unknown): NikProblem | null {
  if (!(err instanceof ApiError) || err.code !== 'invalid_nik' || !Array.isArray(err.details)) return null;
  const code = (err.details[0] as { code?: unknown } | undefined)?.code;
  return NIK_PROBLEMS.find((p) => p === code) ?? null;
}

/** A message for an error on a participant screen; undefined keeps the generic one. */
export function participantErrorText(err: unknown, t: TFunction): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const problem = nikProblemOf(err);
  if (problem) return `${t('errors.invalid_nik')} ${t(`codes.nikProblems.${problem}`)}`;
  if (err.code === 'consent_required') {
    const missing = (err.details as { missing?: unknown } | undefined)?.missing;
    if (Array.isArray(missing) && missing.includes('PHOTO')) return t('participant.photoConsentNeeded');
  }
  return undefined;
}

/** The codes that say the record moved on meanwhile (changed, recorded, withdrawn or decided by someone else). */
const STALE_CODES: readonly ErrorCode[] = [
  'stale_version',
  'precondition_required',
  'invalid_transition',
  'closure_pending',
  'no_pending_closure',
  'consent_already_active',
  'consent_already_withdrawn',
  'idempotency_in_progress',
  'write_conflict',
];

/** Whether an error means the record moved on meanwhile and should be loaded again. */
export const isStale = (err: unknown) =>
  err instanceof ApiError && (STALE_CODES as readonly string[]).includes(err.code);

/** What every tab of the participant page receives. */
export interface TabProps {
  record: Versioned<ParticipantView>;
  /** Loads the latest version of the record (after a change here, or when it moved on meanwhile). */
  reload(): Promise<Versioned<ParticipantView> | null>;
  setRecord(r: Versioned<ParticipantView>): void;
}

/** The record's own `can` list (from the server's policy for this participant), never role names. */
export const mayOn = (record: Versioned<ParticipantView>, action: string) => record.item.can.includes(action);
