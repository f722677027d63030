// Importing an existing participant list: a dry run validates every row (the API's own rules, NIK checks,
// regions, duplicates by blind index) and names row and column of each problem; the commit then registers
// all rows in one transaction or none. Rows already registered are skipped, so a re-run adds nobody.
import { createHash, randomUUID } from 'node:crypto';
import type { RepoCore } from './repo.ts';
import type { ParticipantStore } from './participants.ts';
import { AppError, notFound } from '../errors.ts';
import { openText, seal } from '../crypto/seal.ts';
import { nameDobIndex, nikIndex } from '../crypto/blind-index.ts';
import { participantCreateBody, type ParticipantCreateBody } from '../../shared/participants-api.ts';
import { IMPORT_FIELDS, type ImportField } from '../../shared/import-api.ts';
import { checkNik } from '../../shared/nik.ts';
import type { ParsedSheet } from '../modules/imports/parse.ts';

type RowError = { row: number; column: string; message: string };

export class ImportStore {
  constructor(
    private readonly c: RepoCore,
    private readonly participants: ParticipantStore,
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
    for (const [purpose, field] of [['PARTICIPATION', 'consentParticipation'], ['DATA_PROCESSING', 'consentDataProcessing']] as const) {
      const date = v(field);
      if (date) consents.push({ purpose, method: v('consentMethod') ?? 'SIGNED_FORM', explainedBy: v('consentExplainedBy') ?? '', language: v('consentLanguage') ?? 'id', givenAt: date });
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
    };
  }

