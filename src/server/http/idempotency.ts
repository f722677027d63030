// Idempotency-Key for creates: a retry (a phone on patchy 4G that never saw the answer) gets the first
// response and creates nothing twice. The stored response is sealed, since it may hold personal text.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../context.ts';
import { AppError } from '../errors.ts';
import { openText, seal } from '../crypto/seal.ts';

const KEEP_MS = 24 * 3600_000;

export async function idempotent<T>(req: FastifyRequest, reply: FastifyReply, s: Services, status: number, run: () => Promise<T>): Promise<T> {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return run();
  const key = String(raw);
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) throw new AppError('bad_request', 400, 'Idempotency-Key must be 8–128 letters, digits or - _ . :');
  const who = req.auth?.account.id ?? 'anonymous';
  const keyHash = createHash('sha256').update(`${who}|${req.method} ${req.routeOptions.url}|${req.url}|${key}`).digest('hex');
  const requestHash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
  const db = s.db.kysely;
  const sealKey = s.keys.subkey('system-secrets');
  const now = s.clock.now();

  const reserved = await db
    .insertInto('idempotency_keys')
    .values({ key_hash: keyHash, request_hash: requestHash, status: 0, body: '', created_at: now.toISOString() })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .executeTakeFirst();
  if (Number(reserved.numInsertedOrUpdatedRows ?? 0) === 0) {
    const prior = await db.selectFrom('idempotency_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirstOrThrow();
    if (prior.request_hash !== requestHash) throw new AppError('idempotency_conflict', 422, 'This Idempotency-Key was used for a different request');
    if (prior.status === 0) throw new AppError('conflict', 409, 'The first request with this Idempotency-Key is still being processed; retry shortly');
    reply.header('idempotent-replayed', 'true');
    reply.status(prior.status);
    return JSON.parse(openText(sealKey, prior.body, `idempotency_keys|body|${keyHash}`)) as T;
  }
  try {
    const result = await run();
    await db
      .updateTable('idempotency_keys')
      .set({ status, body: seal(sealKey, s.keys.kekId, JSON.stringify(result), `idempotency_keys|body|${keyHash}`) })
      .where('key_hash', '=', keyHash)
      .execute();
    // Forget old keys now and then.
    if (Math.random() < 0.01) await db.deleteFrom('idempotency_keys').where('created_at', '<', new Date(now.getTime() - KEEP_MS).toISOString()).execute();
    return result;
  } catch (err) {
    await db.deleteFrom('idempotency_keys').where('key_hash', '=', keyHash).execute();
    throw err;
  }
}
