/** `sync_status` → `syncStatus`, at the type level. */
export type CamelKey<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelKey<Tail>>}`
  : S;

/**
 * A wire (snake_case) type with every object key turned to camelCase, deeply. Values are kept:
 * times stay RFC 3339 strings, enum members stay as the API spells them.
 *
 * @example
 * type Integration = CamelCase<{ sync_status: 'active'; last_sync_at: string | null }>;
 * // { syncStatus: 'active'; lastSyncAt: string | null }
 */
export type CamelCase<T> = T extends readonly (infer Item)[]
  ? CamelCase<Item>[]
  : T extends object
    ? { [K in keyof T as K extends string ? CamelKey<K> : K]: CamelCase<T[K]> }
    : T;
