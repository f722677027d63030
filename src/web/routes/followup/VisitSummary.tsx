// What a follow-up visit recorded, as a short list of answers. The risk of return appears only when the
// server sent it (assigned staff and the head of section); for anyone else the line is simply not there.
import { useTranslation } from 'react-i18next';
import type { Reply } from '../../data/client.ts';
import { formatDay } from '../../format.ts';
import { fuLabel, incomeBandLabel } from './labels.ts';

type Visit = Reply<'GET /api/follow-ups/:id'>['visits'][number];

export function VisitSummary({ v, headingLevel = 3 }: { v: Visit; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation();
  const title = t('followup.visit.visitOn', { date: formatDay(v.date) });
  const rows: [string, string][] = [
    [t('followup.visit.method'), fuLabel('methods', v.method, t)],
    [t('followup.visit.business'), fuLabel('business', v.businessStatus, t)],
    [t('followup.visit.income'), incomeBandLabel(v.incomeBand, t)],
    [t('followup.visit.kit'), fuLabel('tri', v.kitInUse, t)],
    ...(v.equipmentUse
      ? [[t('followup.visit.equipment'), fuLabel('equipment', v.equipmentUse, t)] as [string, string]]
      : []),
    [t('followup.visit.housing'), fuLabel('tri', v.housingStable, t)],
    [t('followup.visit.family'), fuLabel('tri', v.familySupport, t)],
    [t('followup.visit.health'), fuLabel('tri', v.healthAccess, t)],
    [t('followup.visit.documents'), fuLabel('tri', v.documents, t)],
    [t('followup.visit.wellbeing'), fuLabel('wellbeing', v.wellbeing, t)],
    [t('followup.visit.safety'), v.safetyConcern ? t('common.yes') : t('common.no')],
    ...(v.returnRisk !== undefined
      ? [[t('followup.visit.risk'), fuLabel('risks', v.returnRisk, t)] as [string, string]]
      : []),
  ];
  return (
    <div className="fu-visit">
      {headingLevel === 3 ? <h3>{title}</h3> : <h4>{title}</h4>}
      {v.recordedBy ? <p className="note">{t('followup.visit.recordedBy', { name: v.recordedBy })}</p> : null}
      <dl className="inline-details fu-answers">
        {rows.map(([k, val]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{val}</dd>
          </div>
        ))}
      </dl>
      {v.needs ? (
        <p className="prewrap">
          <strong>{t('followup.visit.needs')}:</strong> {v.needs}
        </p>
      ) : null}
      {v.equipmentNote ? (
        <p className="prewrap">
          <strong>{t('followup.visit.equipmentNote')}:</strong> {v.equipmentNote}
        </p>
      ) : null}
      {v.notes ? (
        <p className="prewrap">
          <strong>{t('followup.visit.notes')}:</strong> {v.notes}
        </p>
      ) : null}
    </div>
  );
}
