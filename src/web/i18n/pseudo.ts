// The pseudo-locale for tests: with `localStorage['berdaya.pseudo'] = '1'`, every word that comes from the
// translation files is shown transformed — wrapped in ⟦…⟧, its vowels accented — so a browser test can find any
// text on a screen that bypasses them (a hard-coded word, the server's English). It is switched on only by that
// key, which nobody sets in use; it changes how words look, never what the app does, so it is harmless in a
// production build (the end-to-end tests run the production build, so it cannot depend on the build mode).
import type { i18n as I18n } from 'i18next';

export const PSEUDO_STORAGE_KEY = 'berdaya.pseudo';

const ACCENTED: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'í',
  o: 'ó',
  u: 'ú',
  A: 'Á',
  E: 'É',
  I: 'Í',
  O: 'Ó',
  U: 'Ú',
};

/** One string in the pseudo-locale: "Simpan" → "⟦Símpán⟧". */
export const pseudo = (s: string): string => `⟦${s.replace(/[aeiouAEIOU]/g, (c) => ACCENTED[c] ?? c)}⟧`;

let on = false;

/** Whether the pseudo-locale is on (read once, at start). */
export const pseudoOn = (): boolean => on;

/** Words the app takes from elsewhere than i18next (e.g. categories' labels kept with their codes), transformed too. */
export const pseudoWords = (s: string): string => (on ? pseudo(s) : s);

/** Turns the pseudo-locale on when the storage key asks for it: a post-processor over every translation. */
export function enablePseudoLocaleIfAsked(i18n: I18n): void {
  try {
    on = localStorage.getItem(PSEUDO_STORAGE_KEY) === '1';
  } catch {
    on = false;
  }
  if (!on) return;
  i18n.use({ type: 'postProcessor', name: 'pseudo', process: (value: string) => pseudo(value) });
  const given = i18n.options.postProcess;
  i18n.options.postProcess = [...(Array.isArray(given) ? given : given ? [given] : []), 'pseudo'];
}
