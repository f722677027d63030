// The master key (KEK): where it comes from, its id, and the sub-keys derived from it with HKDF.
// Sub-keys under distinct labels keep blind indexes, the audit chain and system secrets apart.
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface MasterKeySource {
  base64?: string;
  file?: string;
  command?: string;
}

export class KeyError extends Error {}

export class KeyRing {
  readonly kekId: string;
  private readonly derived = new Map<string, Buffer>();

  constructor(readonly kek: Buffer) {
    if (kek.length !== 32) throw new KeyError('The master key must be 32 bytes (base64 of 32 random bytes)');
    this.kekId = createHash('sha256').update(kek).digest('hex').slice(0, 8);
  }

  /** A 32-byte key for one purpose, derived from the master key (HKDF-SHA-256). */
  subkey(label: 'audit-chain' | 'key-check' | 'system-secrets' | 'nik-index' | 'name-index' | 'backup'): Buffer {
    let key = this.derived.get(label);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.kek, Buffer.alloc(0), `berdaya:${label}`, 32));
      this.derived.set(label, key);
    }
    return key;
  }
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
  if (source.base64) return { ring: new KeyRing(decodeKey(source.base64, 'BERDAYA_MASTER_KEY')), source: 'env' };
  if (source.file) {
    let text: string;
    try {
      text = fs.readFileSync(source.file, 'utf8');
    } catch {
      throw new KeyError(`BERDAYA_MASTER_KEY_FILE: cannot read ${source.file}`);
    }
    return { ring: new KeyRing(decodeKey(text, 'BERDAYA_MASTER_KEY_FILE')), source: 'file' };
  }
  if (source.command) {
    let out: string;
    try {
      out = execSync(source.command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    } catch {
      throw new KeyError('BERDAYA_MASTER_KEY_COMMAND: the command failed');
    }
    return { ring: new KeyRing(decodeKey(out, 'BERDAYA_MASTER_KEY_COMMAND')), source: 'command' };
  }
  const file = path.join(dataDir, 'master.key');
  if (fs.existsSync(file)) {
    return { ring: new KeyRing(decodeKey(fs.readFileSync(file, 'utf8'), file)), source: 'local-file' };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return { ring: new KeyRing(key), source: 'local-file', createdFile: file };
}
