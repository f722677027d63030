// One migration history for both dialects. Where SQL differs (triggers), the migration asks the dialect.
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Db, DialectName } from './connect.ts';
import { OFFICE_ZONE, ZONE_OFFSET_HOURS } from '../../shared/calendar.ts';
import { m0038 } from './migrations/0038_audit_partitions.ts';
import { m0039 } from './migrations/0039_province_keys.ts';
import { m0041 } from './migrations/0041_national_indexes.ts';
import { m0042 } from './migrations/0042_province_transfers.ts';
import { m0043 } from './migrations/0043_pending_work_indexes.ts';
import { m0044 } from './migrations/0044_cohort_report_indexes.ts';
import { m0045 } from './migrations/0045_follow_up_state.ts';
import { m0046 } from './migrations/0046_overdue_follow_ups_index.ts';

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was at its step, not today's Database type (Kysely's documented Kysely<any>)
type AnyDb = Kysely<any>;

function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_platform': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('system_meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text')
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('totp_secret', 'text')
          .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('totp_last_step', 'bigint')
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();

        await db.schema
          .createTable('user_regions')
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('region_code', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('user_regions_pk', ['user_id', 'region_code'])
          .execute();

        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text', (c) => c.notNull())
          .addColumn('absolute_expires_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .addColumn('ip', 'text')
          .addColumn('pending_totp_secret', 'text')
          .execute();
        await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

        await db.schema
          .createTable('login_throttle')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('failures', 'integer', (c) => c.notNull())
          .addColumn('locked_until', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('setup_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('used_at', 'text')
          .execute();

        await db.schema
          .createTable('audit_log')
          .addColumn('seq', 'bigint', (c) => c.primaryKey())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text')
          .addColumn('actor', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('resource_type', 'text')
          .addColumn('resource_id', 'text')
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('ip', 'text')
          .addColumn('request_id', 'text')
          .addColumn('detail', 'text')
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('audit_at_idx').on('audit_log').column('at').execute();
        await db.schema.createIndex('audit_actor_idx').on('audit_log').columns(['actor_id', 'seq']).execute();
        await db.schema
          .createIndex('audit_resource_idx')
          .on('audit_log')
          .columns(['resource_type', 'resource_id', 'seq'])
          .execute();

        // One row that every audit append locks and advances: the sequencer of the chain,
        // shared by every app instance on the same database.
        await db.schema
          .createTable('audit_head')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db
          .insertInto('audit_head')
          .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
          .execute();

        // The audit log is append-only for the application: updates and deletes abort.
        if (dialect === 'sqlite') {
          await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
          await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
        } else {
          await sql`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
                    BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql`.execute(db);
          await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
                    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
          await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
        }
      },
    },
    '0002_participants': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('participant_code_seq')
          .addColumn('region_code', 'text', (c) => c.notNull())
          .addColumn('year2', 'text', (c) => c.notNull())
          .addColumn('last', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('participant_code_seq_pk', ['region_code', 'year2'])
          .execute();

        await db.schema
          .createTable('participants')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('region_code', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('referral_source', 'text')
          .addColumn('participation_basis', 'text', (c) => c.notNull())
          .addColumn('stage', 'text', (c) => c.notNull())
          .addColumn('sex', 'text', (c) => c.notNull())
          .addColumn('has_nik', 'integer', (c) => c.notNull())
          .addColumn('no_nik_reason', 'text')
          .addColumn('beneficiary_decision_no', 'text')
          .addColumn('beneficiary_decision_date', 'text')
          // Identity (names, NIK, birth date, address, phone, contacts) as one sealed JSON document, and the
          // preferred name sealed on its own so lists need not open the rest.
          .addColumn('identity_ct', 'text', (c) => c.notNull())
          .addColumn('preferred_name_ct', 'text', (c) => c.notNull())
          .addColumn('nik_index', 'text', (c) => c.unique())
          .addColumn('name_dob_index', 'text', (c) => c.notNull())
          .addColumn('dek_wrapped', 'text', (c) => c.notNull())
          .addColumn('pending_closure_reason', 'text')
          .addColumn('pending_closure_by', 'text')
          .addColumn('pending_closure_at', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('participants_region_idx')
          .on('participants')
          .columns(['region_code', 'stage'])
          .execute();
        await db.schema.createIndex('participants_name_dob_idx').on('participants').column('name_dob_index').execute();

        await db.schema
          .createTable('participant_assignments')
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('assigned_by', 'text', (c) => c.notNull())
          .addColumn('assigned_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('participant_assignments_pk', ['participant_id', 'user_id'])
          .execute();
        await db.schema
          .createIndex('participant_assignments_user_idx')
          .on('participant_assignments')
          .column('user_id')
          .execute();

        await db.schema
          .createTable('participant_name_tokens')
          .addColumn('token', 'text', (c) => c.notNull())
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addPrimaryKeyConstraint('participant_name_tokens_pk', ['token', 'participant_id'])
          .execute();
        await db.schema
          .createIndex('participant_name_tokens_pid_idx')
          .on('participant_name_tokens')
          .column('participant_id')
          .execute();

        await db.schema
          .createTable('consents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('method', 'text', (c) => c.notNull())
          .addColumn('explained_by', 'text', (c) => c.notNull())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('given_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text')
          .addColumn('witness_ct', 'text')
          .addColumn('scan_attachment_id', 'text')
          .addColumn('withdrawn_at', 'text')
          .addColumn('withdrawn_by', 'text')
          .addColumn('recorded_by', 'text', (c) => c.notNull())
          .addColumn('recorded_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('consents_participant_idx')
          .on('consents')
          .columns(['participant_id', 'purpose'])
          .execute();

        await db.schema
          .createTable('stage_events')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('ordinal', 'integer', (c) => c.notNull())
          .addColumn('from_stage', 'text')
          .addColumn('to_stage', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('reason_ct', 'text')
          .addColumn('closure_reason', 'text')
          .addColumn('actor_id', 'text', (c) => c.notNull())
          .addColumn('approved_by', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('stage_events_participant_idx')
          .on('stage_events')
          .columns(['participant_id', 'ordinal'])
          .unique()
          .execute();

        await db.schema
          .createTable('notes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('body_ct', 'text', (c) => c.notNull())
          .addColumn('author_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('notes_participant_idx')
          .on('notes')
          .columns(['participant_id', 'created_at'])
          .execute();
        await db.schema
          .createTable('note_revisions')
          .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('body_ct', 'text', (c) => c.notNull())
          .addColumn('edited_by', 'text', (c) => c.notNull())
          .addColumn('edited_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('note_revisions_pk', ['note_id', 'version'])
          .execute();

        await db.schema
          .createTable('attachments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('mime', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('name_ct', 'text', (c) => c.notNull())
          .addColumn('content_ct', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('attachments_participant_idx').on('attachments').column('participant_id').execute();

        await db.schema
          .createTable('idempotency_keys')
          .addColumn('key_hash', 'text', (c) => c.primaryKey())
          .addColumn('request_hash', 'text', (c) => c.notNull())
          .addColumn('status', 'integer', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('rate_limits')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('window_start', 'text', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .execute();
      },
    },
    '0003_casework': {
      async up(db: AnyDb) {
        // Outreach: no identity. A prospect links repeated contacts under one self-chosen alias in a region.
        await db.schema
          .createTable('prospects')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('region_code', 'text', (c) => c.notNull())
          .addColumn('alias_index', 'text')
          .addColumn('alias_ct', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('participant_id', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('prospects_alias_idx')
          .on('prospects')
          .columns(['region_code', 'alias_index'])
          .execute();

        await db.schema
          .createTable('outreach_contacts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('prospect_id', 'text', (c) => c.notNull().references('prospects.id'))
          .addColumn('region_code', 'text', (c) => c.notNull())
          .addColumn('contact_date', 'text', (c) => c.notNull())
          .addColumn('place_kind', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('topics', 'text', (c) => c.notNull())
          .addColumn('materials', 'text', (c) => c.notNull())
          .addColumn('interest_level', 'text', (c) => c.notNull())
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('next_contact_date', 'text')
          .addColumn('came_voluntarily', 'text')
          .addColumn('worker_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('outreach_region_date_idx')
          .on('outreach_contacts')
          .columns(['region_code', 'contact_date'])
          .execute();
        await db.schema.createIndex('outreach_prospect_idx').on('outreach_contacts').column('prospect_id').execute();

        await db.schema
          .createTable('alerts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('region_code', 'text', (c) => c.notNull())
          .addColumn('resource_type', 'text', (c) => c.notNull())
          .addColumn('resource_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('acknowledged_by', 'text')
          .addColumn('acknowledged_at', 'text')
          .execute();

        await db.schema
          .createTable('assessments')
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('answers_ct', 'text', (c) => c.notNull())
          .addColumn('srq20_score', 'integer', (c) => c.notNull())
          .addColumn('srq20_threshold', 'integer', (c) => c.notNull())
          .addColumn('proposed_risk', 'text', (c) => c.notNull())
          .addColumn('confirmed_risk', 'text', (c) => c.notNull())
          .addColumn('assessed_by', 'text', (c) => c.notNull())
          .addColumn('assessed_at', 'text', (c) => c.notNull())
          .addColumn('reviewed_by', 'text')
          .addColumn('reviewed_at', 'text')
          .addPrimaryKeyConstraint('assessments_pk', ['participant_id', 'version'])
          .execute();

        await db.schema
          .createTable('case_plans')
          .addColumn('participant_id', 'text', (c) => c.primaryKey().references('participants.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('conference_ct', 'text')
          .addColumn('approved_by', 'text')
          .addColumn('approved_at', 'text')
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('case_plan_items')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('goal_ct', 'text', (c) => c.notNull())
          .addColumn('component', 'text', (c) => c.notNull())
          .addColumn('subtype', 'text')
          .addColumn('responsible_user_id', 'text')
          .addColumn('partner_id', 'text')
          .addColumn('due_date', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('case_plan_items_participant_idx')
          .on('case_plan_items')
          .columns(['participant_id', 'position'])
          .execute();

        await db.schema
          .createTable('partners')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('region_code', 'text', (c) => c.notNull())
          .addColumn('address', 'text')
          .addColumn('contacts', 'text', (c) => c.notNull())
          .addColumn('active', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('referrals')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('reason_ct', 'text', (c) => c.notNull())
          .addColumn('shared', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('sent_at', 'text', (c) => c.notNull())
          .addColumn('status_date', 'text')
          .addColumn('blocked_at', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('referrals_participant_idx')
          .on('referrals')
          .columns(['participant_id', 'purpose'])
          .execute();
      },
    },
    '0004_programmes': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('programmes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('purpose', 'text')
          .addColumn('budget_ceiling', 'bigint', (c) => c.notNull())
          .addColumn('target_participants', 'integer', (c) => c.notNull())
          .addColumn('target_regions', 'text', (c) => c.notNull())
          .addColumn('completion_rule', 'text', (c) => c.notNull())
          .addColumn('follow_up_months', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('venues')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('address', 'text', (c) => c.notNull())
          .addColumn('region_code', 'text', (c) => c.notNull())
          .addColumn('owner_name', 'text', (c) => c.notNull())
          .addColumn('capacity', 'integer', (c) => c.notNull())
          .addColumn('facilities', 'text', (c) => c.notNull())
          .addColumn('rent_per_month', 'bigint', (c) => c.notNull())
          .addColumn('contract_start', 'text', (c) => c.notNull())
          .addColumn('contract_end', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('venue_payments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
          .addColumn('amount', 'bigint', (c) => c.notNull())
          .addColumn('paid_at', 'text', (c) => c.notNull())
          .addColumn('note', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('cohorts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('region_code', 'text', (c) => c.notNull())
          .addColumn('venue_id', 'text', (c) => c.references('venues.id'))
          .addColumn('start_date', 'text', (c) => c.notNull())
          .addColumn('end_date', 'text', (c) => c.notNull())
          .addColumn('capacity', 'integer', (c) => c.notNull())
          .addColumn('tracks', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('graduation_confirmed_at', 'text')
          .addColumn('graduation_confirmed_by', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('cohorts_venue_idx').on('cohorts').columns(['venue_id', 'start_date']).execute();
        await db.schema
          .createTable('enrollments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id'))
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('track', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('waitlist_seq', 'integer')
          .addColumn('reason_ct', 'text')
          .addColumn('result', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('enrollments_cohort_idx')
          .on('enrollments')
          .columns(['cohort_id', 'status'])
          .execute();
        await db.schema.createIndex('enrollments_participant_idx').on('enrollments').column('participant_id').execute();
        await db.schema
          .createTable('sessions_schedule')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id'))
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('title', 'text')
          .addColumn('facilitator_id', 'text')
          .addColumn('facilitator_name', 'text')
          .addColumn('place', 'text')
          .addColumn('date', 'text', (c) => c.notNull())
          .addColumn('start_time', 'text', (c) => c.notNull())
          .addColumn('end_time', 'text', (c) => c.notNull())
          .addColumn('mandatory', 'integer', (c) => c.notNull())
          .addColumn('cancelled', 'integer', (c) => c.notNull())
          .addColumn('moved_from', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('sessions_cohort_idx')
          .on('sessions_schedule')
          .columns(['cohort_id', 'date'])
          .execute();
        await db.schema
          .createIndex('sessions_facilitator_idx')
          .on('sessions_schedule')
          .columns(['facilitator_id', 'date'])
          .execute();
        await db.schema
          .createTable('attendance')
          .addColumn('session_id', 'text', (c) => c.notNull().references('sessions_schedule.id'))
          .addColumn('enrollment_id', 'text', (c) => c.notNull().references('enrollments.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('note_ct', 'text')
          .addColumn('marked_by', 'text', (c) => c.notNull())
          .addColumn('marked_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('attendance_pk', ['session_id', 'enrollment_id'])
          .execute();
        await db.schema.createIndex('attendance_enrollment_idx').on('attendance').column('enrollment_id').execute();
      },
    },
    '0005_aid': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('kits')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('trade', 'text', (c) => c.notNull())
          .addColumn('current_version', 'integer', (c) => c.notNull())
          .addColumn('active', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        // Kits are versioned: an allocation points at the version it was given, which never changes.
        await db.schema
          .createTable('kit_versions')
          .addColumn('kit_id', 'text', (c) => c.notNull().references('kits.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('items', 'text', (c) => c.notNull())
          .addColumn('total', 'bigint', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('kit_versions_pk', ['kit_id', 'version'])
          .execute();
        await db.schema
          .createTable('budget_lines')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id'))
          .addColumn('cohort_id', 'text')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('planned', 'bigint', (c) => c.notNull())
          .addColumn('realised', 'bigint', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('allocations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id'))
          .addColumn('enrollment_id', 'text', (c) => c.notNull().unique().references('enrollments.id'))
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('kit_id', 'text', (c) => c.notNull().references('kits.id'))
          .addColumn('kit_version', 'integer', (c) => c.notNull())
          .addColumn('alternative_reason_ct', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('procurement', 'text', (c) => c.notNull())
          .addColumn('serials', 'text', (c) => c.notNull())
          .addColumn('value', 'bigint', (c) => c.notNull())
          .addColumn('approved_by', 'text')
          .addColumn('approved_at', 'text')
          .addColumn('handover_date', 'text')
          .addColumn('handover_place', 'text')
          .addColumn('handover_people_ct', 'text')
          .addColumn('signed_scan_ct', 'text')
          .addColumn('photo_ct', 'text')
          .addColumn('business_kind', 'text')
          .addColumn('business_region', 'text')
          .addColumn('business_start', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('allocations_cohort_idx').on('allocations').column('cohort_id').execute();
      },
    },
    '0006_followups': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('follow_ups')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('cohort_id', 'text')
          .addColumn('point_months', 'integer', (c) => c.notNull())
          .addColumn('due_date', 'text', (c) => c.notNull())
          .addColumn('assignee_id', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('cancel_reason', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('follow_ups_assignee_idx')
          .on('follow_ups')
          .columns(['assignee_id', 'status', 'due_date'])
          .execute();
        await db.schema.createIndex('follow_ups_participant_idx').on('follow_ups').column('participant_id').execute();
        await db.schema
          .createTable('follow_up_visits')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('follow_up_id', 'text', (c) => c.notNull().references('follow_ups.id'))
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('date', 'text', (c) => c.notNull())
          .addColumn('business_status', 'text', (c) => c.notNull())
          .addColumn('income_band', 'text', (c) => c.notNull())
          // Everything else (including the risk of return) sealed under her key.
          .addColumn('answers_ct', 'text', (c) => c.notNull())
          .addColumn('recorded_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('follow_up_visits_fu_idx').on('follow_up_visits').column('follow_up_id').execute();
      },
    },
    '0007_reports': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('report_narratives')
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('region_key', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('report_narratives_pk', ['year', 'region_key'])
          .execute();
        await db.schema
          .createTable('imports')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('file_hash', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('total_rows', 'integer', (c) => c.notNull())
          .addColumn('processed_rows', 'integer', (c) => c.notNull())
          // Rows and row errors, sealed with the system key: an import holds identities before consent records exist.
          .addColumn('rows_ct', 'text', (c) => c.notNull())
          .addColumn('errors', 'text', (c) => c.notNull())
          .addColumn('result', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0008_data_protection': {
      async up(db: AnyDb) {
        await db.schema.alterTable('participants').addColumn('erased_at', 'text').execute();
        await db.schema.alterTable('participants').addColumn('legal_hold_reason', 'text').execute();
        await db.schema
          .createTable('rights_requests')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('participant_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('completed_at', 'text')
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('note', 'text')
          .addColumn('handled_by', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0009_receipts': {
      async up(db: AnyDb) {
        // A scan of the rent receipt, sealed with the system key (it names the owner, not a participant).
        await db.schema.alterTable('venue_payments').addColumn('receipt_ct', 'text').execute();
        await db.schema.alterTable('venue_payments').addColumn('receipt_mime', 'text').execute();
      },
    },
    '0010_aid_item_events': {
      async up(db: AnyDb) {
        // Return or loss of a handed-over item: new, linked records; the allocation itself stays as handed over.
        await db.schema
          .createTable('allocation_item_events')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('allocation_id', 'text', (c) => c.notNull().references('allocations.id'))
          // 1, 2, 3… within the allocation: the order they were recorded in.
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('item_index', 'integer', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('quantity', 'integer', (c) => c.notNull())
          // Integer rupiah: quantity × the unit price of the kit version handed over.
          .addColumn('value', 'bigint', (c) => c.notNull())
          .addColumn('date', 'text', (c) => c.notNull())
          .addColumn('note_ct', 'text')
          .addColumn('recorded_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('allocation_item_events_seq_idx')
          .on('allocation_item_events')
          .columns(['allocation_id', 'seq'])
          .unique()
          .execute();
      },
    },
    '0013_email_notifications': {
      async up(db: AnyDb) {
        // Staff e-mail for notifications (optional), and an outbox written in the same transaction as the
        // alert it announces, so that no alert is lost and none is mailed twice when the server restarts.
        await db.schema.alterTable('users').addColumn('email', 'text').execute();
        await db.schema
          .createTable('email_outbox')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('sent_at', 'text')
          .addColumn('failed_at', 'text')
          .addColumn('last_error', 'text')
          .execute();
        await db.schema
          .createIndex('email_outbox_pending')
          .on('email_outbox')
          .columns(['sent_at', 'failed_at', 'next_attempt_at'])
          .execute();
      },
    },
    '0011_import_mappings': {
      async up(db: AnyDb) {
        // Saved column mappings of the participant list import: a name and field → column header pairs
        // (JSON), shared by the office. Header names only, never a value from a row.
        await db.schema
          .createTable('import_mappings')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          // The name lower-cased: one mapping per name, whatever the capitals.
          .addColumn('name_key', 'text', (c) => c.notNull().unique())
          .addColumn('mapping', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0012_bench_indexes': {
      async up(db: AnyDb) {
        // Measured at 100,000 participants (docs/performance.md): the annual report's range and
        // per-cohort counts read from indexes (covering where the count needs one more column), and a code
        // prefix search (LIKE 'BRD-6371-24-%') uses an index on both databases.
        const index = (name: string, table: string, columns: string[]) =>
          db.schema.createIndex(name).on(table).columns(columns).execute();
        await index('participants_region_created_idx', 'participants', ['region_code', 'created_at']);
        await index('assessments_assessed_idx', 'assessments', ['assessed_at', 'participant_id']);
        await index('cohorts_start_idx', 'cohorts', ['start_date']);
        await index('attendance_session_status_idx', 'attendance', ['session_id', 'status']);
        await index('follow_ups_cohort_idx', 'follow_ups', ['cohort_id', 'status', 'point_months', 'id']);
        await index('follow_up_visits_fu_status_idx', 'follow_up_visits', ['follow_up_id', 'business_status']);
        await index('outreach_prospect_date_idx', 'outreach_contacts', ['prospect_id', 'contact_date']);
        await index('allocations_handover_idx', 'allocations', ['status', 'handover_date']);
        // SQLite's LIKE ignores case, so its prefix search needs a NOCASE index; PostgreSQL's search compares
        // and orders codes under the "C" collation, which this index serves for both.
        if (dialect === 'postgres')
          await sql`CREATE INDEX participants_code_prefix_idx ON participants (code COLLATE "C")`.execute(db);
        else await sql`CREATE INDEX participants_code_prefix_idx ON participants (code COLLATE NOCASE)`.execute(db);
      },
    },
    '0014_name_search_index': {
      async up(db: AnyDb) {
        // A common name prefix matches thousands. SQLite fetched every one of them to sort by code
        // (cold pages: p95 ~240 ms at 100,000); it now walks this index in code order, testing each entry's id
        // against the token index, and fetches only the page's rows (ParticipantStore.search).
        // SQLite only: PostgreSQL's plans for this search were fast (p95 27 ms at 100,000), and nothing there names it.
        if (dialect === 'sqlite')
          await db.schema.createIndex('participants_code_id_idx').on('participants').columns(['code', 'id']).execute();
      },
    },
    '0015_auth_change_signal': {
      async up(db: AnyDb) {
        // Sessions and accounts are cached between requests (decision 013) only because every change to what
        // a session is read from is signalled by the database itself, whoever makes it (this app, another
        // instance, the CLI, an operator's SQL): db/auth-changes.ts. A session's last_seen_at alone is not a
        // change (it is written once a minute per active session and never widens access).
        const sessionColumns = ['user_id', 'absolute_expires_at', 'revoked_at', 'pending_totp_secret'];
        if (dialect === 'sqlite') {
          // A count bumped in the writer's own transaction: a reader sees it as soon as the change commits.
          await db.schema
            .createTable('auth_epoch')
            .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
            .addColumn('n', 'integer', (c) => c.notNull())
            .execute();
          await sql`INSERT INTO auth_epoch (id, n) VALUES (1, 0)`.execute(db);
          const bump = 'BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END';
          const triggers: [string, string][] = [
            ['auth_changed_sessions_update', `AFTER UPDATE OF ${sessionColumns.join(', ')} ON sessions`],
            ['auth_changed_sessions_delete', 'AFTER DELETE ON sessions'],
            ['auth_changed_users_update', 'AFTER UPDATE ON users'],
            ['auth_changed_users_delete', 'AFTER DELETE ON users'],
            ['auth_changed_regions_insert', 'AFTER INSERT ON user_regions'],
            ['auth_changed_regions_update', 'AFTER UPDATE ON user_regions'],
            ['auth_changed_regions_delete', 'AFTER DELETE ON user_regions'],
          ];
          for (const [name, when] of triggers)
            await sql.raw(`CREATE TRIGGER ${name} ${when} FOR EACH ROW ${bump}`).execute(db);
        } else {
          // A notification at commit (none for a rolled-back change), naming the schema of the table that
          // changed (not the writer's search path). No counter row: concurrent writers would queue on it, and
          // could deadlock on it. TRUNCATE fires no row or DELETE trigger: it has its own.
          await sql
            .raw(
              `CREATE FUNCTION auth_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
               BEGIN PERFORM pg_notify('berdaya_auth', TG_TABLE_SCHEMA); RETURN NULL; END $fn$`,
            )
            .execute(db);
          const on = (table: string, events: string) =>
            sql
              .raw(
                `CREATE TRIGGER auth_changed_${table} AFTER ${events} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION auth_changed()`,
              )
              .execute(db);
          await on('sessions', `UPDATE OF ${sessionColumns.join(', ')} OR DELETE OR TRUNCATE`);
          await on('users', 'UPDATE OR DELETE OR TRUNCATE');
          await on('user_regions', 'INSERT OR UPDATE OR DELETE OR TRUNCATE');
        }
      },
    },
    '0016_concurrency_constraints': {
      async up(db: AnyDb) {
        // Rules that must hold with writers in parallel are held by the database where one index can say them
        // (decision 014). A waitlist position is given once per cohort: two waiting participants never share one.
        await db.schema
          .createIndex('enrollments_waitlist_seq_uq')
          .on('enrollments')
          .columns(['cohort_id', 'waitlist_seq'])
          .unique()
          .execute();
        // One allocation of aid per graduate (proposals for a cohort are made under its lock).
        await db.schema
          .createIndex('allocations_enrollment_uq')
          .on('allocations')
          .column('enrollment_id')
          .unique()
          .execute();
        // Two active participants never share a NIK: the unique index on nik_index. A record held for review
        // as a possible duplicate of another keeps its blind index in held_nik_index instead (nik_index NULL),
        // so it can exist beside the original until the head of section decides; this is the unique index
        // "over the blind index, excluding records held for review", written the same way in both dialects
        // (SQLite cannot turn a column's UNIQUE into a partial index without rebuilding the table).
        await db.schema.alterTable('participants').addColumn('held_nik_index', 'text').execute();
        await db.schema.alterTable('participants').addColumn('held_for_review_at', 'text').execute();
        await db.schema.createIndex('participants_held_nik_idx').on('participants').column('held_nik_index').execute();
      },
    },
    '0017_background_leases': {
      async up(db: AnyDb) {
        // Work that must happen once, with several app instances on one database (decision 015). An outbox
        // message is claimed by one instance for a short lease before it is sent: claimed_by is that
        // instance's random id, and another may take the message over only once claim_expires_at has passed.
        await db.schema.alterTable('email_outbox').addColumn('claimed_by', 'text').execute();
        await db.schema.alterTable('email_outbox').addColumn('claim_expires_at', 'text').execute();
        // One row per scheduled job and WITA calendar day: inserting it claims the day's pass (the primary key
        // lets one instance in), lease_expires_at lets another take over a pass whose holder died, and the
        // finished row records the outcome.
        await db.schema
          .createTable('job_runs')
          .addColumn('job', 'text', (c) => c.notNull())
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('instance_id', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('lease_expires_at', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('finished_at', 'text')
          .addColumn('outcome', 'text')
          .addColumn('detail', 'text')
          .addPrimaryKeyConstraint('job_runs_pk', ['job', 'day'])
          .execute();
      },
    },
    '0018_assignment_requests': {
      async up(db: AnyDb) {
        // A caseworker asks to work on a case; the head of section decides. One open request per person and
        // case: the partial unique index refuses a second while the first waits, whoever sends it.
        await db.schema
          .createTable('assignment_requests')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('reason_ct', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('requested_at', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
        await db.schema
          .createIndex('assignment_requests_open_uq')
          .on('assignment_requests')
          .columns(['participant_id', 'user_id'])
          .unique()
          .where(sql.ref('status'), '=', 'PENDING')
          .execute();
        await db.schema
          .createIndex('assignment_requests_status_idx')
          .on('assignment_requests')
          .columns(['status', 'requested_at'])
          .execute();
        // Who works on her case, as it happened: assigned at registration, by the head of section, on an
        // approved request, or taken off. Her page shows it; the audit holds the same with the request ids.
        await db.schema
          .createTable('assignment_events')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('ordinal', 'integer', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        // Numbered per participant (writers of her case serialise on her row), in the order things happened.
        await db.schema
          .createIndex('assignment_events_participant_uq')
          .on('assignment_events')
          .columns(['participant_id', 'ordinal'])
          .unique()
          .execute();
      },
    },
    '0019_aid_second_person': {
      async up(db: AnyDb) {
        // Who recorded the handover (the BAST names her from her account), and an approver's explicit exception
        // that lets a handover go ahead before every item is procured (with her reason, sealed under the
        // participant's key like the other handover details).
        await db.schema.alterTable('allocations').addColumn('handover_by', 'text').execute();
        await db.schema.alterTable('allocations').addColumn('procurement_exception_by', 'text').execute();
        await db.schema.alterTable('allocations').addColumn('procurement_exception_ct', 'text').execute();
      },
    },
    '0020_transfers': {
      async up(db: AnyDb) {
        // A case moved to another region's worker, who accepts or declines it: until she accepts, the case stays
        // where it is. One open transfer per participant (the partial unique index), decided once.
        await db.schema
          .createTable('transfers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('from_region', 'text', (c) => c.notNull())
          .addColumn('to_region', 'text', (c) => c.notNull())
          .addColumn('to_user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('reason_ct', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('requested_by', 'text', (c) => c.notNull())
          .addColumn('requested_at', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
        await db.schema
          .createIndex('transfers_open_uq')
          .on('transfers')
          .column('participant_id')
          .unique()
          .where(sql.ref('status'), '=', 'PENDING')
          .execute();
        await db.schema
          .createIndex('transfers_to_user_idx')
          .on('transfers')
          .columns(['to_user_id', 'status'])
          .execute();
      },
    },
    '0023_attendance_corrections': {
      async up(db: AnyDb) {
        // After attendance locks, whoever marks a session asks the head of section to correct one participant's
        // mark; she approves (the mark changes in the same unit of work) or declines, once. One open request per
        // session and participant: the partial unique index refuses a second while the first waits.
        await db.schema
          .createTable('attendance_corrections')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('session_id', 'text', (c) => c.notNull().references('sessions_schedule.id'))
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('status_before', 'text')
          .addColumn('status_wanted', 'text', (c) => c.notNull())
          .addColumn('reason_ct', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('requested_at', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
        await db.schema
          .createIndex('attendance_corrections_open_uq')
          .on('attendance_corrections')
          .columns(['session_id', 'participant_id'])
          .unique()
          .where(sql.ref('status'), '=', 'PENDING')
          .execute();
        await db.schema
          .createIndex('attendance_corrections_status_idx')
          .on('attendance_corrections')
          .columns(['status', 'requested_at'])
          .execute();
      },
    },
    '0021_approvals': {
      async up(db: AnyDb) {
        // Which role approves what (aid, budget), as the office names it; the default is the Kepala Bidang.
        await db.schema
          .createTable('approval_settings')
          .addColumn('kind', 'text', (c) => c.primaryKey())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
        const at = new Date().toISOString();
        await db
          .insertInto('approval_settings')
          .values([
            { kind: 'aid', role: 'head_of_division', updated_at: at },
            { kind: 'budget', role: 'head_of_division', updated_at: at },
          ])
          .execute();
        // A colleague acting for an approver (Plh./Plt.) for a period, by a numbered letter; revoked, never deleted.
        await db.schema
          .createTable('delegations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('delegator_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('delegate_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('starts_on', 'text', (c) => c.notNull())
          .addColumn('ends_on', 'text', (c) => c.notNull())
          .addColumn('letter_number', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .addColumn('revoked_by', 'text')
          .addCheckConstraint('delegations_period', sql`ends_on >= starts_on`)
          .addCheckConstraint('delegations_not_self', sql`delegate_id <> delegator_id`)
          .execute();
        await db.schema.createIndex('delegations_delegate_idx').on('delegations').column('delegate_id').execute();
        // The beneficiary decision (SK): one number per office, never two letters with one number.
        await db.schema
          .createTable('aid_decrees')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id'))
          .addColumn('number', 'text', (c) => c.notNull().unique())
          .addColumn('decree_date', 'text', (c) => c.notNull())
          .addColumn('signed_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('signatory_title', 'text', (c) => c.notNull())
          .addColumn('delegation_id', 'text', (c) => c.references('delegations.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.alterTable('allocations').addColumn('approved_delegation_id', 'text').execute();
        await db.schema.alterTable('allocations').addColumn('procurement_exception_delegation_id', 'text').execute();
        await db.schema.alterTable('allocations').addColumn('decree_id', 'text').execute();
        // Budget lines are proposed and approved by a second person; the lines already there stand as approved.
        await db.schema
          .alterTable('budget_lines')
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('APPROVED'))
          .execute();
        await db.schema.alterTable('budget_lines').addColumn('approved_by', 'text').execute();
        await db.schema.alterTable('budget_lines').addColumn('approved_at', 'text').execute();
        await db.schema.alterTable('budget_lines').addColumn('approved_delegation_id', 'text').execute();
        // What an actor may approve is read with her session (decision 013): a change to the setting or to a
        // delegation is signalled like a change to her account, so it applies to the next request.
        if (dialect === 'sqlite') {
          const bump = 'BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END';
          for (const table of ['approval_settings', 'delegations'])
            for (const op of ['INSERT', 'UPDATE', 'DELETE'])
              await sql
                .raw(
                  `CREATE TRIGGER auth_changed_${table}_${op.toLowerCase()} AFTER ${op} ON ${table} FOR EACH ROW ${bump}`,
                )
                .execute(db);
        } else {
          for (const table of ['approval_settings', 'delegations'])
            await sql
              .raw(
                `CREATE TRIGGER auth_changed_${table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION auth_changed()`,
              )
              .execute(db);
        }
      },
    },
    '0022_session_partners': {
      async up(db: AnyDb) {
        // A session (and so a weekly rule's sessions) can name the partner organisation that leads it and the
        // partner's person; whether the partner came and the session's short report are recorded afterwards.
        // Partner attendance: null = not recorded, 0 = absent, 1 = present.
        await db.schema
          .alterTable('sessions_schedule')
          .addColumn('partner_id', 'text', (c) => c.references('partners.id'))
          .execute();
        await db.schema.alterTable('sessions_schedule').addColumn('partner_person', 'text').execute();
        await db.schema.alterTable('sessions_schedule').addColumn('partner_attended', 'integer').execute();
        await db.schema.alterTable('sessions_schedule').addColumn('report', 'text').execute();
        await db.schema
          .createIndex('sessions_schedule_partner_idx')
          .on('sessions_schedule')
          .column('partner_id')
          .execute();
        // The venue's rent contract, sealed with the system key like the payment receipts (it names the owner).
        await db.schema.alterTable('venues').addColumn('contract_ct', 'text').execute();
        await db.schema.alterTable('venues').addColumn('contract_mime', 'text').execute();
      },
    },
    '0024_graduation_exceptions': {
      async up(db: AnyDb) {
        // How long after its confirmation a cohort's graduation may be reopened (the programme's setting). The
        // rule's own setting for excused absences lives in its JSON (completion_rule), absent meaning none.
        await db.schema
          .alterTable('programmes')
          .addColumn('graduation_reopen_days', 'integer', (c) => c.notNull().defaultTo(30))
          .execute();
        // The head of section grants one participant an exception to the completion rule, with a reason sealed
        // under her key; the office's approver of exceptions confirms or declines it, once, never her own. One
        // open or confirmed exception per enrolment: the partial unique index refuses a second.
        await db.schema
          .createTable('graduation_exceptions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id'))
          .addColumn('enrollment_id', 'text', (c) => c.notNull().references('enrollments.id'))
          .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('reason_ct', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('requested_at', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('decided_delegation_id', 'text', (c) => c.references('delegations.id'))
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
        await db.schema
          .createIndex('graduation_exceptions_live_uq')
          .on('graduation_exceptions')
          .column('enrollment_id')
          .unique()
          .where(sql.ref('status'), 'in', ['PENDING', 'CONFIRMED'])
          .execute();
        await db.schema
          .createIndex('graduation_exceptions_cohort_idx')
          .on('graduation_exceptions')
          .columns(['cohort_id', 'status'])
          .execute();
        await db.schema
          .createIndex('graduation_exceptions_status_idx')
          .on('graduation_exceptions')
          .columns(['status', 'requested_at'])
          .execute();
        // Each reopening of a confirmed graduation: who, when, which confirmation it undid, and why (sealed with
        // the system key: it may speak of participants).
        await db.schema
          .createTable('graduation_reopenings')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id'))
          .addColumn('confirmed_at', 'text', (c) => c.notNull())
          .addColumn('confirmed_by', 'text')
          .addColumn('reason_ct', 'text', (c) => c.notNull())
          .addColumn('reopened_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('reopened_at', 'text', (c) => c.notNull())
          .execute();
        // Corrections asked together for one session are decided together: each row names its request (batch);
        // a request made before is a request of its own.
        await db.schema.alterTable('attendance_corrections').addColumn('batch_id', 'text').execute();
        await db
          .updateTable('attendance_corrections')
          .set({ batch_id: sql.ref('id') })
          .execute();
        await db.schema
          .createIndex('attendance_corrections_batch_idx')
          .on('attendance_corrections')
          .columns(['batch_id', 'status'])
          .execute();
        // The office's approver of exceptions, by default the Kepala Bidang (like aid and the budget).
        await db
          .insertInto('approval_settings')
          .values({ kind: 'exception', role: 'head_of_division', updated_at: new Date().toISOString() })
          .execute();
      },
    },
    '0025_equipment_use': {
      async up(db: AnyDb) {
        // A follow-up visit records what became of the equipment handed over to her (in use, sold, broken, not
        // started) and which handover it speaks of; the note on it is sealed with the visit's other answers.
        await db.schema
          .alterTable('follow_up_visits')
          .addColumn('equipment_allocation_id', 'text', (c) => c.references('allocations.id'))
          .execute();
        await db.schema.alterTable('follow_up_visits').addColumn('equipment_use', 'text').execute();
        // The annual report finds each handover's first recorded use; the visit form asks whether there is one.
        await db.schema
          .createIndex('follow_up_visits_equipment_idx')
          .on('follow_up_visits')
          .columns(['equipment_allocation_id', 'date'])
          .execute();
      },
    },
    '0026_stage_rules': {
      async up(db: AnyDb) {
        // Which stage each event of the work enters: the office's practice (programme_id '') and any programme's
        // own rule beside it.
        await db.schema
          .createTable('stage_rules')
          .addColumn('programme_id', 'text', (c) => c.notNull())
          .addColumn('event', 'text', (c) => c.notNull())
          .addColumn('stage', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('stage_rules_pk', ['programme_id', 'event'])
          .execute();
        const at = new Date().toISOString();
        await db
          .insertInto('stage_rules')
          .values(
            Object.entries({
              registration: 'PENERIMAAN',
              assessment_approved: 'ASESMEN',
              plan_approved: 'RENCANA_INTERVENSI',
              enrolment: 'INTERVENSI',
              graduation: 'RESOSIALISASI_REINTEGRASI',
              handover: 'RESOSIALISASI_REINTEGRASI',
              closure_approved: 'TERMINASI',
              follow_up_after_closure: 'BIMBINGAN_LANJUT',
            }).map(([event, stage]) => ({ programme_id: '', event, stage, updated_at: at })),
          )
          .execute();
      },
    },
    '0027_effective_dates': {
      async up(db: AnyDb) {
        // The day a registration, an assessment and an enrolment happened, beside the time each was entered: an
        // office enters its paper backlog with the dates on paper, and reports count by them. Rows already there
        // happened when they were entered (the office's day of that instant; Indonesia keeps no summer time).
        const hours = ZONE_OFFSET_HOURS[OFFICE_ZONE];
        const day = (column: string) =>
          dialect === 'sqlite'
            ? sql.raw(`date(${column}, '+${hours} hours')`)
            : sql.raw(`to_char((${column})::timestamptz at time zone 'UTC' + interval '${hours} hours', 'YYYY-MM-DD')`);
        for (const [table, column, from] of [
          ['participants', 'registered_on', 'created_at'],
          ['assessments', 'assessed_on', 'assessed_at'],
          ['enrollments', 'enrolled_on', 'created_at'],
        ] as const) {
          await db.schema.alterTable(table).addColumn(column, 'text').execute();
          await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${day(from)}`.execute(db);
        }
        await db.schema
          .createIndex('participants_registered_on_idx')
          .on('participants')
          .column('registered_on')
          .execute();
        await db.schema.createIndex('assessments_assessed_on_idx').on('assessments').column('assessed_on').execute();
      },
    },
    '0028_plan_approved_on': {
      async up(db: AnyDb) {
        // The day a case plan was approved, as it happened (approved_at stays the time it was entered). Plans
        // already approved were approved on the office's day of that instant.
        const hours = ZONE_OFFSET_HOURS[OFFICE_ZONE];
        const day =
          dialect === 'sqlite'
            ? sql.raw(`date(approved_at, '+${hours} hours')`)
            : sql.raw(
                `to_char((approved_at)::timestamptz at time zone 'UTC' + interval '${hours} hours', 'YYYY-MM-DD')`,
              );
        await db.schema.alterTable('case_plans').addColumn('approved_on', 'text').execute();
        await sql`UPDATE case_plans SET approved_on = ${day} WHERE approved_at IS NOT NULL`.execute(db);
      },
    },
    '0029_duplicate_reviews': {
      async up(db: AnyDb) {
        // A registration whose NIK belongs to a participant the registering person may not see is answered as a
        // new one and held for review: the head of section of the other record's region decides whether they are
        // the same woman. One review per held record; the pending ones are her queue.
        await db.schema
          .createTable('duplicate_reviews')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('held_participant_id', 'text', (c) => c.notNull().unique().references('participants.id'))
          .addColumn('existing_participant_id', 'text', (c) => c.notNull().references('participants.id'))
          .addColumn('region_code', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('requested_by', 'text', (c) => c.notNull())
          .addColumn('requested_at', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('reason', 'text')
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('duplicate_reviews_pending_idx')
          .on('duplicate_reviews')
          .columns(['status', 'region_code'])
          .execute();
      },
    },
    '0030_rights_request_workflow': {
      async up(db: AnyDb) {
        // A data-subject request becomes a workflow: opened (handled_by: who received it), approved or refused by a
        // head of section (decided_*), carried out once by an administrator (carried_out_by, completed_at). Rows
        // written before are log entries of acts already done (outcome COMPLETED or REFUSED).
        await db.schema.alterTable('rights_requests').addColumn('decided_by', 'text').execute();
        await db.schema.alterTable('rights_requests').addColumn('decided_at', 'text').execute();
        await db.schema.alterTable('rights_requests').addColumn('carried_out_by', 'text').execute();
        await db.schema
          .createIndex('rights_requests_participant_idx')
          .on('rights_requests')
          .column('participant_id')
          .execute();
        // One open request of a kind per participant, however many people open one at the same moment.
        await db.schema
          .createIndex('rights_requests_open_idx')
          .on('rights_requests')
          .columns(['participant_id', 'kind'])
          .unique()
          .where(sql.ref('outcome'), 'in', ['PENDING', 'APPROVED'])
          .execute();
      },
    },
    '0031_account_approvals': {
      async up(db: AnyDb) {
        // An account that may read cases waits for a second person. A request names the account, the role and
        // regions it would get (account_request_regions) and who asked; an approver decides it once. Accounts made
        // without one (the first head of section of a province, the server console) are rows too (status DIRECT),
        // shown on start pages until each administrator and head of section has acknowledged them.
        await db.schema
          .createTable('account_requests')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('province', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('previous_role', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('requested_by', 'text')
          .addColumn('requested_at', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('reason', 'text')
          .addColumn('ordinal', 'integer', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
        // Numbered per account, in the order they were made (every writer of an account locks its row first).
        await db.schema
          .createIndex('account_requests_user_ordinal_uq')
          .on('account_requests')
          .columns(['user_id', 'ordinal'])
          .unique()
          .execute();
        await db.schema
          .createTable('account_request_regions')
          .addColumn('request_id', 'text', (c) => c.notNull().references('account_requests.id'))
          .addColumn('region_code', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('account_request_regions_pk', ['request_id', 'region_code'])
          .execute();
        // One waiting request per account, whoever sends the second.
        await db.schema
          .createIndex('account_requests_open_uq')
          .on('account_requests')
          .column('user_id')
          .unique()
          .where(sql.ref('status'), '=', 'PENDING')
          .execute();
        // The administrator's exception for the first head of section: once per province, ever.
        await db.schema
          .createIndex('account_requests_first_uq')
          .on('account_requests')
          .column('province')
          .unique()
          .where(sql.ref('kind'), '=', 'FIRST_APPROVER')
          .execute();
        await db.schema
          .createIndex('account_requests_status_idx')
          .on('account_requests')
          .columns(['status', 'requested_at'])
          .execute();
        await db.schema
          .createTable('account_notice_acks')
          .addColumn('request_id', 'text', (c) => c.notNull().references('account_requests.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('account_notice_acks_pk', ['request_id', 'user_id'])
          .execute();
      },
    },
    '0035_audit_subjects': {
      async up(db: AnyDb) {
        // Who an audit entry names in its detail (participantId, participantIds …: a list she appeared in, a paper
        // that printed her name): one row per participant and entry, so her access report finds them by index
        // instead of reading every entry's JSON. Filled by a trigger on every append, whoever appends; an entry
        // about her record itself (resource participant) is found by the log's resource index and adds no row.
        // The keys are the audit reader's (participantIdsOf: any key with "participant" in it, case-blind).
        await db.schema
          .createTable('audit_subjects')
          .addColumn('participant_id', 'text', (c) => c.notNull())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('audit_subjects_pk', ['participant_id', 'seq'])
          .execute();
        if (dialect === 'sqlite') {
          // SQLite has no lateral join: the entry's table (the log, or none for the trigger's NEW row) comes first.
          const subjects = (from: string, seq: string, detail: string) => `
            SELECT DISTINCT v.value, ${seq}
            FROM ${from} json_each(CASE WHEN json_valid(${detail}) THEN ${detail} ELSE '{}' END) AS k,
                 json_each(CASE WHEN k.type = 'array' THEN k.value ELSE json_array(k.value) END) AS v
            WHERE k.key LIKE '%participant%' AND k.type IN ('array', 'text') AND v.type = 'text' AND v.value <> ''`;
          await sql
            .raw(`INSERT OR IGNORE INTO audit_subjects (participant_id, seq)
                  ${subjects('audit_log AS a,', 'a.seq', 'a.detail')} AND a.detail LIKE '%participant%'`)
            .execute(db);
          await sql
            .raw(`CREATE TRIGGER audit_log_subjects AFTER INSERT ON audit_log
                  WHEN NEW.detail LIKE '%participant%'
                  BEGIN INSERT OR IGNORE INTO audit_subjects (participant_id, seq) ${subjects('', 'NEW.seq', 'NEW.detail')}; END`)
            .execute(db);
          await sql`CREATE TRIGGER audit_subjects_no_update BEFORE UPDATE ON audit_subjects
                    BEGIN SELECT RAISE(ABORT, 'audit_subjects is append-only'); END`.execute(db);
          await sql`CREATE TRIGGER audit_subjects_no_delete BEFORE DELETE ON audit_subjects
                    BEGIN SELECT RAISE(ABORT, 'audit_subjects is append-only'); END`.execute(db);
        } else {
          const subjects = (seq: string, detail: string) => `
            SELECT DISTINCT ids.v, ${seq}
            FROM jsonb_each(CASE WHEN jsonb_typeof(${detail}::jsonb) = 'object' THEN ${detail}::jsonb ELSE '{}' END)
                   AS k(key, value)
            CROSS JOIN LATERAL (
              SELECT jsonb_array_elements_text(k.value) AS v WHERE jsonb_typeof(k.value) = 'array'
              UNION ALL SELECT k.value #>> '{}' WHERE jsonb_typeof(k.value) = 'string'
            ) AS ids
            WHERE k.key ~* 'participant' AND ids.v IS NOT NULL AND ids.v <> ''`;
          await sql
            .raw(`INSERT INTO audit_subjects (participant_id, seq)
                  SELECT s.* FROM audit_log AS a CROSS JOIN LATERAL (${subjects('a.seq', 'a.detail')}) AS s
                  WHERE a.detail ~* 'participant'
                  ON CONFLICT DO NOTHING`)
            .execute(db);
          // SECURITY DEFINER: the row is written with the owner's rights, so the application's role needs no
          // write grant on the table; the search path is fixed to the schema the migration ran in.
          await sql
            .raw(`CREATE OR REPLACE FUNCTION audit_subjects_of() RETURNS trigger AS $$
                  BEGIN
                    INSERT INTO audit_subjects (participant_id, seq) ${subjects('NEW.seq', 'NEW.detail')}
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                  END; $$ LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT`)
            .execute(db);
          await sql`CREATE TRIGGER audit_log_subjects AFTER INSERT ON audit_log FOR EACH ROW
                    WHEN (NEW.detail ~* 'participant') EXECUTE FUNCTION audit_subjects_of()`.execute(db);
          await sql`CREATE OR REPLACE FUNCTION audit_subjects_append_only() RETURNS trigger AS $$
                    BEGIN RAISE EXCEPTION 'audit_subjects is append-only'; END; $$ LANGUAGE plpgsql`.execute(db);
          await sql`CREATE TRIGGER audit_subjects_no_change BEFORE UPDATE OR DELETE ON audit_subjects
                    FOR EACH ROW EXECUTE FUNCTION audit_subjects_append_only()`.execute(db);
          await sql`CREATE TRIGGER audit_subjects_no_truncate BEFORE TRUNCATE ON audit_subjects
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_subjects_append_only()`.execute(db);
        }
      },
    },
    '0036_participants_registered_order': {
      async up(db: AnyDb) {
        // The participant search ordered by registration day (`registeredOn`, either way; the code breaks ties):
        // a caseworker's scope is her kabupaten/kota (region_code = …), so within one region the index gives the
        // page in order and the search reads only its rows instead of sorting every participant of the region.
        // The same on both databases (PostgreSQL reads it backwards for the descending order).
        await db.schema
          .createIndex('participants_region_registered_idx')
          .on('participants')
          .columns(['region_code', 'registered_on', 'code'])
          .execute();
      },
    },
    '0037_field_devices': {
      async up(db: AnyDb) {
        // Field mode: a phone a caseworker or facilitator registers as her own, to hold an encrypted cache of her
        // next days' work and an outbox of what she records without a signal (decision 040). The server keeps the
        // key it releases to the device (sealed) and the hash of the device's token, with which a device that has
        // no session any more still learns that it must erase its cache (revoked, account deactivated).
        await db.schema
          .createTable('field_devices')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('label', 'text', (c) => c.notNull())
          /** ACTIVE, REVOKED (by her or a head of section; the key is no longer released), ERASED (reported). */
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('server_key_ct', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_contact_at', 'text')
          .addColumn('filled_at', 'text')
          /** What the cache holds, as counts only (JSON): shown on her account page. */
          .addColumn('held', 'text')
          .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
          .addColumn('revoked_at', 'text')
          .addColumn('erased_at', 'text')
          .addColumn('erase_reason', 'text')
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
        await db.schema
          .createIndex('field_devices_account_idx')
          .on('field_devices')
          .columns(['account_id', 'status'])
          .execute();
        // The conflicts a device's outbox holds, as the device last reported them: kind and age, no content.
        await db.schema
          .createTable('field_conflicts')
          .addColumn('device_id', 'text', (c) => c.notNull().references('field_devices.id'))
          .addColumn('item_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('opened_at', 'text', (c) => c.notNull())
          .addColumn('reported_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('field_conflicts_pk', ['device_id', 'item_id'])
          .execute();
        await db.schema.createIndex('field_conflicts_opened_idx').on('field_conflicts').column('opened_at').execute();
        // Attendance taken on a device is based on the register as the device last saw it: the session's
        // attendance version (If-Match on the register), raised by every change of its marks.
        await db.schema
          .alterTable('sessions_schedule')
          .addColumn('attendance_version', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0038_audit_partitions': m0038(dialect),
    '0039_province_keys': m0039(dialect),
    '0041_national_indexes': m0041(dialect),
    '0042_province_transfers': m0042(dialect),
    '0043_pending_work_indexes': m0043(dialect),
    '0044_cohort_report_indexes': m0044(dialect),
    '0045_follow_up_state': m0045(dialect),
    '0046_overdue_follow_ups_index': m0046(dialect),
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations() {
    return migrations(this.dialect);
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  // On PostgreSQL, name our schema: Kysely otherwise finds its bookkeeping tables in any schema of the
  // database (another instance's, another test run's) and skips creating them in ours.
  let migrationTableSchema: string | undefined;
  if (db.dialect === 'postgres') {
    const row = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely);
    migrationTableSchema = row.rows[0]?.schema;
  }
  const migrator = new Migrator({ db: db.kysely, provider: new InCodeProvider(db.dialect), migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Every migration's name, in the order the migrator applies them (by name): what a current database has recorded. */
export function migrationNames(dialect: DialectName): string[] {
  return Object.keys(migrations(dialect)).sort();
}
