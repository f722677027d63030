// Resolves the session cookie on every request and enforces each route's auth level.
// Role, regions and account state as stored now: any change, by anyone, applies to the next request (the session
// cache in SessionStore is used only while the database says nothing changed; decision 013).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../context.ts';
import type { AuthService } from '../modules/auth/service.ts';
import { roleRequiresMfa, type Role } from '../../shared/roles.ts';
import { sendError } from './errors.ts';
import { approvalsOn } from '../kernel/approvals.ts';
import { officeToday } from '../clock.ts';
import type { RequestAuth } from './kit/types.ts';
import { clearSessionCookie, cookieName } from './kit/request.ts';

export function registerSessions(app: FastifyInstance, s: Services, auth: AuthService) {
  app.decorateRequest('auth', null);
  app.decorateRequest('unitOfWork', null);

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
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
    // The built web app and its pages are public files; only the API holds data and checks sessions.
    if (!req.url.startsWith('/api/')) return;
    const level = req.routeOptions.config?.auth ?? 'full';
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
