import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CalsyncElement } from '../core/calsync-element.js';
import {
  errorCodeOf,
  itemsOf,
  type CalsyncClientLike,
  type ChangeEvent,
  type Integration,
  type ProviderName,
} from '../core/client.js';
import { CalsyncConnectEvent, CalsyncDisconnectEvent } from '../core/events.js';
import { OAuthWindowError, runOAuthPopup, type OpenWindow } from '../core/oauth-popup.js';
import { callbackOrigin } from '../core/callback-origin.js';
import { baseStyles } from '../core/styles.js';
import { credentialForm } from './credential-form.js';
import { connectButtonStyles } from './connect-button.styles.js';
import { validateCredentials, type CredentialErrors, type CredentialInput } from './credentials.js';
import { checkIcon, providerIcon } from './icons.js';

type View =
  'loading' | 'disconnected' | 'connecting' | 'form' | 'connected' | 'confirming' | 'disconnecting';

const OAUTH_PROVIDERS = new Set<ProviderName>(['google', 'outlook']);

/**
 * Connects the user's calendar account. Google and Outlook open the provider's sign-in in a
 * window and finish when Calsync's callback page reports back (origin and state checked);
 * iCloud and CalDAV show a credential form. Once connected it shows the account and offers
 * Disconnect, with a confirmation.
 *
 * @summary Connect or disconnect one calendar provider.
 * @tag calsync-connect-button
 *
 * @event {CalsyncConnectEvent} calsync-connect - The user connected an account; `detail.integration`.
 * @event {CalsyncDisconnectEvent} calsync-disconnect - The user confirmed a disconnect; `detail.integrationId`, `detail.provider`.
 * @event {CalsyncErrorEvent} calsync-error - Connecting or disconnecting failed; `detail.code`, `detail.message`.
 *
 * @csspart base - The wrapper of every state.
 * @csspart button - The Connect / Reconnect button.
 * @csspart icon - The provider mark.
 * @csspart label - The button's text.
 * @csspart account - The connected account row.
 * @csspart disconnect - The Disconnect button.
 * @csspart confirm - The disconnect confirmation.
 * @csspart form - The iCloud / CalDAV credential form.
 * @csspart input - Each input of the form.
 * @csspart hint - Help text under an input (the app-specific password hint).
 * @csspart submit - The form's Connect button.
 * @csspart error - An error message.
 *
 * @cssproperty --accent - Primary colour (defaults to `--calsync-color-accent`).
 * @cssproperty --radius - Corner radius (defaults to `--calsync-radius`).
 * @cssproperty --button-min-width - Minimum width of the Connect button.
 *
 * @cssstate connected - An account of this provider is connected.
 * @cssstate connecting - Waiting for the sign-in window or the credential check.
 * @cssstate needs-reauth - Connected, but the provider wants the user to sign in again.
 */
export class CalsyncConnectButton extends CalsyncElement {
  static override styles = [baseStyles, connectButtonStyles];

  /** Which provider this button connects. */
  @property({ reflect: true }) provider: ProviderName = 'google';

  /** Where the provider returns after sign-in; default: the server's own callback page. */
  @property({ attribute: 'redirect-uri' }) redirectUri = '';

  /**
   * The origin Calsync's callback page posts from; default: that of the client's server URL
   * (however the element got its client), else this page's. Set it when the API is reached
   * through another origin than `CALSYNC_BASE_URL`'s (e.g. a proxy on your own domain).
   */
  @property({ attribute: 'callback-origin' }) callbackOrigin = '';

  /** Opens the sign-in window (default `window.open`). */
  @property({ attribute: false }) openWindow: OpenWindow | undefined;

  /** The connected account, once known. */
  @state() integration: Integration | undefined;
  @state() private view: View = 'loading';
  @state() private errors: CredentialErrors = {};
  @state() private message = '';
  @state() private submitting = false;

  protected override loadKeyParts(): readonly unknown[] {
    return [this.provider];
  }

