// Typed translation keys: t('nav.home') is checked against the Indonesian catalogue.
import 'i18next';
import type { Messages } from './id.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
