// Helpers shared by the participant screens: the NIK part that is wrong, and wording for errors whose generic
// text does not fit a participant record.
import { useCallback, useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { NikProblem } from '../../../shared/nik.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import { ApiError, pathOf, type Reply } from '../../data/client.ts';
import { invalidateResources, useApi } from '../../data/query.ts';

/** Her record as the participant page shows it. */
export type ParticipantView = Reply<'GET /api/participants/:id'>;
/** Her record with the ETag it was read with (the version a change of it is based on). */
export interface ParticipantRecord {
  item: ParticipantView;
  etag: string;
}

const NIK_PROBLEMS: readonly NikProblem[] = ['length', 'digits', 'day', 'month', 'date', 'serial'];

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
  record: ParticipantRecord;
  /** Loads the latest version of the record (after a change here, or when it moved on meanwhile). */
  reload(): Promise<ParticipantRecord | null>;
  setRecord(r: ParticipantRecord): void;
}

/** The record's own `can` list (from the server's policy for this participant), never role names. */
export const mayOn = (record: ParticipantRecord, action: string) => record.item.can.includes(action);

export type StaffMember = Reply<'GET /api/staff'>['items'][number];

/**
 * The staff who take a case, other than the user: caseworkers and psychologists of the regions she oversees.
 * `enabled` false reads nothing (a user who may not assign).
 */
export function useCaseStaff(userId: string, enabled = true) {
  const caseworkers = useApi('GET /api/staff', { query: { role: 'caseworker' } }, { enabled });
  const psychologists = useApi('GET /api/staff', { query: { role: 'psychologist' } }, { enabled });
  const staff = useMemo(
    () => [...(caseworkers.data?.items ?? []), ...(psychologists.data?.items ?? [])].filter((m) => m.id !== userId),
    [caseworkers.data, psychologists.data, userId],
  );
  return { staff, error: caseworkers.error ?? psychologists.error };
}

/**
 * A mutation's onError for her record: when the refusal says the record moved on meanwhile (changed, decided or
 * withdrawn by someone else), everything of hers on screen is read again, so the next attempt starts from it.
 */
export function useRefreshWhenStale(participantId: string, moreCodes: readonly string[] = []) {
  const client = useQueryClient();
  const codes = moreCodes.join(' ');
  return useCallback(
    (err: unknown) => {
      const stale = isStale(err) || (err instanceof ApiError && codes.split(' ').includes(err.code));
      if (stale) void invalidateResources(client, [pathOf('GET /api/participants/:id', { id: participantId })]);
    },
    [client, participantId, codes],
  );
}