  protected override async load(api: CalsyncClientLike, isCurrent: () => boolean): Promise<void> {
    try {
      const found = itemsOf(await api.integrations.list()).find(
        (i) => i.provider === this.provider && i.syncStatus !== 'disconnected',
      );
      const busy = ['connecting', 'form', 'disconnecting'].includes(this.view);
      if (!isCurrent() || busy) return;
      this.integration = found;
      if (this.view !== 'confirming' || !found) this.view = found ? 'connected' : 'disconnected';
    } catch {
      if (isCurrent() && this.view === 'loading') this.view = 'disconnected';
    }
  }

  protected override onChange(change: ChangeEvent): void {
    if (change.type === 'integration.updated') this.reload();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.toggleState('connected', this.view === 'connected' || this.view === 'confirming');
    this.toggleState('connecting', this.view === 'connecting' || this.submitting);
    this.toggleState('needs-reauth', this.integration?.syncStatus === 'needs_reauth');
  }

  private async startOAuth(): Promise<void> {
    const api = this.api;
    if (!api || (this.provider !== 'google' && this.provider !== 'outlook')) return;
    const previous = this.view;
    this.view = 'connecting';
    this.message = '';
    try {
      const outcome = await runOAuthPopup({
        client: api,
        provider: this.provider,
        expectedOrigin: callbackOrigin(this.callbackOrigin, api, this.baseUrl),
        ...(this.redirectUri ? { redirectUri: this.redirectUri } : {}),
        ...(this.openWindow ? { openWindow: this.openWindow } : {}),
      });
      if (outcome.kind === 'failed') throw Object.assign(new Error(outcome.message), outcome);
      const integration = outcome.integrationId
        ? await api.integrations.get(outcome.integrationId)
        : itemsOf(await api.integrations.list()).find(
            (i) => i.provider === this.provider && i.syncStatus !== 'disconnected',
          );
      if (!integration) throw new Error(this.text.genericError);
      this.connected(integration);
    } catch (error) {
      this.view = previous === 'connected' ? 'connected' : 'disconnected';
      this.message = this.oauthErrorText(error);
      if (!(error instanceof OAuthWindowError && error.code === 'popup_closed')) {
        this.reportError(error);
      }
    }
  }

  private oauthErrorText(error: unknown): string {
    if (error instanceof OAuthWindowError) {
      return error.code === 'popup_blocked' ? this.text.popupBlocked : this.text.popupClosed;
    }
    if (errorCodeOf(error) === 'access_denied') return this.text.accessDenied;
    return error instanceof Error && error.message ? error.message : this.text.genericError;
  }

  private connected(integration: Integration): void {
    this.integration = integration;
    this.view = 'connected';
    this.errors = {};
    this.message = '';
    this.dispatchEvent(new CalsyncConnectEvent({ integration }));
  }

  private async submitCredentials(input: CredentialInput): Promise<void> {
    const api = this.api;
    if (!api || (this.provider !== 'icloud' && this.provider !== 'caldav')) return;
    this.errors = validateCredentials(this.provider, input, this.text);
    this.message = '';
    if (Object.keys(this.errors).length > 0) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.submitting = true;
    try {
      const credentials = { username: input.username.trim(), password: input.password.trim() };
      const integration = await api.integrations.connect(
        this.provider === 'caldav'
          ? { provider: 'caldav', serverUrl: input.serverUrl.trim(), ...credentials }
          : { provider: 'icloud', ...credentials },
      );
      this.submitting = false;
      this.connected(integration);
    } catch (error) {
      this.submitting = false;
      this.message =
        errorCodeOf(error) === 'caldav_auth_failed'
          ? this.text.credentialsRejected
          : this.text.genericError;
      this.reportError(error);
    }
  }

  private async openForm(): Promise<void> {
    this.view = 'form';
    this.errors = {};
    this.message = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
  }

  private async askToDisconnect(): Promise<void> {
    this.view = 'confirming';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.confirm .cancel')?.focus();
  }

  private async cancelDisconnect(): Promise<void> {
    this.view = 'connected';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[part="disconnect"]')?.focus();
  }

