// Moving a worker's whole caseload to a colleague (leave, resignation), on the head of section's start page:
// choose who leaves and who takes over, confirm, and see how many cases moved. Cases outside her regions stay.
import { useEffect, useRef, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { caseloadReassignBody } from '../../../shared/participants-api.ts';
import { useApiMutation } from '../../data/query.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SelectInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { roleLabel } from '../../labels.ts';
import { useUser } from '../../session.tsx';
import { type StaffMember, useCaseStaff } from './shared.ts';

/** The body, and whose caseload moves (the route's `:id`). */
const reassignForm = caseloadReassignBody.extend({ fromUserId: z.uuid() });
type ReassignValues = z.output<typeof reassignForm>;

export function CaseloadReassign() {
  const { t } = useTranslation();
  const user = useUser();
  const { staff, error: staffError } = useCaseStaff(user.id);
  const form = useSchemaForm(reassignForm);
  const [from, to] = useWatch({ control: form.control, name: ['fromUserId', 'toUserId'] });
  // Every case moved gets a new caseworker: any participant's record shown is read again.
  const reassign = useApiMutation('POST /api/caseloads/:id/reassign', {
    invalidates: () => ['/api/participants'],
  });
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  // Every case of a worker moves at once: asked once more, inline, before anything is sent.
  const [asking, setAsking] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);

  const label = (m: StaffMember) => `${m.name ?? m.username} (${roleLabel(m.role, t)})`;
  const labelOf = (id: string | undefined) => {
    const m = staff.find((x) => x.id === id);
    return m ? label(m) : '';
  };

  // The first submit asks; the answer "yes" submits again and moves the cases.
  async function submit(values: ReassignValues) {
    if (!asking) {
      setDone(null);
      setAsking(true);
      return;
    }
    setAsking(false);
    setDone(null);
    try {
      const { data } = await reassign.mutateAsync({
        params: { id: values.fromUserId },
        body: { toUserId: values.toUserId },
      });
      setDone(
        t('casework.caseload.moved', {
          count: data.moved,
          from: labelOf(values.fromUserId),
          to: labelOf(values.toUserId),
        }),
      );
      form.reset();
    } finally {
      outcome.current?.focus();
    }
  }

  const error = failure ?? staffError;
  return (
    <section aria-labelledby="caseload-title" className="panel">
      <h2 id="caseload-title">{t('casework.caseload.title')}</h2>
      <p>{t('casework.caseload.intro')}</p>
      <div ref={outcome} tabIndex={-1}>
        {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
        <ErrorAlert error={error} />
      </div>
      <SchemaForm form={form} onSubmit={submit} onError={setFailure} pending={reassign.isPending} className="form">
        <SelectInput control={form.control} name="fromUserId" id="caseload-from" label={t('casework.caseload.from')}>
          <option value="">{t('casework.caseload.choose')}</option>
          {staff.map((m) => (
            <option key={m.id} value={m.id}>
              {label(m)}
            </option>
          ))}
        </SelectInput>
        <SelectInput control={form.control} name="toUserId" id="caseload-to" label={t('casework.caseload.to')}>
          <option value="">{t('casework.caseload.choose')}</option>
          {staff
            .filter((m) => m.id !== from)
            .map((m) => (
              <option key={m.id} value={m.id}>
                {label(m)}
              </option>
            ))}
        </SelectInput>
        {asking ? (
          <div className="confirm">
            <p ref={question} tabIndex={-1}>
              {t('casework.caseload.question', { from: labelOf(from), to: labelOf(to) })}
            </p>
            <div className="button-row">
              <SubmitButton>{t('casework.caseload.confirm')}</SubmitButton>
              <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
                {t('casework.caseload.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <div className="button-row">
            <SubmitButton disabled={!from || !to}>{t('casework.caseload.submit')}</SubmitButton>
          </div>
        )}
      </SchemaForm>
    </section>
  );
}
