// What `virtual:pwa-register/react` is in the component tests (vitest.config.ts's alias): no service worker is
// registered in happy-dom, and no update is ever waiting — as under `vite dev`, where the plugin's own module is
// the same no-op. The real module exists only in a build (vite.config.ts, vite-plugin-pwa).
import { useState } from 'react';

export function useRegisterSW(_options: unknown = {}) {
  const needRefresh = useState(false);
  const offlineReady = useState(false);
  return { needRefresh, offlineReady, updateServiceWorker: async (_reloadPage?: boolean) => undefined };
}
