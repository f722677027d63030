// Stable error codes shared by server and web. The web maps each code to a message in both languages.
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'invalid_credentials',
  'mfa_required',
  'mfa_invalid',
  'mfa_enrolment_required',
  'too_many_attempts',
  'unauthenticated',
  'password_change_required',
  'password_policy',
  'forbidden',
  'forbidden_region',
  'csrf_rejected',
  'not_found',
  'conflict',
  'username_taken',
  'setup_not_available',
  'setup_token_invalid',
  'precondition_required',
  'stale_version',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
  'consent_required',
  'invalid_nik',
  'duplicate_nik',
  'possible_duplicate',
  'invalid_transition',
  'closure_pending',
  'unsupported_file_type',
  'file_too_large',
  'idempotency_conflict',
  'plan_not_approved',
  'referral_blocked',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown; requestId?: string };
}
