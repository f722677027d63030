// The audit chain: each row's hash = HMAC-SHA-256(chain key, prev_hash | canonical(row)).
// The chain key is derived from the master key, which lives outside the database, so someone who can only
// write to the database cannot rebuild a consistent chain after editing a row.
import { createHmac } from 'node:crypto';
import type { AuditLogTable } from '../db/schema.ts';
import type { AuditEvent } from './events.ts';

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

/** The columns of an audit row, in the order the writers insert them. */
export const AUDIT_COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor',
  'action',
  'resource_type',
  'resource_id',
  'outcome',
  'ip',
  'request_id',
  'detail',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof AuditLogTable)[];

/**
 * Chains events onto the head (seq and hash after `n` seqs were reserved: the head's seq is the last of
 * them). Returns each row as values in AUDIT_COLUMNS order, and the new head hash (writer.ts appendAuditRows).
 */
export function chainRows(
  key: Buffer,
  head: { seq: number; hash: string },
  items: readonly { event: AuditEvent; at: Date }[],
): { rows: unknown[][]; last: string } {
  let seq = Number(head.seq) - items.length;
  let prev = head.hash;
  const rows = items.map(({ event, at }) => {
    seq += 1;
    const fields: ChainedFields = {
      seq,
      at: at.toISOString(),
      actor_id: event.actorId,
      actor: event.actor,
      action: event.action,
      resource_type: event.resourceType ?? null,
      resource_id: event.resourceId ?? null,
      outcome: event.outcome,
      ip: event.ip ?? null,
      request_id: event.requestId ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
    };
    const hash = chainHash(key, prev, fields);
    const row: AuditLogTable = { ...fields, prev_hash: prev, hash };
    prev = hash;
    return AUDIT_COLUMNS.map((c) => row[c]);
  });
  return { rows, last: prev };
}
