// The audit chain: each row's hash = HMAC-SHA-256(chain key, prev_hash | canonical(row)).
// The chain key is derived from the master key, which lives outside the database, so someone who can only
// write to the database cannot rebuild a consistent chain after editing a row.
import { createHmac } from 'node:crypto';
import type { AuditLogTable } from '../db/schema.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = Omit<AuditLogTable, 'hash' | 'prev_hash'>;

export function canonical(row: ChainedFields): string {
  return JSON.stringify([
    row.seq,
    row.at,
    row.actor_id,
    row.actor,
    row.action,
    row.resource_type,
    row.resource_id,
    row.outcome,
    row.ip,
    row.request_id,
    row.detail,
  ]);
}

export function chainHash(key: Buffer, prevHash: string, row: ChainedFields): string {
  return createHmac('sha256', key).update(prevHash).update('|').update(canonical(row)).digest('hex');
}
