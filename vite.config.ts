import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Writes a .br and a .gz beside every built text file (scripts, styles, index.html, SVG) that shrinks by it, at
 * the strongest settings: the server sends them as they are (@fastify/static `preCompressed`), so no request
 * pays for compression and a phone on a slow line gets the smallest files.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'berdaya-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // Last, after the service worker and Workbox's runtime are written (vite-plugin-pwa's closeBundle).
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const walk = (dir: string): string[] =>
          fs
            .readdirSync(dir, { withFileTypes: true })
            // Not .vite/ (the manifest, read at build time only).
            .filter((e) => !e.name.startsWith('.'))
            .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
        for (const file of walk(outDir)) {
          if (!/\.(js|css|html|svg|json|txt|webmanifest)$/.test(file)) continue;
          const raw = fs.readFileSync(file);
          const br = brotliCompressSync(raw, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          });
          const gz = gzipSync(raw, { level: 9 });
          if (br.length < raw.length) fs.writeFileSync(`${file}.br`, br);
          if (gz.length < raw.length) fs.writeFileSync(`${file}.gz`, gz);
        }
      },
    },
  };
}

/**
 * The installable app (decision 041): a web manifest, and a service worker (Workbox generateSW) that precaches the
 * built shell — every page, script, style and image of every screen, so any screen opens without a signal — and
 * answers a navigation with index.html. It caches **no** API answer at run time: every reply from /api/ is personal
 * and stays out of Cache Storage (the only data kept on the phone is the field cache, sealed, in IndexedDB). A new
 * build waits until she chooses to reload (registerType 'prompt', components/UpdatePrompt.tsx); `vite dev` and the
 * component tests register nothing.
 */
function pwa() {
  return VitePWA({
    registerType: 'prompt',
    // Registered by UpdatePrompt through virtual:pwa-register/react: no script injected into index.html.
    injectRegister: false,
    manifest: {
      name: 'Berdaya',
      short_name: 'Berdaya',
      description:
        'Pengelolaan kasus rehabilitasi sosial bagi perempuan penerima manfaat — Dinas Sosial Provinsi Kalimantan Selatan',
      lang: 'id',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      // styles.css: the header's green (--green-700) and the page's background (--bg).
      theme_color: '#0b5d4b',
      background_color: '#f5f7f6',
      // scripts/pwa-icons.ts draws them from favicon.svg.
      icons: [
        { src: '/pwa-192.png', sizes: '192x192', type: 'image/png' },
        { src: '/pwa-512.png', sizes: '512x512', type: 'image/png' },
        { src: '/pwa-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    // The icons are among the globbed files already.
    includeManifestIcons: false,
    workbox: {
      globPatterns: ['**/*.{html,js,css,svg,png,woff2}'],
      navigateFallback: '/index.html',
      navigateFallbackDenylist: [/^\/api\//],
      // None: no request to /api/ is ever answered from or written to Cache Storage.
      runtimeCaching: [],
      cleanupOutdatedCaches: true,
      // The first worker takes the open page at once: a phone that turns field mode on and loses the signal
      // before any reload still loads the field screens' chunks from the precache. An update still waits for
      // her (skipWaiting stays off) and reloads the page when she accepts it.
      clientsClaim: true,
    },
  });
}

// The web app lives in src/web and is built into dist/web, which the server serves.
export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [pwa(), precompress()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    // No inline scripts or styles: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Which chunks each screen loads (the benchmark's first-load figures read it).
    manifest: true,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
