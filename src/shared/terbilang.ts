// An amount in Indonesian words (terbilang), as a handover paper or a decision letter writes it beside the figure:
// 20.000.000 → "dua puluh juta". Whole numbers from 0 below one quadrillion.
const UNITS = [
  '',
  'satu',
  'dua',
  'tiga',
  'empat',
  'lima',
  'enam',
  'tujuh',
  'delapan',
  'sembilan',
  'sepuluh',
  'sebelas',
];
const SCALES: [number, string][] = [
  [1e12, 'triliun'],
  [1e9, 'miliar'],
  [1e6, 'juta'],
  [1e3, 'ribu'],
];

function words(n: number): string {
  if (n < 12) return UNITS[n]!;
  if (n < 20) return `${words(n - 10)} belas`;
  const rest = (r: number) => (r ? ` ${words(r)}` : '');
  if (n < 100) return `${words(Math.floor(n / 10))} puluh${rest(n % 10)}`;
  if (n < 200) return `seratus${rest(n - 100)}`;
  if (n < 1000) return `${words(Math.floor(n / 100))} ratus${rest(n % 100)}`;
  if (n < 2000) return `seribu${rest(n - 1000)}`;
  for (const [size, name] of SCALES) if (n >= size) return `${words(Math.floor(n / size))} ${name}${rest(n % size)}`;
  throw new Error('unreachable');
}

export function terbilang(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1e15)
    throw new RangeError(`terbilang: ${n} is not a whole amount in range`);
  return n === 0 ? 'nol' : words(n);
}

/** "Dua puluh juta rupiah": the amount of money in words, capitalised as it opens a bracket on paper. */
export function rupiahInWords(n: number): string {
  const w = `${terbilang(n)} rupiah`;
  return w.charAt(0).toUpperCase() + w.slice(1);
}
