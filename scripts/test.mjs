#!/usr/bin/env node
// `npm test`: checks lint and format, builds the web app (the Chromium tests use it), runs every Vitest suite on SQLite, and on
// PostgreSQL too when TEST_DATABASE_URL is set, then prints one closing line "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
process.chdir(root);
fs.mkdirSync('.tmp', { recursive: true });
process.env.TMPDIR ??= path.join(root, '.tmp');

if (!process.env.TEST_DATABASE_URL) {
  console.log('NOTICE: TEST_DATABASE_URL is not set, so the PostgreSQL suite is skipped (SQLite only).');
  console.log('        e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test');
}
if (!fs.existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
  if (process.env.CI) {
    console.error('Chromium is missing at /usr/bin/chromium: CI must install it (see .ci/run).');
    process.exit(1);
  }
  console.log('NOTICE: /usr/bin/chromium is missing, so the browser tests are skipped (apt-get install chromium).');
}

const run = (cmd, args, extraEnv = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } }).status ?? 1;

// Lint and format (Biome, biome.json): a finding fails the run like a failed test.
if (run('npx', ['biome', 'ci', '--reporter=summary', '.']) !== 0) {
  console.error('Lint or format check failed: run `npx biome check --write .` and fix what remains.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) {
  console.error('The web build failed.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const report = path.join('.tmp', 'vitest-report.json');
fs.rmSync(report, { force: true });
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

let passed = 0,
  failed = 0,
  skipped = 0;
try {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped = r.numPendingTests + (r.numTodoTests ?? 0);
  if (status !== 0 && failed === 0) failed = 1;
} catch {
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
