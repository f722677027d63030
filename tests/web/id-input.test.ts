// Dates, rupiah and phone numbers as people in Indonesia type them, read into what the shared schemas take.
import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatPhone,
  formatRupiah,
  parseDate,
  parsePhone,
  parseRupiah,
  parseWholeNumber,
  formatWholeNumber,
  typeDate,
  typeRupiah,
} from '../../src/web/forms/id-input.ts';
import { isoDate } from '../../src/shared/participants-api.ts';
import { identityInput } from '../../src/shared/participants-api.ts';

const value = <T>(v: T) => ({ kind: 'value', value: v });
const problem = (p: string) => ({ kind: 'problem', problem: p });

describe('dates', () => {
  it('reads day/month/year with any usual separator, eight digits, or ISO', () => {
    for (const typed of ['28/11/2026', '28-11-2026', '28.11.2026', '28 11 2026', ' 28 / 11 / 2026 ', '28112026']) {
      expect(parseDate(typed), typed).toEqual(value('2026-11-28'));
    }
    expect(parseDate('1/2/2026')).toEqual(value('2026-02-01'));
    expect(parseDate('2026-11-28')).toEqual(value('2026-11-28'));
    expect(parseDate('29/02/2024')).toEqual(value('2024-02-29'));
  });

  it('refuses dates that do not exist, two-digit years and anything else', () => {
    expect(parseDate('31/02/2026')).toEqual(problem('date.impossible'));
    expect(parseDate('29/02/2026')).toEqual(problem('date.impossible'));
    expect(parseDate('12/13/2026')).toEqual(problem('date.impossible'));
    expect(parseDate('00/11/2026')).toEqual(problem('date.impossible'));
    expect(parseDate('28/11/26')).toEqual(problem('date.year'));
    expect(parseDate('28/11/1800')).toEqual(problem('date.year'));
    expect(parseDate('28 November 2026')).toEqual(problem('date.format'));
    expect(parseDate('')).toEqual({ kind: 'empty' });
    expect(parseDate('   ')).toEqual({ kind: 'empty' });
  });

  it('every date read is one the shared isoDate takes', () => {
    for (const typed of ['1/1/1900', '31/12/2100', '28112026']) {
      const p = parseDate(typed);
      expect(p.kind === 'value' && isoDate.safeParse(p.value).success).toBe(true);
    }
  });

  it('shows ISO dates as dd/mm/yyyy and adds slashes to digits as they are typed', () => {
    expect(formatDate('2026-11-28')).toBe('28/11/2026');
    expect(formatDate(undefined)).toBe('');
    expect(typeDate('2')).toBe('2');
    expect(typeDate('28')).toBe('28');
    expect(typeDate('281')).toBe('28/1');
    expect(typeDate('28112')).toBe('28/11/2');
    expect(typeDate('28112026')).toBe('28/11/2026');
    expect(typeDate('281120261')).toBe('28/11/2026');
    // Separators of one's own are left alone (and deleting an added slash works).
    expect(typeDate('1/2/2026')).toBe('1/2/2026');
    expect(typeDate('28/11')).toBe('28/11');
  });
});

describe('rupiah', () => {
  it('reads amounts written the Indonesian way, with or without Rp', () => {
    expect(parseRupiah('Rp 3.000.000')).toEqual(value(3_000_000));
    expect(parseRupiah('rp3.000.000')).toEqual(value(3_000_000));
    expect(parseRupiah('Rp. 3.000.000')).toEqual(value(3_000_000));
    expect(parseRupiah('3000000')).toEqual(value(3_000_000));
    expect(parseRupiah('3.000.000,00')).toEqual(value(3_000_000));
    expect(parseRupiah('3.000.000,-')).toEqual(problem('money.format'));
    expect(parseRupiah('0')).toEqual(value(0));
    expect(parseRupiah('007')).toEqual(value(7));
  });

  it('reads thousands commas pasted from an English spreadsheet, never as decimals', () => {
    expect(parseRupiah('3,000,000')).toEqual(value(3_000_000));
    expect(parseRupiah('1,500')).toEqual(value(1_500));
  });

  it('refuses sen, letters and amounts too large to be exact', () => {
    expect(parseRupiah('3.000.000,50')).toEqual(problem('money.cents'));
    expect(parseRupiah('3 juta')).toEqual(problem('money.format'));
    expect(parseRupiah('-5000')).toEqual(problem('money.format'));
    expect(parseRupiah('3..000')).toEqual(problem('money.format'));
    expect(parseRupiah('9'.repeat(16))).toEqual(problem('money.tooLarge'));
    expect(parseRupiah('9'.repeat(15))).toEqual(value(999_999_999_999_999));
    expect(parseRupiah(' Rp ')).toEqual({ kind: 'empty' });
  });

  it('shows Rp with dots between thousands, also while typing', () => {
    expect(formatRupiah(3_000_000)).toBe('Rp 3.000.000');
    expect(formatRupiah(0)).toBe('Rp 0');
    expect(formatRupiah(999)).toBe('Rp 999');
    expect(formatRupiah(undefined)).toBe('');
    expect(typeRupiah('3')).toBe('Rp 3');
    expect(typeRupiah('Rp 3.0000')).toBe('Rp 30.000');
    expect(typeRupiah('Rp 3.000.000,')).toBe('Rp 3.000.000');
    expect(typeRupiah('Rp 30.00')).toBe('Rp 3.000');
    expect(typeRupiah('')).toBe('');
    expect(typeRupiah('3 jt')).toBe('3 jt');
  });
});

