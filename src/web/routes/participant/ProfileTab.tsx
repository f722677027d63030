// Profile: the identity fields this user may see (the only place her full name appears), the NIK masked
// until an explicit, audited "show" (hidden again when the tab or page is left), and an edit form (ProfileEdit,
// loaded when she starts editing: reading her profile needs neither the form kit nor the shared schemas). Who
// works on her case (AssignmentPanel) comes in its own place below the details.
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileUrl } from '../../data/client.ts';
import { useApiMutation } from '../../data/query.ts';
import { formatPhone } from '../../forms/id-input.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { categoryLabel, codeLabel, roleLabel } from '../../labels.ts';
import { formatDateTime, formatDay } from '../../format.ts';
import { WarningList } from './WarningList.tsx';
import { mayOn, participantErrorText, type ParticipantView, type TabProps } from './shared.ts';
import type { SaveWarning } from './ProfileEdit.tsx';

const loadEdit = () => import('./ProfileEdit.tsx');
const ProfileEdit = lazy(() => loadEdit().then((m) => ({ default: m.ProfileEdit })));
// Its forms are for whoever takes or asks for the case; its place is kept while it loads.
const AssignmentPanel = lazy(() => import('./AssignmentPanel.tsx').then((m) => ({ default: m.AssignmentPanel })));

export function ProfileTab(props: TabProps) {
  const { record } = props;
  const { t } = useTranslation();
  const p = record.item;
  const i = p.identity;
  // The record as it was when she started editing: her change is based on this version, whatever refreshes meanwhile.
  const [base, setBase] = useState<ParticipantView | null>(null);
  const editing = base !== null;
  const setEditing = (on: boolean) => setBase(on ? p : null);
  const [savedWarnings, setSavedWarnings] = useState<SaveWarning[] | null>(null);
  const reveal = useApiMutation('POST /api/participants/:id/reveal-nik');
  // The full NIK is shown only from the answer of an explicit, audited request, and only until hidden.
  const [nikShown, setNikShown] = useState(false);
  const nik = nikShown ? (reveal.data?.data.nik ?? null) : null;
  const [error, setError] = useState<unknown>(null);

  function startEditing() {
    setError(null);
    setSavedWarnings(null);
    setEditing(true);
  }

  const mayEdit = mayOn(record, 'participant.update');
  const mayReveal = mayOn(record, 'participant.reveal_nik');
  const row = (label: string, value: string | null | undefined) =>
    value === undefined ? null : (
      <div>
        <dt>{label}</dt>
        <dd>{value === null || value === '' ? t('common.none') : value}</dd>
      </div>
    );

  return (
    <div className="tab-content">
      {savedWarnings ? (
        <StatusMessage tone="success">
          <p>{t('participant.profile.saved')}</p>
          <WarningList warnings={savedWarnings} />
        </StatusMessage>
      ) : null}
      <ErrorAlert error={error ?? reveal.error} message={participantErrorText(error ?? reveal.error, t)} />

      <h2>{t('participant.profile.identity')}</h2>
      <dl className="details">
        {row(t('participant.profile.fullName'), i.fullName)}
        {row(t('participant.profile.preferredName'), i.preferredName)}
        {i.nikMasked !== undefined ? (
          <div>
            <dt>{t('participant.profile.nik')}</dt>
            <dd>
              {i.hasNik ? (
                <>
                  <span className="nik" data-testid="nik-value">
                    {nik ?? i.nikMasked ?? t('common.none')}
                  </span>
                  {mayReveal ? (
                    nik ? (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => setNikShown(false)}
                      >
                        {t('participant.profile.hideNik')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => reveal.mutate({ params: { id: p.id } }, { onSuccess: () => setNikShown(true) })}
                        disabled={reveal.isPending}
                      >
                        {reveal.isPending ? t('participant.profile.revealing') : t('participant.profile.showNik')}
                      </button>
                    )
                  ) : null}
                  {nik ? <span className="note nik-note">{t('participant.profile.nikRevealed')}</span> : null}
                </>
              ) : (
                t('participant.profile.noNik', { reason: codeLabel('noNikReasons', i.noNikReason, t) })
              )}
            </dd>
          </div>
        ) : null}
        {row(t('participant.profile.birthDate'), i.birthDate === undefined ? undefined : formatDay(i.birthDate))}
        {row(t('participant.profile.sex'), i.sex === undefined ? undefined : codeLabel('sexes', i.sex, t))}
        {row(t('participant.profile.address'), i.address)}
        {row(t('participant.profile.phone'), i.phone ? formatPhone(i.phone) : i.phone)}
        {row(t('participant.profile.emergencyContact'), i.emergencyContact)}
        {p.photoAttachmentId && mayOn(record, 'attachment.read') ? (
          <div>
            <dt>{t('participant.profile.photo')}</dt>
            <dd>
              <a
                href={fileUrl('GET /api/participants/:id/attachments/:attachmentId/content', {
                  id: p.id,
                  attachmentId: p.photoAttachmentId,
                })}
                download
              >
                {t('participant.profile.photoLink')}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>

      <h2>{t('participant.profile.case')}</h2>
      <dl className="details">
        {row(t('participant.profile.category'), categoryLabel(p.category))}
        {row(
          t('participant.profile.referralSource'),
          p.referralSource ? codeLabel('referralSources', p.referralSource, t) : null,
        )}
        {row(t('participant.profile.participationBasis'), codeLabel('participationBases', p.participationBasis, t))}
        {p.beneficiaryDecision
          ? row(
              t('participant.profile.beneficiaryDecision'),
              t('participant.profile.beneficiaryDecisionValue', {
                number: p.beneficiaryDecision.number,
                date: formatDay(p.beneficiaryDecision.date),
              }),
            )
          : null}
        {row(
          t('participant.profile.assigned'),
          p.assigned.length
            ? p.assigned.map((a) => `${a.name ?? a.username} (${roleLabel(a.role, t)})`).join(', ')
            : null,
        )}
        {row(t('participant.profile.createdAt'), formatDateTime(p.createdAt))}
        {row(t('participant.profile.updatedAt'), formatDateTime(p.updatedAt))}
      </dl>

      <Suspense fallback={<div className="assignment-pending" aria-hidden="true" />}>
        <AssignmentPanel {...props} />
      </Suspense>

      {mayEdit && !editing ? (
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            onClick={startEditing}
            // The form's code is fetched as soon as she heads for the button.
            onPointerEnter={() => void loadEdit()}
            onFocus={() => void loadEdit()}
          >
            {t('participant.profile.edit')}
          </button>
        </div>
      ) : null}
      {mayEdit && editing ? (
        <Suspense
          fallback={
            <p className="loading" role="status">
              {t('app.loading')}
            </p>
          }
        >
          <ProfileEdit
            p={p}
            base={base}
            onError={setError}
            onSaved={(warnings) => {
              setEditing(false);
              setNikShown(false);
              setSavedWarnings(warnings);
            }}
            onReloaded={() => setEditing(false)}
            onCancel={() => setEditing(false)}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
