/**
 * A route's query as the SDK takes it: the wire's `"true" | "false"` flags become booleans;
 * everything else is kept as the document types it.
 *
 * @example
 * type ListQuery = QueryOf<{ include_deleted?: 'true' | 'false'; limit?: number }>;
 * // { include_deleted?: boolean; limit?: number }
 */
export type QueryOf<Query> = {
  [K in keyof Query]: [Exclude<Query[K], undefined>] extends ['true' | 'false']
    ? boolean
    : Query[K];
};