  private async disconnect(): Promise<void> {
    const api = this.api;
    const integration = this.integration;
    if (!api || !integration) return;
    this.view = 'disconnecting';
    try {
      await api.integrations.disconnect(integration.id);
      this.integration = undefined;
      this.view = 'disconnected';
      this.dispatchEvent(
        new CalsyncDisconnectEvent({ integrationId: integration.id, provider: this.provider }),
      );
    } catch (error) {
      this.view = 'connected';
      this.message = this.text.genericError;
      this.reportError(error);
    }
  }

  private connectButton(label: string, onClick: () => void): TemplateResult {
    const busy = this.view === 'connecting';
    return html`<button
      class="btn connect"
      part="button"
      ?disabled=${busy || !this.api}
      aria-busy=${busy ? 'true' : 'false'}
      @click=${onClick}
    >
      <span part="icon">${providerIcon(this.provider)}</span>
      <span class="label" part="label">${busy ? this.text.connecting : label}</span>
      ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
    </button>`;
  }

  private renderAccount(): TemplateResult {
    const s = this.text;
    const integration = this.integration!;
    const needsReauth = integration.syncStatus === 'needs_reauth';
    const account = integration.accountEmail ?? integration.calendarName;
    return html`<div class="card account" part="account">
      <span part="icon">${providerIcon(this.provider)}</span>
      <div class="who">
        <div class="name">${s.providerName[this.provider]}</div>
        <div class="detail ${needsReauth ? 'warn' : 'ok'}">
          ${
            needsReauth
              ? s.status.needs_reauth
              : html`${checkIcon}<span class="text" title=${account ?? ''}
                    >${account ? s.connectedAs(account) : s.connected}</span
                  >`
          }
        </div>
      </div>
      ${
        needsReauth && OAUTH_PROVIDERS.has(this.provider)
          ? html`<button class="btn btn--primary" part="button" @click=${() => this.startOAuth()}>
              ${s.reconnect}
            </button>`
          : nothing
      }
      <button class="btn btn--quiet btn--danger" part="disconnect" @click=${this.askToDisconnect}>
        ${s.disconnect}
      </button>
    </div>`;
  }

  private renderConfirm(busy: boolean): TemplateResult {
    const s = this.text;
    const name = s.providerName[this.provider];
    return html`<div
      class="card confirm"
      part="confirm"
      role="alertdialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-text"
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.cancelDisconnect()}
    >
      <h3 id="confirm-title">${s.disconnectConfirm(name)}</h3>
      <p id="confirm-text">${s.disconnectKeeps}</p>
      <div class="actions">
        <button class="btn cancel" ?disabled=${busy} @click=${this.cancelDisconnect}>
          ${s.cancel}
        </button>
        <button
          class="btn btn--danger btn--solid"
          ?disabled=${busy}
          aria-busy=${busy ? 'true' : 'false'}
          @click=${this.disconnect}
        >
          ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${s.disconnect}
        </button>
      </div>
    </div>`;
  }

  private renderBody(): TemplateResult {
    const s = this.text;
    const name = s.providerName[this.provider];
    const oauth = OAUTH_PROVIDERS.has(this.provider);
    switch (this.view) {
      case 'loading':
        return html`<div
          class="skeleton"
          style="height:40px;width:220px"
          aria-label=${s.loading}
        ></div>`;
      case 'connected':
        return this.renderAccount();
      case 'confirming':
      case 'disconnecting':
        return this.renderConfirm(this.view === 'disconnecting');
      case 'form':
        return credentialForm({
          provider: this.provider as 'icloud' | 'caldav',
          strings: s,
          errors: this.errors,
          formError: this.message,
          busy: this.submitting,
          onSubmit: (input) => void this.submitCredentials(input),
          onCancel: () => {
            this.view = 'disconnected';
            this.message = '';
          },
        });
      default:
        return this.connectButton(s.connect(name), () =>
          oauth ? void this.startOAuth() : void this.openForm(),
        );
    }
  }

  protected override render(): TemplateResult {
    const showMessage = this.message && this.view !== 'form';
    return html`<div part="base">
      ${this.renderBody()}
      ${
        showMessage
          ? html`<div class="message" role="alert" part="error">${this.message}</div>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'calsync-connect-button': CalsyncConnectButton;
  }
}
