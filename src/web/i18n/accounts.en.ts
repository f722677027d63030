// English for the second person on accounts that may read cases. Typed as the Indonesian words' shape
// (accounts.id.ts), so a missing or extra key fails the type check.
import type { AccountsMessages } from './accounts.id.ts';

export const accountsEn: AccountsMessages = {
  accounts: {
    approvals: {
      intro:
        'These accounts can open case records. Before they are used, make sure each is for a colleague you know and that her regions are right.',
      kind: {
        CREATE: 'New account',
        RAISE: 'More access',
        REACTIVATE: 'Made active again',
        RESET: 'Password or two-step verification reset by the administrator: make sure she asked for it herself',
      },
      asks: 'Asked for: {{role}}, regions {{regions}}',
      holds: 'Now: {{role}}, regions {{regions}}',
      requestedBy: 'Asked by {{who}}, {{at}}',
      email: 'E-mail: {{email}}',
      approve: 'Approve account {{username}}',
      refuse: 'Refuse account {{username}}',
      reason: 'Why you refuse {{username}}',
      reasonHint:
        'The administrator will read this. Keep it short and clear, for example "Not on this region\'s staff".',
      reasonRequired: 'Write why you refuse it.',
      refuseSubmit: 'Send the refusal',
      cancel: 'Cancel',
      approved: 'Account {{username}} approved.',
      refused: 'Account {{username}} refused. The administrator can read your reason.',
      empty: 'No account is waiting for your approval.',
      field: {
        role: 'Role asked for',
        regions: 'Regions asked for',
        decision: 'Your decision',
        approve: 'Approve',
        refuse: 'Refuse',
      },
    },
    notices: {
      title: 'Accounts made without a second person',
      intro:
        'These accounts were made without a second person’s approval. Check that you know the colleague and that the account is needed. Each notice stays until you mark it as seen.',
      FIRST_APPROVER:
        '{{account}}: the first head of section in this province, made by {{by}} on {{at}} without a second person’s approval. This exception is allowed only once.',
      CONSOLE: '{{account}} ({{role}}, regions {{regions}}): made on the server console on {{at}}.',
      inactive: 'This account is now inactive.',
      seen: 'I have seen it: {{username}}',
      seenDone: 'The notice about {{username}} is marked as seen.',
    },
    user: {
      newHint:
        'An account that can open case records (head of section, caseworker, psychologist) or a Kepala Bidang account becomes active only once a head of section or Kepala Bidang of its regions approves it. You cannot approve it yourself.',
      waiting: 'Waiting for approval',
      waitingBy: 'can be approved by {{names}}',
      nobody: 'nobody can approve it yet',
      title: 'Second person',
      CREATE: 'This account can open case records, so it is not active yet: she cannot sign in until it is approved.',
      RAISE:
        'This change gives more access to case records. Until it is approved the account stays {{role}} with regions {{regions}}.',
      REACTIVATE: 'This account can open case records, so it becomes active again only once approved.',
      RESET:
        'This account’s password or two-step verification was reset. As it can open case records, it becomes active again only once approved.',
      asks: 'Asked for',
      asksValue: '{{role}}, regions {{regions}}',
      requested: 'Asked by',
      requestedValue: '{{who}}, {{at}}',
      approvers: 'Who can approve it',
      noApprover:
        'No active head of section or Kepala Bidang covers all of these regions yet. The server’s operator can make the account on the server console.',
      withdraw: 'Take back the request',
      withdrawConfirm: 'Take back this request? The account stays as it is.',
      withdrawYes: 'Yes, take it back',
      withdrawn: 'The request was taken back.',
      createdPending:
        'The account is made and waits for the approval of a head of section or Kepala Bidang of its regions. She can sign in once it is approved.',
      savedPending:
        'Saved. The added access waits for the approval of a head of section or Kepala Bidang of its regions.',
      lastTitle: 'Last decision',
      last: {
        APPROVED: 'Approved by {{who}}, {{at}}.',
        REFUSED: 'Refused by {{who}}, {{at}}. Reason: {{reason}}',
        WITHDRAWN: 'The last request was taken back, {{at}}.',
        FIRST_APPROVER:
          'Made by {{who}} without a second person’s approval, as the first head of section in this province, {{at}}.',
        CONSOLE: 'Made on the server console, {{at}}.',
      },
    },
  },
};
