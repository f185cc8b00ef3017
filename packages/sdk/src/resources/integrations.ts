import type { PageList } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';
import type {
  AuthorizeIntegration,
  Calendar as WireCalendar,
  CalendarUpdate,
  Conflict as WireConflict,
  CreateIntegration,
  Integration as WireIntegration,
  IntegrationPatch,
  IntegrationUpdate,
  Paths,
  ResolveConflict,
  SyncAttempt as WireSyncAttempt,
  SyncStatus as WireSyncStatus,
} from '../generated/api.js';
import type { CamelCase } from '../wire/case.js';
import { listOf, mergePatch, segment, type PageParams, type RequestOptions } from './common.js';

type Route = Paths['/calendar-integrations/{id}'];

/** A connected provider account of a user (the API's calendar integration). */
export type Integration = CamelCase<WireIntegration>;
/** A connection's sync state: `active | paused | error | needs_reauth | disconnected`. */
export type IntegrationStatus = Integration['syncStatus'];
/** The provider of a connection: `google | outlook | icloud | caldav`. */
export type IntegrationProvider = Integration['provider'];
/** `integrations.replace`: every setting (a full replacement). */
export type IntegrationReplaceParams = CamelCase<IntegrationUpdate>;
/**
 * `integrations.update`: only the settings to change, every other kept; `syncEnabled: false`
 * pauses.
 */
export type IntegrationUpdateParams = CamelCase<IntegrationPatch>;
/** `integrations.list`: whose connections (`userId`, secret key only), and the page. */
export type IntegrationListParams = CamelCase<Paths['/calendar-integrations']['get']['query']> &
  PageParams;
/** `integrations.connect`: an OAuth code (Google, Outlook) or CalDAV credentials, plus settings. */
export type IntegrationConnectParams = CamelCase<CreateIntegration>;
/** One external calendar of a connection. */
export type Calendar = CamelCase<WireCalendar>;
/** `integrations.updateCalendar`: import from it, or make it the export destination. */
export type CalendarUpdateParams = CamelCase<CalendarUpdate>;
/** Both sides of a field changed differently: internal, external and base versions. */
export type Conflict = CamelCase<WireConflict>;
/** `integrations.conflicts` filters, and the page. */
export type ConflictListParams = CamelCase<
  Paths['/calendar-integrations/{id}/conflicts']['get']['query']
> &
  PageParams;
/** A provider this server can connect, and how: OAuth or credentials. */
export type ConfiguredProvider = CamelCase<
  Paths['/providers']['get']['responses'][200]['data'][number]
>;
/** `integrations.resolveConflict`: keep one side, merge field by field, or duplicate. */
export type ConflictResolveParams = CamelCase<ResolveConflict>;
/** One pull, push or resync run of a connection. */
export type SyncAttempt = CamelCase<WireSyncAttempt>;
/** `integrations.syncAttempts` filters, and the page. */
export type SyncAttemptListParams = CamelCase<
  Paths['/calendar-integrations/{id}/sync-attempts']['get']['query']
> &
  PageParams;
/** What a connection's sync is doing now. */
export type SyncStatus = CamelCase<WireSyncStatus>;
/** `integrations.sync`: incremental (default) or a full resync of a window. */
export type SyncParams = CamelCase<
  NonNullable<Paths['/calendar-integrations/{id}/sync']['post']['body']>
>;
/** The answer of `integrations.sync`. */
export type SyncStarted = CamelCase<
  Paths['/calendar-integrations/{id}/sync']['post']['responses'][202]
>;
/**
 * `integrations.authorize`: where the provider sends the user back — default the server's
 * callback page; anything else must be one of the server's allowed redirect URIs.
 */
export type AuthorizeParams = CamelCase<AuthorizeIntegration>;
/**
 * The answer of `integrations.authorize`: the URL to open in the sign-in window (the server's
 * start URL, good once and for a minute, which binds the sign-in to that browser; or, with an
 * allowed `redirectUri`, the provider's consent page), and the state the result comes back with.
 */
