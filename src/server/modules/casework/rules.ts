// Rules of outreach, assessment and case plans that do not depend on storage.
import { AppError } from '../../errors.ts';
import { ENFORCEMENT_CHANNELS, TRAFFICKING_INDICATORS } from '../../../shared/codes.ts';
import type { AssessmentAnswers } from '../../../shared/casework-api.ts';

/** SRQ-20: the number of "yes" answers (0–20). */
export function srq20Score(answers: readonly boolean[]): number {
  if (answers.length !== 20) throw new AppError('validation_failed', 400, 'SRQ-20 has exactly 20 answers');
  return answers.filter(Boolean).length;
}

export type Risk = 'LOW' | 'MEDIUM' | 'HIGH';

/**
 * A proposed risk level, which the caseworker confirms or changes:
 * HIGH — any trafficking indicator answered YES, or a safety risk of threat, violence or self-harm;
 * MEDIUM — SRQ-20 at or above the threshold, no fixed place to live, or any other safety risk;
 * LOW — otherwise.
 */
export function proposeRisk(a: AssessmentAnswers, srqThreshold: number): Risk {
  const trafficking = Object.values(a.trafficking).some((v) => v === 'YES');
  const severe = a.safety.risks.some(
    (r) => r === 'THREAT_FROM_EXPLOITER' || r === 'DOMESTIC_VIOLENCE' || r === 'SELF_HARM',
  );
  if (trafficking || severe) return 'HIGH';
  const otherRisk = a.safety.risks.some((r) => r !== 'NONE');
  if (srq20Score(a.srq20) >= srqThreshold || a.living.situation === 'NO_FIXED_PLACE' || otherRisk) return 'MEDIUM';
  return 'LOW';
}

/** Anyone who came through a raid or a police/Satpol PP referral is screened on every trafficking indicator. */
export function requiresTraffickingScreen(p: { participation_basis: string; referral_source: string | null }): boolean {
  return (
    p.participation_basis === 'RUJUKAN_PENEGAKAN_PERDA' ||
    p.referral_source === 'SATPOL_PP' ||
    p.referral_source === 'POLISI'
  );
}

export function assertTraffickingScreen(a: AssessmentAnswers): void {
  const missing = TRAFFICKING_INDICATORS.filter((k) => a.trafficking[k] === undefined);
  if (missing.length > 0) {
    throw new AppError(
      'validation_failed',
      400,
      'She came through a raid or a police referral: answer every trafficking indicator (yes, no or unknown)',
      missing.map((k) => ({
        field: `body.answers.trafficking.${k}`,
        message: 'Required for raid and police referrals',
        code: 'required' as const,
      })),
    );
  }
}

/** Dotted paths whose values differ between two versions of the answers. */
export function diffAnswers(
  before: unknown,
  after: unknown,
  path = '',
): { path: string; from: unknown; to: unknown }[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before as object), ...Object.keys(after as object)])].sort();
    return keys.flatMap((k) =>
      diffAnswers(
        (before as Record<string, unknown>)[k],
        (after as Record<string, unknown>)[k],
        path ? `${path}.${k}` : k,
      ),
    );
  }
  return [{ path, from: before ?? null, to: after ?? null }];
}

/** Outreach: a decline is respected (no next contact unless she asked); raids ask whether she came freely. */
export function checkOutreach(c: {
  outcome?: string;
  nextContactDate?: string | null;
  nextContactRequested?: boolean;
  channel?: string;
  cameVoluntarily?: string | null;
}) {
  if (c.outcome === 'DECLINED' && c.nextContactDate && !c.nextContactRequested) {
    throw new AppError('validation_failed', 400, 'She declined: plan a next contact only if she asked for one', [
      { field: 'body.nextContactDate', message: 'Only when she asked for another contact', code: 'declined' },
    ]);
  }
  if (c.channel && ENFORCEMENT_CHANNELS.includes(c.channel) && !c.cameVoluntarily) {
    throw new AppError(
      'validation_failed',
      400,
      'She came through the police or Satpol PP: record whether she came of her own will',
      [{ field: 'body.cameVoluntarily', message: 'Required for police and Satpol PP', code: 'required' }],
    );
  }
}
