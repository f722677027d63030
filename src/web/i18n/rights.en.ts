// English for data-subject requests (Law 27/2022 on personal data protection): her copy of her data, or the
// erasure of her identity. Merged into the main catalogue under the key `rights`; rights.id.ts has the same keys.
import type { RightsMessages } from './rights.id.ts';

export const rightsEn: { rights: RightsMessages } = {
  rights: {
    title: 'Data-subject requests',
    intro:
      'A participant may ask for a copy of everything held about her, or for her personal data to be erased. Whoever receives her request records it here. The head of section of her region approves or declines it (not the person who recorded it). The administrator carries it out once, and that is recorded on her record.',
    fromRecord: 'Record a request for a copy or erasure of her data',
    open: {
      title: 'Record a new request',
      code: 'Participant code',
      codeHint: 'As written on her card or papers, for example BRD-6372-26-0001.',
      codeInvalid: 'Write the code like BRD-6372-26-0001.',
      kind: 'What she asks for',
      ground: 'Ground for erasure',
      submit: 'Record the request',
      opened: 'The request for {{code}} is recorded. The head of section of her region will decide it.',
    },
    kinds: {
      ACCESS: 'A copy of her data',
      ERASURE: 'Erasure of her personal data',
    },
    grounds: {
      REQUEST: 'At her own request',
      CONSENT_WITHDRAWN: 'She withdrew her consent to the processing of her data',
    },
    statuses: {
      PENDING: 'Waiting for the head of section',
      APPROVED: 'Approved, waiting for the administrator',
      COMPLETED: 'Carried out',
      REFUSED: 'Declined',
    },
    filter: 'Show',
    all: 'All requests',
    listTitle: 'Requests',
    empty: 'No requests.',
    cols: {
      who: 'Participant',
      kind: 'Request',
      status: 'Status',
      received: 'Received',
      openedBy: 'Recorded by',
      decidedBy: 'Decided by',
      carriedOutBy: 'Carried out by',
      action: 'Action',
    },
    approve: 'Approve',
    decline: 'Decline',
    declineQuestion: 'Decline this request? A decision is taken once.',
    approved: 'The request for {{code}} is approved. The administrator can carry it out.',
    declined: 'The request for {{code}} is declined.',
    ownRequest: 'You recorded it; another head of section decides.',
    exportPdf: 'Make her copy (PDF)',
    exportJson: 'Make her copy (JSON)',
    exported:
      'The copy of {{code}} was made and downloaded ({{file}}). Hand it to her in person, then delete the file from this computer.',
    erase: 'Erase her personal data',
    eraseQuestion:
      'The personal data of {{code}} will be erased for good (names, NIK, address, notes, files). Statistics remain. Continue?',
    eraseConfirm: 'Yes, erase',
    erased: 'The personal data of {{code}} has been erased.',
    once: 'Each request can be carried out once only.',
  },
};
