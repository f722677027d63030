// On SQLite one server process serves a data folder (several instances are a PostgreSQL deployment): a
// second server started on the same folder — a unit started twice, a copy left running — must stop at once,
// before it migrates or serves anything. The server — not the CLI, whose commands (backup, migrate,
// retention…) rightly open the database while a server runs, nor tests — holds an exclusive lock on
// <data folder>/berdaya.lock for its whole life (decision 015).
//
// The lock is SQLite's own file lock on a small database of its own, held in exclusive locking mode: the
// operating system drops it when the process ends in any way (stop, crash, SIGKILL, power loss), so no lock
// is ever left stale and nothing has to guess whether a recorded pid is still ours (pids are reused, and in
// a container the server is pid 1 after every restart). The file itself stays: removing a lock file while
// another process may be opening it would let two processes hold "the" lock on two different files.
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { ensurePrivateDir, ensurePrivateFile } from '../paths.ts';

export const LOCK_FILE = 'berdaya.lock';

export class DataDirLockedError extends Error {}

export interface DataDirLock {
  file: string;
  release(): void;
}

/** Takes the data folder's server lock, or throws DataDirLockedError naming the lock file. */
export function lockDataDir(dataDir: string): DataDirLock {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, LOCK_FILE);
  ensurePrivateFile(file);
  const db = new SqliteDatabase(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // Taken at once or not at all (timeout 0); kept after the commit, for as long as the connection is open.
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder (pid, host, started_at) VALUES (?, ?, ?)').run(
      process.pid,
      os.hostname(),
      new Date().toISOString(),
    );
    db.exec('COMMIT');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      throw new DataDirLockedError(
        `Another Berdaya server is already running on the data folder ${dataDir} (it holds the lock ${file}). ` +
          'A SQLite database is served by one server process: stop the other one first, or use PostgreSQL ' +
          '(DATABASE_URL) to run several instances. The berdaya CLI commands may run alongside it.',
      );
    }
    throw err;
  }
  return { file, release: () => db.close() };
}
