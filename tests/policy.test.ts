// The policy as a table: every role × every action × in/out of scope, written out by hand so that a change
// to a rule must also change this table. Also checks docs/access-control.md is generated from the policy.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  approvalsOfRole,
  decide,
  scopeFilter,
  type Action,
  type Actor,
  type Resource,
} from '../src/server/policy/index.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { renderAccessControl } from '../src/server/policy/document.ts';

// Each role approves what the default office setting gives it (aid, budget and exceptions: the Kepala Bidang).
const actorOf = (role: Role, regions = ['6371'], id = 'me'): Actor => ({
  id,
  role,
  regions,
  approves: approvalsOfRole(role),
});

// A = allowed, F = 403 (visible, not allowed), N = 404 (out of scope: as if absent)
type Cell = 'A' | 'F' | 'N';
// Each cell: [resource in the actor's region 6371, resource in 6372, assigned to the actor but in 6372]
const TABLE: Record<Action, Record<Role, [Cell, Cell, Cell]>> = {
  'user.list': {
    admin: ['A', 'A', 'A'],
    manager: ['F', 'F', 'F'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'user.read': {
    admin: ['A', 'N', 'N'],
    manager: ['N', 'N', 'N'],
    caseworker: ['N', 'N', 'N'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'N'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'user.create': {
    admin: ['A', 'N', 'N'],
    manager: ['N', 'N', 'N'],
    caseworker: ['N', 'N', 'N'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'N'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'user.update': {
    admin: ['A', 'N', 'N'],
    manager: ['N', 'N', 'N'],
    caseworker: ['N', 'N', 'N'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'N'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'account_request.list': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['A', 'A', 'A'],
    ppk: ['F', 'F', 'F'],
  },
  // An account that may read cases in 6371 (own) or 6372: decided by an approver whose regions hold it.
  'account_request.decide': {
    admin: ['F', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['N', 'N', 'N'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'N'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['A', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'account_notice.list': {
    admin: ['A', 'A', 'A'],
    manager: ['A', 'A', 'A'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'staff.list': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'audit.read': {
    admin: ['A', 'A', 'A'],
    manager: ['N', 'N', 'N'],
    caseworker: ['N', 'N', 'N'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'N'],
    auditor: ['A', 'A', 'A'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'participant.list': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['A', 'A', 'A'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'participant.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'participant.create': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'participant.update': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'participant.reveal_nik': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'participant.assign': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'assignment.request': {
    admin: ['N', 'N', 'N'],
    manager: ['F', 'N', 'F'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'assignment.decide': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'participant.transition': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'participant.approve_closure': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'participant.resolve_duplicate': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'consent.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'consent.manage': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'note.list': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['A', 'A', 'A'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'note.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'note.create': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'note.create_psychological': {
    admin: ['N', 'N', 'N'],
    manager: ['F', 'N', 'F'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'note.update': {
    admin: ['N', 'N', 'N'],
    manager: ['F', 'N', 'F'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'attachment.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'attachment.create': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'outreach.list': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'outreach.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'N'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'outreach.create': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'N'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'outreach.update': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'N'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'alert.list': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'assessment.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'assessment.create': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'assessment.review': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'caseplan.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'caseplan.write': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'caseplan.approve': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'partner.list': {
    admin: ['A', 'A', 'A'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['A', 'A', 'A'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'partner.manage': {
    admin: ['A', 'A', 'A'],
    manager: ['A', 'A', 'A'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'referral.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'referral.create': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'referral.update': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'programme.read': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['A', 'A', 'A'],
    head_of_division: ['A', 'A', 'A'],
    ppk: ['A', 'A', 'A'],
  },
  'programme.manage': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'venue.read': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'venue.manage': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'cohort.list': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['A', 'A', 'A'],
    psychologist: ['A', 'A', 'A'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['A', 'A', 'A'],
    ppk: ['A', 'A', 'A'],
  },
  'cohort.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['A', 'N', 'N'],
    facilitator: ['N', 'N', 'A'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['A', 'N', 'N'],
    ppk: ['A', 'N', 'N'],
  },
  'cohort.manage': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['F', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['F', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'enrollment.manage': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['A', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['F', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'session.manage': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['F', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'attendance.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['A', 'N', 'N'],
    facilitator: ['N', 'N', 'A'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'attendance.mark': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['F', 'N', 'N'],
    facilitator: ['N', 'N', 'A'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'attendance.override_lock': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['F', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'graduation.confirm': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['F', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['F', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'graduation.reopen': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['F', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['F', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'graduation.exception_request': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['F', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['F', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'graduation.exception_read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['F', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['A', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'graduation.exception_confirm': {
    admin: ['N', 'N', 'N'],
    manager: ['F', 'N', 'N'],
    caseworker: ['F', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['A', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'kit.read': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['A', 'A', 'A'],
    head_of_division: ['A', 'A', 'A'],
    ppk: ['A', 'A', 'A'],
  },
  'kit.manage': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'budget.read': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['A', 'A', 'A'],
    head_of_division: ['A', 'A', 'A'],
    ppk: ['A', 'A', 'A'],
  },
  'budget.manage': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'budget.approve': {
    admin: ['F', 'F', 'F'],
    manager: ['F', 'F', 'F'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['A', 'A', 'A'],
    ppk: ['F', 'F', 'F'],
  },
  'allocation.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['A', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['A', 'N', 'N'],
    ppk: ['A', 'N', 'N'],
  },
  'allocation.propose': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['A', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['F', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'allocation.approve': {
    admin: ['N', 'N', 'N'],
    manager: ['F', 'N', 'N'],
    caseworker: ['F', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['A', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'allocation.procure': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['A', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['F', 'N', 'N'],
    ppk: ['A', 'N', 'N'],
  },
  'allocation.handover': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['A', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['F', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'aid.decree': {
    admin: ['N', 'N', 'N'],
    manager: ['F', 'N', 'N'],
    caseworker: ['F', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['A', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'approval.settings': {
    admin: ['A', 'A', 'A'],
    manager: ['F', 'F', 'F'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'delegation.manage': {
    admin: ['A', 'A', 'A'],
    manager: ['F', 'F', 'F'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['A', 'A', 'A'],
    ppk: ['F', 'F', 'F'],
  },
  'followup.worklist': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'followup.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'followup.record': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'followup.read_risk': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'outcome.read': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'N'],
    caseworker: ['A', 'N', 'N'],
    facilitator: ['N', 'N', 'F'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['F', 'N', 'N'],
    ppk: ['F', 'N', 'N'],
  },
  'participant.reopen': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'dashboard.read': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['A', 'A', 'A'],
    psychologist: ['A', 'A', 'A'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'report.read': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['A', 'A', 'A'],
    head_of_division: ['A', 'A', 'A'],
    ppk: ['F', 'F', 'F'],
  },
  'report.identified': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'report.narrative': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'import.run': {
    admin: ['F', 'F', 'F'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  // Data-subject requests: opened on her record (an administrator only within her regions, and without reading it).
  'rights_request.list': {
    admin: ['A', 'A', 'A'],
    manager: ['A', 'A', 'A'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'rights_request.open': {
    admin: ['A', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['A', 'N', 'A'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  // On a request (third column: one in 6372 she opened herself): a head of section of her region, never its opener.
  'rights_request.decide': {
    admin: ['F', 'N', 'N'],
    manager: ['A', 'N', 'F'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'N'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  // Carried out by the administrator, on an approved request (never on her record).
  'protection.export': {
    admin: ['A', 'N', 'N'],
    manager: ['F', 'N', 'F'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'N'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'protection.erase': {
    admin: ['A', 'N', 'N'],
    manager: ['F', 'N', 'F'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'N'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  // An administrator reads no case record: no legal hold, no access report of her.
  'protection.legal_hold': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'protection.access_report': {
    admin: ['N', 'N', 'N'],
    manager: ['A', 'N', 'A'],
    caseworker: ['F', 'N', 'F'],
    facilitator: ['N', 'N', 'N'],
    psychologist: ['N', 'N', 'F'],
    auditor: ['N', 'N', 'N'],
    head_of_division: ['N', 'N', 'N'],
    ppk: ['N', 'N', 'N'],
  },
  'session.revoke_all': {
    admin: ['A', 'A', 'A'],
    manager: ['F', 'F', 'F'],
    caseworker: ['F', 'F', 'F'],
    facilitator: ['F', 'F', 'F'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  'field.use': {
    admin: ['F', 'F', 'F'],
    manager: ['F', 'F', 'F'],
    caseworker: ['A', 'A', 'A'],
    facilitator: ['A', 'A', 'A'],
    psychologist: ['F', 'F', 'F'],
    auditor: ['F', 'F', 'F'],
    head_of_division: ['F', 'F', 'F'],
    ppk: ['F', 'F', 'F'],
  },
  // A field device: her own (whatever her role now); the head of section of her regions; never the administrator of
  // the region (need to know).
  'field.device.read': {
    admin: ['N', 'N', 'A'],
    manager: ['A', 'N', 'A'],
    caseworker: ['N', 'N', 'A'],
    facilitator: ['N', 'N', 'A'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'A'],
    head_of_division: ['N', 'N', 'A'],
    ppk: ['N', 'N', 'A'],
  },
  'field.device.revoke': {
    admin: ['N', 'N', 'A'],
    manager: ['A', 'N', 'A'],
    caseworker: ['N', 'N', 'A'],
    facilitator: ['N', 'N', 'A'],
    psychologist: ['N', 'N', 'A'],
    auditor: ['N', 'N', 'A'],
    head_of_division: ['N', 'N', 'A'],
    ppk: ['N', 'N', 'A'],
  },
};

function resourceFor(action: Action, where: 0 | 1 | 2): Resource | undefined {
  const type = action.split('.')[0];
  const verb = action.split('.')[1];
  if (verb === 'list' || action === 'followup.worklist') return undefined; // type-level question: no record involved
  if (type === 'staff') return undefined;
  const region = where === 0 ? '6371' : '6372';
  if (type === 'user') return { type: 'user', id: 'other', regions: [region] };
  if (type === 'account_request')
    return { type: 'account_request', accountId: 'other', regions: [region], requestedBy: 'someone' };
  if (type === 'audit') return { type: 'audit' };
  if (action === 'field.use') return undefined;
  if (type === 'field')
    return { type: 'field_device', accountId: where === 2 ? 'me' : 'someone', accountRegions: [region] };
  if ((type === 'rights_request' && verb !== 'open') || action === 'protection.export' || action === 'protection.erase')
    return { type: 'rights_request', id: 'r1', regionCode: region, openedBy: where === 2 ? 'me' : 'someone' };
  if (type === 'outreach')
    return { type: 'outreach', id: 'o1', regionCode: region, workerId: where === 2 ? 'me' : 'someone' };
  if (
    [
      'partner',
      'alert',
      'programme',
      'venue',
      'kit',
      'budget',
      'dashboard',
      'report',
      'import',
      'approval',
      'delegation',
    ].includes(type!) ||
    action === 'session.revoke_all'
  )
    return undefined;
  const cohort = { type: 'cohort' as const, id: 'c1', regionCode: region, facilitatorIds: where === 2 ? ['me'] : [] };
  if (
    type === 'cohort' ||
    type === 'enrollment' ||
    type === 'graduation' ||
    type === 'allocation' ||
    type === 'aid' ||
    type === 'outcome'
  )
    return cohort;
  if (type === 'session' || type === 'attendance')
    return { type: 'session', id: 's1', cohort, facilitatorId: where === 2 ? 'me' : null };
  const participant = {
    type: 'participant' as const,
    id: 'p1',
    regionCode: region,
    assignedUserIds: where === 2 ? ['me'] : [],
  };
  // note.read / note.update act on an existing general note written by someone else.
  if (action === 'note.read' || action === 'note.update')
    return { type: 'note', participant, noteType: 'GENERAL', authorId: 'someone' };
  return participant;
}

const toCell = (d: ReturnType<typeof decide>): Cell => (d.allowed ? 'A' : d.status === 404 ? 'N' : 'F');

describe('policy table', () => {
  it('covers every action and every role', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ACTIONS].sort());
    for (const a of ACTIONS) expect(Object.keys(TABLE[a]).sort()).toEqual([...ROLES].sort());
  });

  for (const action of ACTIONS) {
    for (const role of ROLES) {
      it(`${role} ${action}`, () => {
        const got = ([0, 1, 2] as const).map((w) => toCell(decide(actorOf(role), action, resourceFor(action, w))));
        expect(got).toEqual(TABLE[action][role]);
      });
    }
  }

  it('a caseworker of 6371 gets 404 for a participant of 6372', () => {
    const d = decide(actorOf('caseworker', ['6371']), 'participant.read', {
      type: 'participant',
      id: 'x',
      regionCode: '6372',
      assignedUserIds: [],
    });
    expect(d).toEqual({ allowed: false, status: 404 });
  });

  it('province scope (63) sees every kabupaten/kota, and codes below them', () => {
    const manager = actorOf('manager', ['63']);
    for (const code of ['6301', '6372', '637201']) {
      expect(
        decide(manager, 'participant.read', { type: 'participant', id: 'x', regionCode: code, assignedUserIds: [] })
          .allowed,
      ).toBe(true);
    }
    expect(
      decide(actorOf('caseworker', ['6372']), 'participant.read', {
        type: 'participant',
        id: 'x',
        regionCode: '637201',
        assignedUserIds: [],
      }).allowed,
    ).toBe(true);
  });

  it('an admin of one district cannot see or hand out province-wide accounts', () => {
    const admin = actorOf('admin', ['6371']);
    expect(decide(admin, 'user.read', { type: 'user', id: 'u', regions: ['63'] })).toEqual({
      allowed: false,
      status: 404,
    });
    expect(decide(admin, 'user.read', { type: 'user', id: 'u', regions: ['6371', '6372'] })).toEqual({
      allowed: false,
      status: 404,
    });
  });

  it('everyone may see their own account record but only admins may act on it', () => {
    const cw = actorOf('caseworker', ['6371'], 'me');
    expect(decide(cw, 'user.read', { type: 'user', id: 'me', regions: ['6371'] })).toEqual({
      allowed: false,
      status: 403,
    });
  });

  it('psychological notes: only the author and assigned psychologists, never a caseworker or manager', () => {
    const p = { type: 'participant' as const, id: 'p', regionCode: '6371', assignedUserIds: ['psy', 'cw'] };
    const note = (authorId: string) => ({ type: 'note' as const, participant: p, noteType: 'PSYCHOLOGICAL', authorId });
    expect(decide({ id: 'psy', role: 'psychologist', regions: ['63'] }, 'note.read', note('psy2')).allowed).toBe(true);
    expect(decide({ id: 'psy3', role: 'psychologist', regions: ['63'] }, 'note.read', note('psy2'))).toEqual({
      allowed: false,
      status: 404,
    });
    expect(decide({ id: 'cw', role: 'caseworker', regions: ['6371'] }, 'note.read', note('psy'))).toEqual({
      allowed: false,
      status: 404,
    });
    expect(decide({ id: 'm', role: 'manager', regions: ['63'] }, 'note.read', note('psy'))).toEqual({
      allowed: false,
      status: 404,
    });
    expect(decide({ id: 'psy', role: 'psychologist', regions: ['63'] }, 'note.update', note('psy')).allowed).toBe(true);
  });

  it('scope filters follow the same rules', () => {
    expect(scopeFilter(actorOf('admin', ['63']), 'user')).toEqual({ kind: 'all' });
    expect(scopeFilter(actorOf('admin', ['6371']), 'user')).toEqual({ kind: 'regions', regions: ['6371'] });
    expect(scopeFilter(actorOf('caseworker', ['6371']), 'participant')).toEqual({
      kind: 'regions',
      regions: ['6371'],
      orAssignedTo: 'me',
    });
    expect(scopeFilter(actorOf('psychologist'), 'participant')).toEqual({ kind: 'assigned', userId: 'me' });
    expect(scopeFilter(actorOf('facilitator'), 'participant')).toEqual({ kind: 'none' });
    expect(scopeFilter(actorOf('auditor'), 'participant')).toEqual({ kind: 'none' });
    // An administrator reads no participant; her audit log and her requests are her regions'.
    expect(scopeFilter(actorOf('admin', ['63']), 'participant')).toEqual({ kind: 'none' });
    expect(scopeFilter(actorOf('admin', ['6371']), 'audit')).toEqual({ kind: 'regions', regions: ['6371'] });
    expect(scopeFilter(actorOf('auditor', ['6371']), 'audit')).toEqual({ kind: 'regions', regions: ['6371'] });
    expect(scopeFilter(actorOf('admin', ['63']), 'audit')).toEqual({ kind: 'all' });
    expect(scopeFilter(actorOf('manager', ['6371']), 'audit')).toEqual({ kind: 'none' });
    expect(scopeFilter(actorOf('admin', ['6371']), 'rights_request')).toEqual({ kind: 'regions', regions: ['6371'] });
    expect(scopeFilter(actorOf('manager', ['6371']), 'rights_request')).toEqual({
      kind: 'regions',
      regions: ['6371'],
      orAssignedTo: 'me',
    });
    expect(scopeFilter(actorOf('facilitator'), 'rights_request')).toEqual({ kind: 'none' });
  });

  it('docs/access-control.md is generated from the policy (run: npx tsx scripts/access-control-doc.ts)', () => {
    expect(fs.readFileSync('docs/access-control.md', 'utf8')).toBe(renderAccessControl());
  });
});
