import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  itemsOf,
  type CalsyncClientLike,
  type ChangeEvent,
  type ConnectionStatus,
  type Integration,
  type SyncAttempt,
  type SyncStatusReport,
} from '../core/client.js';
import { CalsyncReconnectEvent, CalsyncSyncEvent } from '../core/events.js';
import { IntegrationElement } from '../core/integration-element.js';
import { callbackOrigin } from '../core/callback-origin.js';
import { runOAuthPopup, type OpenWindow } from '../core/oauth-popup.js';
import { formatRelativeTime } from '../core/relative-time.js';
import { baseStyles } from '../core/styles.js';
import { syncStatusStyles } from './sync-status.styles.js';

/** What the badge shows: the connection's status, or `syncing` while a sync runs. */
export type BadgeStatus = ConnectionStatus | 'syncing';

/** While a sync runs, its progress is fetched this often (the stream reports failures). */
const PROGRESS_POLL_MS = 2000;
/** "Synced 3 minutes ago" is refreshed this often. */
const CLOCK_TICK_MS = 30_000;

/**
 * The health of one calendar connection, live: a badge (active, syncing with the initial sync's
 * progress, paused, error, needs re-auth with Reconnect), when it last synced, why it stopped,
 * "Sync now", and a details panel with recent activity and failures.
 *
 * @summary Live sync status of a connection, with Sync now and Reconnect.
 * @tag calsync-sync-status
 *
 * @event {CalsyncSyncEvent} calsync-sync - The user pressed Sync now and the server accepted it.
 * @event {CalsyncReconnectEvent} calsync-reconnect - The user pressed Reconnect; cancel it to run your own flow.
 * @event {CalsyncErrorEvent} calsync-error - Sync now or Reconnect failed.
 *
 * @csspart base - The card.
 * @csspart badge - The status badge.
 * @csspart label - The badge's text.
 * @csspart last-synced - "Synced 3 minutes ago".
 * @csspart sync-button - The Sync now button.
 * @csspart reconnect-button - The Reconnect button.
 * @csspart details-button - The button that opens the details panel.
 * @csspart progress - The progress bar of a running sync.
 * @csspart reason - Why the connection is paused or failing.
 * @csspart panel - The details panel.
 *
 * @cssproperty --accent - Primary colour (defaults to `--calsync-color-accent`).
 * @cssproperty --badge-active - Badge colour when active.
 * @cssproperty --badge-syncing - Badge colour while syncing.
 * @cssproperty --badge-paused - Badge colour when paused.
 * @cssproperty --badge-error - Badge colour on error.
 * @cssproperty --badge-needs-reauth - Badge colour when the user must reconnect.
 *
 * @cssstate active - Connected and in sync.
 * @cssstate syncing - A sync is running.
 * @cssstate paused - Sync is paused.
 * @cssstate error - The last sync failed.
 * @cssstate needs-reauth - The provider wants the user to sign in again.
 * @cssstate open - The details panel is open.
 */
export class CalsyncSyncStatus extends IntegrationElement {
  static override styles = [baseStyles, syncStatusStyles];

  /** Whether the details panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** The origin of Calsync's OAuth callback page, for Reconnect (see the connect button). */
  @property({ attribute: 'callback-origin' }) callbackOrigin = '';

  /** Opens the sign-in window for Reconnect (default `window.open`). */
  @property({ attribute: false }) openWindow: OpenWindow | undefined;

  @state() private report: SyncStatusReport | undefined;
  @state() private failures: readonly SyncAttempt[] = [];
  @state() private syncRequested = false;
  /** `lastSyncAt` when the user pressed Sync now: a newer one means that sync finished. */
  private syncBaseline: string | null = null;
  @state() private busy = false;
  @state() private tick = 0;

  private progressTimer: ReturnType<typeof setTimeout> | undefined;
  private clockTimer: ReturnType<typeof setInterval> | undefined;

