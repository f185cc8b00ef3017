import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { errorCodeOf, type CalsyncClientLike, type ChangeEvent } from './client.js';
import { CalsyncErrorEvent } from './events.js';
import { listenToChanges } from './stream-hub.js';
import { providedClient } from './enclosing-provider.js';
import { configuredClient, onClientSourcesChange, sharedTokenClient } from './page-client.js';
import { calsyncLocale, canonicalLocale, catalogFor } from './locale-catalogs.js';
import { onStringsChange, pageStringOverrides, type CalsyncStrings } from './strings.js';

const clientIds = new WeakMap<CalsyncClientLike, number>();
let nextClientId = 1;
const identify = (client: CalsyncClientLike | undefined): number => {
  if (!client) return 0;
  if (!clientIds.has(client)) clientIds.set(client, nextClientId++);
  return clientIds.get(client)!;
};

/**
 * What every Calsync element shares: how it reaches the API (its `client`, its `base-url` +
 * `session-token`, the nearest `<calsync-provider>`, or the page's `configureCalsync`), strings,
 * the clock, custom states, loading when its inputs change and listening to the live change
 * stream while connected.
 */
export abstract class CalsyncElement extends LitElement {
  /** The Calsync SDK client (`createCalsyncClient()` of `@calsync/sdk`). Wins over the rest. */
  @property({ attribute: false }) client: CalsyncClientLike | undefined;

  /**
   * The Calsync server's URL, used with `session-token` when no `client` is set. Elements with
   * the same `base-url` and `session-token` share one client and one live stream.
   */
  @property({ attribute: 'base-url' }) baseUrl = '';

  /** A session token (`cst_…`) for the signed-in user, minted by your backend. */
  @property({ attribute: 'session-token' }) sessionToken = '';

  /**
   * The language of the element's messages and of its dates and numbers (`de`, `en-GB`). Default:
   * the page's `setCalsyncLocale()`, else the nearest `lang` attribute. Messages come from the
   * locale's registered catalog, else its language's (`de-AT` → `de`), else English.
   */
  @property() locale = '';

  /** Overrides some strings for this element only (see `setCalsyncStrings` for the page). */
  @property({ attribute: false }) strings: Partial<CalsyncStrings> = {};

  /** The clock, for relative times and "this week"; tests and stories pin it. */
  @property({ attribute: false }) now: () => Date = () => new Date();

  protected readonly internals: ElementInternals;
  private loadedKey: string | undefined;
  private loadGeneration = 0;
  private stopListening: (() => void) | undefined;
  private listeningTo = 0;
  private stopStrings: (() => void) | undefined;
  private stopSources: (() => void) | undefined;

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  /**
   * The client in use: `client`; else the page's one client for `base-url` + `session-token`;
   * else the nearest `<calsync-provider>`'s; else the page's `configureCalsync()`.
   */
  protected get api(): CalsyncClientLike | undefined {
    if (this.client) return this.client;
    if (this.baseUrl && this.sessionToken)
      return sharedTokenClient(this.baseUrl, this.sessionToken);
    return providedClient(this) ?? configuredClient();
  }

  /** The strings in effect: the locale's catalog, then the page's overrides, then this element's. */
  protected get text(): CalsyncStrings {
    return { ...catalogFor(this.formatLocale), ...pageStringOverrides(), ...this.strings };
  }

  /**
   * The locale in effect, for messages and for dates and numbers: `locale`, else the page's
   * `setCalsyncLocale()`, else the nearest `lang`; `undefined` (the browser's) when none is valid.
   */
  protected get formatLocale(): string | undefined {
    const requested =
      this.locale || calsyncLocale() || this.closest('[lang]')?.getAttribute('lang') || '';
    return canonicalLocale(requested);
  }

  /** Turns a custom state (`:state(name)`) on or off. */
  protected toggleState(name: string, on: boolean): void {
    if (on) this.internals.states.add(name);
    else this.internals.states.delete(name);
  }

  /** What, besides the client, decides the data shown (e.g. the integration id). */
  protected loadKeyParts(): readonly unknown[] {
    return [];
  }

  /** Fetches the element's data. `isCurrent()` turns false once a newer load started. */
  protected abstract load(api: CalsyncClientLike, isCurrent: () => boolean): Promise<void>;

  /** Reacts to one change of the live stream (default: nothing). */
  protected onChange(_change: ChangeEvent, _api: CalsyncClientLike): void {}

  /** Loads again now, e.g. after a change the stream announced. */
  protected reload(): void {
    const api = this.api;
    if (!api) return;
    const generation = ++this.loadGeneration;
    void this.load(api, () => generation === this.loadGeneration && this.isConnected);
  }

  /** Tells the host a user-requested action failed. */
  protected reportError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.dispatchEvent(new CalsyncErrorEvent({ code: errorCodeOf(error), message }));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopStrings = onStringsChange(() => this.requestUpdate());
    this.stopSources = onClientSourcesChange(() => this.requestUpdate());
    this.loadedKey = undefined;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopStrings?.();
    this.stopSources?.();
    this.stopListening?.();
    this.stopListening = undefined;
    this.loadGeneration++;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const api = this.api;
    const clientId = identify(api);
    if (clientId !== this.listeningTo || (api && !this.stopListening)) {
      this.stopListening?.();
      this.listeningTo = clientId;
      this.stopListening = api
        ? listenToChanges(api, (change) => this.onChange(change, api))
        : undefined;
    }
    const key = JSON.stringify([clientId, ...this.loadKeyParts()]);
    if (key === this.loadedKey) return;
    this.loadedKey = key;
    if (api) this.reload();
  }
}
