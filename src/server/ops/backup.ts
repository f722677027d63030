// Consistent, encrypted backups while the server runs, their verification, and restore into an empty data
// folder or database. SQLite: the online backup API; PostgreSQL: pg_dump / pg_restore (custom format).
// The file is AES-256-GCM under a key derived from the master key: a stolen backup is as safe as the database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import SqliteDatabase from 'better-sqlite3';
import type { KeyRing } from '../crypto/keys.ts';
import { open, seal } from '../crypto/seal.ts';
import { ensurePrivateDir } from '../paths.ts';

const MAGIC = 'BERDAYA-BACKUP-1';

export interface BackupMeta {
  dialect: 'sqlite' | 'postgres';
  createdAt: string;
  kekId: string;
  bytes: number;
}

function tmpFile(name: string) {
  return path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'berdaya-backup-')), name);
}

/** pg tools take the schema from the URL's search_path option, which our test and CLI URLs carry. */
function pgArgs(url: string): { conn: string; schema: string | null } {
  const u = new URL(url);
  const options = u.searchParams.get('options') ?? '';
  const m = /search_path=([a-z_][a-z0-9_]*)/.exec(options);
  u.searchParams.delete('options');
  return { conn: u.toString(), schema: m?.[1] ?? null };
}

function writeBackup(file: string, keys: KeyRing, meta: Omit<BackupMeta, 'kekId' | 'bytes'>, payload: Buffer) {
  const full: BackupMeta = { ...meta, kekId: keys.kekId, bytes: payload.length };
  const sealed = seal(keys.backupKey(), keys.kekId, payload, `backup|${JSON.stringify(full)}`);
  fs.writeFileSync(file, `${MAGIC}\n${JSON.stringify(full)}\n${sealed}\n`, { mode: 0o600 });
  // The mode above applies to a new file only; one written over keeps its own.
  fs.chmodSync(file, 0o600);
  return full;
}

export function readBackup(file: string, keys: KeyRing): { meta: BackupMeta; payload: Buffer } {
  const text = fs.readFileSync(file, 'utf8');
  const [magic, metaLine, sealed] = text.split('\n');
  if (magic !== MAGIC || !metaLine || !sealed) throw new Error('Not a Berdaya backup file');
  const meta = JSON.parse(metaLine) as BackupMeta;
  let payload: Buffer;
  try {
    payload = open(keys.backupKey(), sealed, `backup|${metaLine}`);
  } catch {
    throw new Error(
      `The backup does not open with this master key (it was made under key ${meta.kekId}) or it was altered`,
    );
  }
  if (payload.length !== meta.bytes) throw new Error('The backup is truncated');
  return { meta, payload };
}

export function backupSqlite(dbFile: string, out: string, keys: KeyRing, now: Date): Promise<BackupMeta> {
  const tmp = tmpFile('copy.sqlite');
  const source = new SqliteDatabase(dbFile, { readonly: true, fileMustExist: true });
  return source
    .backup(tmp)
    .then(() => writeBackup(out, keys, { dialect: 'sqlite', createdAt: now.toISOString() }, fs.readFileSync(tmp)))
    .finally(() => {
      source.close();
      fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
    });
}

export function backupPostgres(url: string, out: string, keys: KeyRing, now: Date): BackupMeta {
  const { conn, schema } = pgArgs(url);
  const res = spawnSync(
    'pg_dump',
    ['--format=custom', '--no-owner', ...(schema ? ['--schema', schema] : []), '--dbname', conn],
    { maxBuffer: 1 << 30 },
  );
  if (res.status !== 0) throw new Error(`pg_dump failed: ${res.stderr.toString().slice(0, 500)}`);
  return writeBackup(out, keys, { dialect: 'postgres', createdAt: now.toISOString() }, res.stdout);
}

/** Decrypts and checks the content: SQLite's integrity check, or pg_restore's table of contents. */
export function verifyBackup(file: string, keys: KeyRing): BackupMeta & { check: string } {
  const { meta, payload } = readBackup(file, keys);
  if (meta.dialect === 'sqlite') {
    const tmp = tmpFile('verify.sqlite');
    fs.writeFileSync(tmp, payload);
    try {
      const db = new SqliteDatabase(tmp, { readonly: true });
      const check = db.pragma('integrity_check', { simple: true }) as string;
      db.close();
      if (check !== 'ok') throw new Error(`integrity check: ${check}`);
      return { ...meta, check };
    } finally {
      fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
    }
  }
  const res = spawnSync('pg_restore', ['--list'], { input: payload, maxBuffer: 1 << 28 });
  if (res.status !== 0) throw new Error(`pg_restore cannot read the dump: ${res.stderr.toString().slice(0, 300)}`);
  return {
    ...meta,
    check: `${
      res.stdout
        .toString()
        .split('\n')
        .filter((l) => l && !l.startsWith(';')).length
    } entries`,
  };
}

/** Restores into an empty SQLite data folder, or an empty PostgreSQL database/schema. */
export function restoreBackup(
  file: string,
  keys: KeyRing,
  target: { sqliteFile?: string; databaseUrl?: string },
): BackupMeta {
  const { meta, payload } = readBackup(file, keys);
  if (meta.dialect === 'sqlite') {
    if (!target.sqliteFile) throw new Error('This is a SQLite backup: restore it without DATABASE_URL');
    if (fs.existsSync(target.sqliteFile))
      throw new Error(`Refusing to overwrite ${target.sqliteFile}: restore into an empty data folder`);
    ensurePrivateDir(path.dirname(target.sqliteFile));
    fs.writeFileSync(target.sqliteFile, payload, { mode: 0o600 });
    return meta;
  }
  if (!target.databaseUrl) throw new Error('This is a PostgreSQL backup: set DATABASE_URL to an empty database');
  const { conn } = pgArgs(target.databaseUrl);
  // Without the dump's grants: they name roles the target may not have; `berdaya migrate` grants the app role anew.
  const res = spawnSync('pg_restore', ['--no-owner', '--no-acl', '--exit-on-error', '--dbname', conn], {
    input: payload,
    maxBuffer: 1 << 28,
  });
  if (res.status !== 0) throw new Error(`pg_restore failed: ${res.stderr.toString().slice(0, 500)}`);
  return meta;
}
