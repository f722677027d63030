// Words of the data layer: the dialog that shows a save which met someone else's newer change.
import type { dataId } from './data.id.ts';

export const dataEn: typeof dataId = {
  conflict: {
    title: 'Someone else changed this record',
    intro:
      'Since you opened it, {{who}} saved a change. Check the fields below, then choose: load the latest version (your changes are dropped), or apply only the fields you changed on top of the latest version.',
    someone: 'someone else',
    field: 'Field',
    before: 'When you opened it',
    theirs: 'Latest version',
    mine: 'Your change',
    unchanged: '(not changed)',
    empty: '(empty)',
    reload: 'Load the latest version',
    reapply: 'Apply my changes',
    overlap: 'You both changed this field: your change will replace the latest version.',
    noFields: 'There are no fields to compare.',
  },
  loading: 'Loading…',
  refreshing: 'Refreshing…',
  retry: 'Try again',
  stale: 'Showing the last known data; it could not be refreshed yet.',
};
