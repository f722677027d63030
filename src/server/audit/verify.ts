// Walks the audit chain in order and reports the first entry that does not fit.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { chainHash, GENESIS_HASH } from './chain.ts';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  firstBad?: { seq: number; reason: string };
}

/**
 * `from`: where an archive left the chain's start (decision 042: a signed archive checkpoint, the last entry moved out
 * of the database); the walk then starts at the entry after it, linked to its hash. Entries at or before it that
 * are still in the database (an entry of a later month numbered before the boundary) are in the archive and skipped.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  chainKey: Buffer,
  pageSize = 5000,
  from: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): Promise<VerifyResult> {
  let prev = from.hash;
  let expectedSeq = from.seq + 1;
  let checked = 0;
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const headSeq = Number(head.seq);
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      const fail = (reason: string): VerifyResult => ({
        ok: false,
        checked,
        headSeq,
        headHash: head.hash,
        firstBad: { seq, reason },
      });
      if (seq !== expectedSeq) {
        return {
          ok: false,
          checked,
          headSeq,
          headHash: head.hash,
          firstBad: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` },
        };
      }
      if (row.prev_hash !== prev) return fail('prev_hash does not match the previous entry');
      const { hash, prev_hash: _p, ...fields } = row;
      if (chainHash(chainKey, prev, { ...fields, seq }) !== hash) return fail('hash does not match the entry');
      prev = hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  if (from.seq + checked !== headSeq) {
    return {
      ok: false,
      checked,
      headSeq,
      headHash: head.hash,
      firstBad: {
        seq: from.seq + checked + 1,
        reason: `the head says ${headSeq} entries but ${from.seq + checked} were found (truncated?)`,
      },
    };
  }
  if (prev !== head.hash) {
    return {
      ok: false,
      checked,
      headSeq,
      headHash: head.hash,
      firstBad: { seq: from.seq + checked, reason: 'the last entry does not match the head hash' },
    };
  }
  return { ok: true, checked, headSeq, headHash: head.hash };
}
