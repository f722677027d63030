// A destructive action asked twice, inline (no browser dialog): the first button reveals a question with
// "yes" and "cancel"; focus moves to the question so keyboard users hear it.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function ConfirmAction({
  label,
  question,
  confirmLabel,
  onConfirm,
  busy,
  tone = 'danger',
  detail,
}: {
  label: string;
  /** What the action is about, read after the label by screen readers (e.g. which session of a list). */
  detail?: string;
  question: string;
  confirmLabel: string;
  onConfirm(): void | Promise<void>;
  busy?: boolean;
  tone?: 'danger' | 'secondary';
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) questionRef.current?.focus();
    else if (wasAsking.current) openerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={openerRef}
        type="button"
        className={`button button-${tone}`}
        onClick={() => setAsking(true)}
        disabled={busy}
      >
        {label}
        {detail ? <span className="visually-hidden"> {detail}</span> : null}
      </button>
    );
  }
  return (
    <div className="confirm">
      <p ref={questionRef} tabIndex={-1}>
        {question}
      </p>
      <div className="button-row">
        <button
          type="button"
          className={`button button-${tone}`}
          disabled={busy}
          onClick={async () => {
            await onConfirm();
            setAsking(false);
          }}
        >
          {confirmLabel}
          {detail ? <span className="visually-hidden"> {detail}</span> : null}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setAsking(false)} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
