// English for shell.id.ts: the areas' navigation entries and start-page cards, and the work queue.
import type { ShellMessages } from './shell.id.ts';

export const shellEn: ShellMessages = {
  pwa: { updateAvailable: 'A new version is available', reload: 'Reload' },
  casework: {
    nav: { outreach: 'Outreach', partners: 'Partners' },
    cards: {
      outreach: 'Record outreach contacts without identity, see prospects and contacts per region.',
      partners: 'Partner organisations for referrals and for carrying out intervention plans.',
    },
  },
  programme: {
    nav: {
      programmes: 'Programmes',
      cohorts: 'Cohorts',
      venues: 'Venues',
    },
    cards: {
      programmes: "The year's programme: budget ceiling, target participants, target regions and the completion rule.",
      cohorts: 'Training cohorts: participants, session schedule, attendance and graduation.',
      venues: 'Houses or buildings rented for training: contract, capacity and rent payments.',
    },
  },
  aid: {
    nav: {
      kits: 'Kits',
      budget: 'Budget',
      approvals: 'Approvals & delegation',
    },
    cards: {
      kits: 'Business starter kits per trade.',
      budget: 'Programme budget: planned and realised.',
      approvals: 'Who approves aid and budget lines, and delegations (Plh./Plt.).',
    },
  },
  followup: {
    nav: {
      worklist: 'Follow-up',
    },
    cards: {
      worklist: 'Follow-ups due this week and overdue.',
    },
  },
  report: {
    nav: {
      reports: 'Reports',
      imports: 'Import',
      dashboard: 'Dashboard',
    },
    cards: {
      reports: 'Annual report and dashboard, de-identified.',
      imports: 'Import a participant list from XLSX or CSV.',
      dashboard: 'Key figures of your own work: participants, cohorts, sessions, follow-up and budget.',
    },
  },
  field: {
    nav: 'Field',
  },
  rights: {
    nav: 'Data requests',
    card: "Requests for a copy or the erasure of a participant's personal data: recorded, approved, carried out.",
  },
  workQueue: {
    title: 'Waiting for you',
    empty: 'Nothing is waiting. Thank you.',
    more: 'and {{count}} more',
    open: 'Open',
    navCount: '{{count}} waiting',
    correction: '{{who}}: to {{status}}',
    /** Approved aid of a cohort that no decision letter names yet. */
    decree: '{{count}} approved proposals not yet in an SK',
    kind: {
      safety_alerts: 'Safety alerts',
      account_approvals: 'Staff accounts waiting for your approval',
      assignment_requests: 'Assignment requests',
      duplicate_reviews: 'Possible duplicates waiting for your decision',
      transfers: 'Cases from another region waiting for your answer',
      province_transfers: 'Case transfers between provinces waiting for your answer',
      closures: 'Case closures waiting for approval',
      plans: 'Intervention plans waiting for approval',
      assessments: 'Assessments waiting for review',
      allocations: 'Aid proposals waiting for approval',
      aid_decrees: 'Approved aid waiting for a beneficiary decision (SK)',
      budget_lines: 'Budget lines waiting for approval',
      attendance_corrections: 'Attendance corrections waiting for a decision',
      graduation_exceptions: 'Graduation exceptions waiting for approval',
      rights_requests: 'Data-subject requests waiting for your decision',
      rights_requests_to_carry_out: 'Approved data-subject requests waiting to be carried out',
      overdue_follow_ups: 'Overdue follow-ups',
      sessions_today: "Today's sessions",
      field_conflicts: 'Conflicting field records, open for more than a day',
    },
    /** A field device's conflict: whose device, and what was recorded on it. */
    fieldConflict: '{{who}}: {{what}}',
    fieldConflictKind: {
      attendance: 'attendance register',
      visit: 'follow-up visit',
      note: 'case note',
      outreach: 'outreach contact',
    },
  },
};
