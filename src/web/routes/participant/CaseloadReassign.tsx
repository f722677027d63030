// Moving a worker's whole caseload to a colleague (leave, resignation), on the head of section's start page:
// choose who leaves and who takes over, confirm, and see how many cases moved. Cases outside her regions stay.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../data/query.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SelectField } from '../../components/Field.tsx';
import { roleLabel } from '../../labels.ts';
import { useUser } from '../../session.tsx';
import { type StaffMember, useCaseStaff } from './shared.ts';

export function CaseloadReassign() {
  const { t } = useTranslation();
  const user = useUser();
  const { staff, error: staffError } = useCaseStaff(user.id);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Every case moved gets a new caseworker: any participant's record shown is read again.
  const reassign = useApiMutation('POST /api/caseloads/:id/reassign', {
    invalidates: () => ['/api/participants'],
  });
  const [done, setDone] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  // Every case of a worker moves at once: asked once more, inline, before anything is sent.
  const [asking, setAsking] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);

  const label = (m: StaffMember) => `${m.name ?? m.username} (${roleLabel(m.role, t)})`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (from && to) setAsking(true);
  };
  const move = async () => {
    setAsking(false);
    setDone(null);
    try {
      const { data } = await reassign.mutateAsync({ params: { id: from }, body: { toUserId: to } });
      const moved = data.moved;
      const a = staff.find((m) => m.id === from);
      const b = staff.find((m) => m.id === to);
      setDone(t('casework.caseload.moved', { count: moved, from: a ? label(a) : '', to: b ? label(b) : '' }));
      setFrom('');
      setTo('');
    } catch {
      // Told in the alert below.
    } finally {
      outcome.current?.focus();
    }
  };
  const busy = reassign.isPending;
  const error = reassign.error ?? staffError;

  return (
    <section aria-labelledby="caseload-title" className="panel">
      <h2 id="caseload-title">{t('casework.caseload.title')}</h2>
      <p>{t('casework.caseload.intro')}</p>
      <div ref={outcome} tabIndex={-1}>
        {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
        <ErrorAlert error={error} />
      </div>
      <form onSubmit={submit} className="form" noValidate>
        <SelectField
          id="caseload-from"
          label={t('casework.caseload.from')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        >
          <option value="">{t('casework.caseload.choose')}</option>
          {staff.map((m) => (
            <option key={m.id} value={m.id}>
              {label(m)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="caseload-to"
          label={t('casework.caseload.to')}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        >
          <option value="">{t('casework.caseload.choose')}</option>
          {staff
            .filter((m) => m.id !== from)
            .map((m) => (
              <option key={m.id} value={m.id}>
                {label(m)}
              </option>
            ))}
        </SelectField>
        {asking ? (
          <div className="confirm">
            <p ref={question} tabIndex={-1}>
              {t('casework.caseload.question', {
                from: label(staff.find((m) => m.id === from)!),
                to: label(staff.find((m) => m.id === to)!),
              })}
            </p>
            <div className="button-row">
              <button type="button" className="button button-primary" onClick={move}>
                {t('casework.caseload.confirm')}
              </button>
              <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
                {t('casework.caseload.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy || !from || !to}>
              {t('casework.caseload.submit')}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
