// Her documents and photo, sealed under her data key; a photo is neither stored nor shown without her photo
// consent.
import { randomUUID } from 'node:crypto';
import type { RepoCore } from '../../kernel/context.ts';
import { ParticipantAccess } from '../../kernel/participant-access.ts';
import { AppError, notFound } from '../../errors.ts';
import { transact } from '../../db/write.ts';
import { prepareUpload, sanitiseFileName } from './files.ts';

export class AttachmentStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  async listAttachments(id: string) {
    const { row } = await this.people.loadFor(this.db, id, 'attachment.read');
    const photoOk = await this.people.hasActiveConsent(id, 'PHOTO');
    let q = this.db
      .selectFrom('attachments')
      .select(['id', 'kind', 'mime', 'size', 'name_ct', 'created_at'])
      .where('participant_id', '=', id);
    if (!photoOk) q = q.where('kind', '!=', 'PHOTO'); // no photo shown without photo consent
    const rows = await q.orderBy('created_at', 'desc').execute();
    const key = this.people.key(row);
    await this.people.readAudited(id, 'attachment.list', { count: rows.length });
    return rows.map((a) => ({
      id: a.id,
      kind: a.kind as 'PHOTO',
      mime: a.mime,
      size: a.size,
      fileName: key.openText('attachments', 'name', a.id, a.name_ct),
      createdAt: a.created_at,
    }));
  }

  async addAttachment(id: string, kind: string, fileName: string, data: Buffer) {
    const { bytes, type } = prepareUpload(data, kind);
    return transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, id, 'attachment.create');
      if (kind === 'PHOTO' && !(await this.people.hasActiveConsent(id, 'PHOTO', trx))) {
        throw new AppError('consent_required', 403, 'A photo needs her photo consent first', { missing: ['PHOTO'] });
      }
      const attId = randomUUID();
      const key = this.people.key(row);
      const name = sanitiseFileName(fileName, type.ext);
      const now = this.c.now();
      await trx
        .insertInto('attachments')
        .values({
          id: attId,
          participant_id: id,
          kind,
          mime: type.mime,
          size: bytes.length,
          name_ct: key.seal('attachments', 'name', attId, name),
          content_ct: key.seal('attachments', 'content', attId, bytes),
          created_by: this.c.actorId(),
          created_at: now,
        })
        .execute();
      await this.people.changeAudited(
        trx,
        id,
        'attachment.create',
        { kind, mime: type.mime, size: bytes.length },
        { type: 'attachment', id: attId },
      );
      return { id: attId, kind: kind as 'PHOTO', mime: type.mime, size: bytes.length, fileName: name, createdAt: now };
    });
  }

  async attachmentContent(id: string, attId: string): Promise<{ bytes: Buffer; mime: string; fileName: string }> {
    const { row } = await this.people.loadFor(this.db, id, 'attachment.read');
    const att = await this.db
      .selectFrom('attachments')
      .selectAll()
      .where('id', '=', attId)
      .where('participant_id', '=', id)
      .executeTakeFirst();
    if (!att) throw notFound();
    if (att.kind === 'PHOTO' && !(await this.people.hasActiveConsent(id, 'PHOTO'))) {
      throw new AppError('consent_required', 403, 'Her photo consent is not active: the photo is not shown', {
        missing: ['PHOTO'],
      });
    }
    const key = this.people.key(row);
    const bytes = key.open('attachments', 'content', attId, att.content_ct);
    await this.people.readAudited(id, 'attachment.read', undefined, { type: 'attachment', id: attId });
    return { bytes, mime: att.mime, fileName: key.openText('attachments', 'name', attId, att.name_ct) };
  }
}
