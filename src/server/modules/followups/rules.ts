// Follow-up rules that need no database: which handover a visit's equipment use speaks of, and whether the
// visit must, may or must not record it.
import { AppError } from '../../errors.ts';

export interface Handover {
  allocationId: string;
  handoverDate: string;
  /** Whether a visit already recorded this handover's equipment use. */
  recorded: boolean;
}

/**
 * The handover a visit on `visitDate` speaks of: her latest one on or before that day (several kits: the
 * latest). `handovers` may come in any order; ties on the day go to the greater id, so the choice is stable.
 */
export function handoverFor(handovers: readonly Handover[], visitDate: string): Handover | null {
  let pick: Handover | null = null;
  for (const h of handovers) {
    if (h.handoverDate > visitDate) continue;
    if (
      !pick ||
      h.handoverDate > pick.handoverDate ||
      (h.handoverDate === pick.handoverDate && h.allocationId > pick.allocationId)
    )
      pick = h;
  }
  return pick;
}

/**
 * Checks a visit's equipment use and answers the allocation it is recorded against (null: none recorded).
 * A visit is only recorded when she was reached (one who was not is marked missed or unreachable instead), so
 * the first visit after a handover is the first that reached her: it must say what became of the equipment.
 * Later visits may record it again (a kit sold after months of use); one without equipment may not.
 */
export function checkEquipmentUse(
  handovers: readonly Handover[],
  visit: { date: string; equipmentUse?: string; equipmentNote?: string },
): string | null {
  const h = handoverFor(handovers, visit.date);
  if (!h) {
    if (visit.equipmentUse !== undefined || visit.equipmentNote !== undefined)
      throw new AppError('equipment_use_not_applicable', 400, 'She has no equipment handed over by this date', [
        {
          field: visit.equipmentUse !== undefined ? 'body.equipmentUse' : 'body.equipmentNote',
          message: 'No handover on or before the visit date',
          code: 'not_applicable',
        },
      ]);
    return null;
  }
  if (visit.equipmentUse === undefined) {
    if (!h.recorded)
      throw new AppError(
        'equipment_use_required',
        400,
        'The first visit after the handover records whether the equipment is in use',
        [{ field: 'body.equipmentUse', message: 'Required on the first visit after the handover', code: 'required' }],
      );
    if (visit.equipmentNote !== undefined)
      throw new AppError('validation_failed', 400, 'A note on the equipment goes with its use', [
        { field: 'body.equipmentNote', message: 'Only with equipmentUse', code: 'invalid' },
      ]);
    return null;
  }
  return h.allocationId;
}
