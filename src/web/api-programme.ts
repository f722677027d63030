// Programme delivery calls: programmes, venues, cohorts, enrolments, sessions, attendance, graduation.
// Built on the one request helper of api.ts (`call`), so errors, the session listener and the JSON rules
// are the same as everywhere else. Types come from the shared zod schemas.
import type { z } from 'zod';
import { call, type Versioned } from './api.ts';
import type {
  attendanceBody,
  attendanceView,
  cohortBody,
  correctionBatchBody,
  correctionBatchView,
  correctionBody,
  correctionView,
  openCorrectionsResponse,
  cohortUpdateBody,
  cohortView,
  enrollmentBody,
  enrollmentManyBody,
  enrollmentUpdateBody,
  enrollmentView,
  generatePreviewResponse,
  generateRuleBody,
  graduationExceptionDecision,
  graduationExceptionView,
  graduationResponse,
  officeCalendarStatus,
  programmeBody,
  programmeUpdateBody,
  programmeView,
  sessionBody,
  sessionBulkBody,
  sessionListResponse,
  sessionReportBody,
  sessionUpdateBody,
  sessionView,
  stageRulesBody,
  stageRulesResponse,
  venueBody,
  venuePaymentBody,
  venueUpdateBody,
  venueView,
} from '../shared/programme-api.ts';
import type { staffListResponse } from '../shared/api.ts';
import type { partnerView } from '../shared/casework-api.ts';

export type Programme = z.infer<typeof programmeView>;
export type ProgrammeInput = z.input<typeof programmeBody>;
export type ProgrammeUpdate = z.input<typeof programmeUpdateBody>;
export type Venue = z.infer<typeof venueView>;
export type VenueInput = z.input<typeof venueBody>;
export type VenueUpdate = z.input<typeof venueUpdateBody>;
export type VenuePaymentInput = z.input<typeof venuePaymentBody>;
export type Cohort = z.infer<typeof cohortView>;
export type CohortInput = z.input<typeof cohortBody>;
export type CohortUpdate = z.input<typeof cohortUpdateBody>;
export type OfficeCalendarStatus = z.infer<typeof officeCalendarStatus>;
export type Enrollment = z.infer<typeof enrollmentView>;
export type EnrollmentInput = z.input<typeof enrollmentBody>;
export type EnrollmentManyInput = z.input<typeof enrollmentManyBody>;
/** One person a bulk enrolment refused (409 enrolment_refused, details.refused), and why. */
export interface EnrolmentRefusal {
  participantId: string;
  code: string;
  message: string;
}
export type EnrollmentLeave = z.input<typeof enrollmentUpdateBody>;
export type Session = z.infer<typeof sessionView>;
export type SessionInput = z.input<typeof sessionBody>;
export type SessionUpdate = z.input<typeof sessionUpdateBody>;
export type SessionReportInput = z.input<typeof sessionReportBody>;
/** A partner organisation a session can name (the partners referrals go to). */
export type PartnerOption = Pick<z.infer<typeof partnerView>, 'id' | 'name' | 'kind' | 'active' | 'contacts'>;
export type GenerateRule = z.input<typeof generateRuleBody>;
export type GenerateResult = z.infer<typeof sessionListResponse>;
export type GeneratePreview = z.infer<typeof generatePreviewResponse>;
export type SessionBulk = z.input<typeof sessionBulkBody>;
export type AttendanceView = z.infer<typeof attendanceView>;
export type AttendanceInput = z.input<typeof attendanceBody>;
export type AttendanceStatus = NonNullable<AttendanceView['items'][number]['status']>;
export type Graduation = z.infer<typeof graduationResponse>;
export type CorrectionInput = z.input<typeof correctionBody>;
export type CorrectionDecided = z.infer<typeof correctionView>;
export type OpenCorrection = z.infer<typeof openCorrectionsResponse>['items'][number];
export type CorrectionBatchInput = z.input<typeof correctionBatchBody>;
export type CorrectionBatch = z.infer<typeof correctionBatchView>;
export type GraduationException = z.infer<typeof graduationExceptionView>;
export type GraduationExceptionDecided = z.infer<typeof graduationExceptionDecision>;
export type StaffMember = z.infer<typeof staffListResponse>['items'][number];
/** Which stage one event of the work enters in a programme, and whether that is the office's rule or its own. */
export type StageRule = z.infer<typeof stageRulesResponse>['items'][number];
export type StageRulesInput = z.input<typeof stageRulesBody>;

