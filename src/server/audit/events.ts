// The catalogue of audit actions. Typed so that a new event is a deliberate addition, reviewed here.
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.login_throttled',
  'auth.logout',
  'auth.password_change',
  'auth.mfa_enrol',
  'auth.session_expired',
  'setup.first_admin',
  'user.create',
  'user.read',
  'user.list',
  'user.update',
  'user.deactivate',
  'user.mfa_reset',
  'user.password_reset',
  'audit.read',
  'participant.create',
  'participant.read',
  'participant.update',
  'participant.search',
  'participant.nik_reveal',
  'participant.assign',
  'participant.duplicate_blocked',
  'participant.transition',
  'participant.closure_request',
  'participant.closure_approve',
  'participant.closure_reject',
  'participant.timeline_read',
  'consent.read',
  'consent.give',
  'consent.withdraw',
  'note.list',
  'note.read',
  'note.create',
  'note.update',
  'attachment.list',
  'attachment.read',
  'attachment.create',
  'outreach.create',
  'outreach.read',
  'outreach.update',
  'outreach.list',
  'assessment.create',
  'assessment.read',
  'assessment.review',
  'caseplan.read',
  'caseplan.write',
  'caseplan.approve',
  'partner.create',
  'partner.update',
  'referral.create',
  'referral.read',
  'referral.update',
  'document.print',
  'programme.write',
  'venue.write',
  'cohort.write',
  'enrollment.write',
  'enrollment.read',
  'session.write',
  'attendance.write',
  'graduation.evaluate',
  'graduation.confirm',
  'kit.write',
  'budget.write',
  'allocation.write',
  'allocation.handover',
  'followup.read',
  'followup.visit',
  'followup.update',
  'participant.reopen',
  'report.read',
  'report.narrative',
  'report.export',
  'import.validate',
  'import.commit',
  'protection.export',
  'protection.erase',
  'protection.legal_hold',
  'protection.access_report',
  'session.revoke_all',
  'keys.rotate',
  'alert.acknowledge',
  'audit.export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEvent {
  action: AuditAction;
  actorId: string | null;
  /** Staff username or a system job's name; never a participant's identity. */
  actor: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  outcome: AuditOutcome;
  ip?: string | null;
  requestId?: string | null;
  /** Short, non-sensitive facts (changed field names, counts, reasons); never personal values. */
  detail?: Record<string, string | number | boolean | null | string[]> | null;
}