export type Authorization = CamelCase<
  Paths['/calendar-integrations/{provider}/authorize']['post']['responses'][200]
>;
/** The answer of `integrations.disconnect`. */
export type Disconnected = CamelCase<Route['delete']['responses'][200]>;

/** `calsync.integrations`: the user's connected calendar accounts. */
export interface IntegrationsAPI {
  /**
   * A user's connections (a session token: its own). `await` it or `for await` over it.
   *
   * @example
   * const { data } = await calsync.integrations.list({ userId: 'u1' });
   */
  list(params?: IntegrationListParams, options?: RequestOptions): PageList<Integration>;
  /**
   * The providers this server can connect, and how (`oauth` or `credentials`).
   *
   * @example
   * const providers = await calsync.integrations.providers();
   */
  providers(options?: RequestOptions): Promise<ConfiguredProvider[]>;
  /**
   * One connection.
   *
   * @example
   * const { syncStatus } = await calsync.integrations.get(id);
   */
  get(id: string, options?: RequestOptions): Promise<Integration>;
  /**
   * Changes the given settings only (a JSON merge patch); every other setting is kept.
   * `syncEnabled: false` pauses.
   *
   * @example
   * await calsync.integrations.update(id, { syncDirection: 'import_only' });
   */
  update(
    id: string,
    params: IntegrationUpdateParams,
    options?: RequestOptions,
  ): Promise<Integration>;
  /**
   * Replaces every setting (`PUT`).
   *
   * @example
   * const current = await calsync.integrations.get(id);
   * await calsync.integrations.replace(id, { ...current, syncDirection: 'import_only' });
   */
  replace(
    id: string,
    params: IntegrationReplaceParams,
    options?: RequestOptions,
  ): Promise<Integration>;
  /**
   * Disconnects: stops sync, revokes the tokens, deletes the credentials; synced appointments stay.
   *
   * @example
   * await calsync.integrations.disconnect(id);
   */
  disconnect(id: string, options?: RequestOptions): Promise<Disconnected>;
  /**
   * The account's calendars, with which are selected and which is the destination; `await` it
   * or `for await` over it.
   *
   * @example
   * const { data: calendars } = await calsync.integrations.calendars(id);
   */
  calendars(id: string, params?: PageParams, options?: RequestOptions): PageList<Calendar>;
  /**
   * Selects a calendar for import, or makes it the destination of exports.
   *
   * @example
   * await calsync.integrations.updateCalendar(id, calendarId, { selected: true });
   */
  updateCalendar(
    id: string,
    calendarId: string,
    params: CalendarUpdateParams,
    options?: RequestOptions,
  ): Promise<Calendar>;
  /**
   * Starts the OAuth flow: open `authorizationUrl` in a popup at once (it is good once, for a
   * minute, and binds the sign-in to that browser); the callback page finishes it and posts the
   * result to the opener. An unlisted `redirectUri` is refused (`redirect_uri_not_allowed`).
   *
   * @example
   * const { authorizationUrl, state } = await calsync.integrations.authorize('google');
   */
  authorize(
    provider: 'google' | 'outlook',
    params?: AuthorizeParams,
    options?: RequestOptions,
  ): Promise<Authorization>;
  /**
   * Connects an account: an OAuth code, or CalDAV credentials (tested before they are stored;
   * a refusal is `caldav_auth_failed`). The initial sync starts at once.
   *
   * @example
   * await calsync.integrations.connect({ provider: 'icloud', username, password });
   */
  connect(params: IntegrationConnectParams, options?: RequestOptions): Promise<Integration>;
  /**
   * Starts a sync now.
   *
   * @example
   * const { syncId } = await calsync.integrations.sync(id, { mode: 'full' });
   */
  sync(id: string, params?: SyncParams, options?: RequestOptions): Promise<SyncStarted>;
  /**
   * Status, progress, recent items, failure and conflict counts of a connection's sync.
   *
   * @example
   * const { progress, conflicts } = await calsync.integrations.syncStatus(id);
   */
  syncStatus(id: string, options?: RequestOptions): Promise<SyncStatus>;
  /**
   * A connection's conflicts, newest first; `await` it or `for await` over it.
   *
   * @example
   * const { data: open } = await calsync.integrations.conflicts(id, { status: 'open' });
   */
  conflicts(id: string, params?: ConflictListParams, options?: RequestOptions): PageList<Conflict>;
  /**
   * Resolves a conflict; the result syncs to every calendar.
   *
   * @example
   * await calsync.integrations.resolveConflict(id, conflictId, { resolution: 'kept_internal' });
   */
  resolveConflict(
    id: string,
    conflictId: string,
    params: ConflictResolveParams,
    options?: RequestOptions,
  ): Promise<Conflict>;
  /**
   * A connection's sync attempts, newest first; `await` it or `for await` over it.
   *
   * @example
   * for await (const failed of calsync.integrations.syncAttempts(id, { status: 'fail' })) log(failed);
   */
  syncAttempts(
    id: string,
    params?: SyncAttemptListParams,
    options?: RequestOptions,
  ): PageList<SyncAttempt>;
  /**
   * Hands a failed attempt back to the queue (secret key only, audited).
   *
   * @example
   * await calsync.integrations.reprocessAttempt(id, attemptId);
   */
  reprocessAttempt(id: string, attemptId: string, options?: RequestOptions): Promise<SyncAttempt>;
}

