// What the HTTP layer attaches to a request.
import type { SessionsTable } from '../../db/schema.ts';
import type { SessionAccount } from '../../kernel/accounts.ts';
import type { RequestActor } from '../../context.ts';
import type { UnitOfWork } from '../../db/write.ts';

export interface RequestAuth {
  session: SessionsTable;
  account: SessionAccount;
  actor: RequestActor;
  /** Password change or 2FA enrolment still pending: only those routes are open. */
  restricted: 'password_change_required' | 'mfa_enrolment_required' | null;
}

/** Who may call a route: anyone, a signed-in user with a pending step, or a fully signed-in user (default). */
export type RouteAuth = 'public' | 'partial' | 'full';

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
    /** Set while an Idempotency-Key request's work runs in its one transaction (http/kit/idempotency.ts). */
    unitOfWork: UnitOfWork | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /** The route reads multipart/form-data (uploads); every other route takes JSON only. */
    multipart?: boolean;
    /** A file of the built web app (public, cached by its own headers). */
    webFile?: boolean;
  }
}
