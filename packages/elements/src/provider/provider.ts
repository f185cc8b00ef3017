import { css, html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { CalsyncClientLike } from '../core/client.js';
import {
  notifyClientSourcesChange,
  sharedSessionClient,
  sharedTokenClient,
} from '../core/page-client.js';

/**
 * Gives every Calsync element inside it one client: its `client` property, else one built from
 * `base-url` and `session-url` (your backend's route, POSTed to with the page's cookies; it
 * answers the JSON of `POST /api/v1/sessions`), else from `base-url` and `session-token`. Its
 * elements share that client, its cached token and one live stream. It renders its children as
 * they are, and may be defined after them.
 *
 * @summary One Calsync configuration for the elements inside it.
 * @tag calsync-provider
 *
 * @slot - The page content holding Calsync elements.
 */
export class CalsyncProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** The Calsync SDK client (`createCalsyncClient()` of `@calsync/sdk`); wins over attributes. */
  @property({ attribute: false }) client: CalsyncClientLike | undefined;

  /** The Calsync server's URL. */
  @property({ attribute: 'base-url' }) baseUrl = '';

  /** Your backend's route that answers a session for the signed-in user (`POST`). */
  @property({ attribute: 'session-url' }) sessionUrl = '';

  /** A session token (`cst_…`), when the page has one already; `session-url` wins. */
  @property({ attribute: 'session-token' }) sessionToken = '';

  /** The client the elements inside use, if this provider is configured. */
  get providedClient(): CalsyncClientLike | undefined {
    if (this.client) return this.client;
    if (!this.baseUrl) return undefined;
    if (this.sessionUrl) return sharedSessionClient(this.baseUrl, this.sessionUrl);
    if (this.sessionToken) return sharedTokenClient(this.baseUrl, this.sessionToken);
    return undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    notifyClientSourcesChange();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    notifyClientSourcesChange();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    notifyClientSourcesChange();
  }

  protected override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'calsync-provider': CalsyncProvider;
  }
}
