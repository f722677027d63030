// What every request meets first: the security headers, the host allow-list (a request naming a host this
// server does not answer to is refused before anything reads it), and the CSRF rule: a state-changing request
// must come from the app's own origin (Origin header, or Sec-Fetch-Site: same-origin when a browser sends no
// Origin).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { hostAllowed, type AppConfig } from '../env.ts';
import { sendError } from './errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Browser features no screen uses, switched off for the app and anything it might ever embed (only names
 * Chromium knows: an unknown one costs a console warning on every page). File inputs, `<input capture>` for
 * a photo taken on a phone included, go through the system's picker and need none of these: the camera
 * permission governs getUserMedia only.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'compute-pressure=()',
  'display-capture=()',
  'encrypted-media=()',
  'gamepad=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'identity-credentials-get=()',
  'idle-detection=()',
  'local-fonts=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'otp-credentials=()',
  'payment=()',
  'picture-in-picture=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'window-management=()',
  'xr-spatial-tracking=()',
].join(', ');

/**
 * The origin a state-changing request must name: BERDAYA_PUBLIC_URL's, or else the one the request was sent
 * to — whose host has passed the allow-list by then, and is checked again here so this rule holds on its own.
 */
export function ownOrigin(req: FastifyRequest, config: AppConfig): string | null {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  if (!hostAllowed(req.host, config.allowedHosts.hosts)) return null;
  return `${config.https ? 'https' : req.protocol}://${req.host.toLowerCase()}`;
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
        // The app's own service worker (/sw.js) and web manifest, named rather than left to default-src.
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
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
  app.addHook('onRequest', (req, reply, done) => {
    reply.raw.setHeader('permissions-policy', PERMISSIONS_POLICY);
    setSecurityHeaders(req.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined));
  });

  // The host allow-list, on every request before sessions, CSRF or a handler: a page on another name that
  // resolves to this server (DNS rebinding) is refused, whatever its Origin says. 421: the request was sent to
  // a server that does not serve that name.
  const allowed = config.allowedHosts.hosts;
  app.addHook('onRequest', async (req, reply) => {
    if (!hostAllowed(req.host, allowed))
      return sendError(reply, req, 421, 'host_not_allowed', 'This server does not answer to that host name');
  });

  app.addHook('onRequest', async (req, reply) => {
    // Every answer but the built web app's own files is kept out of caches: API answers hold personal data,
    // and a 404 for a path spelled like the API holds nothing worth caching either.
    if (!req.routeOptions.config?.webFile) reply.header('cache-control', 'no-store');
    if (SAFE.has(req.method)) return;
    const origin = req.headers.origin;
    const expected = ownOrigin(req, config);
    if (origin !== undefined) {
      if (expected === null || origin.toLowerCase() !== expected)
        return sendError(reply, req, 403, 'csrf_rejected', 'Request refused: it does not come from this application');
      return;
    }
    if (req.headers['sec-fetch-site'] === 'same-origin') return;
    return sendError(reply, req, 403, 'csrf_rejected', 'Request refused: send the Origin header of this application');
  });
}
