import type { CamelCase } from '../wire/case.js';

/** Options every call takes. */
export interface RequestOptions {
  /** Aborts the call; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A path segment, escaped. */
export const segment = (value: string): string => encodeURIComponent(value);

/** `{data, next_cursor}` of the wire, camelCased. */
export type WirePage<T> = CamelCase<{ data: T[]; next_cursor: string | null }>;