const enc = encodeURIComponent;
const ifMatch = (etag: string) => ({ 'If-Match': etag });
const versioned = <T extends { version: number }>(a: { data: T; etag: string | null }): Versioned<T> => ({
  item: a.data,
  etag: a.etag ?? `"${a.data.version}"`,
});
/** Records that come inside lists carry their version; If-Match is that version in quotes. */
export const etagOf = (r: { version: number }) => `"${r.version}"`;

export const programmeApi = {
  programmes: {
    list: () => call<{ items: Programme[] }>('GET', '/api/programmes').then((a) => a.data.items),
    get: (id: string) => call<Programme>('GET', `/api/programmes/${enc(id)}`).then(versioned),
    create: (body: ProgrammeInput) => call<Programme>('POST', '/api/programmes', { body }).then((a) => a.data),
    update: (id: string, etag: string, body: ProgrammeUpdate) =>
      call<Programme>('PATCH', `/api/programmes/${enc(id)}`, { body, headers: ifMatch(etag) }).then(versioned),
    /** Every event of the work with the stage it enters in this programme (its own rule or the office's). */
    stageRules: (id: string) =>
      call<{ items: StageRule[] }>('GET', `/api/programmes/${enc(id)}/stage-rules`).then((a) => a.data.items),
    /**
     * Replaces the programme's own rules; an event left out follows the office's. 400 validation_failed for an
     * event that always follows the office (registration, closure, follow-up after closure) or a closing stage.
     */
    setStageRules: (id: string, body: StageRulesInput) =>
      call<{ items: StageRule[] }>('PUT', `/api/programmes/${enc(id)}/stage-rules`, { body }).then((a) => a.data.items),
  },

  venues: {
    list: () => call<{ items: Venue[] }>('GET', '/api/venues').then((a) => a.data.items),
    get: (id: string) => call<Venue>('GET', `/api/venues/${enc(id)}`).then(versioned),
    create: (body: VenueInput) => call<Venue>('POST', '/api/venues', { body }).then((a) => a.data),
    update: (id: string, etag: string, body: VenueUpdate) =>
      call<Venue>('PATCH', `/api/venues/${enc(id)}`, { body, headers: ifMatch(etag) }).then(versioned),
    addPayment: (id: string, body: VenuePaymentInput) =>
      call<Venue>('POST', `/api/venues/${enc(id)}/payments`, { body }).then((a) => a.data),
    /** Attaches the receipt scan of one payment (JPEG, PNG or PDF, at most 5 MB). */
    uploadReceipt: (id: string, paymentId: string, file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return call<Venue>('POST', `/api/venues/${enc(id)}/payments/${enc(paymentId)}/receipt`, { form }).then(
        (a) => a.data,
      );
    },
    receiptUrl: (id: string, paymentId: string) => `/api/venues/${enc(id)}/payments/${enc(paymentId)}/receipt`,
    /** Uploads the rent contract (JPEG, PNG or PDF, at most 5 MB), replacing the one held. */
    uploadContract: (id: string, file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return call<Venue>('POST', `/api/venues/${enc(id)}/contract`, { form }).then((a) => a.data);
    },
    /** The rent contract as a download (each download is audited). */
    contractUrl: (id: string) => `/api/venues/${enc(id)}/contract`,
  },

  /** Which years the office calendar covers, and whether next year's is overdue (from 1 October). */
  officeCalendar: () => call<OfficeCalendarStatus>('GET', '/api/office-calendar').then((a) => a.data),

  cohorts: {
    /** The printable schedule (a download link, not a fetch). */
    scheduleUrl: (id: string) => `/api/cohorts/${enc(id)}/schedule.pdf`,
    list: (programmeId?: string) =>
      call<{ items: Cohort[] }>('GET', '/api/cohorts', { query: { programmeId } }).then((a) => a.data.items),
    get: (id: string) => call<Cohort>('GET', `/api/cohorts/${enc(id)}`).then(versioned),
    /**
     * Refused with 409 venue_booked (details: cohortId, the cohort that holds it) when the venue is taken, and
     * with 409 office_calendar_missing (details: years) for dates in a year without an office calendar unless
     * confirmWithoutCalendar is sent.
     */
    create: (body: CohortInput) => call<Cohort>('POST', '/api/cohorts', { body }).then((a) => a.data),
    update: (id: string, etag: string, body: CohortUpdate) =>
      call<Cohort>('PATCH', `/api/cohorts/${enc(id)}`, { body, headers: ifMatch(etag) }).then(versioned),
    enrollments: (id: string) =>
      call<{ items: Enrollment[] }>('GET', `/api/cohorts/${enc(id)}/enrollments`).then((a) => a.data.items),
    enrol: (id: string, body: EnrollmentInput) =>
      call<Enrollment>('POST', `/api/cohorts/${enc(id)}/enrollments`, { body }).then((a) => a.data),
    /** All or none: 409 enrolment_refused with details.refused (EnrolmentRefusal[]) when anyone cannot enrol. */
    enrolMany: (id: string, body: EnrollmentManyInput) =>
      call<{ items: Enrollment[] }>('POST', `/api/cohorts/${enc(id)}/enrollments/bulk`, { body }).then(
        (a) => a.data.items,
      ),
    sessions: (id: string) => call<GenerateResult>('GET', `/api/cohorts/${enc(id)}/sessions`).then((a) => a.data.items),
    addSession: (id: string, body: SessionInput) =>
      call<Session>('POST', `/api/cohorts/${enc(id)}/sessions`, { body }).then((a) => a.data),
    generate: (id: string, body: GenerateRule) =>
      call<GenerateResult>('POST', `/api/cohorts/${enc(id)}/sessions/generate`, { body }).then((a) => a.data),
    /** The dates a rule would make (nothing written); generating with its from/to makes exactly these. */
    previewSessions: (id: string, body: GenerateRule) =>
      call<GeneratePreview>('POST', `/api/cohorts/${enc(id)}/sessions/generate`, {
        body: { ...body, dryRun: true },
      }).then((a) => a.data),
    /**
     * Cancels or moves several sessions with one reason, all or none: 412 stale_version (details.sessions: the
     * stale ones) or 409 session_cancelled (details.sessionIds) change nothing.
     */
    changeSessions: (id: string, body: SessionBulk) =>
      call<{ items: Session[] }>('POST', `/api/cohorts/${enc(id)}/sessions/bulk`, { body }).then((a) => a.data.items),
    evaluate: (id: string) => call<Graduation>('POST', `/api/cohorts/${enc(id)}/graduate`).then((a) => a.data),
    /** 409 exceptions_pending while an exception waits for its approver. */
    confirm: (id: string) => call<Graduation>('POST', `/api/cohorts/${enc(id)}/graduate/confirm`).then((a) => a.data),
    /**
     * Reopens a confirmed graduation with a reason, up to the cohort's graduationReopenUntil: 409
     * reopen_window_closed (details.until), graduation_has_aid, graduation_has_follow_ups.
     */
    reopen: (id: string, reason: string) =>
      call<Graduation>('POST', `/api/cohorts/${enc(id)}/graduate/reopen`, { body: { reason } }).then((a) => a.data),
    /** The cohort's exceptions with their reasons and her figures (head of section and approver; audited). */
    exceptions: (id: string) =>
      call<{ items: GraduationException[] }>('GET', `/api/cohorts/${enc(id)}/graduation-exceptions`).then(
        (a) => a.data.items,
      ),
  },

  enrollments: {
    leave: (id: string, etag: string, body: EnrollmentLeave) =>
      call<Enrollment>('PATCH', `/api/enrollments/${enc(id)}`, { body, headers: ifMatch(etag) }).then((a) => a.data),
    /** A plain download link (Content-Disposition: attachment). */
    certificateUrl: (id: string) => `/api/enrollments/${enc(id)}/certificate.pdf`,
    /**
     * The head of section grants her an exception to the completion rule, with a reason; it waits for the approver.
     * 409 graduation_not_evaluated, exception_not_needed, graduation_confirmed, exception_exists.
     */
    grantException: (id: string, reason: string) =>
      call<GraduationExceptionDecided>('POST', `/api/enrollments/${enc(id)}/graduation-exception`, {
        body: { reason },
      }).then((a) => a.data),
  },

  graduationExceptions: {
    /** Once, by the approver of exceptions: 409 already_decided; 403 second_person_required for who granted it. */
    decide: (id: string, approve: boolean) =>
      call<GraduationExceptionDecided>('POST', `/api/graduation-exceptions/${enc(id)}/decision`, {
        body: { approve },
      }).then((a) => a.data),
  },

  sessions: {
    get: (id: string) =>
      call<{ session: Session; cohort: Cohort }>('GET', `/api/sessions/${enc(id)}`).then((a) => a.data),
    update: (id: string, etag: string, body: SessionUpdate) =>
      call<Session>('PATCH', `/api/sessions/${enc(id)}`, { body, headers: ifMatch(etag) }).then((a) => a.data),
    attendance: (id: string) => call<AttendanceView>('GET', `/api/sessions/${enc(id)}/attendance`).then((a) => a.data),
    /** 409 attendance_too_early, attendance_locked or session_cancelled when it cannot be marked now. */
    markAttendance: (id: string, body: AttendanceInput) =>
      call<AttendanceView>('PUT', `/api/sessions/${enc(id)}/attendance`, { body }).then((a) => a.data),
    sheetUrl: (id: string) => `/api/sessions/${enc(id)}/attendance-sheet.pdf`,
    /** Partner attendance and the short report (If-Match; 409 as attendance: too early, locked, cancelled). */
    report: (id: string, etag: string, body: SessionReportInput) =>
      call<Session>('PUT', `/api/sessions/${enc(id)}/report`, { body, headers: ifMatch(etag) }).then(versioned),
    /** Corrections of this session waiting for the head of section. */
    corrections: (id: string) =>
      call<{ items: OpenCorrection[] }>('GET', `/api/sessions/${enc(id)}/attendance-corrections`).then(
        (a) => a.data.items,
      ),
    /** After the lock: 409 correction_pending while one waits for her, correction_not_needed before it. */
    requestCorrection: (id: string, body: CorrectionInput) =>
      call<CorrectionDecided>('POST', `/api/sessions/${enc(id)}/attendance-corrections`, { body }).then((a) => a.data),
    /** Several marks with one reason, decided together; all or none (409 correction_pending if one already waits). */
    requestCorrections: (id: string, body: CorrectionBatchInput) =>
      call<CorrectionBatch>('POST', `/api/sessions/${enc(id)}/attendance-correction-batches`, { body }).then(
        (a) => a.data,
      ),
  },

  corrections: {
    /** Once: 409 already_decided after anyone decided it; 403 second_person_required for her own request. */
    decide: (id: string, approve: boolean) =>
      call<CorrectionDecided>('POST', `/api/attendance-corrections/${enc(id)}/decision`, { body: { approve } }).then(
        (a) => a.data,
      ),
    /** A whole request (every mark in it) approved or declined in one decision, once: 409 already_decided. */
    decideBatch: (id: string, approve: boolean) =>
      call<CorrectionBatch>('POST', `/api/attendance-correction-batches/${enc(id)}/decision`, {
        body: { approve },
      }).then((a) => a.data),
  },

  /** Partner organisations a session or weekly rule can name (active ones are offered). */
  partners: () => call<{ items: PartnerOption[] }>('GET', '/api/partners').then((a) => a.data.items),

  staff: (role: 'facilitator' | 'psychologist' | 'caseworker' | 'manager') =>
    call<{ items: StaffMember[] }>('GET', '/api/staff', { query: { role } }).then((a) => a.data.items),
};
