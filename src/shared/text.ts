// Normalise free text once at the edge: Unicode NFC, no bidi overrides or zero-width characters,
// no control characters (NUL included). Used by every schema that takes text from a person.
import { z } from 'zod';
import { withCode } from './messages.ts';

// Bidi embeddings/overrides/isolates, zero-width space/joiners, BOM, soft hyphen.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/g;
// C0/C1 controls except tab and newline (allowed in multi-line text only).
const CONTROL_SINGLE = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_MULTI = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export function normaliseText(value: string): string {
  return value.normalize('NFC').replace(INVISIBLE, '').trim();
}

/** A single-line text field: normalised, bounded, with no control characters. */
export function singleLine(max: number, min = 1) {
  return z
    .string()
    .transform(normaliseText)
    .pipe(
      z
        .string()
        .min(min)
        .max(max)
        .refine((v) => !CONTROL_SINGLE.test(v), {
          message: 'Control characters are not allowed',
          ...withCode('control_characters'),
        }),
    );
}

/** Multi-line text (notes): normalised, bounded; newlines and tabs allowed. */
export function multiLine(max: number, min = 1) {
  return z
    .string()
    .transform(normaliseText)
    .pipe(
      z
        .string()
        .min(min)
        .max(max)
        .refine((v) => !CONTROL_MULTI.test(v), {
          message: 'Control characters are not allowed',
          ...withCode('control_characters'),
        }),
    );
}