/**
 * Binds the integrations namespace to a transport.
 *
 * @example
 * const integrations = integrationsAPI(createTransport(options));
 */
export function integrationsAPI(transport: Transport): IntegrationsAPI {
  const base = '/calendar-integrations';
  const path = (id: string): string => `${base}/${segment(id)}`;
  return {
    list: (query, options) => listOf(transport, base, query, options),
    providers: async (options) =>
      (
        await transport.json<{ data: ConfiguredProvider[] }>({
          method: 'GET',
          path: '/providers',
          ...options,
        })
      ).data,
    get: (id, options) => transport.json({ method: 'GET', path: path(id), ...options }),
    update: (id, body, options) => transport.json(mergePatch(path(id), body, options)),
    replace: (id, body, options) =>
      transport.json({ method: 'PUT', path: path(id), body, ...options }),
    disconnect: (id, options) => transport.json({ method: 'DELETE', path: path(id), ...options }),
    calendars: (id, query, options) => listOf(transport, `${path(id)}/calendars`, query, options),
    updateCalendar: (id, calendarId, body, options) =>
      transport.json({
        method: 'PUT',
        path: `${path(id)}/calendars/${segment(calendarId)}`,
        body,
        ...options,
      }),
    authorize: (provider, body, options) =>
      transport.json({
        method: 'POST',
        path: `${base}/${segment(provider)}/authorize`,
        body: body ?? {},
        ...options,
      }),
    connect: (body, options) => transport.json({ method: 'POST', path: base, body, ...options }),
    sync: (id, body, options) =>
      transport.json({ method: 'POST', path: `${path(id)}/sync`, body: body ?? {}, ...options }),
    syncStatus: (id, options) =>
      transport.json({ method: 'GET', path: `${path(id)}/sync-status`, ...options }),
    conflicts: (id, query, options) => listOf(transport, `${path(id)}/conflicts`, query, options),
    resolveConflict: (id, conflictId, body, options) =>
      transport.json({
        method: 'POST',
        path: `${path(id)}/conflicts/${segment(conflictId)}/resolve`,
        body,
        ...options,
      }),
    syncAttempts: (id, query, options) =>
      listOf(transport, `${path(id)}/sync-attempts`, query, options),
    reprocessAttempt: (id, attemptId, options) =>
      transport.json({
        method: 'POST',
        path: `${path(id)}/sync-attempts/${segment(attemptId)}/reprocess`,
        ...options,
      }),
  };
}
