// Case notes, sealed under her data key; an edit keeps the previous text as a revision. Who may read which note
// is the policy's (noteScope: a psychological note only by its author and the psychologists assigned to her).
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, ParticipantsTable } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { ParticipantAccess } from '../../kernel/participant-access.ts';
import type { Action } from '../../policy/index.ts';
import { AppError, notFound } from '../../errors.ts';
import { transact, updateVersioned } from '../../db/write.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export class NoteStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  private noteQuery(participantId: string, exec: Executor = this.db) {
    const q = exec
      .selectFrom('notes as n')
      .leftJoin('users as u', 'u.id', 'n.author_id')
      .select([
        'n.id',
        'n.type',
        'n.body_ct',
        'n.author_id',
        'n.created_at',
        'n.updated_at',
        'n.version',
        'u.username as author',
      ])
      .where('n.participant_id', '=', participantId);
    // Psychological notes: the author, and psychologists assigned to her; nobody else learns they exist.
    return this.c.scoped('note', q, { type: 'n.type', author: 'n.author_id', participant: 'n.participant_id' });
  }

  private async presentNotes(
    row: ParticipantsTable,
    notes: {
      id: string;
      type: string;
      body_ct: string;
      author_id: string;
      created_at: string;
      updated_at: string;
      version: number;
      author: string | null;
    }[],
  ) {
    const key = this.people.key(row);
    return notes.map((n) => ({
      id: n.id,
      type: n.type,
      body: key.openText('notes', 'body', n.id, n.body_ct),
      author: n.author,
      authorId: n.author_id,
      createdAt: n.created_at,
      updatedAt: n.updated_at,
      version: n.version,
      revisions: n.version - 1,
    }));
  }

  async listNotes(id: string) {
    const { row } = await this.people.loadFor(this.db, id, 'note.list');
    const notes = await this.noteQuery(id).orderBy('n.created_at', 'desc').execute();
    await this.people.readAudited(id, 'note.list', { count: notes.length });
    return this.presentNotes(row, notes);
  }

  async createNote(id: string, type: string, body: string) {
    return transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(
        trx,
        id,
        type === 'PSYCHOLOGICAL' ? 'note.create_psychological' : 'note.create',
      );
      const noteId = randomUUID();
      const now = this.c.now();
      const actorId = this.c.actorId();
      await trx
        .insertInto('notes')
        .values({
          id: noteId,
          participant_id: id,
          type,
          body_ct: this.people.key(row).seal('notes', 'body', noteId, body),
          author_id: actorId,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      await this.people.changeAudited(trx, id, 'note.create', { type }, { type: 'note', id: noteId });
      return {
        id: noteId,
        type,
        body,
        author: this.c.actor?.username ?? null,
        authorId: actorId,
        createdAt: now,
        updatedAt: now,
        version: 1,
        revisions: 0,
      };
    });
  }

  private async loadNote(exec: Executor, participantId: string, noteId: string, action: Action) {
    const found = await this.people.load(exec, participantId);
    if (!found) throw notFound();
    const note = await exec
      .selectFrom('notes')
      .selectAll()
      .where('id', '=', noteId)
      .where('participant_id', '=', participantId)
      .executeTakeFirst();
    if (!note) throw notFound();
    this.c.check(action, { type: 'note', participant: found.facts, noteType: note.type, authorId: note.author_id });
    return { ...found, note };
  }

  /** Edits keep history: the previous text goes to note_revisions, sealed like the note. */
  async updateNote(participantId: string, noteId: string, body: string, expectedVersion: number) {
    return transact(this.db, async (trx) => {
      const { row, note } = await this.loadNote(trx, participantId, noteId, 'note.update');
      if (note.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This note was changed meanwhile; reload and try again', {
          currentVersion: note.version,
        });
      const key = this.people.key(row);
      const now = this.c.now();
      await updateVersioned(trx, 'notes', noteId, note.version, {
        body_ct: key.seal('notes', 'body', noteId, body),
        updated_at: now,
      });
      await trx
        .insertInto('note_revisions')
        .values({
          note_id: noteId,
          version: note.version,
          body_ct: key.seal(
            'note_revisions',
            'body',
            `${noteId}:${note.version}`,
            key.openText('notes', 'body', noteId, note.body_ct),
          ),
          edited_by: this.c.actorId(),
          edited_at: now,
        })
        .execute();
      await this.people.changeAudited(trx, participantId, 'note.update', undefined, { type: 'note', id: noteId });
      const updated = await this.noteQuery(participantId, trx).where('n.id', '=', noteId).executeTakeFirstOrThrow();
      return (await this.presentNotes(row, [updated]))[0]!;
    });
  }

  async noteHistory(participantId: string, noteId: string) {
    const { row } = await this.loadNote(this.db, participantId, noteId, 'note.read');
    const key = this.people.key(row);
    const current = await this.noteQuery(participantId).where('n.id', '=', noteId).executeTakeFirstOrThrow();
    const revisions = await this.db
      .selectFrom('note_revisions as r')
      .leftJoin('users as u', 'u.id', 'r.edited_by')
      .select(['r.version', 'r.body_ct', 'r.edited_at', 'u.username'])
      .where('r.note_id', '=', noteId)
      .orderBy('r.version')
      .execute();
    await this.people.readAudited(participantId, 'note.read', undefined, { type: 'note', id: noteId });
    const note = (await this.presentNotes(row, [current]))[0]!;
    return {
      version: note.version,
      note,
      revisions: revisions.map((r) => ({
        version: r.version,
        body: key.openText('note_revisions', 'body', `${noteId}:${r.version}`, r.body_ct),
        editedBy: r.username ?? null,
        editedAt: r.edited_at,
      })),
    };
  }
}
