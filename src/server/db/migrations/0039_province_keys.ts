// Province keys: each province's data controller has a key of its own (random 32 bytes, wrapped under the master
// key), and its participants' data keys are wrapped under it. One row per version; at most one current version per
// province (a partial unique index), so two instances creating a province's first key at once cannot both win.
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../connect.ts';

export const m0039 = (_dialect: DialectName): Migration => ({
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was at its step (Kysely's documented Kysely<any>)
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('province_keys')
      .addColumn('key_id', 'text', (c) => c.primaryKey())
      .addColumn('province_code', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      // Sealed under the master key (bound to province_keys|key|<key_id>); 'destroyed' once crypto-shredded.
      .addColumn('wrapped', 'text', (c) => c.notNull())
      // current: new data keys are wrapped under it; retired: a rotation is moving its data keys away;
      // destroyed: nothing it wrapped opens any more.
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('retired_at', 'text')
      .addColumn('destroyed_at', 'text')
      .addUniqueConstraint('province_keys_version', ['province_code', 'version'])
      .execute();
    await db.schema
      .createIndex('province_keys_one_current')
      .on('province_keys')
      .column('province_code')
      .unique()
      .where(sql.ref('status'), '=', 'current')
      .execute();
  },
});
