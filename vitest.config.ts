import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The service worker's registration is a build-time module (vite-plugin-pwa): a component that renders the
  // update prompt gets a no-op instead, so no test registers a worker.
  resolve: {
    alias: {
      'virtual:pwa-register/react': fileURLToPath(new URL('./tests/support/pwa-register.ts', import.meta.url)),
    },
  },
  test: {
    // tests/web/*.test.tsx: the web app's component tests, each in happy-dom (its first line says so).
    include: ['tests/**/*.test.ts', 'tests/web/**/*.test.tsx', 'e2e/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The web app's component-free unit tests and the server tests all run in Node.
    environment: 'node',
  },
});
