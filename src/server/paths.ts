// Locates files shipped with the package (reference lists, the built web app), from src/ or dist/ alike.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'reference'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the berdaya package root');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findRoot();
export const REFERENCE_DIR = path.join(PACKAGE_ROOT, 'reference');
export const WEB_DIST_DIR = path.join(PACKAGE_ROOT, 'dist', 'web');

// The data folder (BERDAYA_DATA_DIR) holds the SQLite database with its -wal and -shm files, the local master
// key, the server's lock, and whatever an operator keeps beside them (backups): readable by the account the
// server runs as and nobody else. Modes are set explicitly, not left to the umask, and fixed at every start
// for files an older version or another tool left readable.
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and missing parents) if needed; the folder itself ends up 0700. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Creates the file empty if it does not exist, and makes it 0600, before a library opens it: SQLite gives its
 * -wal and -shm files the mode of the database file they belong to.
 */
export function ensurePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  fs.chmodSync(file, PRIVATE_FILE_MODE);
}

/**
 * Makes the data folder 0700 and takes every permission of group and others from what lies directly in it (the
 * database files, the key, old backups: 0644 becomes 0600), without following links. Deeper levels are left as
 * they are: nobody but the owner can enter the folder to reach them. Returns what could not be changed (a file
 * of another owner, a file system without modes), for the caller to report.
 */
export function securePrivateFolder(dir: string, opts: { create: boolean }): string[] {
  const problems: string[] = [];
  if (!fs.existsSync(dir)) {
    if (opts.create) ensurePrivateDir(dir);
    return problems;
  }
  const fix = (p: string, want: (mode: number) => number) => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return; // removed meanwhile
    }
    if (st.isSymbolicLink()) return;
    const mode = st.mode & 0o777;
    if (want(mode) === mode) return;
    try {
      fs.chmodSync(p, want(mode));
    } catch (err) {
      problems.push(`cannot make ${p} private (mode ${want(mode).toString(8)}): ${(err as Error).message}`);
    }
  };
  fix(dir, () => PRIVATE_DIR_MODE);
  for (const entry of fs.readdirSync(dir)) fix(path.join(dir, entry), (mode) => mode & 0o700);
  return problems;
}
