// Whether this device may hold anything of field mode, answered without the engine: the first load of every
// other user must not carry Dexie and the sealing code. Names only; no data.
/** The IndexedDB database of the field cache. */
export const DB_NAME = 'berdaya-field';
/** Erasures waiting to be reported to the server (device id, token, reason, time). */
export const PENDING_ERASURE_KEY = 'berdaya.field.erased';

/**
 * False only when this device certainly holds no field cache and no erasure waits to be reported; true when it
 * may (or the browser cannot list its databases), and the engine must look.
 */
export async function mayHoldField(): Promise<boolean> {
  try {
    if (globalThis.localStorage?.getItem(PENDING_ERASURE_KEY)) return true;
  } catch {
    return true;
  }
  const idb = globalThis.indexedDB;
  if (!idb) return false;
  if (typeof idb.databases !== 'function') return true;
  try {
    return (await idb.databases()).some((d) => d.name === DB_NAME);
  } catch {
    return true;
  }
}
