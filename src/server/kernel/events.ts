// Domain events: how a use case reaches a feature above it without importing it. The feature that owns the
// consequence registers its handler when it is loaded (onDomainEvent); the use case raises the event inside its
// own transaction (raise), so the consequence commits or rolls back with it. An event nobody handles is a wiring
// fault, refused loudly rather than silently dropped.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface DomainEvents {
  /** Her case was closed (stage TERMINASI): whatever was still planned for her stops. */
  'participant.closed': {
    participantId: string;
    at: string;
    /** Why it was closed (CLOSURE_REASONS): a case closed with its goals reached goes on to follow-up. */
    closureReason: string | null;
  };
  /** She withdrew a consent: whatever relied on it stops. */
  'consent.withdrawn': { participantId: string; purpose: string; at: string };
  /** She graduated from a cohort (its graduation confirmed): her follow-up is planned from its end. */
  'participant.graduated': {
    participantId: string;
    cohortId: string;
    graduationDate: string;
    /** Months after graduation at which she is followed up (the programme's plan). */
    months: number[];
    at: string;
    /** Today in the office's zone (consents are judged on it). */
    today: string;
  };
  /**
   * A cohort's confirmed graduation is reopened: what hangs off it refuses (throws a 409) or is undone in the
   * same unit of work. `participantIds`: who had graduated.
   */
  'graduation.reopened': { cohortId: string; participantIds: string[]; at: string };
}
export type DomainEventName = keyof DomainEvents;
type Handler<E extends DomainEventName> = (trx: Executor, event: DomainEvents[E]) => Promise<void>;

const handlers = new Map<DomainEventName, Handler<never>[]>();

/** Registers what a feature does when an event is raised (at module load: once per process). */
export function onDomainEvent<E extends DomainEventName>(name: E, handler: Handler<E>): void {
  handlers.set(name, [...(handlers.get(name) ?? []), handler as Handler<never>]);
}

/** Raises an event inside the caller's transaction: every handler runs in it, in the order registered. */
export async function raise<E extends DomainEventName>(trx: Executor, name: E, event: DomainEvents[E]): Promise<void> {
  const list = handlers.get(name);
  if (!list?.length) throw new Error(`No handler for the domain event ${name}: the feature that owns it is not loaded`);
  for (const h of list) await (h as Handler<E>)(trx, event);
}
