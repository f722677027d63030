// What the field screens share: the wording of a snapshot's task codes and of an outbox item's refusal, the
// "not in the cache" page, and the guard that shows the PIN screen or the erased notice instead of a screen.
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { errorMessage } from '../../errors.ts';
import { ApiError } from '../../data/client.ts';
import type { OutboxItem } from '../../field/index.ts';
import { useField } from './FieldProvider.tsx';
import { UnlockPage } from './Unlock.tsx';
import { ErasedNotice } from './Erased.tsx';

/** A task's code in words: a work queue kind when it is one, else the plain word "Tugas". */
export function taskLabel(kind: string, t: TFunction): string {
  const key = `workQueue.kind.${kind}`;
  return i18next.exists(key) ? String(t(key as 'workQueue.kind.sessions_today')) : t('field.home.task');
}

/** Why the server refused a queued write, worded from the message catalogue by its code. */
export function conflictReason(item: OutboxItem, t: TFunction): string {
  const c = item.conflict;
  if (!c) return '';
  return errorMessage(new ApiError(c.status, c.code, c.code), t);
}

/** Shows the screen only while the field cache is open; the PIN screen or the erased notice otherwise. */
export function WhenOpen({ children }: { children: ReactNode }) {
  const field = useField();
  const { t } = useTranslation();
  if (field.status === 'erased') return <ErasedNotice reason={field.erasedReason} />;
  if (field.status === 'locked') return <UnlockPage />;
  if (field.status === 'none') {
    return (
      <section className="narrow">
        <h1>{t('field.title')}</h1>
        <p>{field.checked ? t('field.account.hereOff') : t('field.home.loading')}</p>
        {field.checked ? (
          <p>
            <Link href="/field/setup">{t('field.account.turnOn')}</Link>
          </p>
        ) : null}
      </section>
    );
  }
  return children;
}

export function NotInCache() {
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <h1>{t('field.title')}</h1>
      <p className="alert alert-info">{t('field.notFound')}</p>
      <p>
        <Link href="/field">{t('field.back')}</Link>
      </p>
    </section>
  );
}
