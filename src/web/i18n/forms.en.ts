// English for the form kit (src/web/forms). Merged into the main catalogue under the key `forms`; forms.id.ts has
// the same keys.
import type { FormsMessages } from './forms.id.ts';

export const formsEn: { forms: FormsMessages } = {
  forms: {
    date: {
      format: 'Write the date as dd/mm/yyyy, e.g. 28/11/2026.',
      impossible: 'This date does not exist. Check the day and the month.',
      year: 'Write the year with 4 digits, between 1900 and 2100.',
      placeholder: 'dd/mm/yyyy',
    },
    money: {
      format: 'Write the amount in rupiah with digits only, e.g. 3.000.000.',
      cents: 'Write the amount in whole rupiah, without cents.',
      tooLarge: 'This amount is too large.',
    },
    number: {
      format: 'Write a whole number only, for example 12.',
      tooLarge: 'This number is too large.',
    },
    phone: {
      format: 'Write the phone number like 0812-3456-7890 or +62 812-3456-7890.',
      length: 'An Indonesian phone number has 9 to 13 digits, counting the leading 0.',
    },
    submitting: 'Saving…',
    unsaved: 'There are unsaved changes. Leave this page and discard them?',
  },
};