  /** The status the badge shows. */
  get badgeStatus(): BadgeStatus | undefined {
    const status = this.integration?.syncStatus;
    if (!status) return undefined;
    // A connection that has never synced is in its initial sync (the server starts it at once).
    const neverSynced = !(this.report?.lastSyncAt ?? this.integration?.lastSyncAt);
    const running = this.report?.progress || this.syncRequested || neverSynced;
    return status === 'active' && running ? 'syncing' : status;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.clockTimer = setInterval(() => this.tick++, CLOCK_TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clockTimer);
    clearTimeout(this.progressTimer);
  }

  protected override async loadFor(
    api: CalsyncClientLike,
    integration: Integration,
    isCurrent: () => boolean,
  ): Promise<void> {
    const [report, failures] = await Promise.all([
      api.integrations.syncStatus(integration.id),
      api.integrations.syncAttempts(integration.id, { status: 'fail' }).then(itemsOf),
    ]);
    if (!isCurrent()) return;
    this.report = report;
    this.failures = failures.slice(0, 5);
    const finished = report.lastSyncAt !== this.syncBaseline || integration.syncStatus !== 'active';
    if (!report.progress && this.syncRequested && finished) this.syncRequested = false;
    clearTimeout(this.progressTimer);
    const initialSync = integration.syncStatus === 'active' && !report.lastSyncAt;
    if (report.progress || this.syncRequested || initialSync) {
      this.progressTimer = setTimeout(() => this.reload(), PROGRESS_POLL_MS);
    }
  }

  protected override onChange(change: ChangeEvent): void {
    if (!this.concernsIntegration(change)) return;
    if (change.type === 'sync.failed') this.syncRequested = false;
    this.reload();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const status = this.badgeStatus;
    for (const name of ['active', 'syncing', 'paused', 'error'] as const) {
      this.toggleState(name, status === name);
    }
    this.toggleState('needs-reauth', status === 'needs_reauth');
    this.toggleState('open', this.open);
  }

