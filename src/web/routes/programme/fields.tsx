// Form fields of the programme screens: a rupiah amount (typed as digits, shown grouped "3.000.000" after a
// fixed "Rp"), and a whole number. Both keep what was typed as text; the forms turn it into integers.
import type { InputHTMLAttributes } from 'react';
import { groupDigits } from './shared.ts';

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
}: Props & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
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
}: Props & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
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

/** A whole number from the text of a NumberField, or null when empty or out of [min, max]. */
export function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}
