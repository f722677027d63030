// A list's filters, order and page in the address, so that a list can be bookmarked, shared and found again with
// the back button. Each parameter is read through its own zod schema: one that is missing or does not parse
// takes its default, the others keep their values. Writing replaces the current history entry (choosing a
// filter is not a step back), and a value equal to its default leaves the address.
//
// Only what identifies no one goes here (stage, region, status, page, sort). A person's name, NIK or code typed
// into a search stays in the screen's state and the request body: an address is kept in the history, in the
// server's and proxies' logs and in bookmarks.
import { useCallback, useMemo } from 'react';
import { useLocation, useSearch } from 'wouter';
import { z } from 'zod';

type Shape = Record<string, z.ZodType>;
export type UrlState<S extends Shape> = { [K in keyof S]: z.output<S[K]> };

/** The value of each parameter in `search` ('a=1&b=2'), its default when absent or invalid. */
export function readUrlState<S extends Shape>(shape: S, search: string): UrlState<S> {
  const params = new URLSearchParams(search);
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const raw = params.get(key);
    const parsed = raw === null ? schema.safeParse(undefined) : schema.safeParse(raw);
    out[key] = parsed.success ? parsed.data : schema.safeParse(undefined).data;
  }
  return out as UrlState<S>;
}

/** `search` with `patch` applied: values equal to their default (or empty) removed, other parameters kept. */
export function writeUrlState<S extends Shape>(shape: S, search: string, patch: Partial<UrlState<S>>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(patch)) {
    const schema = shape[key];
    if (!schema) continue;
    const fallback = schema.safeParse(undefined);
    const isDefault = fallback.success && fallback.data === value;
    if (value === undefined || value === null || value === '' || isDefault) params.delete(key);
    else params.set(key, String(value));
  }
  return params.toString();
}

/**
 * The typed parameters of the address and a setter that changes some of them (replace navigation). Give the
 * shape a stable identity (a module constant): it is the memo's key.
 */
export function useUrlState<S extends Shape>(shape: S): [UrlState<S>, (patch: Partial<UrlState<S>>) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const state = useMemo(() => readUrlState(shape, search), [shape, search]);
  const set = useCallback(
    (patch: Partial<UrlState<S>>) => {
      const next = writeUrlState(shape, search, patch);
      if (next === search) return;
      navigate(next ? `${location}?${next}` : location, { replace: true });
    },
    [shape, search, location, navigate],
  );
  return [state, set];
}

/** A page number in the address: 1 when absent or not a whole number from 1 to `max`. */
export const pageParam = (max = 1000) => z.coerce.number().int().min(1).max(max).catch(1);
/** A page size in the address: one of the sizes offered, else the first. */
export const pageSizeParam = (sizes: readonly [number, ...number[]]) =>
  z.coerce
    .number()
    .int()
    .refine((n) => sizes.includes(n))
    .catch(sizes[0]);
/** One of a list of codes (a stage, a status, a sort), or `fallback` when absent or unknown. */
export const codeParam = <const T extends readonly [string, ...string[]], F extends T[number] | ''>(
  values: T,
  fallback: F,
) => z.enum(values).or(z.literal(fallback)).catch(fallback);
