// The rules of the participant record that do not depend on storage: NIK checks, the consents needed to
// register, the moves between stages, the participant code.
import { AppError } from '../../errors.ts';
import { checkNik, nikWarnings, type NikParts, type NikWarning } from '../../../shared/nik.ts';
import type { SaveWarningBody } from '../../../shared/messages.ts';
import { PROVINCE_CODES } from '../../../shared/provinces.ts';
import { REQUIRED_CONSENTS, STAGE_MOVES, type ConsentPurpose, type Stage } from '../../../shared/codes.ts';

/** A warning given with a saved record: a code from the catalogue (the web words it) and an English sentence. */
export type Warning = SaveWarningBody;

const WARNING_TEXT: Record<NikWarning, string> = {
  unknown_province: 'The first two digits of the NIK are not a current province code (old codes exist): check the card',
  birth_date_mismatch:
    'The birth date in the NIK differs from the recorded birth date (the NIK is not changed when a date is corrected)',
  sex_mismatch: 'The sex encoded in the NIK differs from the recorded sex',
};

/**
 * Checks the NIK (or the reason there is none). Rejects what can never be a NIK, naming the wrong part;
 * returns warnings for what may be right after all.
 */
export function checkIdentityNik(
  identity: { nik?: string; noNikReason?: string; birthDate?: string; sex?: string },
  field = 'identity.nik',
): {
  parts: NikParts | null;
  warnings: Warning[];
} {
  if (identity.nik === undefined || identity.nik.trim() === '') {
    if (!identity.noNikReason) {
      throw new AppError('validation_failed', 400, 'Give the NIK, or the reason she has none', [
        { field: `body.${field}`, message: 'Give the NIK, or noNikReason when she has none', code: 'nik_or_reason' },
      ]);
    }
    return { parts: null, warnings: [] };
  }
  const check = checkNik(identity.nik);
  if (!check.ok) {
    throw new AppError('invalid_nik', 400, check.message, [
      { field: `body.${field}`, message: check.message, code: check.problem },
    ]);
  }
  const warnings = nikWarnings(check.parts, identity, PROVINCE_CODES).map((code) => ({
    code,
    message: WARNING_TEXT[code],
  }));
  return { parts: check.parts, warnings };
}

export function assertRequiredConsents(purposes: readonly string[]): void {
  const missing = REQUIRED_CONSENTS.filter((p) => !purposes.includes(p));
  if (missing.length > 0) {
    throw new AppError(
      'consent_required',
      400,
      'Record her consent to take part and to the processing of her data first',
      { missing },
    );
  }
  if (new Set(purposes).size !== purposes.length) {
    throw new AppError('validation_failed', 400, 'One consent per purpose', [
      { field: 'body.consents', message: 'Each purpose once', code: 'duplicate_purpose' },
    ]);
  }
}

export function assertMove(from: Stage, to: Stage): void {
  if (!STAGE_MOVES[from].includes(to)) {
    throw new AppError('invalid_transition', 409, `A case cannot move from ${from} to ${to}`, {
      from,
      to,
      allowed: STAGE_MOVES[from],
    });
  }
}

export function participantCode(regionCode: string, year: string, seq: number): string {
  return `BRD-${regionCode}-${year.slice(2)}-${String(seq).padStart(4, '0')}`;
}

export type { ConsentPurpose };
