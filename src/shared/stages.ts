// Stages that follow the work: each stage is entered by an event of the work itself (an approved assessment, an
// enrolment, a graduation …), as data an office or a programme can change. A case only moves forward this way —
// an event entered late (back-entry) never takes her back to an earlier stage — and a closed case moves only by a
// follow-up after its closure (or by reopening it). Manual moves with a reason stay possible.
import { STAGES, type Stage } from './codes.ts';

export const STAGE_EVENTS = [
  'registration',
  'assessment_approved',
  'plan_approved',
  'enrolment',
  'graduation',
  'handover',
  'closure_approved',
  'follow_up_after_closure',
] as const;
export type StageEvent = (typeof STAGE_EVENTS)[number];

/** The office's practice: which stage each event enters, unless a programme says otherwise. */
export const DEFAULT_STAGE_RULES: Record<StageEvent, Stage> = {
  registration: 'PENERIMAAN',
  assessment_approved: 'ASESMEN',
  plan_approved: 'RENCANA_INTERVENSI',
  enrolment: 'INTERVENSI',
  graduation: 'RESOSIALISASI_REINTEGRASI',
  handover: 'RESOSIALISASI_REINTEGRASI',
  closure_approved: 'TERMINASI',
  follow_up_after_closure: 'BIMBINGAN_LANJUT',
};

/**
 * Where an event's stage takes her case from where it is: the stage, when it lies ahead; null when it would not
 * move it (already there or beyond, or the case is closed). Closing needs the head of section's approval, which
 * its own use case asks for; follow-up after closure starts only from a closed case.
 */
export function stageAfterEvent(current: Stage, target: Stage): Stage | null {
  if (current === target) return null;
  if (target === 'BIMBINGAN_LANJUT') return current === 'TERMINASI' ? target : null;
  if (current === 'TERMINASI' || current === 'BIMBINGAN_LANJUT') return null;
  return STAGES.indexOf(target) > STAGES.indexOf(current) ? target : null;
}

/** Closures after which follow-up goes on (bimbingan lanjut): her goals were reached. */
export const CLOSURES_FOLLOWED_UP: readonly string[] = ['TUJUAN_TERCAPAI'];

/** Events whose stage a programme may not change: closing needs an approval, and follow-up starts from it. */
export const FIXED_STAGE_EVENTS: readonly StageEvent[] = [
  'registration',
  'closure_approved',
  'follow_up_after_closure',
];
