// Idempotency-Key for creates: a retry (a phone on patchy 4G that never saw the answer) gets the first
// response and creates nothing twice. The key is stored in the work's own transaction together with the
// response (sealed, since it may hold personal text); a request whose key is still being worked on answers 409
// `idempotency_in_progress`.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { openText, seal } from '../../crypto/seal.ts';
import { sql, transact, type UnitOfWork } from '../../db/write.ts';
import { IDEMPOTENCY_FORGOTTEN } from '../../db/schema.ts';
import type { IdempotencyKeysTable } from '../../db/schema.ts';

const DAY_MS = 24 * 3600_000;

/**
 * How long a key and its reply are kept: a day, and at least a day longer than a field-mode device may stay
 * offline, so that its outbox's retries after the longest allowed absence still meet the first reply.
 */
export const idempotencyKeepMs = (config: { fieldOfflineDays: number }): number =>
  Math.max(DAY_MS, (config.fieldOfflineDays + 1) * DAY_MS);

/** Forgets the keys older than they are kept, as of the services' clock. */
export async function forgetOldIdempotencyKeys(s: Services): Promise<void> {
  const cutoff = new Date(s.clock.now().getTime() - idempotencyKeepMs(s.config)).toISOString();
  await s.db.kysely.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
}

export async function idempotent<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  s: Services,
  status: number,
  run: () => Promise<T>,
): Promise<T> {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return run();
  const key = String(raw);
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key))
    throw new AppError('bad_request', 400, 'Idempotency-Key must be 8–128 letters, digits or - _ . :');
  const who = req.auth?.account.id ?? 'anonymous';
  const keyHash = createHash('sha256')
    .update(`${who}|${req.method} ${req.routeOptions.url}|${req.url}|${key}`)
    .digest('hex');
  const requestHash = createHash('sha256')
    .update(JSON.stringify(req.body ?? null))
    .digest('hex');
  const sealKey = s.keys.subkey('system-secrets');
  const now = s.clock.now();
  const postgres = s.db.dialect === 'postgres';

  // The key, the work and its reply are one transaction: a crash or a failure leaves nothing behind (a retry
  // then does the work afresh), and a reply that is stored is the reply of work that was committed. The work
  // runs in it through the request's unit of work (the stores' reads, writes and audit events).
  let unit: UnitOfWork | null = null;
  let outcome: { kind: 'replay'; prior: IdempotencyKeysTable } | { kind: 'done'; result: T };
  try {
    outcome = await transact(s.db.kysely, async (trx) => {
      unit = { trx, after: [] };
      if (postgres) {
        // Another request with this key still at work holds this lock until it commits or rolls back.
        const { rows } = await sql<{
          locked: boolean;
        }>`select pg_try_advisory_xact_lock(hashtextextended(${keyHash}, 0)) as locked`.execute(trx);
        if (!rows[0]?.locked)
          throw new AppError(
            'idempotency_in_progress',
            409,
            'The first request with this Idempotency-Key is still being processed; retry shortly',
            undefined,
            { 'retry-after': '1' },
          );
      }
      // SQLite: transactions run one at a time, so the first request's work has committed (or not) by now.
      const prior = await trx
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('key_hash', '=', keyHash)
        .executeTakeFirst();
      if (prior) return { kind: 'replay' as const, prior };
      await trx
        .insertInto('idempotency_keys')
        .values({ key_hash: keyHash, request_hash: requestHash, status: 0, body: '', created_at: now.toISOString() })
        .execute();
      req.unitOfWork = unit;
      let result: T;
      try {
        result = await run();
      } finally {
        req.unitOfWork = null;
      }
      await trx
        .updateTable('idempotency_keys')
        .set({ status, body: seal(sealKey, s.keys.kekId, JSON.stringify(result), `idempotency_keys|body|${keyHash}`) })
        .where('key_hash', '=', keyHash)
        .execute();
      return { kind: 'done' as const, result };
    });
  } finally {
    // The refusals of the last attempt, recorded whatever became of its transaction.
    for (const f of (unit as UnitOfWork | null)?.after ?? []) {
      await f().catch((err: unknown) => req.log.error({ err: String(err) }, 'a step after the unit of work failed'));
    }
  }
  if (outcome.kind === 'replay') {
    const prior = outcome.prior;
    if (prior.request_hash !== requestHash)
      throw new AppError('idempotency_conflict', 422, 'This Idempotency-Key was used for a different request');
    if (prior.status === IDEMPOTENCY_FORGOTTEN) {
      throw new AppError(
        'idempotency_reply_forgotten',
        409,
        'This request was already carried out, but its answer is no longer kept; reload to see the result',
      );
    }
    reply.header('idempotent-replayed', 'true');
    reply.status(prior.status);
    return JSON.parse(openText(sealKey, prior.body, `idempotency_keys|body|${keyHash}`)) as T;
  }
  // Forget old keys now and then. The work has committed: a failure here must not turn its answer into an error.
  if (Math.random() < 0.01) {
    await forgetOldIdempotencyKeys(s).catch((err: unknown) =>
      req.log.warn({ err: String(err) }, 'forgetting old idempotency keys failed'),
    );
  }
  return outcome.result;
}
