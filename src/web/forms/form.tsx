// The form kit's core: a React Hook Form form validated by a schema from src/shared (the endpoint's body schema,
// or one derived from it with .pick/.extend), whose field messages are our own words in the current language
// (never zod's English), and the <SchemaForm> element that submits it once at a time, places the server's field
// errors on the same fields and moves focus to the first invalid field after a failed submit. The messages shown
// follow a language switch: each is kept with its wording (code and params) and worded again in the new language.
import { toNestErrors } from '@hookform/resolvers';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type FormHTMLAttributes,
  type ReactNode,
  type RefObject,
} from 'react';
import {
  FormProvider,
  get,
  useForm,
  type FieldError,
  type FieldErrors,
  type FieldValues,
  type Resolver,
  type UseFormProps,
  type UseFormReturn,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { InputProblem } from './id-input.ts';
import { inputProblemWording, issueWording, type FieldMessages, type Wording } from './messages.ts';
import { applyServerErrors, type FieldOf } from './server-errors.ts';
import type { FormKit } from './kit.ts';

export type { FormKit } from './kit.ts';

export type { FieldMessages };

/** A form made by useSchemaForm: React Hook Form's methods and the kit. */
export type KitForm<In extends FieldValues = FieldValues, Out = In> = UseFormReturn<In, unknown, Out> & {
  kit: FormKit;
};

export interface SchemaFormOptions<In extends FieldValues>
  extends Omit<UseFormProps<In, unknown>, 'resolver' | 'context' | 'formControl'> {
  /**
   * Wording per field, replacing the message made from a generic issue (a size, a format, a missing value, a
   * refinement without a code of its own; as the `messages` argument of errors.ts). A code that says more — a
   * refinement's own catalogue code (`params: { code: 'before_start' }`), a server rule such as `not_enrolled`,
   * a date-order or NIK problem — is worded from the catalogue.
   */
  messages?: FieldMessages;
}

type AnySchema = z.ZodType<unknown, FieldValues>;
type Input<S extends AnySchema> = z.input<S> & FieldValues;

/**
 * A form over a shared schema. Validation runs on submit, then again on every change of a field that was
 * wrong; field messages come from each issue's code and parameters (too_small with minimum 12 → "Minimal 12
 * karakter.") unless `messages` words that field. Focus after a failed submit is the kit's (the first field
 * marked invalid in the page's order, fieldsets included), so React Hook Form's own focusing is off.
 */
export function useSchemaForm<S extends AnySchema>(
  schema: S | (() => Promise<S>),
  options: SchemaFormOptions<Input<S>> = {},
): KitForm<Input<S>, z.output<S>> {
  const { t, i18n } = useTranslation();
  const { messages, ...formOptions } = options;
  // The resolver is made once; it reads the words and the language of the latest render.
  const latest = useRef({ t, messages: messages ?? {} });
  latest.current = { t, messages: messages ?? {} };
  const problems = useRef(new Map<string, InputProblem>());
  // The messages shown, by field, with their wording: worded again when the language changes.
  const shown = useRef(new Map<string, Shown>());
  const formRef = useRef<HTMLFormElement | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  // A schema given as a loader (a screen on the first-load path: zod and the shared schemas stay out of its
  // chunk) is fetched once, when a field first takes focus or at the first validation.
  // The schema (or loader) of the first render is the form's for its life.
  const source = useRef(schema);
  const loaded = useRef<Promise<AnySchema> | null>(null);
  const load = useCallback(() => {
    const s = source.current;
    loaded.current ??= (typeof s === 'function' ? s() : Promise.resolve(s)).catch((err: unknown) => {
      // A failed fetch (a dropped connection) is tried again at the next focus or validation.
      loaded.current = null;
      throw err;
    });
    return loaded.current;
  }, []);
  const resolver = useMemo(() => translatedResolver(load, latest, problems, shown), [load]);
  const form = useForm<Input<S>, unknown, z.output<S>>({
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    shouldFocusError: false,
    ...formOptions,
    resolver: resolver as unknown as Resolver<Input<S>, unknown, z.output<S>>,
  });

  useEffect(() => {
    if (!focusRequest) return;
    // React Hook Form draws the errors in a render of its own, which may come after this one: look again on the
    // next frames until a field is marked invalid (a few frames at most).
    if (focusFirstInvalidIn(formRef.current)) return;
    let frame = 0;
    let tries = 0;
    const look = () => {
      if (focusFirstInvalidIn(formRef.current) || ++tries >= 10) return;
      frame = requestAnimationFrame(look);
    };
    frame = requestAnimationFrame(look);
    return () => cancelAnimationFrame(frame);
  }, [focusRequest]);

  // After a language switch has been rendered (the screen's own words are then in the new language too), each
  // message still shown as the kit set it is worded again; one replaced or cleared since is forgotten.
  const language = i18n.language;
  const shownIn = useRef(language);
  useEffect(() => {
    if (shownIn.current === language) return;
    shownIn.current = language;
    const { t, messages } = latest.current;
    const f = form as unknown as UseFormReturn<FieldValues>;
    for (const [name, s] of shown.current) {
      const error = f.getFieldState(name).error;
      if (!error || error.message !== s.message) {
        shown.current.delete(name);
        continue;
      }
      const message = s.wording(t, messages);
      if (message === s.message) continue;
      s.message = message;
      f.setError(name, { type: error.type, message });
    }
  }, [language, form]);

  const kit = useMemo<FormKit>(
    () => ({
      formRef,
      focusFirstInvalid: () => setFocusRequest((n) => n + 1),
      preload: () => void load().catch(() => {}),
      setInputProblem: (name, problem) => {
        if (problem) problems.current.set(name, problem);
        else problems.current.delete(name);
      },
      messages: () => latest.current.messages,
      show: (name, wording) => remember(shown.current, name, wording, latest.current),
    }),
    [load],
  );
  kits.set(form.control, kit);
  return Object.assign(form, { kit });
}

// The kit of each form's control: a field given only `control` (or finding it in the context) reaches its kit.
const kits = new WeakMap<object, FormKit>();
/** The kit of a form's control, when the form was made by useSchemaForm. */
export const kitOf = (control: object | undefined): FormKit | undefined => (control ? kits.get(control) : undefined);

/** A message shown on a field and how it was worded. */
interface Shown {
  message: string;
  wording: Wording;
}

/** Words `wording` now and keeps it as the message shown on `name`. */
function remember(
  shown: Map<string, Shown>,
  name: string,
  wording: Wording,
  now: { t: TFunction; messages: FieldMessages },
): string {
  const message = wording(now.t, now.messages);
  shown.set(name, { message, wording });
  return message;
}

function translatedResolver(
  load: () => Promise<AnySchema>,
  latest: RefObject<{ t: TFunction; messages: FieldMessages }>,
  problems: RefObject<Map<string, InputProblem>>,
  shown: RefObject<Map<string, Shown>>,
): Resolver<FieldValues, unknown, unknown> {
  // Not zodResolver: it keeps only each issue's code and finished message, and a schema's own message (a regex's
  // or a refine's English text) beats any error map, so the parameters our words need would be lost.
  return async (values, _context, options) => {
    const now = latest.current;
    const schema = await load();
    const result = await schema.safeParseAsync(values, { reportInput: true });
    const flat: Record<string, FieldError> = {};
    if (!result.success) {
      for (const issue of closestIssues(result.error.issues)) {
        const path = issue.path.join('.');
        if (flat[path]) continue;
        flat[path] = { type: issue.code, message: remember(shown.current, path, issueWording(path, issue), now) };
      }
    }
    for (const [name, problem] of problems.current) {
      if (options.names && !options.names.includes(name)) continue;
      flat[name] = { type: problem, message: remember(shown.current, name, inputProblemWording(name, problem), now) };
    }
    if (result.success && !Object.keys(flat).length) return { values: result.data as FieldValues, errors: {} };
    return { values: {}, errors: toNestErrors(flat, options) };
  };
}

/** The issues to show: of a union that fits no branch, those of the branch that came closest (fewest issues). */
function closestIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union' || !issue.errors.length) return [{ ...issue, path }];
    const closest = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
    return closestIssues(closest, path);
  });
}

