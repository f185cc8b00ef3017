/**
 * Wire types read off the server's route types (`ApiRoutes`), so the SDK cannot drift from the
 * API: a changed schema on the server is a type error here.
 */
import type { ApiRoutes } from '@calsync/server';
import type { ExtractSchema } from 'hono/types';

type Routes = ExtractSchema<ApiRoutes>;

/** Every path of `/api/v1`, as the server declares it (`/appointments/:id`). */
export type RoutePath = keyof Routes & string;

type Endpoint<Path extends string, Method extends string> = Path extends RoutePath
  ? Method extends keyof Routes[Path]
    ? Routes[Path][Method]
    : never
  : never;

/**
 * The request inputs of a route: `{ json?, query?, param? }`.
 *
 * @example
 * type NewAppointment = RouteInput<'/appointments', '$post'>['json'];
 */
export type RouteInput<Path extends string, Method extends string> =
  Endpoint<Path, Method> extends { input: infer Input } ? Input : never;

type OutputOf<Path extends string, Method extends string, Status extends number> =
  Extract<Endpoint<Path, Method>, { status: Status }> extends { output: infer Output }
    ? Output
    : never;

/**
 * The response body of a route for one status. While the server has not landed the route, or
 * declares its body only as untyped JSON, this is `Pending` (a type from `pending.ts`); once the
 * route's schema is typed the server's type takes over without a change here.
 *
 * @example
 * type Session = RouteOutput<'/sessions', '$post', 201>;
 */
export type RouteOutput<
  Path extends string,
  Method extends string,
  Status extends number,
  Pending = never,
> = [OutputOf<Path, Method, Status>] extends [never]
  ? Pending
  : // Untyped JSON accepts a string; a typed body (an object or an array) does not.
    [string] extends [OutputOf<Path, Method, Status>]
    ? Pending
    : OutputOf<Path, Method, Status>;

/**
 * A route's query as the SDK takes it: `"true" | "false"` flags become booleans and coerced
 * numbers (`limit`, `after`), which the server types as `unknown`, become numbers.
 *
 * @example
 * type ListQuery = QueryOf<RouteInput<'/appointments', '$get'>['query']>;
 */
export type QueryOf<Query> = {
  [K in keyof Query]: [Exclude<Query[K], undefined>] extends ['true' | 'false']
    ? boolean
    : unknown extends Query[K]
      ? number
      : Query[K];
};

type Present<Check extends true> = Check;
/**
 * Compiles only while the server's route types are readable: without them every wire type
 * would silently turn into `never` or a pending stand-in.
 *
 * @example
 * type Ok = ServerRoutesPresent; // true
 */
export type ServerRoutesPresent = Present<
  string extends RoutePath ? false : '/sessions' extends RoutePath ? true : false
>;
