// Big tap targets for a phone: one choice (radio buttons) or several (checkboxes) drawn as chips, in a
// fieldset with a legend. Real inputs underneath, so arrow keys, Space and screen readers work as usual;
// a chosen chip shows a tick as well as a colour.
import type { ReactNode } from 'react';

interface ChipProps {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Larger chips that share the row equally (e.g. three levels of interest). */
  big?: boolean;
  disabled?: boolean;
}

function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Frame({ id, legend, hint, error, big, children }: ChipProps & { children: ReactNode }) {
  return (
    <fieldset
      className="field chips"
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
      <div className={big ? 'chip-row chip-row-big' : 'chip-row'}>{children}</div>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function ChoiceChips<V extends string>({
  options,
  value,
  onChange,
  ...frame
}: ChipProps & { options: readonly { value: V; label: string }[]; value: V | ''; onChange(next: V): void }) {
  return (
    <Frame {...frame}>
      {options.map((o) => (
        <label key={o.value} className="chip">
          <input
            type="radio"
            name={frame.id}
            value={o.value}
            checked={value === o.value}
            disabled={frame.disabled}
            onChange={(e) => e.currentTarget.checked && onChange(o.value)}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </Frame>
  );
}

export function ToggleChips<V extends string>({
  options,
  value,
  onChange,
  ...frame
}: ChipProps & { options: readonly { value: V; label: string }[]; value: readonly V[]; onChange(next: V[]): void }) {
  return (
    <Frame {...frame}>
      {options.map((o) => (
        <label key={o.value} className="chip">
          <input
            type="checkbox"
            name={frame.id}
            value={o.value}
            checked={value.includes(o.value)}
            disabled={frame.disabled}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              onChange(on ? [...value.filter((x) => x !== o.value), o.value] : value.filter((x) => x !== o.value));
            }}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </Frame>
  );
}
