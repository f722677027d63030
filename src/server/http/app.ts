// The Fastify application: plugins, hooks and every module's routes. Built from services, so tests and
// benchmarks run the real app against a real database.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Services } from '../context.ts';
import { healthResponse } from '../../shared/api.ts';
import { WEB_DIST_DIR } from '../paths.ts';
import { AuthService } from '../modules/auth/service.ts';
import { SetupService } from '../modules/setup/service.ts';
import { authRoutes } from '../modules/auth/routes.ts';
import { setupRoutes } from '../modules/setup/routes.ts';
import { userRoutes } from '../modules/users/routes.ts';
import { auditRoutes } from '../modules/audit/routes.ts';
import { participantRoutes } from '../modules/participants/routes.ts';
import { caseworkRoutes } from '../modules/casework/routes.ts';
import { programmeRoutes } from '../modules/programmes/routes.ts';
import { aidRoutes } from '../modules/aid/routes.ts';
import { approvalRoutes } from '../modules/approvals/routes.ts';
import { stageRuleRoutes } from '../modules/programmes/stage-rule-routes.ts';
import { followUpRoutes } from '../modules/followups/routes.ts';
import { workQueueRoutes } from '../modules/queue/routes.ts';
import { reportRoutes } from '../modules/reports/routes.ts';
import { importRoutes } from '../modules/imports/routes.ts';
import { protectionRoutes } from '../modules/protection/routes.ts';
import { fieldRoutes } from '../modules/field/routes.ts';
import multipart from '@fastify/multipart';
import compress from '@fastify/compress';
import { registerErrorHandling, sendError } from './errors.ts';
import { registerSecurity } from './security.ts';
import { registerSessions } from './session.ts';
import './kit/types.ts';

export interface AppOptions {
  /** Log to stdout (the server) or not at all (tests). */
  logger?: boolean;
  webDir?: string;
  /** Hears every route as it is registered (the client contract's generator reads the schemas). */
  onRoute?: (route: RouteOptions) => void;
}

export interface BuiltApp {
  app: FastifyInstance;
  auth: AuthService;
  setup: SetupService;
}

/**
 * Whether a path no route matched would read as the API once decoded, case-folded, its slashes collapsed and
 * its dot segments resolved (`/API/…`, `//api/…`, `/api/./…`, `/%61pi/…`): it answers 404 in the error shape,
 * not with the web app's page. A path that does not decode is treated as one.
 */
export function spelledLikeApi(url: string): boolean {
  let p = url.split('?')[0] ?? '';
  try {
    for (let i = 0; i < 3 && p.includes('%'); i++) p = decodeURIComponent(p);
  } catch {
    return true;
  }
  p = path.posix.normalize(`/${p.toLowerCase().replace(/\\/g, '/')}`);
  return p === '/api' || p.startsWith('/api/');
}

export async function buildApp(s: Services, opts: AppOptions = {}): Promise<BuiltApp> {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: s.config.logLevel,
          // Request lines carry id, method, route and status; never bodies, cookies or query strings.
          serializers: {
            req: (req) => ({ id: req.id, method: req.method, url: String(req.url).split('?')[0] }),
            res: (res) => ({ statusCode: res.statusCode }),
          },
        }
      : false,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Trust X-Forwarded-For from exactly the configured number of proxies in front of the app.
    trustProxy: (_addr: string, hop: number) => hop < s.config.trustProxy,
    bodyLimit: 256 * 1024,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
  });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: text/plain and form posts to the API are refused (415), which also closes simple-request CSRF.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  registerErrorHandling(app);
  await app.register(cookie);
  // Multipart only where a route reads it (attachments); limits are enforced while streaming.
  await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 5 } });
  // Compression only where a route asks for it (the field snapshot: a phone on a weak signal); request bodies
  // are never decompressed (global: false turns both off).
  await app.register(compress, { global: false });
  await registerSecurity(app, s.config);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Berdaya API',
        version: '0.1.0',
        description:
          'Case management for social rehabilitation (Dinas Sosial Provinsi Kalimantan Selatan). ' +
          'Every error has the shape {"error": {"code", "message", "details"?, "requestId"}}. ' +
          'Cookie-authenticated writes need Content-Type: application/json and the app’s own Origin.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'berdaya_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('preValidation', async (req, reply) => {
    if (req.isMultipart() && !req.routeOptions.config?.multipart) {
      return sendError(reply, req, 415, 'unsupported_media_type', 'Send JSON (Content-Type: application/json)');
    }
  });

  const auth = new AuthService(s);
  const setup = new SetupService(s, auth);
  registerSessions(app, s, auth);

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/health',
    {
      config: { auth: 'public' },
      schema: { tags: ['system'], summary: 'Liveness and the database in use', response: { 200: healthResponse } },
    },
    async () => ({ status: 'ok' as const, database: s.db.dialect }),
  );
  r.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  authRoutes(app, s, auth);
  setupRoutes(app, s, setup);
  userRoutes(app, s, auth);
  auditRoutes(app, s);
  participantRoutes(app, s);
  caseworkRoutes(app, s);
  programmeRoutes(app, s);
  aidRoutes(app, s);
  approvalRoutes(app, s);
  stageRuleRoutes(app, s);
  followUpRoutes(app, s);
  workQueueRoutes(app, s);
  reportRoutes(app, s);
  importRoutes(app, s);
  protectionRoutes(app, s, auth);
  fieldRoutes(app, s);

  // Benchmark only (BERDAYA_BENCH_ROUTES=true, never in production): the same participant row by primary
  // key with nothing around it, as the baseline of the audited, decrypted, policy-checked read.
  if (s.config.benchRoutes) {
    app.get('/api/bench/bare/:id', { config: { auth: 'public' } }, async (req) =>
      s.db.kysely
        .selectFrom('participants')
        .select(['id', 'code', 'region_code', 'stage', 'version'])
        .where('id', '=', (req.params as { id: string }).id)
        .executeTakeFirst(),
    );
  }

  // The web app: built files, and index.html for any other non-API path (client-side routes).
  const webDir = opts.webDir ?? WEB_DIST_DIR;
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    const files = {
      root: webDir,
      // The build writes .br and .gz beside each text file (vite.config.ts): sent as they are when accepted.
      preCompressed: true,
      // The cache header is ours alone (setHeaders): `send`'s own ("public, max-age=0") would replace it.
      cacheControl: false,
      setHeaders: (res: { setHeader(name: string, value: string): unknown }, file: string) => {
        res.setHeader(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        // The same address answers brotli, gzip or neither, by what the browser accepts.
        res.setHeader('vary', 'accept-encoding');
      },
    };
    // The files' routes in a scope of their own, so that only they are marked as public web files; the app
    // itself gets reply.sendFile (for index.html below) from a second registration that serves nothing.
    await app.register(async (web) => {
      web.addHook('onRoute', (route) => {
        route.config = { ...route.config, auth: 'public', webFile: true };
      });
      await web.register(fastifyStatic, { ...files, wildcard: false, index: false, decorateReply: false });
    });
    await app.register(fastifyStatic, { ...files, serve: false });
  }
  app.setNotFoundHandler((req, reply) => {
    if (spelledLikeApi(req.url) || req.method !== 'GET') return sendError(reply, req, 404, 'not_found', 'Not found');
    if (!hasWeb) return reply.status(503).type('text/plain').send('The web app is not built: run npm run build');
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });

  return { app, auth, setup };
}
