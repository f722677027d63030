// Screens that load on first use, with the words of the areas they show: the screen's code and its areas'
// catalogues are fetched together, and the screen renders once both are in place (no keys on screen).
import { type ComponentType, lazy } from 'react';
import { type Area, loadAreas } from './i18n/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: the props of whatever screen is loaded
export function screen<C extends ComponentType<any>>(areas: readonly Area[], load: () => Promise<C>) {
  return lazy(() => Promise.all([load(), loadAreas(areas)]).then(([component]) => ({ default: component })));
}
