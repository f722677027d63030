// i18next set-up: Bahasa Indonesia by default, English on request. The choice is kept in localStorage
// and mirrored on <html lang> so screen readers pronounce the page in the right language. The English catalogue
// is its own chunk, fetched when English is chosen (or was chosen before): most users never download it. Each
// area's words (casework, programme, aid …) are chunks of their own too, fetched with the area's screens
// (`loadAreas`, awaited by the lazy routes in App.tsx) and merged into the one namespace, so the first page
// carries only the shell's words.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { id } from './id.ts';
import { enablePseudoLocaleIfAsked } from './pseudo.ts';

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

/** The areas whose words load with their screens; `audit` is the audit log's labels of actions and records. */
export type Area = 'casework' | 'programme' | 'aid' | 'followup' | 'report' | 'rights' | 'accounts' | 'audit' | 'field';

// One dynamic import per area and language: each is a chunk of its own (or shares one with the area's screens,
// which read some of the same tables of codes).
const AREAS: Record<Area, Record<Language, () => Promise<object>>> = {
  casework: {
    id: () => import('./casework.id.ts').then((m) => m.caseworkId),
    en: () => import('./casework.en.ts').then((m) => m.caseworkEn),
  },
  programme: {
    id: () => import('./programme.id.ts').then((m) => m.programmeId),
    en: () => import('./programme.en.ts').then((m) => m.programmeEn),
  },
  aid: { id: () => import('./aid.id.ts').then((m) => m.aidId), en: () => import('./aid.en.ts').then((m) => m.aidEn) },
  followup: {
    id: () => import('./followup.id.ts').then((m) => m.followupId),
    en: () => import('./followup.en.ts').then((m) => m.followupEn),
  },
  report: {
    id: () => import('./report.id.ts').then((m) => m.reportId),
    en: () => import('./report.en.ts').then((m) => m.reportEn),
  },
  rights: {
    id: () => import('./rights.id.ts').then((m) => m.rightsId),
    en: () => import('./rights.en.ts').then((m) => m.rightsEn),
  },
  accounts: {
    id: () => import('./accounts.id.ts').then((m) => m.accountsId),
    en: () => import('./accounts.en.ts').then((m) => m.accountsEn),
  },
  field: {
    id: () => import('./field.id.ts').then((m) => m.fieldId),
    en: () => import('./field.en.ts').then((m) => m.fieldEn),
  },
  audit: {
    id: () => import('./audit.id.ts').then((m) => ({ audit: m.auditLabelsId })),
    en: () => import('./audit.en.ts').then((m) => ({ audit: m.auditLabelsEn })),
  },
};

const bundles = new Map<string, Promise<void>>();
/** Adds one catalogue to a language, once: deep, so an area's keys join the shell's under the same name. */
function loadBundle(key: string, lang: Language, load: () => Promise<object>): Promise<void> {
  let p = bundles.get(`${key}.${lang}`);
  if (!p) {
    p = load().then((words) => {
      i18next.addResourceBundle(lang, 'translation', words, true, true);
    });
    // A failed fetch (a dropped connection) is tried again the next time the area is asked for.
    p.catch(() => bundles.delete(`${key}.${lang}`));
    bundles.set(`${key}.${lang}`, p);
  }
  return p;
}

const loadedAreas = new Set<Area>();
/** Loads the words of these areas in Indonesian (always: the fallback) and in English when it is chosen. */
export function loadAreas(areas: readonly Area[]): Promise<void> {
  const langs: Language[] = currentLanguage() === 'en' ? ['id', 'en'] : ['id'];
  for (const a of areas) loadedAreas.add(a);
  return Promise.all(areas.flatMap((a) => langs.map((l) => loadBundle(a, l, AREAS[a][l])))).then(() => {});
}

export function setLanguage(lang: Language): Promise<void> {
  const english =
    lang === 'en'
      ? Promise.all([
          loadBundle('core', 'en', () => import('./en.ts').then((m) => m.en)),
          ...[...loadedAreas].map((a) => loadBundle(a, 'en', AREAS[a].en)),
        ])
      : Promise.resolve();
  return english.then(() => {
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
// Tests only, by a storage key: every translated word shown transformed (pseudo.ts).
enablePseudoLocaleIfAsked(i18next);
document.documentElement.lang = i18next.language;

/** Settled when the chosen language's catalogue is in place: the app renders after it (no Indonesian flash). */
export const languageReady: Promise<void> = initial === 'en' ? setLanguage('en').catch(() => {}) : Promise.resolve();

export default i18next;
