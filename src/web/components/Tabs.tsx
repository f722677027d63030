// ARIA tabs (WAI-ARIA Authoring Practices, automatic activation): one tab stop for the tab list, arrow
// keys move between tabs, Home/End go to the first/last. Only the selected panel has content; the others
// stay in the page, hidden and empty, so every aria-controls points at an element that exists.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<K extends string> {
  key: K;
  label: string;
}

export function Tabs<K extends string>({
  idPrefix,
  label,
  tabs,
  selected,
  onSelect,
  children,
}: {
  idPrefix: string;
  /** Accessible name of the tab list. */
  label: string;
  tabs: readonly TabItem<K>[];
  selected: K;
  onSelect(key: K): void;
  /** The content of the selected panel. */
  children: ReactNode;
}) {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const tabId = (k: K) => `${idPrefix}-tab-${k}`;
  const panelId = (k: K) => `${idPrefix}-panel-${k}`;

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>) {
    const i = tabs.findIndex((x) => x.key === selected);
    let next = -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const key = tabs[next]!.key;
    onSelect(key);
    refs.current.get(key)?.focus();
  }

  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list">
        {tabs.map((tab) => {
          const on = tab.key === selected;
          return (
            <button
              key={tab.key}
              ref={(el) => {
                if (el) refs.current.set(tab.key, el);
                else refs.current.delete(tab.key);
              }}
              type="button"
              role="tab"
              id={tabId(tab.key)}
              aria-selected={on}
              aria-controls={panelId(tab.key)}
              tabIndex={on ? 0 : -1}
              className="tab"
              onClick={() => onSelect(tab.key)}
              onKeyDown={onKeyDown}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.key}
          role="tabpanel"
          id={panelId(tab.key)}
          aria-labelledby={tabId(tab.key)}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: WAI-ARIA tabs pattern: the tabpanel is a tab stop so keyboard users reach a panel that may start with text (styled by .tab-panel:focus-visible)
          tabIndex={0}
          hidden={tab.key !== selected}
          className="tab-panel"
        >
          {tab.key === selected ? children : null}
        </div>
      ))}
    </div>
  );
}
