// Every audit action and every kind of record of the server's event catalogue has its words in both languages
// of the web app, and the audit log screen shows those words, not the codes. No database.
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, RESOURCE_TYPES } from '../src/server/audit/events.ts';
import { auditLabelsId, type AuditLabels } from '../src/web/i18n/audit.id.ts';
import { auditLabelsEn } from '../src/web/i18n/audit.en.ts';
import { id } from '../src/web/i18n/id.ts';
import { en } from '../src/web/i18n/en.ts';
import { ACTION_CODES, actionLabel, detailText, resourceTypeLabel } from '../src/web/audit-labels.ts';

/** The catalogue's codes that a language has no words for, as `actions.<key>` / `resourceTypes.<type>`. */
function missingLabels(m: { audit: AuditLabels }): string[] {
  const has = (table: Record<string, string>, key: string) =>
    Object.hasOwn(table, key) && typeof table[key] === 'string' && table[key].trim() !== '';
  return [
    ...AUDIT_ACTIONS.map((a) => a.replace('.', '_'))
      .filter((k) => !has(m.audit.actions, k))
      .map((k) => `actions.${k}`),
    ...RESOURCE_TYPES.filter((r) => !has(m.audit.resourceTypes, r)).map((r) => `resourceTypes.${r}`),
  ];
}

describe('audit labels', () => {
  it.each([
    ['id', { audit: auditLabelsId }],
    ['en', { audit: auditLabelsEn }],
  ] as const)('labels every action code and every kind of record in %s', (_lang, messages) => {
    expect(missingLabels(messages)).toEqual([]);
  });

  it('fails on a code without words (a copy of the catalogue with one label taken out)', () => {
    const copy = structuredClone({ audit: auditLabelsEn });
    delete (copy.audit.actions as Record<string, string>).document_print;
    delete (copy.audit.resourceTypes as Record<string, string>).follow_up;
    (copy.audit.actions as Record<string, string>).participant_read = ' ';
    expect(missingLabels(copy)).toEqual([
      'actions.participant_read',
      'actions.document_print',
      'resourceTypes.follow_up',
    ]);
  });

  it('maps every action code to its key and back (the screen suggests codes from the keys)', () => {
    // A code's first '.' becomes '_': that is only reversible while no area of a code has an '_' of its own.
    for (const a of AUDIT_ACTIONS) expect(a.split('.')[0]).not.toContain('_');
    expect(ACTION_CODES).toEqual(expect.arrayContaining([...AUDIT_ACTIONS]));
  });

  it('uses the same words in both languages only where they are names (not left untranslated by mistake)', () => {
    const same = Object.keys(auditLabelsId.actions).filter(
      (k) =>
        auditLabelsId.actions[k as keyof typeof auditLabelsId.actions] ===
        auditLabelsEn.actions[k as keyof typeof auditLabelsEn.actions],
    );
    expect(same).toEqual([]);
  });

  describe('the screen', () => {
    let t: TFunction;
    let tEn: TFunction;
    beforeAll(async () => {
      const i18n = i18next.createInstance();
      await i18n.init({
        resources: {
          id: { translation: { ...id, audit: { ...id.audit, ...auditLabelsId } } },
          en: { translation: { ...en, audit: { ...en.audit, ...auditLabelsEn } } },
        },
        lng: 'id',
        interpolation: { escapeValue: false },
      });
      t = i18n.getFixedT('id');
      tEn = i18n.getFixedT('en');
    });

    it('shows action codes, kinds of record and detail in words', () => {
      expect(actionLabel('participant.read', t)).toBe('Lihat data peserta');
      expect(actionLabel('document.print', tEn)).toBe('Document printed');
      expect(resourceTypeLabel('follow_up', t)).toBe('Tindak lanjut');
      expect(resourceTypeLabel('follow_up', tEn)).toBe('Follow-up');
      expect(detailText({ count: 1 }, t)).toBe('Jumlah: 1');
      expect(detailText({ kind: 'case_plan', version: 2 }, t)).toBe('Jenis: Rencana intervensi; Versi: 2');
      expect(detailText({ visible: false, concurrent: true }, tEn)).toBe('Shown: no; At the same time: yes');
      expect(detailText({ role: 'psychologist', regions: ['6371', '6372'] }, t)).toBe(
        'Peran: Psikolog; Wilayah: Kota Banjarmasin, Kota Banjarbaru',
      );
      expect(detailText({ purpose: 'PHOTO' }, tEn)).toBe('Consent for: Photo');
      for (const a of AUDIT_ACTIONS) {
        expect(actionLabel(a, t)).not.toBe(a);
        expect(actionLabel(a, tEn)).not.toBe(a);
      }
      for (const r of RESOURCE_TYPES) {
        expect(resourceTypeLabel(r, t)).not.toBe(r);
        expect(resourceTypeLabel(r, tEn)).not.toBe(r);
      }
    });

    it('shows a code it has no words for as it is', () => {
      expect(actionLabel('something.new', t)).toBe('something.new');
      expect(resourceTypeLabel('thing', t)).toBe('thing');
      expect(detailText({ newKey: 'x' }, t)).toBe('newKey: x');
    });
  });
});
