// Field components bound to a schema form: the components of components/Field.tsx (same label, hint,
// aria-invalid, aria-describedby and look), given their value, change, blur and error by React Hook Form. Inside
// <SchemaForm> they find the form themselves; `control={form.control}` types `name` against the form's fields.
// DateField, MoneyField and PhoneField show what people type (28/11/2026, Rp 3.000.000, 0812-3456-7890) and put
// into the form what the shared schemas take (2026-11-28, 3000000, +6281234567890).
import { type ComponentProps, type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { type Control, type FieldPath, type FieldValues, useController, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { CheckboxGroup, RadioGroup, SelectField, TextAreaField, TextField } from '../components/Field.tsx';
import { kitOf } from './form.tsx';
import {
  formatDate,
  formatPhone,
  formatRupiah,
  type Parsed,
  parseDate,
  parsePhone,
  parseRupiah,
  parseWholeNumber,
  formatWholeNumber,
  typeDate,
  typeRupiah,
} from './id-input.ts';

/** What every bound field takes: the field's name in the form, and the control's id (the name by default). */
interface Bound<T extends FieldValues> {
  name: FieldPath<T>;
  /** The form's control; optional inside <SchemaForm>, given to check `name` against the form's type. */
  control?: Control<T, unknown, unknown>;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  /**
   * What an empty control puts in the form: `undefined` by default, so an optional field of the schema is left
   * out and a required one reads "Wajib diisi"; `null` where the endpoint clears a value with null.
   */
  emptyValue?: '' | null | undefined;
}

function useBound<T extends FieldValues>({ name, control }: Pick<Bound<T>, 'name' | 'control'>) {
  const context = useFormContext<T>();
  const bound = (control ?? context?.control) as Control<T>;
  return { ...useController<T>({ name, control: bound }), control: bound };
}

type InputRest = Omit<ComponentProps<'input'>, 'name' | 'id' | 'value' | 'defaultValue' | 'onChange' | 'form'>;

/** A text input (text, password, e-mail …). */
export function TextInput<T extends FieldValues>({
  name,
  control,
  id,
  emptyValue,
  transform,
  ...rest
}: Bound<T> &
  InputRest & {
    /** Applied to what is typed before it is stored (e.g. removing spaces). */ transform?(v: string): string;
  }) {
  const { field, fieldState } = useBound({ name, control });
  return (
    <TextField
      {...rest}
      id={id ?? name}
      ref={field.ref}
      value={(field.value as string | null | undefined) ?? ''}
      error={fieldState.error?.message}
      onChange={(e) => {
        const v = transform ? transform(e.currentTarget.value) : e.currentTarget.value;
        field.onChange(v === '' ? emptyValue : v);
      }}
      onBlur={field.onBlur}
      disabled={rest.disabled ?? field.disabled}
    />
  );
}

/** A multi-line text. */
export function TextAreaInput<T extends FieldValues>({
  name,
  control,
  id,
  emptyValue,
  ...rest
}: Bound<T> & Omit<ComponentProps<'textarea'>, 'name' | 'id' | 'value' | 'defaultValue' | 'onChange' | 'form'>) {
  const { field, fieldState } = useBound({ name, control });
  return (
    <TextAreaField
      {...rest}
      id={id ?? name}
      ref={field.ref}
      value={(field.value as string | null | undefined) ?? ''}
      error={fieldState.error?.message}
      onChange={(e) => field.onChange(e.currentTarget.value === '' ? emptyValue : e.currentTarget.value)}
      onBlur={field.onBlur}
      disabled={rest.disabled ?? field.disabled}
    />
  );
}

/** A select; its options are the children (an empty first option for "not chosen" stores `emptyValue`). */
export function SelectInput<T extends FieldValues>({
  name,
  control,
  id,
  emptyValue,
  children,
  ...rest
}: Bound<T> &
  Omit<ComponentProps<'select'>, 'name' | 'id' | 'value' | 'defaultValue' | 'onChange' | 'form'> & {
    children: ReactNode;
  }) {
  const { field, fieldState } = useBound({ name, control });
  return (
    <SelectField
      {...rest}
      id={id ?? name}
      ref={field.ref}
      value={(field.value as string | null | undefined) ?? ''}
      error={fieldState.error?.message}
      onChange={(e) => field.onChange(e.currentTarget.value === '' ? emptyValue : e.currentTarget.value)}
      onBlur={field.onBlur}
      disabled={rest.disabled ?? field.disabled}
    >
      {children}
    </SelectField>
  );
}

type GroupProps<T extends FieldValues, V extends string> = Omit<Bound<T>, 'label' | 'emptyValue'> & {
  legend: ReactNode;
  disabled?: boolean;
  options: readonly { value: V; label: string; description?: string }[];
};

/** Several choices (a list of strings in the form), as checkboxes in a fieldset with a legend. */
export function CheckboxGroupInput<T extends FieldValues>({ name, control, id, ...rest }: GroupProps<T, string>) {
  const { field, fieldState } = useBound({ name, control });
  return (
    <CheckboxGroup
      {...rest}
      id={id ?? name}
      value={(field.value as string[] | undefined) ?? []}
      error={fieldState.error?.message}
      onChange={(next) => field.onChange(next)}
      disabled={rest.disabled ?? field.disabled}
    />
  );
}

/** One choice out of a few, as radio buttons in a fieldset with a legend. */
export function RadioGroupInput<T extends FieldValues, V extends string = string>({
  name,
  control,
  id,
  ...rest
}: GroupProps<T, V>) {
  const { field, fieldState } = useBound({ name, control });
  return (
    <RadioGroup<V>
      {...rest}
      id={id ?? name}
      value={(field.value as V | undefined) ?? ''}
      error={fieldState.error?.message}
      onChange={(next) => field.onChange(next)}
      disabled={rest.disabled ?? field.disabled}
    />
  );
}

// ---- typed as people write them ----

interface Reader<V> {
  /** What is typed into what the form holds. */
  parse(text: string): Parsed<V>;
  /** What the form holds, shown (on load, after a reset, when the field is left). */
  show(value: V): string;
  /** What is shown while typing (grouping, slashes); the caret keeps its place among the digits. */
  typing?(text: string): string;
}

/**
 * A text input over a value read from what is typed. The text is the field's own; the form holds the value read
 * from it, or `emptyValue` while it cannot be read, and the kit reports what could not be read at the next
 * validation, in the field's words ("Tanggal ini tidak ada di kalender").
 */
function ReadInput<T extends FieldValues, V>({
  name,
  control,
  id,
  emptyValue,
  reader,
  ...rest
}: Bound<T> & InputRest & { reader: Reader<V> }) {
  const { field, fieldState, control: bound } = useBound({ name, control });
  const kit = kitOf(bound);
  const value = field.value as V | null | undefined;
  const [text, setText] = useState(() => (value === null || value === undefined ? '' : reader.show(value)));
  // The value this field last put into the form: any other value came from outside (a reset) and is shown.
  const emitted = useRef<unknown>(value);
  const input = useRef<HTMLInputElement | null>(null);
  const caret = useRef<number | null>(null);

  useEffect(() => {
    if (Object.is(value, emitted.current)) return;
    emitted.current = value;
    setText(value === null || value === undefined ? '' : reader.show(value));
    kit?.setInputProblem(name, null);
  }, [value, reader, kit, name]);
  useEffect(() => () => kit?.setInputProblem(name, null), [kit, name]);

  // After a reformat, the caret goes back after as many digits as were before it.
  useLayoutEffect(() => {
    const el = input.current;
    if (caret.current === null || !el || document.activeElement !== el) return;
    const digitsBefore = caret.current;
    caret.current = null;
    let pos = 0;
    for (let seen = 0; pos < text.length && seen < digitsBefore; pos++) if (/\d/.test(text[pos]!)) seen++;
    el.setSelectionRange(pos, pos);
  }, [text]);

  function change(raw: string, caretAt: number | null) {
    const shown = reader.typing ? reader.typing(raw) : raw;
    if (shown !== raw && caretAt !== null) caret.current = (raw.slice(0, caretAt).match(/\d/g) ?? []).length;
    setText(shown);
    const parsed = reader.parse(shown);
    const next = parsed.kind === 'value' ? parsed.value : emptyValue;
    // The problem is known before the form revalidates on this change.
    kit?.setInputProblem(name, parsed.kind === 'problem' ? parsed.problem : null);
    emitted.current = next;
    field.onChange(next);
  }

  return (
    <TextField
      autoComplete="off"
      {...rest}
      id={id ?? name}
      ref={(el) => {
        input.current = el;
        field.ref(el);
      }}
      value={text}
      error={fieldState.error?.message}
      onChange={(e) => change(e.currentTarget.value, e.currentTarget.selectionStart)}
      onBlur={() => {
        const parsed = reader.parse(text);
        if (parsed.kind === 'value') setText(reader.show(parsed.value));
        field.onBlur();
      }}
      disabled={rest.disabled ?? field.disabled}
    />
  );
}

const dateReader: Reader<string> = { parse: parseDate, show: formatDate, typing: typeDate };
const moneyReader: Reader<number> = { parse: parseRupiah, show: formatRupiah, typing: typeRupiah };
const phoneReader: Reader<string> = { parse: parsePhone, show: formatPhone };
const wholeNumberReader: Reader<number> = { parse: parseWholeNumber, show: formatWholeNumber };

/**
 * A date typed as 28/11/2026 (or 28-11-2026, 28112026 from a number pad, 2026-11-28); the form holds the ISO date
 * 2026-11-28, which the shared schemas' isoDate takes. A date that does not exist (31/02/2026), a two-digit year
 * or anything else unreadable is a field error.
 */
export function DateField<T extends FieldValues>(props: Bound<T> & InputRest) {
  const { t } = useTranslation();
  return (
    <ReadInput
      inputMode="numeric"
      placeholder={t('forms.date.placeholder')}
      maxLength={10}
      {...props}
      reader={dateReader}
    />
  );
}

/** An amount in rupiah, shown as Rp 3.000.000 while typing; the form holds the integer 3000000. */
export function MoneyField<T extends FieldValues>(props: Bound<T> & InputRest) {
  return <ReadInput inputMode="numeric" {...props} reader={moneyReader} />;
}

/** A whole number (a capacity, a year, a quantity): a number pad on a phone; the form holds the integer. */
export function WholeNumberField<T extends FieldValues>(props: Bound<T> & InputRest) {
  return <ReadInput inputMode="numeric" autoComplete="off" {...props} reader={wholeNumberReader} />;
}

/**
 * A phone number typed as 0812-3456-7890, +62 812 3456 7890 or 62812…; the form holds +6281234567890, and the
 * field shows it again as 0812-3456-7890 when left.
 */
export function PhoneField<T extends FieldValues>(props: Bound<T> & InputRest) {
  return <ReadInput type="tel" inputMode="tel" autoComplete="tel" {...props} reader={phoneReader} />;
}
