// Uploaded files: the type is decided from the content (magic bytes), never from the name or the header,
// and image metadata (EXIF, GPS, comments, text chunks) is removed before storing: a photo's GPS can
// locate a shelter. A PDF with active content (scripts, automatic actions, embedded files) is refused.
import { AppError } from '../../errors.ts';
import { checkPdf } from './pdf-check.ts';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export type FileType = { mime: 'image/jpeg' | 'image/png' | 'application/pdf'; ext: 'jpg' | 'png' | 'pdf' };

export function sniff(buf: Buffer): FileType | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff)
    return { mime: 'image/jpeg', ext: 'jpg' };
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { mime: 'image/png', ext: 'png' };
  if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') === '%PDF-')
    return { mime: 'application/pdf', ext: 'pdf' };
  return null;
}

/** JPEG: keep only the segments needed to show the image (drop APP1–APP15 and comments). */
export function stripJpeg(buf: Buffer): Buffer {
  const out: Buffer[] = [buf.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= buf.length) {
    if (buf[i] !== 0xff) throw new AppError('unsupported_file_type', 415, 'The JPEG file is damaged');
    const marker = buf[i + 1]!;
    if (marker === 0xda) {
      out.push(buf.subarray(i)); // start of scan: the rest is image data
      return Buffer.concat(out);
    }
    const len = buf.readUInt16BE(i + 2);
    const seg = buf.subarray(i, i + 2 + len);
    const isAppN = marker >= 0xe1 && marker <= 0xef;
    if (!isAppN && marker !== 0xfe) out.push(seg);
    i += 2 + len;
  }
  throw new AppError('unsupported_file_type', 415, 'The JPEG file is damaged');
}

const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);
/** PNG: drop text, EXIF and time chunks. */
export function stripPng(buf: Buffer): Buffer {
  const out: Buffer[] = [buf.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= buf.length) {
    const len = buf.readUInt32BE(i);
    const type = buf.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + len;
    if (end > buf.length) throw new AppError('unsupported_file_type', 415, 'The PNG file is damaged');
    if (!PNG_DROP.has(type)) out.push(buf.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(out);
}

/** Checks type and size, strips image metadata, and returns the bytes to store. */
export function prepareUpload(buf: Buffer, kind: string): { bytes: Buffer; type: FileType } {
  if (buf.length === 0) throw new AppError('bad_request', 400, 'The file is empty');
  if (buf.length > MAX_ATTACHMENT_BYTES) throw new AppError('file_too_large', 413, 'Files can be at most 5 MB');
  const type = sniff(buf);
  if (!type) throw new AppError('unsupported_file_type', 415, 'Only JPEG, PNG and PDF files are accepted');
  if (kind === 'PHOTO' && type.mime === 'application/pdf')
    throw new AppError('unsupported_file_type', 415, 'A photo must be a JPEG or PNG image');
  if (type.mime === 'application/pdf') {
    const check = checkPdf(buf);
    if (!check.ok)
      throw 'found' in check
        ? new AppError(
            'pdf_active_content',
            415,
            `The PDF holds active content (${check.found.join(', ')}): print it again as a PDF and upload that copy`,
            { found: check.found },
          )
        : new AppError(
            'pdf_active_content',
            415,
            `The PDF cannot be checked for active content (${check.uncheckable}): print it again as a PDF and upload that copy`,
          );
  }
  const bytes = type.mime === 'image/jpeg' ? stripJpeg(buf) : type.mime === 'image/png' ? stripPng(buf) : buf;
  return { bytes, type };
}

/** A file name safe to keep as metadata and to send back in Content-Disposition. */
export function sanitiseFileName(name: string, ext: string): string {
  const base = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069"\\/:*?<>|]/g, '')
    .replace(/\.+[^.]*$/, '')
    .trim()
    .slice(0, 80);
  return `${base || 'file'}.${ext}`;
}
