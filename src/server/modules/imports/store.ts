// Importing an existing participant list: a dry run validates every row (the API's own rules, NIK checks,
// regions, duplicates by blind index) and names row and column of each problem; the commit then registers
// all rows in one transaction or none. Rows already registered are skipped, so a re-run adds nobody.
import { createHash, randomUUID } from 'node:crypto';
import type { RepoCore } from '../../kernel/context.ts';
import { AppError, notFound } from '../../errors.ts';
import { openText, seal } from '../../crypto/seal.ts';
import { nameDobIndex, nikIndex } from '../../crypto/blind-index.ts';
import { participantCreateBody, type ParticipantCreateBody } from '../../../shared/participants-api.ts';
import { IMPORT_FIELDS, type ImportField } from '../../../shared/import-api.ts';
import { checkNik } from '../../../shared/nik.ts';
import { issueFromZod, type FieldIssue, type ImportRowIssue, type ImportSkipReason } from '../../../shared/messages.ts';
import type { ParsedSheet } from './parse.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuditEvent } from '../../audit/events.ts';
import { transact } from '../../db/write.ts';

/** A row's problem: a catalogue code with its params (the web words it) and an English sentence for API users. */
type RowError = ImportRowIssue;
type Skipped = { row: number; code: ImportSkipReason; reason: string };

/**
 * What an import needs of the register of participants: a registration's checks without the database, and many
 * registrations in one transaction (the repository hands the register's store in: a feature below).
 */
export interface Registrar {
  prepareCreate(input: ParticipantCreateBody): unknown;
  insertManyInTx(
    trx: Transaction<Database>,
    items: { input: ParticipantCreateBody; ctx: unknown }[],
    opts: { sameNameDob: 'skip' | 'allow'; extraEvents?: (created: number, skipped: number) => AuditEvent[] },
  ): Promise<{ created: { id: string; code: string }[]; skipped: number }>;
}

export class ImportStore {
  constructor(
    private readonly c: RepoCore,
    private readonly participants: Registrar,
  ) {}

  private get db() {
    return this.c.db;
  }
  private sealKey() {
    return this.c.s.keys.subkey('system-secrets');
  }

  /** Builds the registration a row asks for; `col` names the file's column of each field. */
  private toBody(row: Record<string, string>, col: (f: ImportField) => string) {
    const v = (f: ImportField) => {
      const x = row[col(f)];
      return x === undefined || x === '' ? undefined : x;
    };
    const consents = [];
    for (const [purpose, field] of [
      ['PARTICIPATION', 'consentParticipation'],
      ['DATA_PROCESSING', 'consentDataProcessing'],
    ] as const) {
      const date = v(field);
      if (date)
        consents.push({
          purpose,
          method: v('consentMethod') ?? 'SIGNED_FORM',
          explainedBy: v('consentExplainedBy') ?? '',
          language: v('consentLanguage') ?? 'id',
          givenAt: date,
        });
    }
    return {
      regionCode: v('regionCode'),
      category: v('category'),
      referralSource: v('referralSource'),
      participationBasis: v('participationBasis') ?? 'SUKARELA',
      identity: {
        fullName: v('fullName'),
        preferredName: v('preferredName'),
        nik: v('nik'),
        noNikReason: v('noNikReason'),
        birthDate: v('birthDate'),
        sex: v('sex'),
        address: v('address'),
        phone: v('phone'),
      },
      consents,
      registeredOn: v('registeredOn'),
    };
  }

