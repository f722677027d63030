// i18next set-up: Bahasa Indonesia by default, English on request. The choice is kept in localStorage
// and mirrored on <html lang> so screen readers pronounce the page in the right language. The English catalogue
// is its own chunk, fetched when English is chosen (or was chosen before): most users never download it.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { id } from './id.ts';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'berdaya.lang';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

let english: Promise<void> | null = null;
/** Loads the English catalogue once (a chunk of its own). */
function loadEnglish(): Promise<void> {
  english ??= import('./en.ts').then(({ en }) => {
    i18next.addResourceBundle('en', 'translation', en, true, true);
  });
  return english;
}

export function setLanguage(lang: Language): Promise<void> {
  return (lang === 'en' ? loadEnglish() : Promise.resolve()).then(() => {
    void i18next.changeLanguage(lang);
  });
}

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'id';
}

/** Intl locale for the current language (dates, numbers). */
export function currentLocale(): string {
  return currentLanguage() === 'en' ? 'en-GB' : 'id-ID';
}

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Private mode or storage full: the choice simply is not remembered.
  }
});

const initial = storedLanguage();
void i18next.use(initReactI18next).init({
  resources: { id: { translation: id } },
  lng: 'id',
  fallbackLng: 'id',
  supportedLngs: [...LANGUAGES],
  // React escapes text itself.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});
document.documentElement.lang = i18next.language;

/** Settled when the chosen language's catalogue is in place: the app renders after it (no Indonesian flash). */
export const languageReady: Promise<void> = initial === 'en' ? setLanguage('en').catch(() => {}) : Promise.resolve();

export default i18next;
