// Form fields with real labels, hints and error text tied to the control by aria-describedby.
// The controls take a ref (React 19: a plain prop), which the form kit's bound fields pass for form.setFocus.
import type { ComponentProps, ReactNode } from 'react';

function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
}

export function TextField({ id, label, hint, error, className, ...input }: FieldProps & ComponentProps<'input'>) {
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField({
  id,
  label,
  hint,
  error,
  children,
  ...select
}: FieldProps & ComponentProps<'select'> & { children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...select}
      >
        {children}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A group of checkboxes (e.g. regions) in a fieldset with a legend. */
export function CheckboxGroup({
  id,
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  disabled,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** A description, when given, is read with the label (e.g. what a consent purpose means). */
  options: readonly { value: string; label: string; description?: string }[];
  value: readonly string[];
  onChange(next: string[]): void;
  disabled?: boolean;
}) {
  const toggle = (v: string, on: boolean) =>
    onChange(on ? [...value.filter((x) => x !== v), v] : value.filter((x) => x !== v));
  return (
    <fieldset
      className="field checkbox-group"
      id={id}
      aria-describedby={describedBy(id, hint, error)}
      aria-invalid={error ? true : undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <div className="checkbox-grid">
        {options.map((o) => {
          const descId = o.description ? `${id}-${o.value}-description` : undefined;
          const box = (
            <label key={o.value} className="checkbox">
              <input
                type="checkbox"
                name={id}
                value={o.value}
                checked={value.includes(o.value)}
                disabled={disabled}
                aria-describedby={descId}
                onChange={(e) => toggle(o.value, e.currentTarget.checked)}
              />
              <span className={o.description ? 'checkbox-label' : undefined}>{o.label}</span>
            </label>
          );
          return o.description ? (
            <div key={o.value} className="checkbox-item">
              {box}
              <p id={descId} className="checkbox-description">
                {o.description}
              </p>
            </div>
          ) : (
            box
          );
        })}
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function TextAreaField({ id, label, hint, error, className, ...area }: FieldProps & ComponentProps<'textarea'>) {
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        rows={4}
        {...area}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** One choice out of a few (e.g. "has a NIK" / "has none"), as radio buttons in a fieldset with a legend. */
export function RadioGroup<V extends string>({
  id,
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  disabled,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: readonly { value: V; label: string }[];
  value: V | '';
  onChange(next: V): void;
  disabled?: boolean;
}) {
  return (
    <fieldset
      className="field radio-group"
      id={id}
      aria-describedby={describedBy(id, hint, error)}
      aria-invalid={error ? true : undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <div className="radio-row">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input
              type="radio"
              name={id}
              value={o.value}
              checked={value === o.value}
              disabled={disabled}
              onChange={(e) => e.currentTarget.checked && onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
