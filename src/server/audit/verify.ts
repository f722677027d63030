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

export async function verifyAuditChain(db: Kysely<Database>, chainKey: Buffer, pageSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
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
  if (checked !== headSeq) {
    return {
      ok: false,
      checked,
      headSeq,
      headHash: head.hash,
      firstBad: { seq: checked + 1, reason: `the head says ${headSeq} entries but ${checked} were found (truncated?)` },
    };
  }
  if (prev !== head.hash) {
    return {
      ok: false,
      checked,
      headSeq,
      headHash: head.hash,
      firstBad: { seq: checked, reason: 'the last entry does not match the head hash' },
    };
  }
  return { ok: true, checked, headSeq, headHash: head.hash };
}
