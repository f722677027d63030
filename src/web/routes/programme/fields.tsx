// Form fields of the programme screens: a rupiah amount (typed as digits, shown grouped "3.000.000" after a
// fixed "Rp"), and a whole number. RupiahField and NumberField keep what was typed as text; RupiahInput and
// WholeNumberInput are the same controls bound to a schema form, which holds the integer the shared schemas take.
import type { ComponentProps } from 'react';
import { type Control, type FieldPath, type FieldValues, useController, useFormContext } from 'react-hook-form';
import { groupDigits, parseRupiah } from './shared.ts';

interface Props {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange(next: string): void;
}

function describedBy(id: string, hint?: string, error?: string) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** An amount in rupiah: a numeric keypad on a phone, digits grouped with dots as they are typed. */
export function RupiahField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  ...rest
}: Props & Omit<ComponentProps<'input'>, 'value' | 'onChange'>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <div className="money-input">
        <span className="money-prefix" aria-hidden="true">
          Rp
        </span>
        <input
          id={id}
          name={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          value={value}
          onChange={(e) => onChange(groupDigits(e.currentTarget.value))}
          {...rest}
        />
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A whole number (capacity, year, target); the field stays text so an empty value is possible. */
export function NumberField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  ...rest
}: Props & Omit<ComponentProps<'input'>, 'value' | 'onChange'>) {
  return (
    <div className="field field-number">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value.replace(/[^\d]/g, ''))}
        {...rest}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface BoundProps<T extends FieldValues> {
  name: FieldPath<T>;
  /** The form's control; optional inside <SchemaForm>. */
  control?: Control<T, unknown, unknown>;
  id?: string;
  label: string;
  hint?: string;
}
type BoundRest = Omit<ComponentProps<'input'>, 'value' | 'onChange' | 'name' | 'id' | 'defaultValue' | 'form'>;

function useBoundNumber<T extends FieldValues>(name: FieldPath<T>, control?: Control<T, unknown, unknown>) {
  const context = useFormContext<T>();
  const { field, fieldState } = useController<T>({ name, control: (control ?? context?.control) as Control<T> });
  const value = field.value as number | null | undefined;
  return { field, error: fieldState.error?.message, text: value === null || value === undefined ? '' : String(value) };
}

/** RupiahField bound to a schema form: the form holds the integer amount (nothing typed: undefined). */
export function RupiahInput<T extends FieldValues>({ name, control, id, ...rest }: BoundProps<T> & BoundRest) {
  const { field, error, text } = useBoundNumber(name, control);
  return (
    <RupiahField
      {...rest}
      id={id ?? name}
      ref={field.ref}
      error={error}
      value={groupDigits(text)}
      onChange={(typed) => field.onChange(parseRupiah(typed) ?? undefined)}
      onBlur={field.onBlur}
    />
  );
}

/** NumberField bound to a schema form: the form holds the whole number (nothing typed: undefined). */
export function WholeNumberInput<T extends FieldValues>({ name, control, id, ...rest }: BoundProps<T> & BoundRest) {
  const { field, error, text } = useBoundNumber(name, control);
  return (
    <NumberField
      {...rest}
      id={id ?? name}
      ref={field.ref}
      error={error}
      value={text}
      onChange={(typed) => field.onChange(typed === '' ? undefined : Number(typed))}
      onBlur={field.onBlur}
    />
  );
}