  async validate(file: Buffer, sheet: ParsedSheet, mapping: Partial<Record<ImportField, string>>) {
    this.c.check('import.run');
    const col = (f: ImportField) => mapping[f] ?? f;
    const fieldOfPath = (path: PropertyKey[]): string => {
      const key = String(path[path.length - 1] ?? '');
      if (path[0] === 'consents') return col(path[2] === 'givenAt' || path.length < 3 ? 'consentParticipation' : 'consentExplainedBy');
      return col((IMPORT_FIELDS as readonly string[]).includes(key) ? (key as ImportField) : 'fullName');
    };
    const errors: RowError[] = [];
    const skipped: { row: number; reason: string }[] = [];
    const valid: ParticipantCreateBody[] = [];
    const seenNik = new Map<string, number>();
    for (const [i, raw] of sheet.rows.entries()) {
      const rowNo = i + 2;
      const body = this.toBody(raw, col);
      const parsed = participantCreateBody.safeParse(body);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) errors.push({ row: rowNo, column: fieldOfPath(issue.path), message: issue.message });
        continue;
      }
      const b = parsed.data;
      try {
        this.participants.prepareCreate(b);
      } catch (err) {
        if (err instanceof AppError) {
          if (err.code === 'consent_required') errors.push({ row: rowNo, column: col('consentParticipation'), message: 'Consent to take part and to data processing is required' });
          else if (Array.isArray(err.details)) for (const d of err.details as { field: string; message: string }[]) errors.push({ row: rowNo, column: d.field.includes('nik') ? col('nik') : col('regionCode'), message: d.message });
          else errors.push({ row: rowNo, column: col('regionCode'), message: err.message });
          continue;
        }
        throw err;
      }
      const nik = b.identity.nik ? checkNik(b.identity.nik) : null;
      if (nik?.ok) {
        const prior = seenNik.get(nik.parts.normalised);
        if (prior) {
          errors.push({ row: rowNo, column: col('nik'), message: `The same NIK as row ${prior}` });
          continue;
        }
        seenNik.set(nik.parts.normalised, rowNo);
      }
      const reason = await this.alreadyRegistered(b);
      if (reason) skipped.push({ row: rowNo, reason });
      valid.push(b);
    }
    const id = randomUUID();
    const now = this.c.s.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('imports')
        .values({
          id,
          created_by: this.c.actor?.id ?? 'system',
          file_hash: createHash('sha256').update(file).digest('hex'),
          status: errors.length ? 'INVALID' : 'VALIDATED',
          total_rows: sheet.rows.length,
          processed_rows: 0,
          rows_ct: seal(this.sealKey(), this.c.s.keys.kekId, JSON.stringify(errors.length ? [] : valid), `imports|rows|${id}`),
          errors: JSON.stringify({ errors, skipped }),
          result: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await this.c.s.audit.appendInTx(trx, [this.c.event({ action: 'import.validate', resourceType: 'import', resourceId: id, outcome: errors.length ? 'failure' : 'success', detail: { rows: sheet.rows.length, errors: errors.length, skipped: skipped.length } })]);
    });
    return this.get(id);
  }

  private async alreadyRegistered(b: ParticipantCreateBody): Promise<string | null> {
    const nik = b.identity.nik ? checkNik(b.identity.nik) : null;
    if (nik?.ok && (await this.db.selectFrom('participants').select('id').where('nik_index', '=', nikIndex(this.c.s.keys, nik.parts.normalised)).executeTakeFirst())) return 'already registered (same NIK)';
    if (!nik && (await this.db.selectFrom('participants').select('id').where('name_dob_index', '=', nameDobIndex(this.c.s.keys, b.identity.fullName, b.identity.birthDate)).executeTakeFirst())) return 'already registered (same name and birth date)';
    return null;
  }

  async get(id: string) {
    this.c.check('import.run');
    const row = await this.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (this.c.actor && row.created_by !== this.c.actor.id)) throw notFound();
    const { errors, skipped } = JSON.parse(row.errors) as { errors: RowError[]; skipped: { row: number; reason: string }[] };
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

  /** All rows or none: one transaction. Rows registered meanwhile are skipped, never duplicated. */
  async commit(id: string) {
    const current = await this.get(id);
    if (current.status !== 'VALIDATED') throw new AppError('conflict', 409, current.status === 'INVALID' ? 'Fix the rows with errors and upload the file again' : 'This import was already committed', { reason: String(current.status).toLowerCase() });
    const row = await this.db.selectFrom('imports').select('rows_ct').where('id', '=', id).executeTakeFirstOrThrow();
    const bodies = JSON.parse(openText(this.sealKey(), row.rows_ct, `imports|rows|${id}`)) as ParticipantCreateBody[];
    let created = 0;
    let skipped = 0;
    await this.db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable('imports').set({ status: 'COMMITTED', updated_at: this.c.s.clock.now().toISOString() }).where('id', '=', id).where('status', '=', 'VALIDATED').executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('conflict', 409, 'This import was already committed', { reason: 'committed' });
      for (const b of bodies) {
        const ctx = this.participants.prepareCreate({ ...b, acknowledgeDuplicates: true });
        const dupNik = ctx.nikIdx ? await trx.selectFrom('participants').select('id').where('nik_index', '=', ctx.nikIdx).executeTakeFirst() : undefined;
        const dupName = !ctx.nikIdx ? await trx.selectFrom('participants').select('id').where('name_dob_index', '=', ctx.dupIdx).executeTakeFirst() : undefined;
        if (dupNik || dupName) {
          skipped += 1;
          continue;
        }
        await this.participants.insertInTx(trx, { ...b, acknowledgeDuplicates: true }, ctx);
        created += 1;
      }
      await trx.updateTable('imports').set({ processed_rows: bodies.length, result: JSON.stringify({ created, skipped }), rows_ct: seal(this.sealKey(), this.c.s.keys.kekId, '[]', `imports|rows|${id}`) }).where('id', '=', id).execute();
      await this.c.s.audit.appendInTx(trx, [this.c.event({ action: 'import.commit', resourceType: 'import', resourceId: id, outcome: 'success', detail: { created, skipped } })]);
    });
    return this.get(id);
  }
}