  async validate(file: Buffer, sheet: ParsedSheet, mapping: Partial<Record<ImportField, string>>) {
    this.c.check('import.run');
    const col = (f: ImportField) => mapping[f] ?? f;
    const fieldOfPath = (path: PropertyKey[]): string => {
      const key = String(path[path.length - 1] ?? '');
      if (path[0] === 'consents')
        return col(path[2] === 'givenAt' || path.length < 3 ? 'consentParticipation' : 'consentExplainedBy');
      return col((IMPORT_FIELDS as readonly string[]).includes(key) ? (key as ImportField) : 'fullName');
    };
    const errors: RowError[] = [];
    const skipped: Skipped[] = [];
    const valid: ParticipantCreateBody[] = [];
    const seenNik = new Map<string, number>();
    const toCheck: { row: number; nikIdx: string | null; dupIdx: string | null }[] = [];
    for (const [i, raw] of sheet.rows.entries()) {
      const rowNo = i + 2;
      const body = this.toBody(raw, col);
      const parsed = participantCreateBody.safeParse(body);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          errors.push({ row: rowNo, column: fieldOfPath(issue.path), ...issueFromZod(issue), message: issue.message });
        continue;
      }
      const b = parsed.data;
      try {
        this.participants.prepareCreate(b);
      } catch (err) {
        if (err instanceof AppError) {
          if (err.code === 'consent_required')
            errors.push({
              row: rowNo,
              column: col('consentParticipation'),
              code: 'consent_required',
              message: 'Consent to take part and to data processing is required',
            });
          else if (Array.isArray(err.details))
            for (const d of err.details as readonly FieldIssue[])
              errors.push({
                row: rowNo,
                column: d.field.includes('nik')
                  ? col('nik')
                  : d.field.includes('registeredOn')
                    ? col('registeredOn')
                    : d.field.includes('givenAt')
                      ? col('consentParticipation')
                      : col('regionCode'),
                code: d.code,
                ...(d.params ? { params: d.params } : {}),
                message: d.message ?? err.message,
              });
          else
            errors.push({
              row: rowNo,
              column: col('regionCode'),
              code: err.code === 'forbidden' || err.code === 'forbidden_region' ? 'region_not_allowed' : err.code,
              message: err.message,
            });
          continue;
        }
        throw err;
      }
      const nik = b.identity.nik ? checkNik(b.identity.nik) : null;
      if (nik?.ok) {
        const prior = seenNik.get(nik.parts.normalised);
        if (prior) {
          errors.push({
            row: rowNo,
            column: col('nik'),
            code: 'same_nik_as_row',
            params: { row: prior },
            message: `The same NIK as row ${prior}`,
          });
          continue;
        }
        seenNik.set(nik.parts.normalised, rowNo);
      }
      toCheck.push({
        row: rowNo,
        nikIdx: nik?.ok ? nikIndex(this.c.s.keys, nik.parts.normalised) : null,
        dupIdx: nik ? null : nameDobIndex(this.c.s.keys, b.identity.fullName, b.identity.birthDate),
      });
      valid.push(b);
    }
    // Already registered: looked up for all rows at once (a few IN queries), reported in row order.
    const niks = await this.existing(
      'nik_index',
      toCheck.flatMap((r) => (r.nikIdx ? [r.nikIdx] : [])),
    );
    const names = await this.existing(
      'name_dob_index',
      toCheck.flatMap((r) => (r.dupIdx ? [r.dupIdx] : [])),
    );
    for (const r of toCheck) {
      if (r.nikIdx && niks.has(r.nikIdx))
        skipped.push({ row: r.row, code: 'already_registered_nik', reason: 'already registered (same NIK)' });
      else if (r.dupIdx && names.has(r.dupIdx))
        skipped.push({
          row: r.row,
          code: 'already_registered_name_dob',
          reason: 'already registered (same name and birth date)',
        });
    }
    const id = randomUUID();
    const now = this.c.s.clock.now().toISOString();
    await transact(this.db, async (trx) => {
      await trx
        .insertInto('imports')
        .values({
          id,
          created_by: this.c.actor?.id ?? 'system',
          file_hash: createHash('sha256').update(file).digest('hex'),
          status: errors.length ? 'INVALID' : 'VALIDATED',
          total_rows: sheet.rows.length,
          processed_rows: 0,
          rows_ct: seal(
            this.sealKey(),
            this.c.s.keys.kekId,
            JSON.stringify(errors.length ? [] : valid),
            `imports|rows|${id}`,
          ),
          errors: JSON.stringify({ errors, skipped }),
          result: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'import.validate',
        resourceType: 'import',
        resourceId: id,
        outcome: errors.length ? 'failure' : 'success',
        detail: { rows: sheet.rows.length, errors: errors.length, skipped: skipped.length },
      });
    });
    return this.get(id);
  }

  /**
   * Which of these blind indexes belong to participants the importer may see (the one scope filter): a match
   * outside her scope is reported as nothing at all, so a dry run cannot tell whether a NIK is known elsewhere.
   */
  private async existing(column: 'nik_index' | 'name_dob_index', values: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const unique = [...new Set(values)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.c
        .scoped(
          'participant',
          this.db
            .selectFrom('participants as p')
            .select(`p.${column}` as const)
            .where(`p.${column}`, 'in', unique.slice(i, i + 500)),
          { id: 'p.id', region: 'p.region_code' },
        )
        .execute();
      for (const r of rows) if (r[column]) found.add(r[column]);
    }
    return found;
  }

  async get(id: string) {
    this.c.check('import.run');
    const row = await this.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (this.c.actor && row.created_by !== this.c.actor.id)) throw notFound();
    const { errors, skipped } = JSON.parse(row.errors) as {
      errors: RowError[];
      skipped: Skipped[];
    };
    return {
      id: row.id,
      status: row.status as 'VALIDATED' | 'INVALID' | 'COMMITTED',
      totalRows: row.total_rows,
      processedRows: row.processed_rows,
      errors,
      skipped,
      result: row.result ? (JSON.parse(row.result) as { created: number; skipped: number }) : null,
    };
  }

  /** The headers and row count of a file, so the user can map its columns; nothing is stored or checked yet. */
  preview(sheet: ParsedSheet) {
    this.c.check('import.run');
    return { headers: sheet.headers.filter((h) => h !== ''), totalRows: sheet.rows.length };
  }

  // ------------------------------------------------------------------ saved column mappings
  // Shared by everyone who imports (the office's lists come in a few layouts). They hold field → header
  // pairs only, never a value from a row; saving under an existing name replaces that mapping.

  async listMappings() {
    this.c.check('import.run');
    const rows = await this.db
      .selectFrom('import_mappings as m')
      .leftJoin('users as u', 'u.id', 'm.updated_by')
      .select(['m.id', 'm.name', 'm.mapping', 'm.updated_at', 'u.username'])
      .orderBy('m.name_key')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      mapping: JSON.parse(r.mapping) as Partial<Record<ImportField, string>>,
      updatedBy: r.username ?? null,
      updatedAt: r.updated_at,
    }));
  }

  async saveMapping(name: string, mapping: Partial<Record<ImportField, string>>) {
    this.c.check('import.run');
    const clean = Object.fromEntries(
      IMPORT_FIELDS.filter((f) => mapping[f] !== undefined).map((f) => [f, mapping[f]!]),
    );
    const key = name.toLocaleLowerCase('id-ID');
    const now = this.c.now();
    const by = this.c.actorId();
    const id = await transact(this.db, async (trx) => {
      const existing = await trx
        .selectFrom('import_mappings')
        .select('id')
        .where('name_key', '=', key)
        .executeTakeFirst();
      const mappingId = existing?.id ?? randomUUID();
      if (existing) {
        await trx
          .updateTable('import_mappings')
          .set({ name, mapping: JSON.stringify(clean), updated_by: by, updated_at: now })
          .where('id', '=', mappingId)
          .execute();
      } else {
        await trx
          .insertInto('import_mappings')
          .values({
            id: mappingId,
            name,
            name_key: key,
            mapping: JSON.stringify(clean),
            created_by: by,
            updated_by: by,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      await this.c.auditInTx(trx, {
        action: 'import.mapping_save',
        resourceType: 'import_mapping',
        resourceId: mappingId,
        outcome: 'success',
        detail: { fields: Object.keys(clean), replaced: !!existing },
      });
      return mappingId;
    });
    const saved = (await this.listMappings()).find((m) => m.id === id);
    if (!saved) throw notFound();
    return saved;
  }

  async deleteMapping(id: string) {
    this.c.check('import.run');
    await transact(this.db, async (trx) => {
      const gone = await trx.deleteFrom('import_mappings').where('id', '=', id).executeTakeFirst();
      if (Number(gone.numDeletedRows) !== 1) throw notFound();
      await this.c.auditInTx(trx, {
        action: 'import.mapping_delete',
        resourceType: 'import_mapping',
        resourceId: id,
        outcome: 'success',
      });
    });
  }

  /** All rows or none: one transaction. Rows registered meanwhile are skipped, never duplicated. */
  async commit(id: string) {
    const current = await this.get(id);
    if (current.status !== 'VALIDATED')
      throw new AppError(
        current.status === 'INVALID' ? 'import_invalid' : 'import_committed',
        409,
        current.status === 'INVALID'
          ? 'Fix the rows with errors and upload the file again'
          : 'This import was already committed',
      );
    const row = await this.db.selectFrom('imports').select('rows_ct').where('id', '=', id).executeTakeFirstOrThrow();
    const bodies = JSON.parse(openText(this.sealKey(), row.rows_ct, `imports|rows|${id}`)) as ParticipantCreateBody[];
    let created = 0;
    let skipped = 0;
    // The checks and blind indexes need no database: done before the transaction takes the connection.
    const items = bodies.map((b) => {
      const input = { ...b, acknowledgeDuplicates: true };
      return { input, ctx: this.participants.prepareCreate(input) };
    });
    await transact(this.db, async (trx) => {
      const claimed = await trx
        .updateTable('imports')
        .set({ status: 'COMMITTED', updated_at: this.c.s.clock.now().toISOString() })
        .where('id', '=', id)
        .where('status', '=', 'VALIDATED')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1)
        throw new AppError('import_committed', 409, 'This import was already committed');
      // One batch: a few multi-row statements and one audit append (her creation, each of them, then the import's).
      const done = await this.participants.insertManyInTx(trx, items, {
        sameNameDob: 'skip',
        extraEvents: (c, s) => [
          this.c.event({
            action: 'import.commit',
            resourceType: 'import',
            resourceId: id,
            outcome: 'success',
            detail: { created: c, skipped: s },
          }),
        ],
      });
      created = done.created.length;
      skipped = done.skipped;
      await trx
        .updateTable('imports')
        .set({
          processed_rows: bodies.length,
          result: JSON.stringify({ created, skipped }),
          rows_ct: seal(this.sealKey(), this.c.s.keys.kekId, '[]', `imports|rows|${id}`),
        })
        .where('id', '=', id)
        .execute();
    });
    return this.get(id);
  }
}