describe('phone numbers', () => {
  it('reads Indonesian numbers in every usual spelling into +62', () => {
    for (const typed of [
      '081234567890',
      '0812-3456-7890',
      '0812 3456 7890',
      '+62 812-3456-7890',
      '+6281234567890',
      '6281234567890',
      '62 812 3456 7890',
      '+62 (0)812 3456 7890',
      '(0812) 3456.7890',
    ]) {
      expect(parsePhone(typed), typed).toEqual(value('+6281234567890'));
    }
    expect(parsePhone('0511-3352211')).toEqual(value('+625113352211'));
  });

  it('keeps a number abroad typed with its country code', () => {
    expect(parsePhone('+60 12-345 6789')).toEqual(value('+60123456789'));
  });

  it('refuses numbers too short or long, letters, and numbers with neither 0 nor a country code', () => {
    expect(parsePhone('0812')).toEqual(problem('phone.length'));
    expect(parsePhone('0812345678901234')).toEqual(problem('phone.length'));
    expect(parsePhone('0812-ABCD')).toEqual(problem('phone.format'));
    expect(parsePhone('812345678')).toEqual(problem('phone.format'));
    expect(parsePhone('00621234')).toEqual(problem('phone.format'));
    expect(parsePhone('')).toEqual({ kind: 'empty' });
  });

  it('every number read is one the shared identity schema takes', () => {
    for (const typed of ['0812-3456-7890', '+62 511 335 2211', '+60 12-345 6789']) {
      const p = parsePhone(typed);
      expect(p.kind).toBe('value');
      if (p.kind !== 'value') continue;
      expect(identityInput.shape.phone.safeParse(p.value).success, typed).toBe(true);
    }
  });

  it('shows stored numbers as people read them', () => {
    expect(formatPhone('+6281234567890')).toBe('0812-3456-7890');
    expect(formatPhone('+62812345678')).toBe('0812-3456-78');
    expect(formatPhone('+625113352211')).toBe('0511-3352211');
    expect(formatPhone('+62215551234')).toBe('021-5551234');
    expect(formatPhone('+60123456789')).toBe('+60123456789');
    expect(formatPhone('not a number')).toBe('not a number');
    expect(formatPhone(null)).toBe('');
  });
});

describe('whole numbers', () => {
  it('reads digits, with dots or spaces between thousands', () => {
    expect(parseWholeNumber('12')).toEqual({ kind: 'value', value: 12 });
    expect(parseWholeNumber(' 1.200 ')).toEqual({ kind: 'value', value: 1200 });
    expect(parseWholeNumber('1 200')).toEqual({ kind: 'value', value: 1200 });
    expect(parseWholeNumber('007')).toEqual({ kind: 'value', value: 7 });
    expect(parseWholeNumber('')).toEqual({ kind: 'empty' });
  });
  it('refuses fractions, signs, letters and misplaced separators', () => {
    for (const typed of ['1,5', '-3', '12a', '1.20', '.5', 'sepuluh']) {
      expect(parseWholeNumber(typed), typed).toEqual({ kind: 'problem', problem: 'number.format' });
    }
    expect(parseWholeNumber('9'.repeat(16))).toEqual({ kind: 'problem', problem: 'number.tooLarge' });
  });
  it('shows a year as it is written', () => {
    expect(formatWholeNumber(2026)).toBe('2026');
    expect(formatWholeNumber(null)).toBe('');
  });
});
