// The field engine (no React): the encrypted cache on her device, its outbox and their sync. The screens use only
// what is exported here.
export { PBKDF2_ITERATIONS } from './crypto.ts';
export { BACKOFF_BASE_MS, BACKOFF_MAX_MS, backoffMs } from './outbox.ts';
export { contactLocked, FieldSync } from './sync.ts';
export {
  type EnqueueArgs,
  type MetaPatch,
  type OpenVault,
  type OutboxItem,
  type OutboxRoute,
  type SyncState,
  VaultErasedError,
  type VaultMeta,
  WrongPinError,
} from './types.ts';
export {
  createVault,
  eraseVault,
  isValidPin,
  MAX_PIN_FAILURES,
  PIN_RULE,
  readMeta,
  reportPendingErasure,
  unlockWithPin,
  unlockWithServerKey,
} from './vault.ts';
