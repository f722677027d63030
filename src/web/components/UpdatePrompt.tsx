// The app's service worker (vite.config.ts: the shell precached so any screen opens without a signal) and the
// prompt that a new version is ready. A new build's worker installs beside the running one and waits: the banner
// asks her to reload when she chooses, so nothing changes under a form she is filling in. Nothing shows when there
// is no update. Registered once, by App (signed in or not); under `vite dev` the virtual module registers nothing.
import { useTranslation } from 'react-i18next';
import { useRegisterSW } from 'virtual:pwa-register/react';

/** How often an open app asks the server whether its worker changed (a browser checks on each navigation too). */
const CHECK_EVERY_MS = 60 * 60 * 1000;

export function UpdatePrompt() {
  const { t } = useTranslation();
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    // An app left open all day on a phone makes no navigation: ask now and then, while there is a signal.
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      window.setInterval(() => {
        if (navigator.onLine) void registration.update().catch(() => undefined);
      }, CHECK_EVERY_MS);
    },
  });
  if (!needRefresh) return null;
  return (
    <div className="update-prompt" role="status">
      <p>{t('pwa.updateAvailable')}</p>
      {/* The waiting worker takes over, then the page reloads with the new version. */}
      <button type="button" className="button button-primary" onClick={() => void updateServiceWorker(true)}>
        {t('pwa.reload')}
      </button>
    </div>
  );
}
