// Renders docs/access-control.md from the policy itself, so the document cannot drift from the code
// (a test compares them; regenerate with `npx tsx scripts/access-control-doc.ts`).
import { ROLES } from '../../shared/roles.ts';
import { kabKotaCode, NATION_CODE, PROVINCE_CODE } from '../../shared/regions.ts';
import {
  ACTIONS,
  approvalsOfRole,
  decide,
  needsSecondPerson,
  readsCases,
  type Action,
  type Resource,
} from './index.ts';
import type { Role } from '../../shared/roles.ts';

// Sample regions: the user's own kabupaten/kota and another one of the province.
const OWN = kabKotaCode('Kota Banjarmasin');
const OTHER = kabKotaCode('Kota Banjarbaru');

const roleList = (roles: readonly Role[]) => roles.map((r) => `\`${r}\``).join(', ');

const SYMBOL = { A: 'yes', F: '403', N: '404' } as const;

function sample(action: Action, where: 'own' | 'other' | 'assigned'): Resource | undefined {
  const [type, verb] = action.split('.');
  if (verb === 'list' || type === 'staff' || action === 'followup.worklist') return undefined;
  const region = where === 'own' ? OWN : OTHER;
  if (type === 'user') return { type: 'user', id: 'someone', regions: [region] };
  if (type === 'account_request')
    return { type: 'account_request', accountId: 'someone', regions: [region], requestedBy: 'someone.else' };
  if (type === 'audit') return { type: 'audit' };
  if (action === 'field.use') return undefined;
  if (type === 'field')
    return { type: 'field_device', accountId: where === 'assigned' ? 'me' : 'someone', accountRegions: [region] };
  if ((type === 'rights_request' && verb !== 'open') || action === 'protection.export' || action === 'protection.erase')
    return { type: 'rights_request', id: 'r', regionCode: region, openedBy: where === 'assigned' ? 'me' : 'someone' };
  if (type === 'outreach')
    return { type: 'outreach', id: 'o', regionCode: region, workerId: where === 'assigned' ? 'me' : 'someone' };
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
  const cohort = {
    type: 'cohort' as const,
    id: 'c',
    regionCode: region,
    facilitatorIds: where === 'assigned' ? ['me'] : [],
  };
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
    return { type: 'session', id: 's', cohort, facilitatorId: where === 'assigned' ? 'me' : null };
  const participant = {
    type: 'participant' as const,
    id: 'p',
    regionCode: region,
    assignedUserIds: where === 'assigned' ? ['me'] : [],
  };
  if (action === 'note.read' || action === 'note.update')
    return { type: 'note', participant, noteType: 'GENERAL', authorId: 'someone' };
  return participant;
}

