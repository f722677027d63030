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
  'attendance.read',
  'graduation.evaluate',
  'graduation.confirm',
  'kit.write',
  'budget.write',
  'allocation.write',
  'allocation.read',
  'allocation.handover',
  'allocation.item_event',
  'followup.read',
  'followup.visit',
  'followup.update',
  'participant.reopen',
  'report.read',
  'report.narrative',
  'report.export',
  'import.validate',
  'import.commit',
  'import.mapping_save',
  'import.mapping_delete',
  'report.identified_export',
  'protection.export',
  'protection.erase',
  'protection.legal_hold',
  'protection.access_report',
  'session.revoke_all',
  'keys.rotate',
  'alert.acknowledge',
  'followup.continue',
  'notification.email_sent',
  'notification.email_failed',
  'audit.export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * The kinds of record an audit event names (its `resourceType`), typed like the actions. The audit log screen labels
 * each action and each of these in both languages (src/web/i18n/audit.*.ts; tests/audit-labels.test.ts checks).
 * `session` is both a sign-in session (auth.*, session.revoke_all) and an activity session of a cohort
 * (session.write, attendance.*): the action tells which.
 */
export const RESOURCE_TYPES = [
  'participant',
  'note',
  'attachment',
  'outreach',
  'prospect',
  'alert',
  'partner',
  'referral',
  'programme',
  'venue',
  'cohort',
  'enrollment',
  'session',
  'kit',
  'allocation',
  'follow_up',
  'report',
  'import',
  'import_mapping',
  'user',
  'staff',
  'audit',
  'keys',
  'email',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEvent {
  action: AuditAction;
  actorId: string | null;
  /** Staff username or a system job's name; never a participant's identity. */
  actor: string | null;
  resourceType?: ResourceType | null;
  resourceId?: string | null;
  outcome: AuditOutcome;
  ip?: string | null;
  requestId?: string | null;
  /** Short, non-sensitive facts (changed field names, counts, reasons); never personal values. */
  detail?: Record<string, string | number | boolean | null | string[]> | null;
}
