// Table types for Kysely. Conventions that hold on both dialects: ids are text, times are ISO-8601 UTC text
// with milliseconds (sortable as text), booleans are integers 0/1, money is integer rupiah.
import type { Generated } from 'kysely';

export interface SystemMetaTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: string;
  username: string;
  name: string | null;
  role: string;
  password_hash: string;
  must_change_password: number;
  /** TOTP secret sealed with the system-secrets key; null when not enrolled. */
  totp_secret: string | null;
  totp_enabled: number;
  /** The last accepted TOTP time step: a code is never accepted twice. */
  totp_last_step: number | null;
  active: number;
  /** Where notifications go (optional; staff contact, not participant data). */
  email: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UserRegionsTable {
  user_id: string;
  region_code: string;
}

/** SQLite only (migration 0015): how many times sessions, accounts or regions changed; PostgreSQL notifies instead. */
export interface AuthEpochTable {
  id: number;
  n: number;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session token; the token itself is never stored. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  absolute_expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  /** Pending TOTP secret during enrolment (sealed), confirmed by a code before it is moved to the user. */
  pending_totp_secret: string | null;
}

export interface LoginThrottleTable {
  /** "user:<username>" or "ip:<address>". */
  key: string;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

export interface SetupTokensTable {
  id: string;
  token_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  ip: string | null;
  request_id: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** A participant an audit entry names in its detail (a list or paper she was on); filled by a trigger on append. */
export interface AuditSubjectsTable {
  participant_id: string;
  seq: number;
}

export interface ParticipantCodeSeqTable {
  region_code: string;
  year2: string;
  last: number;
}

/** A province's key (decision 044): wrapped under the master key; its participants' data keys are wrapped under it. */
export interface ProvinceKeysTable {
  key_id: string;
  province_code: string;
  version: number;
  wrapped: string;
  status: 'current' | 'retired' | 'destroyed';
  created_at: string;
  retired_at: string | null;
  destroyed_at: string | null;
}

export interface ParticipantsTable {
  id: string;
  code: string;
  region_code: string;
  category: string;
  referral_source: string | null;
  participation_basis: string;
  stage: string;
  sex: string;
  has_nik: number;
  no_nik_reason: string | null;
  beneficiary_decision_no: string | null;
  beneficiary_decision_date: string | null;
  identity_ct: string;
  preferred_name_ct: string;
  /** The NIK's blind index; unique among active records (NULL while held for review, or without a NIK). */
  nik_index: string | null;
  /** The blind index of a record held for review as a possible duplicate (nik_index is then NULL). */
  held_nik_index: string | null;
  held_for_review_at: string | null;
  name_dob_index: string;
  dek_wrapped: string;
  pending_closure_reason: string | null;
  pending_closure_by: string | null;
  pending_closure_at: string | null;
  /**
   * Where her follow-up stands (NULL: none planned or all cancelled; OPEN: a point still due; OVER: none due, one
   * or more done, missed or unreachable), kept by the follow-up store with every change to one of hers.
   */
  follow_up_state: FollowUpState | null;
  /** The day she was registered, as it happened (the entry's own time is created_at). */
  registered_on: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
  /** Set when her identity was destroyed (crypto-shredding); the row stays for statistics. */
  erased_at: string | null;
  /** A legal hold blocks erasure and retention, with its reason. */
  legal_hold_reason: string | null;
}

export interface RightsRequestsTable {
  id: string;
  participant_id: string;
  /** ACCESS, ERASURE (data-subject requests); LEGAL_HOLD, RETENTION (log entries of acts done directly) */
  kind: string;
  received_at: string;
  completed_at: string | null;
  /**
   * Where a data-subject request stands: PENDING (waits for the head of section), APPROVED (waits for the
   * administrator), COMPLETED (carried out, once), REFUSED (declined). Log entries are COMPLETED.
   */
  outcome: string;
  /** A code, never free text: an erasure's ground (REQUEST, CONSENT_WITHDRAWN), a legal hold set or lifted. */
  note: string | null;
  /** Who received and opened the request (for a log entry: who did it). */
  handled_by: string;
  /** The head of section who approved or refused it (migration 0030). */
  decided_by: string | null;
  decided_at: string | null;
  /** The administrator who carried it out. */
  carried_out_by: string | null;
}

export interface ParticipantAssignmentsTable {
  participant_id: string;
  user_id: string;
  assigned_by: string;
  assigned_at: string;
}

export interface AssignmentRequestsTable {
  id: string;
  participant_id: string;
  /** Who asks to work on her case (the request is for herself). */
  user_id: string;
  /** Why, sealed under her data key. */
  reason_ct: string | null;
  status: 'PENDING' | 'APPROVED' | 'DECLINED';
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  version: number;
}

export interface TransfersTable {
  id: string;
  participant_id: string;
  from_region: string;
  to_region: string;
  /** The worker it is addressed to (within the province); null for a transfer to another province. */
  to_user_id: string | null;
  /** Why, sealed under her data key. */
  reason_ct: string | null;
  status: 'PENDING' | 'ACCEPTED' | 'DECLINED';
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  version: number;
  /** region: to a worker of another kabupaten/kota of the province; province: to another province. */
  kind: Generated<'region' | 'province'>;
  /** Between provinces: the sending and the receiving head of section who accepted it, and when. */
  from_accepted_by: string | null;
  from_accepted_at: string | null;
  to_accepted_by: string | null;
  to_accepted_at: string | null;
}

export interface AssignmentEventsTable {
  id: string;
  participant_id: string;
  /** 1, 2, … per participant, in the order things happened. */
  ordinal: number;
  user_id: string;
  /** registered | assigned | request_approved | unassigned | reassigned | transferred_out | transferred_in */
  kind: string;
  actor_id: string;
  at: string;
}

export interface ParticipantNameTokensTable {
  token: string;
  participant_id: string;
}

export interface ConsentsTable {
  id: string;
  participant_id: string;
  purpose: string;
  status: string;
  method: string;
  explained_by: string;
  language: string;
  given_at: string;
  expires_at: string | null;
  witness_ct: string | null;
  scan_attachment_id: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  recorded_by: string;
  recorded_at: string;
  version: number;
}

export interface StageEventsTable {
  id: string;
  participant_id: string;
  ordinal: number;
  from_stage: string | null;
  to_stage: string;
  /** 'move', 'closure_requested', 'closure_approved', 'closure_rejected', 'registered' */
  kind: string;
  reason_ct: string | null;
  closure_reason: string | null;
  actor_id: string;
  approved_by: string | null;
  at: string;
}

export interface NotesTable {
  id: string;
  participant_id: string;
  type: string;
  body_ct: string;
  author_id: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface NoteRevisionsTable {
  note_id: string;
  version: number;
  body_ct: string;
  edited_by: string;
  edited_at: string;
}

export interface AttachmentsTable {
  id: string;
  participant_id: string;
  kind: string;
  mime: string;
  size: number;
  name_ct: string;
  content_ct: string;
  created_by: string;
  created_at: string;
}

export interface IdempotencyKeysTable {
  key_hash: string;
  request_hash: string;
  /** The reply's HTTP status; IDEMPOTENCY_FORGOTTEN once an erasure has forgotten the reply. */
  status: number;
  body: string;
  created_at: string;
}

/** A device registered for field mode (0037, decision 040). */
export interface FieldDevicesTable {
  id: string;
  account_id: string;
  label: string;
  status: 'ACTIVE' | 'REVOKED' | 'ERASED';
  /** SHA-256 (hex) of the device's token; the token itself is only on the device. */
  token_hash: string;
  /** The key the server releases to the device at sign-in, sealed under the master key. */
  server_key_ct: string;
  created_at: string;
  last_contact_at: string | null;
  filled_at: string | null;
  /** What the cache holds, counts only (JSON). */
  held: string | null;
  revoked_by: string | null;
  revoked_at: string | null;
  erased_at: string | null;
  erase_reason: string | null;
  version: number;
}

/** An open conflict in a device's outbox, as last reported: kind and age only. */
export interface FieldConflictsTable {
  device_id: string;
  item_id: string;
  kind: string;
  opened_at: string;
  reported_at: string;
}

/** The status of a stored reply that an erasure forgot (it might quote her): the key stays, the answer goes. */
export const IDEMPOTENCY_FORGOTTEN = -1;

export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
}

export interface ProspectsTable {
  id: string;
  region_code: string;
  alias_index: string | null;
  alias_ct: string | null;
  /** OPEN, DECLINED or REGISTERED (became a participant through the consent-first create). */
  status: string;
  participant_id: string | null;
  created_at: string;
}

export interface OutreachContactsTable {
  id: string;
  prospect_id: string;
  region_code: string;
  contact_date: string;
  place_kind: string;
  channel: string;
  /** JSON array of codes */
  topics: string;
  materials: string;
  interest_level: string;
  outcome: string;
  next_contact_date: string | null;
  came_voluntarily: string | null;
  worker_id: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/**
 * A registration held for review as a possible duplicate of a participant its author may not see. Status PENDING,
 * then SAME_PERSON (the held record is closed as her duplicate), DIFFERENT (both stay; the held one is released)
 * or REFUSED (the registration was not in good faith: the held record is closed).
 */
export interface DuplicateReviewsTable {
  id: string;
  held_participant_id: string;
  existing_participant_id: string;
  /** The existing record's region: its head of section decides. */
  region_code: string;
  status: string;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  version: number;
}

export interface AlertsTable {
  id: string;
  kind: string;
  region_code: string;
  resource_type: string;
  resource_id: string;
  created_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
}

export interface EmailOutboxTable {
  id: string;
  user_id: string;
  subject: string;
  body: string;
  created_at: string;
  next_attempt_at: string;
  attempts: number;
  sent_at: string | null;
  failed_at: string | null;
  last_error: string | null;
  /** The instance that claimed the message for sending (migration 0017), kept once it is sent. */
  claimed_by: string | null;
  /** Until when that claim holds; null when no instance holds it. */
  claim_expires_at: string | null;
}

/** One pass of a scheduled job on one WITA calendar day (src/server/jobs/scheduler.ts). */
export interface JobRunsTable {
  job: string;
  day: string;
  instance_id: string;
  started_at: string;
  lease_expires_at: string;
  attempts: number;
  finished_at: string | null;
  /** 'success' | 'failure'; null while the pass runs. */
  outcome: string | null;
  /** JSON: what the pass did, or its error. */
  detail: string | null;
}

export interface AssessmentsTable {
  participant_id: string;
  version: number;
  answers_ct: string;
  srq20_score: number;
  srq20_threshold: number;
  proposed_risk: string;
  confirmed_risk: string;
  assessed_by: string;
  assessed_at: string;
  /** The day she was assessed, as it happened (assessed_at is when it was entered). */
  assessed_on: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
}

export interface CasePlansTable {
  participant_id: string;
  version: number;
  status: string;
  conference_ct: string | null;
  approved_by: string | null;
  approved_at: string | null;
  /** The day it was approved, as it happened (approved_at is when that was entered). */
  approved_on: string | null;
  updated_by: string;
  updated_at: string;
}

export interface CasePlanItemsTable {
  id: string;
  participant_id: string;
  position: number;
  goal_ct: string;
  component: string;
  subtype: string | null;
  responsible_user_id: string | null;
  partner_id: string | null;
  due_date: string;
  status: string;
}

export interface PartnersTable {
  id: string;
  name: string;
  kind: string;
  region_code: string;
  address: string | null;
  /** JSON array of contact persons (partner staff, not participants). */
  contacts: string;
  active: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ReferralsTable {
  id: string;
  participant_id: string;
  partner_id: string;
  purpose: string;
  reason_ct: string;
  shared: string;
  status: string;
  sent_at: string;
  status_date: string | null;
  blocked_at: string | null;
  created_by: string;
  created_at: string;
  version: number;
}

export interface ProgrammesTable {
  id: string;
  name: string;
  year: number;
  purpose: string | null;
  budget_ceiling: number;
  target_participants: number;
  target_regions: string;
  completion_rule: string;
  follow_up_months: string;
  /** Days after confirmation during which a cohort's graduation may be reopened. */
  graduation_reopen_days: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface VenuesTable {
  id: string;
  name: string;
  address: string;
  region_code: string;
  owner_name: string;
  capacity: number;
  facilities: string;
  rent_per_month: number;
  contract_start: string;
  contract_end: string;
  /** The rent contract's file, sealed with the system key (0022); null until uploaded. */
  contract_ct: string | null;
  contract_mime: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface VenuePaymentsTable {
  id: string;
  venue_id: string;
  amount: number;
  paid_at: string;
  note: string | null;
  receipt_ct: string | null;
  receipt_mime: string | null;
  created_by: string;
  created_at: string;
}

export interface CohortsTable {
  id: string;
  programme_id: string;
  name: string;
  region_code: string;
  venue_id: string | null;
  start_date: string;
  end_date: string;
  capacity: number;
  tracks: string;
  status: string;
  graduation_confirmed_at: string | null;
  graduation_confirmed_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface EnrollmentsTable {
  id: string;
  cohort_id: string;
  participant_id: string;
  track: string | null;
  status: string;
  /** Order on the waitlist (null when enrolled). */
  waitlist_seq: number | null;
  reason_ct: string | null;
  /** JSON graduation result */
  result: string | null;
  /** The day she was enrolled, as it happened (created_at is when it was entered). */
  enrolled_on: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SessionsScheduleTable {
  id: string;
  cohort_id: string;
  type: string;
  title: string | null;
  facilitator_id: string | null;
  facilitator_name: string | null;
  place: string | null;
  date: string;
  start_time: string;
  end_time: string;
  mandatory: number;
  cancelled: number;
  moved_from: string | null;
  /** The partner organisation that leads the session (0022). */
  partner_id: string | null;
  /** The partner's person (e.g. the religious counsellor), as free text. */
  partner_person: string | null;
  /** Whether the partner came: null = not recorded, 0 = no, 1 = yes. */
  partner_attended: number | null;
  /** The session's short report (no participant's data). */
  report: string | null;
  created_at: string;
  version: number;
  /** Raised by every change of the session's attendance marks (If-Match on the register, 0037). */
  attendance_version: number;
}

export interface AttendanceTable {
  session_id: string;
  enrollment_id: string;
  status: string;
  note_ct: string | null;
  marked_by: string;
  marked_at: string;
}

/** A request to correct one participant's mark on a session after attendance locked, decided once (0023). */
export interface AttendanceCorrectionsTable {
  id: string;
  session_id: string;
  participant_id: string;
  /** Her mark when the request was made (null: not marked). */
  status_before: string | null;
  /** The mark asked for (an attendance status code). */
  status_wanted: string;
  /** Why, sealed under her data key (free text about her attendance may say more than a code). */
  reason_ct: string | null;
  status: 'PENDING' | 'APPROVED' | 'DECLINED';
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  version: number;
  /** The request it was asked in: corrections asked together are decided together (its own id when alone). */
  batch_id: string;
}

export interface GraduationExceptionsTable {
  id: string;
  cohort_id: string;
  enrollment_id: string;
  participant_id: string;
  /** Why, sealed under her data key. */
  reason_ct: string | null;
  status: 'PENDING' | 'CONFIRMED' | 'DECLINED';
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** The delegation (Plh./Plt.) the decision was taken under. */
  decided_delegation_id: string | null;
  version: number;
}

export interface GraduationReopeningsTable {
  id: string;
  cohort_id: string;
  confirmed_at: string;
  confirmed_by: string | null;
  /** Why, sealed with the system key. */
  reason_ct: string;
  reopened_by: string;
  reopened_at: string;
}

export interface KitsTable {
  id: string;
  trade: string;
  current_version: number;
  active: number;
  created_at: string;
}

export interface KitVersionsTable {
  kit_id: string;
  version: number;
  name: string;
  /** JSON array of {name, quantity, unit, unitPrice, supplier?} */
  items: string;
  total: number;
  created_by: string;
  created_at: string;
}

export interface BudgetLinesTable {
  id: string;
  programme_id: string;
  cohort_id: string | null;
  kind: string;
  description: string;
  planned: number;
  realised: number;
  /** PROPOSED | APPROVED | REJECTED: only approved lines count in the plan (lines from before approval: APPROVED). */
  status: string;
  approved_by: string | null;
  approved_at: string | null;
  /** The delegation (Plh./Plt.) under which it was decided, if any. */
  approved_delegation_id: string | null;
  created_by: string;
  created_at: string;
}

export interface AllocationsTable {
  id: string;
  cohort_id: string;
  enrollment_id: string;
  participant_id: string;
  kit_id: string;
  kit_version: number;
  alternative_reason_ct: string | null;
  status: string;
  /** JSON array of procurement status per item index */
  procurement: string;
  /** JSON array of serial per item index */
  serials: string;
  value: number;
  approved_by: string | null;
  approved_at: string | null;
  handover_date: string | null;
  handover_place: string | null;
  /** Sealed JSON {handedOverBy, receivedBy}: names of people */
  handover_people_ct: string | null;
  signed_scan_ct: string | null;
  photo_ct: string | null;
  business_kind: string | null;
  business_region: string | null;
  business_start: string | null;
  /** The account that recorded the handover. */
  handover_by: string | null;
  /** An approver's exception: the handover may go ahead before every item is procured. */
  procurement_exception_by: string | null;
  /** Her reason for it, sealed under the participant's key. */
  procurement_exception_ct: string | null;
  /** Delegations (Plh./Plt.) under which the approval and the exception were decided, if any. */
  approved_delegation_id: string | null;
  procurement_exception_delegation_id: string | null;
  /** The beneficiary decision (SK penetapan penerima manfaat) that names her for this aid. */
  decree_id: string | null;
  created_by: string;
  created_at: string;
  version: number;
}

/** Which stage an event of the work enters: the office's rule (programme_id '') or a programme's own. */
export interface StageRulesTable {
  programme_id: string;
  event: string;
  stage: string;
  updated_by: string | null;
  updated_at: string;
}

/** Which role approves a kind of decision on money (aid, budget), as the office names it. */
export interface ApprovalSettingsTable {
  kind: string;
  role: string;
  updated_by: string | null;
  updated_at: string;
  version: number;
}

/** A colleague acting for an approver while she is away (PLH) or the post is vacant (PLT), for a period. */
export interface DelegationsTable {
  id: string;
  delegator_id: string;
  delegate_id: string;
  type: string;
  starts_on: string;
  ends_on: string;
  letter_number: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** A beneficiary decision (SK penetapan penerima manfaat): its number, date and signatory; allocations point to it. */
export interface AidDecreesTable {
  id: string;
  cohort_id: string;
  number: string;
  decree_date: string;
  signed_by: string;
  signatory_title: string;
  delegation_id: string | null;
  created_at: string;
}

/** Return or loss of a handed-over item (RETURNED | LOST); the note is sealed with her key. */
export interface AllocationItemEventsTable {
  id: string;
  allocation_id: string;
  /** 1, 2, 3… within the allocation */
  seq: number;
  item_index: number;
  kind: string;
  quantity: number;
  value: number;
  date: string;
  note_ct: string | null;
  recorded_by: string;
  created_at: string;
}

export interface FollowUpsTable {
  id: string;
  participant_id: string;
  cohort_id: string | null;
  point_months: number;
  due_date: string;
  assignee_id: string | null;
  status: string;
  cancel_reason: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface FollowUpVisitsTable {
  id: string;
  follow_up_id: string;
  participant_id: string;
  date: string;
  business_status: string;
  income_band: string;
  answers_ct: string;
  recorded_by: string;
  created_at: string;
  /** The handed-over allocation whose equipment use this visit records (null: none recorded). */
  equipment_allocation_id: string | null;
  /** EQUIPMENT_USES (shared/codes.ts); its note is sealed in answers_ct. */
  equipment_use: string | null;
}

export interface ReportNarrativesTable {
  year: number;
  /** PROVINCE_CODE (shared/regions.ts) for the province or a kabupaten/kota code */
  region_key: string;
  text: string;
  updated_by: string;
  updated_at: string;
}

export interface ImportsTable {
  id: string;
  created_by: string;
  file_hash: string;
  /** VALIDATED, INVALID, COMMITTED */
  status: string;
  total_rows: number;
  processed_rows: number;
  rows_ct: string;
  /** JSON array of {row, column, message} (no values) */
  errors: string;
  result: string | null;
  created_at: string;
  updated_at: string;
}

/** Saved column mappings of the import (field → column header, JSON); no personal data. */
export interface ImportMappingsTable {
  id: string;
  name: string;
  /** The name lower-cased, unique. */
  name_key: string;
  mapping: string;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

/**
 * An account that may read cases, waiting for (or decided by) a second person; or one made without one (DIRECT:
 * the first head of section of a province, or on the server console). Migration 0031.
 */
export interface AccountRequestsTable {
  id: string;
  user_id: string;
  /** The province it belongs to (the first head of section is made alone once per province). */
  province: string;
  /**
   * CREATE (a new account), RAISE (an active one gets more), REACTIVATE, RESET (its password or second factor was
   * reset by an administrator); FIRST_APPROVER and CONSOLE are DIRECT.
   */
  kind: 'CREATE' | 'RAISE' | 'REACTIVATE' | 'RESET' | 'FIRST_APPROVER' | 'CONSOLE';
  /** The role it would hold (its regions: account_request_regions). */
  role: string;
  /** The role it held when asked (a raise). */
  previous_role: string | null;
  status: 'PENDING' | 'APPROVED' | 'REFUSED' | 'WITHDRAWN' | 'DIRECT';
  /** The administrator who asked (null: the server console). */
  requested_by: string | null;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** Why it was refused, in the approver's words (about the account, never a participant). */
  reason: string | null;
  /** 1, 2, … per account, in the order its requests were made. */
  ordinal: number;
  version: number;
}

export interface AccountRequestRegionsTable {
  request_id: string;
  region_code: string;
}

/** Who has acknowledged an account made without a second person (it leaves her start page). */
export interface AccountNoticeAcksTable {
  request_id: string;
  user_id: string;
  at: string;
}

export interface Database {
  system_meta: SystemMetaTable;
  province_keys: ProvinceKeysTable;
  users: UsersTable;
  user_regions: UserRegionsTable;
  account_requests: AccountRequestsTable;
  account_request_regions: AccountRequestRegionsTable;
  account_notice_acks: AccountNoticeAcksTable;
  sessions: SessionsTable;
  auth_epoch: AuthEpochTable;
  login_throttle: LoginThrottleTable;
  duplicate_reviews: DuplicateReviewsTable;
  setup_tokens: SetupTokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_subjects: AuditSubjectsTable;
  participant_code_seq: ParticipantCodeSeqTable;
  participants: ParticipantsTable;
  participant_assignments: ParticipantAssignmentsTable;
  assignment_requests: AssignmentRequestsTable;
  assignment_events: AssignmentEventsTable;
  transfers: TransfersTable;
  participant_name_tokens: ParticipantNameTokensTable;
  consents: ConsentsTable;
  stage_events: StageEventsTable;
  notes: NotesTable;
  note_revisions: NoteRevisionsTable;
  attachments: AttachmentsTable;
  idempotency_keys: IdempotencyKeysTable;
  field_devices: FieldDevicesTable;
  field_conflicts: FieldConflictsTable;
  rate_limits: RateLimitsTable;
  prospects: ProspectsTable;
  outreach_contacts: OutreachContactsTable;
  alerts: AlertsTable;
  email_outbox: EmailOutboxTable;
  job_runs: JobRunsTable;
  assessments: AssessmentsTable;
  case_plans: CasePlansTable;
  case_plan_items: CasePlanItemsTable;
  partners: PartnersTable;
  referrals: ReferralsTable;
  programmes: ProgrammesTable;
  venues: VenuesTable;
  venue_payments: VenuePaymentsTable;
  cohorts: CohortsTable;
  enrollments: EnrollmentsTable;
  sessions_schedule: SessionsScheduleTable;
  attendance: AttendanceTable;
  attendance_corrections: AttendanceCorrectionsTable;
  graduation_exceptions: GraduationExceptionsTable;
  graduation_reopenings: GraduationReopeningsTable;
  kits: KitsTable;
  kit_versions: KitVersionsTable;
  budget_lines: BudgetLinesTable;
  allocations: AllocationsTable;
  allocation_item_events: AllocationItemEventsTable;
  approval_settings: ApprovalSettingsTable;
  stage_rules: StageRulesTable;
  delegations: DelegationsTable;
  aid_decrees: AidDecreesTable;
  follow_ups: FollowUpsTable;
  follow_up_visits: FollowUpVisitsTable;
  report_narratives: ReportNarrativesTable;
  imports: ImportsTable;
  import_mappings: ImportMappingsTable;
  rights_requests: RightsRequestsTable;
}

export type { Generated };
export type FollowUpState = 'OPEN' | 'OVER';
