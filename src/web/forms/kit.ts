// What the kit adds to a React Hook Form form, in a module of its own: the form (form.tsx) makes it and the
// placing of the server's errors (server-errors.ts) uses it, without either importing the other's module.
import type { RefObject } from 'react';
import type { InputProblem } from './id-input.ts';
import type { FieldMessages, Wording } from './messages.ts';

/** What the kit adds to a React Hook Form form. */
export interface FormKit {
  /** The <form> element, set by <SchemaForm>. */
  formRef: RefObject<HTMLFormElement | null>;
  /** Moves focus to the first invalid field once the errors set now have been rendered. */
  focusFirstInvalid(): void;
  /** Starts fetching a lazily loaded schema (done when a field of the form first takes focus). */
  preload(): void;
  /**
   * A field that reads typed text into a value (DateField, MoneyField, PhoneField) says here what it could not
   * read; the next validation reports it on that field, before anything the schema says.
   */
  setInputProblem(name: string, problem: InputProblem | null): void;
  /** The per-field wording given to useSchemaForm, also used for the server's validation details. */
  messages(): FieldMessages;
  /**
   * The message of `wording` for field `name` now, kept so that it is worded again in the new language when the
   * language changes while it is shown (for an error set by hand with form.setError on a kit form).
   */
  show(name: string, wording: Wording): string;
}