/** Focuses the first control marked invalid inside `root`: in a fieldset, its checked or first input. */
export function focusFirstInvalidIn(root: ParentNode | null): boolean {
  const el = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!el) return false;
  if (el.tagName === 'FIELDSET') {
    (el.querySelector<HTMLElement>('input:checked') ?? el.querySelector<HTMLElement>('input') ?? el).focus();
  } else el.focus();
  return true;
}

interface KitState {
  kit: FormKit | null;
  /** A mutation of the form's own in flight (with isSubmitting, what disables the submit button). */
  pending: boolean;
}
const KitContext = createContext<KitState>({ kit: null, pending: false });
/** The kit of the surrounding <SchemaForm>, for the field components. */
export const useFormKit = () => useContext(KitContext);

export interface SchemaFormProps<In extends FieldValues, Out>
  extends Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit' | 'children'> {
  form: KitForm<In, Out>;
  /**
   * Called with the schema's output (trimmed, normalised) when it is valid. When it throws, the server's field
   * errors land on their fields and focus moves to the first; `onError` then hears the failure (for the alert).
   */
  onSubmit(values: Out): unknown;
  /** Hears each submit's failure, and `null` as every submit starts: `onError={setError}` keeps an alert current. */
  onError?(err: unknown): void;
  /** Turns the server's field path ('body.x.y') into the form's field, where they differ. */
  fieldOf?: FieldOf;
  /** A mutation still running (e.g. `mutation.isPending`): no submit is taken meanwhile. */
  pending?: boolean;
  children: ReactNode;
}

/**
 * The <form> of a schema form: noValidate (the kit's messages, not the browser's), one submit at a time (a second
 * Enter or click while one runs is ignored), the server's field errors placed and focused.
 */
export function SchemaForm<In extends FieldValues, Out>({
  form,
  onSubmit,
  onError,
  fieldOf,
  pending = false,
  children,
  ...rest
}: SchemaFormProps<In, Out>) {
  const { t } = useTranslation();
  const running = useRef(false);
  const submit = useCallback(
    async (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      if (running.current || pending) return;
      running.current = true;
      onError?.(null);
      try {
        await form.handleSubmit(
          async (values) => {
            try {
              await onSubmit(values);
            } catch (err) {
              applyServerErrors(form, err, fieldOf, t);
              onError?.(err);
            }
          },
          () => form.kit.focusFirstInvalid(),
        )(e);
      } catch (err) {
        // The schema could not be fetched (offline): said like any failure, and tried again next time.
        onError?.(err);
      } finally {
        running.current = false;
      }
    },
    [form, onSubmit, onError, fieldOf, pending, t],
  );
  const state = useMemo(() => ({ kit: form.kit, pending }), [form.kit, pending]);
  return (
    <FormProvider {...form}>
      <KitContext.Provider value={state}>
        <form ref={form.kit.formRef} noValidate {...rest} onFocus={form.kit.preload} onSubmit={submit}>
          {children}
        </form>
      </KitContext.Provider>
    </FormProvider>
  );
}

/** The error message of a field (for a control drawn by hand inside a schema form). */
export function fieldError(errors: FieldErrors, name: string): string | undefined {
  return (get(errors, name) as FieldError | undefined)?.message;
}
