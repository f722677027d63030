// Resolves the session cookie on every request and enforces each route's auth level. Both ask the route the
// router matched, never the URL's spelling: every route needs a full session unless its config says otherwise
// (the web app's files are public), and a path that matches no route reaches only the not-found answer.
// Role, regions and account state as stored now: any change, by anyone, applies to the next request (the session
// cache in SessionStore is used only while the database says nothing changed; decision 013).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../context.ts';
import type { AuthService } from '../modules/auth/service.ts';
import { roleRequiresMfa, type Role } from '../../shared/roles.ts';
import { sendError } from './errors.ts';
import { approvalsOn } from '../kernel/approvals.ts';
import { officeToday } from '../clock.ts';
import type { RequestAuth, RouteAuth } from './kit/types.ts';
import { clearSessionCookie, cookieName } from './kit/request.ts';
import { isApiRoute } from './security.ts';

/** The matched route's level; no matched route: the not-found handler, which reads nothing of anyone's. */
const levelOf = (req: FastifyRequest): RouteAuth => (req.is404 ? 'public' : (req.routeOptions.config?.auth ?? 'full'));

export function registerSessions(app: FastifyInstance, s: Services, auth: AuthService) {
  app.decorateRequest('auth', null);
  app.decorateRequest('unitOfWork', null);

  app.addHook('onRequest', async (req, reply) => {
    // Public API routes may still read who is signed in (sign-out, the setup status); the web app's files do not.
    if (!isApiRoute(req) && levelOf(req) === 'public') return;
    const token = req.cookies[cookieName(s.config.https)];
    let resolved: RequestAuth | null = null;
    if (token) {
      const found = await auth.sessions.resolveWithAccount(token);
      if (found && 'session' in found) {
        const account = found.account;
        if (account && account.active === 1) {
          const role = account.role as Role;
          resolved = {
            session: found.session,
            account,
            actor: {
              id: account.id,
              username: account.username,
              name: account.name,
              role,
              regions: account.regions,
              // Most accounts approve nothing: no office day is worked out for them.
              approves: account.grants?.length ? approvalsOn(account.grants, officeToday(s.clock)) : [],
            },
            restricted:
              account.must_change_password === 1
                ? 'password_change_required'
                : roleRequiresMfa(role) && account.totp_enabled !== 1
                  ? 'mfa_enrolment_required'
                  : null,
          };
          req.log = req.log.child({ userId: account.id });
        }
      } else if (found && 'expired' in found) {
        await s.audit.record({
          action: 'auth.session_expired',
          actorId: found.expired.user_id,
          actor: null,
          outcome: 'success',
          resourceType: 'session',
          ip: req.ip,
          requestId: req.id,
        });
      }
      if (!resolved) clearSessionCookie(reply, s);
    }
    req.auth = resolved;
  });

  app.addHook('preValidation', async (req, reply) => {
    const level = levelOf(req);
    if (level === 'public') return;
    if (!req.auth) return sendError(reply, req, 401, 'unauthenticated', 'Please sign in');
    if (level === 'full' && req.auth.restricted) {
      const message =
        req.auth.restricted === 'password_change_required'
          ? 'Change your password before continuing'
          : 'Set up two-factor sign-in before continuing';
      return sendError(reply, req, 403, req.auth.restricted, message);
    }
  });
}
