/** Converts object keys deeply; arrays are walked, other values are kept as they are. */
function convertKeys(value: unknown, convertKey: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => convertKeys(item, convertKey));
  if (value === null || typeof value !== 'object') return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  // Only plain objects are records of fields; a Date or a Blob is a value.
  if (prototype !== Object.prototype && prototype !== null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) result[convertKey(key)] = convertKeys(item, convertKey);
  }
  return result;
}

/**
 * The wire's snake_case keys as camelCase, deeply.
 *
 * @example
 * toCamelCase({ sync_status: 'active' }); // { syncStatus: 'active' }
 */
export function toCamelCase(value: unknown): unknown {
  return convertKeys(value, (key) =>
    key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
  );
}

/**
 * camelCase keys as the wire's snake_case, deeply; `undefined` fields are dropped.
 *
 * @example
 * toSnakeCase({ syncEnabled: false }); // { sync_enabled: false }
 */
export function toSnakeCase(value: unknown): unknown {
  return convertKeys(value, (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}
