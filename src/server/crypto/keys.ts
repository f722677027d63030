// The master key (KEK): where it comes from, its id, and the sub-keys derived from it with HKDF.
// Sub-keys under distinct labels keep blind indexes, the audit chain and system secrets apart.
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../paths.ts';

export interface MasterKeySource {
  base64?: string;
  file?: string;
  command?: string;
  /** Previous master keys (base64), held during a rotation. */
  previous?: string[];
}

export class KeyError extends Error {}

/**
 * The master key (KEK) and, after start-up, the data root key it unwraps. Data keys of participants and the
 * root key are wrapped under a KEK; every other key (audit chain, blind indexes, system secrets, backups) is
 * derived from the root key, so rotating the master key only re-wraps keys. Previous master keys may be held
 * for a while so that records wrapped under them still open until `berdaya keys rotate` has re-wrapped them.
 */
export class KeyRing {
  readonly kekId: string;
  private readonly keks = new Map<string, Buffer>();
  private root: Buffer | null = null;
  private readonly derived = new Map<string, Buffer>();

  constructor(
    readonly kek: Buffer,
    previous: readonly Buffer[] = [],
  ) {
    if (kek.length !== 32) throw new KeyError('The master key must be 32 bytes (base64 of 32 random bytes)');
    this.kekId = keyIdOf(kek);
    this.keks.set(this.kekId, kek);
    for (const p of previous) {
      if (p.length !== 32) throw new KeyError('A previous master key must be 32 bytes');
      this.keks.set(keyIdOf(p), p);
    }
  }

  /** The KEK with this id (the current one or a previous one), or undefined. */
  kekById(id: string): Buffer | undefined {
    return this.keks.get(id);
  }

  setRoot(root: Buffer): void {
    if (root.length !== 32) throw new KeyError('The data root key must be 32 bytes');
    this.root = root;
    this.derived.clear();
  }

  /** A 32-byte key for one purpose, derived from the data root key (HKDF-SHA-256). */
  /**
   * The backup key is derived from the master key itself, not the root key: a backup must open with the key
   * alone, before any database exists (restore). Backups made before a rotation need the previous key.
   */
  backupKey(): Buffer {
    return Buffer.from(hkdfSync('sha256', this.kek, Buffer.alloc(0), 'berdaya:backup', 32));
  }

  /**
   * `audit-redaction`: the stable tokens that stand for a participant's ids in the audit log an administrator reads.
   * `audit-checkpoints`: the HMAC that signs each line of the checkpoint file kept outside the database.
   * `field-device-keys`: seals the key the server releases to a field-mode device (field_devices.server_key_ct).
   */
  subkey(
    label:
      | 'audit-chain'
      | 'system-secrets'
      | 'nik-index'
      | 'name-index'
      | 'audit-redaction'
      | 'audit-checkpoints'
      | 'field-device-keys',
  ): Buffer {
    if (!this.root)
      throw new KeyError('The data root key is not loaded yet (start-up must check the master key first)');
    let key = this.derived.get(label);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.root, Buffer.alloc(0), `berdaya:${label}`, 32));
      this.derived.set(label, key);
    }
    return key;
  }
}

export function keyIdOf(kek: Buffer): string {
  return createHash('sha256').update(kek).digest('hex').slice(0, 8);
}

function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const buf = Buffer.from(trimmed, 'base64');
  if (buf.length !== 32 || !/^[A-Za-z0-9+/=_-]+$/.test(trimmed)) {
    throw new KeyError(`${where}: expected base64 of exactly 32 bytes`);
  }
  return buf;
}

export interface LoadedKey {
  ring: KeyRing;
  /** Set when a local key file was created on this start (development / first run). */
  createdFile?: string;
  source: 'env' | 'file' | 'command' | 'local-file';
}

/**
 * Loads the master key from BERDAYA_MASTER_KEY, BERDAYA_MASTER_KEY_FILE or BERDAYA_MASTER_KEY_COMMAND;
 * with none of them, uses (and on first run creates, mode 0600) `<dataDir>/master.key`.
 */
export function loadMasterKey(source: MasterKeySource, dataDir: string): LoadedKey {
  const previous = (source.previous ?? []).map((p, i) => decodeKey(p, `BERDAYA_PREVIOUS_MASTER_KEYS[${i}]`));
  if (source.base64)
    return { ring: new KeyRing(decodeKey(source.base64, 'BERDAYA_MASTER_KEY'), previous), source: 'env' };
  if (source.file) {
    let text: string;
    try {
      text = fs.readFileSync(source.file, 'utf8');
    } catch {
      throw new KeyError(`BERDAYA_MASTER_KEY_FILE: cannot read ${source.file}`);
    }
    return { ring: new KeyRing(decodeKey(text, 'BERDAYA_MASTER_KEY_FILE'), previous), source: 'file' };
  }
  if (source.command) {
    let out: string;
    try {
      out = execSync(source.command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    } catch {
      throw new KeyError('BERDAYA_MASTER_KEY_COMMAND: the command failed');
    }
    return { ring: new KeyRing(decodeKey(out, 'BERDAYA_MASTER_KEY_COMMAND'), previous), source: 'command' };
  }
  const file = path.join(dataDir, 'master.key');
  if (fs.existsSync(file)) {
    return { ring: new KeyRing(decodeKey(fs.readFileSync(file, 'utf8'), file), previous), source: 'local-file' };
  }
  ensurePrivateDir(dataDir);
  const key = randomBytes(32);
  fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { ring: new KeyRing(key, previous), source: 'local-file', createdFile: file };
}