export function renderAccessControl(): string {
  const lines: string[] = [
    '# Access control',
    '',
    'Generated from `src/server/policy/index.ts` by `npx tsx scripts/access-control-doc.ts`; a test fails when',
    'this file and the policy disagree. Do not edit by hand.',
    '',
    'Rules in plain words:',
    '- Deny by default. Every route asks the one policy module.',
    "- A record outside the user's scope answers **404**, exactly like a record that does not exist; a record the",
    '  user may see but not act on answers **403**.',
    `- Scope = province + role + region(s) + assignment. A province code (\`${PROVINCE_CODE}\`) is the whole province; otherwise`,
    '  kabupaten/kota codes (and everything below them), all in one province: one deployment may serve several',
    "  provinces, and nobody's scope reaches another province's people. A national account (`ministry`, region",
    `  \`${NATION_CODE}\`) reads de-identified annual figures of every province, suppressed as shared outside, and no record.`,
    '  Case records are visible to managers and caseworkers of their regions and to',
    '  staff assigned to the case; psychologists only see participants assigned to them; administrators,',
    '  auditors and facilitators see no case records.',
    "- An administrator only sees and hands out accounts and regions within the administrator's own regions.",
    '- Administrators manage accounts, regions and configuration and read no case data: no participant, list,',
    '  search, note, attachment or copy (404 as for anyone out of scope). The one way an administrator reaches a',
    "  participant's record is a data-subject request (below). The audit log and its CSV (`audit.read`: administrators",
    "  and auditors) hold only entries in the reader's regions — by accounts whose every region lies within hers, and",
    '  about such an account or about a participant of her regions (a province-wide reader: all) — and show no',
    '  participant id to a role that cannot read her: her id, the ids of records of hers and every participant id in',
    "  an entry's detail are replaced by a stable token (an HMAC under a key of the server), and a search by record",
    '  id finds only records that name nobody. Signing everybody out (`session.revoke_all`) ends the sessions of the',
    "  accounts within the administrator's regions (a province-wide administrator: all), never her own.",
    '- Role, region and account state apply at the next request after a change (sessions are remembered only while',
    '  the database signals no change; decision 013).',
    '',
    `Each cell, for a user whose region is ${OWN}: *in region* / *other region* / *other region but assigned to`,
    'the user*. `yes` = allowed, `403` = visible but not allowed, `404` = out of scope. For list actions the',
    'question is whether the user may list at all (the list is then filtered to the scope). `note.read` and',
    '`note.update` are shown for a general note written by someone else; psychological notes are visible only to',
    'their author and to psychologists assigned to the participant (404 for everyone else). For `outreach.*`',
    'the third column is a contact in another region recorded by the user. Partners and alerts are not',
    'regional records: the cell says whether the role may use them at all. For cohorts, sessions and',
    'attendance the third column is a cohort in another region where the user facilitates a session.',
    '',
    'Roles: `manager` is the head of section (Kepala Seksi), `head_of_division` the Kepala Bidang, `ppk` the',
    'procurement commitment official (Pejabat Pembuat Komitmen). The Kepala Bidang and the PPK see programmes,',
    'budgets, kits, cohorts and aid in their regions, never case records.',
    '',
    'Second person on money: `allocation.approve`, `aid.decree` and `budget.approve` belong to the role the office',
    'names for each kind of decision (`/api/approval-settings`; shown here with the default: aid and budget by the',
    '`head_of_division`), and to a colleague acting for that approver (Plh./Plt., `/api/delegations`) during the',
    "delegation's period; every decision made under a delegation records it. Whoever proposed an aid allocation or a",
    'budget line never approves it (403 `second_person_required`), whatever her role.',
    '',
    'Attendance after its seven-day lock: whoever may mark the session (`attendance.mark`) asks for one mark to be',
    "corrected, with a reason; the head of section of the cohort's region (`attendance.override_lock`) approves or",
    'declines it once, never her own request (403 `second_person_required`); an approval changes the mark.',
    '',
    'A second person for accounts that may read cases: creating an account, making one active again, giving it a',
    `region it did not hold, or moving it into one of the roles ${roleList(ROLES.filter(needsSecondPerson))} (they read case`,
    `records — \`participant.read\`: ${roleList(ROLES.filter(readsCases))} — or approve accounts that do), and an`,
    "administrator's reset of such an account's password or second factor, leave it waiting: a new, reactivated or",
    'reset account cannot sign in, a raised one keeps its old role and regions, until a head of section or',
    "Kepala Bidang whose regions hold all of the account's approves it (`account_request.decide`); a refusal gives a",
    'reason. The administrator never approves, nor does whoever asked or the account herself (403',
    '`second_person_required`); a request is decided once (409 `already_decided`), and a change to the account',
    'meanwhile makes an approval of what was shown fail (412 `stale_version`). Lowering a role (to one that reads',
    'and approves nothing more), narrowing regions and deactivating apply at once. The first head of section of a',
    'province is made by the administrator alone, once; that, and every account made on the server console',
    '(`berdaya user create`), is flagged in the audit and on the start page of every administrator and head of',
    'section of its regions (`account_notice.list`) until each has acknowledged it. An account holds one role, so',
    'nobody is an administrator and a case role at once.',
    '',
    'Data-subject requests (her copy, the erasure of her identity): opened by whoever receives one',
    '(`rights_request.open`: a caseworker or head of section from her record, an administrator by her code within',
    'her regions); approved or refused once by a head of section of her region who did not open it',
    '(`rights_request.decide`; 403 `second_person_required`, 409 `already_decided`); carried out once by an',
    'administrator of her region (`protection.export`, `protection.erase`, which act on the approved request, never',
    'on her record: 409 `request_not_approved`, `request_completed`), counted per account (429 beyond five an hour)',
    'and alerting the heads of section of her region when one account carries out more than three in a day. Each',
    'step is an audit event on her record naming the request. For `rights_request.*` (but `open`, which acts on her',
    'record), `protection.export` and `protection.erase` the third column is a request in another region that the',
    'user opened. A legal hold and the access report (`protection.legal_hold`, `protection.access_report`) belong',
    'to the head of section.',
    '',
    'Identity fields: managers and caseworkers see all of them, with the NIK masked unless revealed',
    '(`participant.reveal_nik`, audited); psychologists see names, birth date and sex; nobody else sees any.',
    '',
    `| action | ${ROLES.join(' | ')} |`,
    `| --- | ${ROLES.map(() => '---').join(' | ')} |`,
  ];
  for (const action of ACTIONS) {
    const cells = ROLES.map((role) => {
      const actor = { id: 'me', role, regions: [OWN], approves: approvalsOfRole(role) };
      const out = (['own', 'other', 'assigned'] as const).map((w) => {
        const d = decide(actor, action, sample(action, w));
        return SYMBOL[d.allowed ? 'A' : d.status === 404 ? 'N' : 'F'];
      });
      return out.every((c) => c === out[0]) ? out[0] : out.join(' / ');
    });
    lines.push(`| \`${action}\` | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
