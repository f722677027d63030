// Where her follow-up stands, kept on her row: NULL (none planned, or all cancelled), OPEN (a point still due) or
// OVER (every point done, missed or unreachable). The worklist's decisions (open cases whose follow-up is over) are
// read from a partial index of the open cases in that state, not from every follow-up ever planned joined to her
// region (the national plan check found that reading all of them). The follow-up store keeps it in the transaction
// of every change to a follow-up, her row locked first. The same on both dialects.
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../connect.ts';

export const m0045 = (_dialect: DialectName): Migration => ({
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was at its step (Kysely's documented Kysely<any>)
  async up(db: Kysely<any>) {
    await db.schema.alterTable('participants').addColumn('follow_up_state', 'text').execute();
    await sql`update participants set follow_up_state = (
        select case when count(*) = 0 then null
                    when sum(case when f.status = 'DUE' then 1 else 0 end) > 0 then 'OPEN'
                    else 'OVER' end
        from follow_ups f where f.participant_id = participants.id and f.status <> 'CANCELLED')
      where id in (select participant_id from follow_ups)`.execute(db);
    await db.schema
      .createIndex('participants_follow_up_over_idx')
      .on('participants')
      .column('region_code')
      .where(sql<boolean>`follow_up_state = 'OVER' and stage <> 'TERMINASI'`)
      .execute();
  },
});
