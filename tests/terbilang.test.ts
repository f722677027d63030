// The amount in words on handover papers and decision letters.
import { describe, expect, it } from 'vitest';
import { rupiahInWords, terbilang } from '../src/shared/terbilang.ts';

describe('terbilang', () => {
  it.each([
    [0, 'nol'],
    [1, 'satu'],
    [10, 'sepuluh'],
    [11, 'sebelas'],
    [12, 'dua belas'],
    [19, 'sembilan belas'],
    [20, 'dua puluh'],
    [21, 'dua puluh satu'],
    [100, 'seratus'],
    [111, 'seratus sebelas'],
    [250, 'dua ratus lima puluh'],
    [1000, 'seribu'],
    [1001, 'seribu satu'],
    [1_750_000, 'satu juta tujuh ratus lima puluh ribu'],
    [11_000, 'sebelas ribu'],
    [20_000_000, 'dua puluh juta'],
    [100_000, 'seratus ribu'],
    [1_000_000_000, 'satu miliar'],
    [2_500_125_000, 'dua miliar lima ratus juta seratus dua puluh lima ribu'],
  ])('%d → %s', (n, words) => {
    expect(terbilang(n)).toBe(words);
  });
  it('writes money as a paper does, and refuses what is not a whole amount', () => {
    expect(rupiahInWords(1_750_000)).toBe('Satu juta tujuh ratus lima puluh ribu rupiah');
    expect(() => terbilang(-1)).toThrow(RangeError);
    expect(() => terbilang(1.5)).toThrow(RangeError);
  });
});
