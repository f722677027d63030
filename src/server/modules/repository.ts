// The per-request repository a route asks for: the one path to personal data. Each feature's store, built over
// one request context when first asked for, adds the policy's scope filter to every query (an out-of-scope id is
// simply not found), checks the policy for the action, writes the audit row (in the same transaction as a
// change; durably before returning for a read) and returns presented views.
import { randomUUID } from 'node:crypto';
import type { Services, RequestActor, RequestMeta } from '../context.ts';
import { RepoCore, type RepoActor } from '../kernel/context.ts';
import { RegistryStore } from './participants/registry-store.ts';
import { ConsentStore } from './participants/consent-store.ts';
import { StageStore } from './participants/stage-store.ts';
import { NoteStore } from './participants/note-store.ts';
import { AttachmentStore } from './participants/attachment-store.ts';
import { AssignmentStore } from './participants/assignment-store.ts';
import { ProvinceTransferStore } from './participants/province-transfer-store.ts';
import { CaseworkStore } from './casework/store.ts';
import { ProgrammeStore } from './programmes/store.ts';
import { AttendanceCorrectionStore } from './programmes/correction-store.ts';
import { GraduationExceptionStore } from './programmes/exception-store.ts';
import { AidStore } from './aid/store.ts';
import { FollowUpStore } from './followups/store.ts';
import { ReportStore } from './reports/store.ts';
import { ImportStore } from './imports/store.ts';
import { ProtectionStore } from './protection/store.ts';
import { UserStore } from './users/store.ts';
import { AccountRequestStore } from './users/requests.ts';
import { AuditLogStore } from './audit/store.ts';
import { WorkQueueStore } from './queue/store.ts';
import { ApprovalStore } from './approvals/store.ts';
import { StageRuleStore } from './programmes/stage-rule-store.ts';
import { FieldDeviceStore } from './field/store.ts';
import { FieldSnapshotStore } from './field/snapshot.ts';

const _STALE_ACCOUNT = 'This account was changed by someone else; reload and try again';

export class Repository {
  private readonly core: RepoCore;
  // Each store is built when a route first asks for it: a read of one participant builds her store alone.
  #participants?: RegistryStore;
  #consents?: ConsentStore;
  #stages?: StageStore;
  #notes?: NoteStore;
  #attachments?: AttachmentStore;
  #assignments?: AssignmentStore;
  #provinceTransfers?: ProvinceTransferStore;
  #casework?: CaseworkStore;
  #programmes?: ProgrammeStore;
  #corrections?: AttendanceCorrectionStore;
  #exceptions?: GraduationExceptionStore;
  #aid?: AidStore;
  #followUps?: FollowUpStore;
  #reports?: ReportStore;
  #imports?: ImportStore;
  #protection?: ProtectionStore;
  #users?: UserStore;
  #accountRequests?: AccountRequestStore;
  #auditLog?: AuditLogStore;
  #workQueue?: WorkQueueStore;
  #approvals?: ApprovalStore;
  #stageRules?: StageRuleStore;
  #fieldDevices?: FieldDeviceStore;
  #fieldSnapshot?: FieldSnapshotStore;

  constructor(s: Services, who: RepoActor, meta: RequestMeta) {
    this.core = new RepoCore(s, who, meta);
  }

  /** The register of participants: registration, her record, its changes, assignment, search. */
  get participants(): RegistryStore {
    this.#participants ??= new RegistryStore(this.core);
    return this.#participants;
  }
  get consents(): ConsentStore {
    this.#consents ??= new ConsentStore(this.core);
    return this.#consents;
  }
  get stages(): StageStore {
    this.#stages ??= new StageStore(this.core);
    return this.#stages;
  }
  get notes(): NoteStore {
    this.#notes ??= new NoteStore(this.core);
    return this.#notes;
  }
  get attachments(): AttachmentStore {
    this.#attachments ??= new AttachmentStore(this.core);
    return this.#attachments;
  }
  get assignments(): AssignmentStore {
    this.#assignments ??= new AssignmentStore(this.core);
    return this.#assignments;
  }
  /** Transfers of a case to another province, accepted by a head of section of each. */
  get provinceTransfers(): ProvinceTransferStore {
    this.#provinceTransfers ??= new ProvinceTransferStore(this.core);
    return this.#provinceTransfers;
  }
  get casework(): CaseworkStore {
    this.#casework ??= new CaseworkStore(this.core);
    return this.#casework;
  }
  get programmes(): ProgrammeStore {
    this.#programmes ??= new ProgrammeStore(this.core);
    return this.#programmes;
  }
  /** Corrections of locked attendance, asked for and decided once. */
  get corrections(): AttendanceCorrectionStore {
    this.#corrections ??= new AttendanceCorrectionStore(this.core);
    return this.#corrections;
  }
  get exceptions(): GraduationExceptionStore {
    this.#exceptions ??= new GraduationExceptionStore(this.core);
    return this.#exceptions;
  }
  get aid(): AidStore {
    this.#aid ??= new AidStore(this.core);
    return this.#aid;
  }
  get followUps(): FollowUpStore {
    this.#followUps ??= new FollowUpStore(this.core);
    return this.#followUps;
  }
  get reports(): ReportStore {
    this.#reports ??= new ReportStore(this.core, this.aid);
    return this.#reports;
  }
  get imports(): ImportStore {
    this.#imports ??= new ImportStore(this.core, this.participants);
    return this.#imports;
  }
  get protection(): ProtectionStore {
    this.#protection ??= new ProtectionStore(this.core);
    return this.#protection;
  }

  get users(): UserStore {
    this.#users ??= new UserStore(this.core);
    return this.#users;
  }
  /** Accounts that may read cases, waiting for a second person; accounts made without one. */
  get accountRequests(): AccountRequestStore {
    this.#accountRequests ??= new AccountRequestStore(this.core);
    return this.#accountRequests;
  }

  /** What waits for this person (on top of every feature). */
  /** Which stage each event of the work enters, per programme. */
  get stageRules(): StageRuleStore {
    this.#stageRules ??= new StageRuleStore(this.core);
    return this.#stageRules;
  }
  /** Who approves what, and delegations (Plh./Plt.). */
  get approvals(): ApprovalStore {
    this.#approvals ??= new ApprovalStore(this.core);
    return this.#approvals;
  }
  get workQueue(): WorkQueueStore {
    this.#workQueue ??= new WorkQueueStore(this.core);
    return this.#workQueue;
  }

  /** Field mode's devices: registered phones, the key each is given, their contact and erasure. */
  get fieldDevices(): FieldDeviceStore {
    this.#fieldDevices ??= new FieldDeviceStore(this.core);
    return this.#fieldDevices;
  }

  /** Field mode's snapshot: what her registered device holds for the next days (its fill is audited). */
  get fieldSnapshot(): FieldSnapshotStore {
    this.#fieldSnapshot ??= new FieldSnapshotStore(this.core);
    return this.#fieldSnapshot;
  }

  get auditLog(): AuditLogStore {
    this.#auditLog ??= new AuditLogStore(this.core);
    return this.#auditLog;
  }
}

export const scopedRepo = (s: Services, actor: RequestActor, meta: RequestMeta) =>
  new Repository(s, { kind: 'user', actor }, meta);

/** Beyond any user's scope, on purpose: name the job and say why. Audited with the job as actor. */
export const systemRepo = (
  s: Services,
  name: string,
  reason: string,
  meta: RequestMeta = { requestId: randomUUID(), ip: null },
) => new Repository(s, { kind: 'system', name, reason }, meta);
