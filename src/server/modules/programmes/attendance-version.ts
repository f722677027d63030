// A session's attendance version: raised by every change of its marks (a register taken on the register screen,
// on a field device, or a correction approved), so a register taken offline on an older version is refused with
// 412 instead of overwriting marks it never saw. The caller holds the session's row lock (or, on SQLite, the
// write transaction).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { sql } from '../../db/write.ts';

export async function raiseAttendanceVersion(
  trx: Kysely<Database> | Transaction<Database>,
  sessionId: string,
): Promise<void> {
  await trx
    .updateTable('sessions_schedule')
    .set({ attendance_version: sql<number>`attendance_version + 1` })
    .where('id', '=', sessionId)
    .execute();
}
