// Dates as they happened. A registration, an assessment, a plan's approval, an enrolment, a handover and a visit take
// the day they happened (default today, never in the future), stored beside the time they were entered, and for one
// person they follow the work's order: consent ≤ registration ≤ assessment ≤ plan approval ≤ enrolment ≤
// graduation (her cohort's last day) ≤ handover ≤ the visit that reports on the equipment. Anything entered more
// than the office's number of days after its date is "entered late": said in the audit and on the record, never
// hidden.
import { AppError } from '../errors.ts';

/** What a date may not come before, named as the error says it. */
export interface NotBefore {
  date: string | null | undefined;
  /** The record it must follow, e.g. "registration". */
  what: 'consent' | 'registration' | 'assessment' | 'plan' | 'graduation' | 'decree' | 'handover';
}

/**
 * The day a record happened: `given` or today; refused (400 date_out_of_order, naming the field) when in the future
 * or before a record it must follow.
 */
export function effectiveDate(
  field: string,
  given: string | undefined,
  today: string,
  after: NotBefore[] = [],
): string {
  const day = given ?? today;
  if (day > today)
    throw new AppError('date_out_of_order', 400, `The date ${day} is in the future`, [
      { field, message: 'In the future', code: 'future_date' },
    ]);
  for (const a of after)
    if (a.date && day < a.date)
      throw new AppError('date_out_of_order', 400, `The date ${day} is before her ${a.what} on ${a.date}`, [
        { field, message: `Before her ${a.what} (${a.date})`, code: `before_${a.what}`, params: { date: a.date } },
      ]);
  return day;
}

/**
 * Entered more than `days` after the day it happened (asked on every read of her record: plain arithmetic on two
 * ISO days, each midnight UTC).
 */
export const enteredLate = (day: string, today: string, days: number): boolean =>
  Date.parse(today) - Date.parse(day) > days * 86_400_000;
