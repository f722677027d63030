// Security headers and the CSRF rule: a state-changing request must come from the app's own origin
// (Origin header, or Sec-Fetch-Site: same-origin when a browser sends no Origin).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { AppConfig } from '../env.ts';
import { sendError } from './errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function ownOrigin(req: FastifyRequest, config: AppConfig): string {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  return `${config.https ? 'https' : req.protocol}://${req.host}`;
}

/**
 * Whether the matched route is one of the API's: decided by the route the router chose (its pattern), never
 * by the raw URL, whose spelling (`/%61pi/…`) need not match the route it reaches.
 */
export const isApiRoute = (req: FastifyRequest) => req.routeOptions.url?.startsWith('/api/') === true;

export async function registerSecurity(app: FastifyInstance, config: AppConfig) {
  // Built once. (@fastify/helmet built helmet's middleware again on every request, parsing the CSP
  // directives each time: ~20 µs of every response here.)
  const setSecurityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    hsts: config.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (req, reply, done) =>
    setSecurityHeaders(req.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined)),
  );

  app.addHook('onRequest', async (req, reply) => {
    // Every answer but the built web app's own files is kept out of caches: API answers hold personal data,
    // and a 404 for a path spelled like the API holds nothing worth caching either.
    if (!req.routeOptions.config?.webFile) reply.header('cache-control', 'no-store');
    if (SAFE.has(req.method)) return;
    const origin = req.headers.origin;
    const expected = ownOrigin(req, config);
    if (origin !== undefined) {
      if (origin !== expected)
        return sendError(reply, req, 403, 'csrf_rejected', 'Request refused: it does not come from this application');
      return;
    }
    if (req.headers['sec-fetch-site'] === 'same-origin') return;
    return sendError(reply, req, 403, 'csrf_rejected', 'Request refused: send the Origin header of this application');
  });
}
