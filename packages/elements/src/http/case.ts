/** Key-case conversion between the API's snake_case and the elements' camelCase. */

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Deep-converts object keys to camelCase (arrays walked, values kept).
 *
 * @example
 * camelizeKeys({ sync_status: 'active' }) // { syncStatus: 'active' }
 */
export function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()),
      camelizeKeys(inner),
    ]),
  );
}

/**
 * Converts the top-level keys of a request body to snake_case. Values are sent as they are: a
 * merged conflict's field values are event content, whose own keys the API keeps.
 *
 * @example
 * snakeTopLevelKeys({ serverUrl: 'https://…' }) // { server_url: 'https://…' }
 */
export function snakeTopLevelKeys(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body)
      .filter(([, inner]) => inner !== undefined)
      .map(([key, inner]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), inner]),
  );
}
