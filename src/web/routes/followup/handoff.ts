// A need noted at a follow-up visit, carried to her Referrals or Plan tab where it fills the form once; and
// the wish to open her page on the follow-up tab (from the worklist's "close or continue" list).
// Kept in memory only: never in the address, the history entry or browser storage, where others could
// read it later (a reload simply drops it).
export type NeedTarget = 'referrals' | 'plan';

let carried: { participantId: string; target: NeedTarget; text: string } | null = null;
/** A tab her page may be asked to open on from elsewhere (the worklist, the work queue). */
export type WantedTab = 'followups' | 'plan' | 'assessment' | 'stages';
let tabWanted: { participantId: string; tab: WantedTab } | null = null;

/** Her page opens on this tab next time (once): e.g. the plan that waits for approval in the work queue. */
export function openOnTab(participantId: string, tab: WantedTab): void {
  tabWanted = { participantId, tab };
}

/** Her page opens on the follow-up tab next time (once). */
export function openOnFollowUps(participantId: string): void {
  openOnTab(participantId, 'followups');
}

/** Her page has opened on the wanted tab: later visits start on the profile again. */
export function tabOpened(participantId: string): void {
  if (tabWanted?.participantId === participantId) tabWanted = null;
}

export function carryNeed(participantId: string, target: NeedTarget, text: string): void {
  carried = { participantId, target, text };
}

/** The tab her page should open on, when a need (or a wish from the worklist) is waiting for it. */
export function carriedTab(participantId: string): NeedTarget | WantedTab | null {
  if (carried?.participantId === participantId) return carried.target;
  return tabWanted?.participantId === participantId ? tabWanted.tab : null;
}

/** The need waiting for this form, without using it up (a render may run twice). */
export function peekNeed(participantId: string, target: NeedTarget): string | null {
  return carried?.participantId === participantId && carried.target === target ? carried.text : null;
}

/** Uses the need up: once a form has it, it is not offered again. */
export function dropNeed(participantId: string, target: NeedTarget): void {
  if (carried?.participantId === participantId && carried.target === target) carried = null;
}