  private async syncNow(): Promise<void> {
    const api = this.api;
    const integration = this.integration;
    if (!api || !integration) return;
    this.busy = true;
    try {
      this.syncBaseline = this.report?.lastSyncAt ?? integration.lastSyncAt;
      await api.integrations.sync(integration.id, { mode: 'incremental' });
      this.syncRequested = true;
      this.dispatchEvent(new CalsyncSyncEvent({ integrationId: integration.id }));
      this.reload();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  private async reconnect(): Promise<void> {
    const api = this.api;
    const integration = this.integration;
    if (!api || !integration) return;
    const event = new CalsyncReconnectEvent({
      integrationId: integration.id,
      provider: integration.provider,
    });
    this.dispatchEvent(event);
    const provider = integration.provider;
    if (event.defaultPrevented || (provider !== 'google' && provider !== 'outlook')) return;
    this.busy = true;
    try {
      const outcome = await runOAuthPopup({
        client: api,
        provider,
        expectedOrigin: callbackOrigin(this.callbackOrigin, api, this.baseUrl),
        ...(this.openWindow ? { openWindow: this.openWindow } : {}),
      });
      if (outcome.kind === 'failed') throw Object.assign(new Error(outcome.message), outcome);
      this.reload();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  private lastSyncedText(): string {
    void this.tick;
    const at = this.report?.lastSyncAt ?? this.integration?.lastSyncAt;
    if (!at) return this.text.neverSynced;
    return this.text.lastSynced(formatRelativeTime(new Date(at), this.now(), this.formatLocale));
  }

  private renderProgress(): TemplateResult | typeof nothing {
    if (this.badgeStatus !== 'syncing') return nothing;
    const progress = this.report?.progress;
    const total = progress?.total ?? null;
    const percent =
      progress && total ? Math.min(100, Math.round((progress.done / total) * 100)) : null;
    return html`<div class="progress" part="progress">
      <div
        class="bar ${percent === null ? 'indeterminate' : ''}"
        role="progressbar"
        aria-label=${this.text.syncing}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${percent ?? nothing}
      >
        <span style=${percent === null ? '' : `width:${percent}%`}></span>
      </div>
      ${
        progress && (total !== null || progress.done > 0)
          ? html`<div class="progress-label">${this.text.syncProgress(progress.done, total)}</div>`
          : nothing
      }
    </div>`;
  }

  private renderPanel(): TemplateResult {
    const s = this.text;
    const now = this.now();
    const when = (at: string | null) =>
      at
        ? html`<time datetime=${at}
            >${formatRelativeTime(new Date(at), now, this.formatLocale)}</time
          >`
        : nothing;
    const events = this.report?.recentEvents ?? [];
    return html`<div class="panel" part="panel" id="panel" role="region" aria-label=${s.details}>
      <section>
        <h4>${s.recentActivity}</h4>
        ${
          events.length
            ? html`<ul>
                ${events.slice(0, 6).map(
                  (e) =>
                    html`<li>
                      <span
                        >${e.direction === 'inbound' ? '↓' : '↑'} ${e.eventType} · ${e.status}</span
                      >
                      ${when(e.processedAt)}
                    </li>`,
                )}
              </ul>`
            : html`<p class="muted">${s.noRecentActivity}</p>`
        }
      </section>
      <section>
        <h4>${s.failures}</h4>
        ${
          this.failures.length
            ? html`<ul>
                ${this.failures.map(
                  (f) =>
                    html`<li class="failure">
                      <div>
                        <span class="what">${f.operation}: ${f.errorClass ?? s.attemptFailed}</span>
                        ${when(f.finishedAt ?? f.startedAt)}
                      </div>
                      ${f.errorMessage ? html`<div class="muted">${f.errorMessage}</div>` : nothing}
                    </li>`,
                )}
              </ul>`
            : html`<p class="muted">${s.noFailures}</p>`
        }
      </section>
    </div>`;
  }

  protected override render(): TemplateResult {
    const s = this.text;
    if (this.phase === 'empty') {
      return html`<div class="card base muted" part="base">${s.noConnection}</div>`;
    }
    if (this.phase === 'failed' && !this.integration) {
      return html`<div class="card base error" part="base" role="alert">${s.genericError}</div>`;
    }
    const integration = this.integration;
    const status = this.badgeStatus;
    if (!integration || !status) {
      return html`<div class="card base" part="base" aria-busy="true" aria-label=${s.loading}>
        <div class="skeleton" style="width:40%"></div>
        <div class="skeleton" style="width:65%;margin-top:8px"></div>
      </div>`;
    }
    const reason = integration.statusReason;
    const reasonText = reason ? (s.statusReason[reason] ?? reason) : '';
    const canSync = status !== 'needs_reauth' && status !== 'disconnected' && status !== 'paused';
    return html`<div class="card base" part="base">
      <div class="row">
        <div class="summary">
          <div class="account">
            ${s.providerName[integration.provider]}
            ${
              integration.accountEmail
                ? html`<span class="email">· ${integration.accountEmail}</span>`
                : nothing
            }
          </div>
          <div class="line">
            <span class="badge" part="badge" data-status=${status} role="status">
              <span class="dot" aria-hidden="true"></span>
              <span part="label">${s.status[status]}</span>
            </span>
            <span part="last-synced">${this.lastSyncedText()}</span>
          </div>
        </div>
        <div class="actions">
          ${
            status === 'needs_reauth'
              ? html`<button
                  class="btn btn--primary"
                  part="reconnect-button"
                  ?disabled=${this.busy}
                  @click=${this.reconnect}
                >
                  ${s.reconnect}
                </button>`
              : html`<button
                  class="btn"
                  part="sync-button"
                  ?disabled=${this.busy || !canSync || status === 'syncing'}
                  @click=${this.syncNow}
                >
                  ${status === 'syncing' ? s.syncing : s.syncNow}
                </button>`
          }
          <button
            class="btn btn--quiet"
            part="details-button"
            aria-expanded=${this.open ? 'true' : 'false'}
            aria-controls="panel"
            @click=${() => (this.open = !this.open)}
          >
            ${s.details}
            <svg class="chevron" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
              <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" stroke-width="2" />
            </svg>
          </button>
        </div>
      </div>
      ${
        reasonText && status !== 'active'
          ? html`<div class="reason ${status === 'error' ? 'error' : ''}" part="reason">
              ${reasonText}
            </div>`
          : nothing
      }
      ${this.renderProgress()} ${this.open ? this.renderPanel() : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'calsync-sync-status': CalsyncSyncStatus;
  }
}
