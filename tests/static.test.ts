// The built web app's files as the server sends them: precompressed (brotli, else gzip) when the browser takes
// it, hashed assets cached for a year as immutable, index.html revalidated every time (it names the current
// assets), the service worker and the web manifest revalidated too, API answers never stored. A small stand-in of
// a build in a folder of its own; SQLite only (no query is involved).
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/http/app.ts';
import { makeEnv, type TestEnv } from './support/env.ts';

/** What vite-plugin-pwa writes at the root: the service worker, and the web manifest the installed app reads. */
const SW = `self.addEventListener('message', () => {});\n${'// precache list\n'.repeat(40)}`;
const MANIFEST = JSON.stringify({ name: 'Berdaya', short_name: 'Berdaya', lang: 'id', start_url: '/', icons: [] });
const SCRIPT = `export const words = ${JSON.stringify('Berdaya '.repeat(400))};\n`;
const HTML =
  '<!doctype html><html lang="id"><head><title>Berdaya</title><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"><p>Memuat…</p></div></body></html>\n'.repeat(
    4,
  );

describe('the web app’s files', () => {
  let env: TestEnv;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await makeEnv('sqlite');
    const web = path.join(env.dataDir, 'web');
    fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
    // What vite.config.ts's precompress step writes: each file, and a .br and a .gz beside it.
    for (const [name, text] of [
      ['index.html', HTML],
      ['assets/index-Ab12Cd34.js', SCRIPT],
      ['sw.js', SW],
      ['manifest.webmanifest', MANIFEST],
    ] as const) {
      fs.writeFileSync(path.join(web, name), text);
      fs.writeFileSync(path.join(web, `${name}.br`), brotliCompressSync(text));
      fs.writeFileSync(path.join(web, `${name}.gz`), gzipSync(text));
    }
    app = (await buildApp(env.booted.services, { webDir: web })).app;
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('sends a hashed asset as brotli when accepted, immutable for a year', async () => {
    const res = await app.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(SCRIPT);
  });

  it('sends gzip to a browser that takes only gzip, and the file itself to one that takes neither', async () => {
    const gz = await app.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
    const plain = await app.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it('sends index.html for the app’s own paths, compressed, revalidated every time, under the CSP', async () => {
    for (const url of ['/', '/follow-ups', '/participants/0197a3b2-0000-7000-8000-000000000000']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(res.rawPayload).toString()).toBe(HTML);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
    }
  });

  it('sends the service worker revalidated every time (never long-cached), so a new build is found at once', async () => {
    for (const encoding of ['br, gzip', 'identity']) {
      const res = await app.inject({ url: '/sw.js', headers: { 'accept-encoding': encoding } });
      expect(res.statusCode, encoding).toBe(200);
      expect(res.headers['content-type'], encoding).toMatch(/^(text|application)\/javascript/);
      expect(res.headers['cache-control'], encoding).toBe('no-cache');
      const body =
        res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.rawPayload).toString() : res.body;
      expect(body).toBe(SW);
    }
  });

  it('sends the web manifest as application/manifest+json, revalidated every time', async () => {
    for (const encoding of ['br, gzip', 'identity']) {
      const res = await app.inject({ url: '/manifest.webmanifest', headers: { 'accept-encoding': encoding } });
      expect(res.statusCode, encoding).toBe(200);
      expect(res.headers['content-type'], encoding).toMatch(/^application\/manifest\+json/);
      expect(res.headers['cache-control'], encoding).toBe('no-cache');
    }
  });

  it('lets the page register its own service worker and read its own manifest, and nothing else', async () => {
    const res = await app.inject({ url: '/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
    expect(csp).toContain("default-src 'self'");
  });

  it('keeps every API answer out of caches, and a missing asset is not the app', async () => {
    const api = await app.inject({ url: '/api/auth/me', headers: { 'accept-encoding': 'br, gzip' } });
    expect(api.headers['cache-control']).toBe('no-store');
    const missing = await app.inject({ url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
  });
});
