import { html, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CalsyncElement } from '../core/calsync-element.js';
import {
  itemsOf,
  type Availability,
  type CalsyncClientLike,
  type ChangeEvent,
  type Integration,
} from '../core/client.js';
import {
  CalsyncSlotSelectEvent,
  CalsyncSyncEvent,
  CalsyncWeekChangeEvent,
} from '../core/events.js';
import { formatRelativeTime } from '../core/relative-time.js';
import { baseStyles } from '../core/styles.js';
import { availabilityStyles } from './availability.styles.js';
import {
  addDays,
  isKnownTimeZone,
  isoDate,
  mondayOfWeek,
  parseIsoDate,
  timeZoneDisplayName,
} from './time-zone.js';
import { gridKeyAction } from './grid-keys.js';
import { calendarsLastSyncedAt } from './last-synced.js';
import { weekGrid } from './week-grid.js';
import { buildWeek, type WeekModel } from './week-model.js';

/** While Sync now runs, the connections are checked this often (syncs report no end event). */
const SYNC_POLL_MS = 2000;

/** How often "Synced 3 minutes ago" is worded again (as the sync-status badge does). */
const CLOCK_TICK_MS = 30_000;

/** Changes after which the busy times may differ. */
const RELOADING_CHANGES = /^(appointment\.|integration\.updated|conflict\.resolved)/;

/**
 * A week of the user's busy time across every selected calendar (and their bookings), in the
 * viewer's time zone. The grid is keyboard-navigable: arrows move between slots, Home/End jump
 * within a day, Page Up/Down change week, Enter or Space picks a slot. "Sync now" refreshes every
 * connected calendar; the last-synced time and live changes keep it current.
 *
 * @summary A keyboard-navigable week of busy times.
 * @tag calsync-availability
 *
 * @event {CalsyncSlotSelectEvent} calsync-slot-select - The user picked a slot; `detail.start`, `detail.end`, `detail.busy`.
 * @event {CalsyncWeekChangeEvent} calsync-week-change - The user moved to another week; `detail.weekStart`.
 * @event {CalsyncSyncEvent} calsync-sync - The user pressed Sync now (once per connection synced).
 * @event {CalsyncErrorEvent} calsync-error - Sync now failed.
 *
 * @csspart base - The card.
 * @csspart toolbar - The week navigation and Sync now.
 * @csspart grid - The week grid.
 * @csspart column-header - A day's header.
 * @csspart cell - One slot.
 * @csspart busy-block - A busy period drawn over the grid.
 * @csspart sync-button - The Sync now button.
 * @csspart last-synced - "Synced 3 minutes ago".
 *
 * @cssproperty --accent - Primary colour (defaults to `--calsync-color-accent`).
 * @cssproperty --slot-height - Height of one slot row.
 * @cssproperty --busy-background - Fill of busy blocks.
 * @cssproperty --busy-border - Left edge of busy blocks.
 * @cssproperty --today-background - Tint of today's column.
 * @cssproperty --now-line - Colour of the current-time line.
 *
 * @cssstate loading - Busy times are being fetched.
 * @cssstate syncing - Sync now is running.
 */
export class CalsyncAvailability extends CalsyncElement {
  static override styles = [baseStyles, availabilityStyles];

  /** Whose availability, for a secret-key client; a session token implies its user. */
  @property({ attribute: 'user-id' }) userId = '';

  /** IANA zone to show times in; default the viewer's. */
  @property({ attribute: 'time-zone' }) timeZone = '';

  /** Any date (`2026-03-02`) of the week to show; default this week. */
  @property({ attribute: 'week-start' }) weekStart = '';

  /** First hour shown (0–23). */
  @property({ attribute: 'day-start-hour', type: Number }) dayStartHour = 8;

  /** Hour the grid ends (1–24). */
  @property({ attribute: 'day-end-hour', type: Number }) dayEndHour = 18;

  /** Length of one slot in minutes (15, 30 or 60). */
  @property({ attribute: 'slot-minutes', type: Number }) slotMinutes = 60;

  @state() private availability: Availability | undefined;
  /** When the user's calendars last synced (as the sync-status badge says; see last-synced.ts). */
  @state() private lastSyncAt: string | null = null;
  /** `lastSyncAt` of each connection when Sync now was pressed; a newer one means done. */
  private syncBaselines = new Map<string, string | null>();
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  @state() private tick = 0;
  @state() private loading = false;
  @state() private syncing = false;
  @state() private focusDay = 0;
  @state() private focusSlot = 0;
  private focusAfterRender = false;

  /** The zone in effect. */
  get effectiveTimeZone(): string {
    if (this.timeZone && isKnownTimeZone(this.timeZone)) return this.timeZone;
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  private get monday(): { year: number; month: number; day: number } {
    const chosen = parseIsoDate(this.weekStart);
    const zone = this.effectiveTimeZone;
    if (!chosen) return mondayOfWeek(this.now(), zone);
    const noon = new Date(Date.UTC(chosen.year, chosen.month - 1, chosen.day, 12));
    return mondayOfWeek(noon, 'UTC');
  }

  private get week(): WeekModel {
    return buildWeek(this.availability?.busy ?? [], {
      monday: this.monday,
      timeZone: this.effectiveTimeZone,
      dayStartHour: Math.max(0, Math.min(23, this.dayStartHour)),
      dayEndHour: Math.max(this.dayStartHour + 1, Math.min(24, this.dayEndHour)),
      slotMinutes: [15, 30, 60].includes(this.slotMinutes) ? this.slotMinutes : 60,
    });
  }

  protected override loadKeyParts(): readonly unknown[] {
    return [this.userId, this.effectiveTimeZone, isoDate(this.monday)];
  }

  protected override async load(api: CalsyncClientLike, isCurrent: () => boolean): Promise<void> {
    const { from, to } = this.week;
    this.loading = true;
    try {
      const [availability, integrations] = await Promise.all([
        api.availability.get({
          ...(this.userId ? { userId: this.userId } : {}),
          from: from.toISOString(),
          to: to.toISOString(),
        }),
        api.integrations.list(this.userId ? { userId: this.userId } : undefined).then(itemsOf),
      ]);
      if (!isCurrent()) return;
      this.availability = availability;
      this.lastSyncAt = calendarsLastSyncedAt(integrations);
      this.followSync(integrations);
    } catch {
      // Keep what is shown; the next change or Sync now tries again.
    } finally {
      if (isCurrent()) this.loading = false;
    }
  }

  protected override onChange(change: ChangeEvent): void {
    if (RELOADING_CHANGES.test(change.type)) this.reload();
  }

  /** While Sync now runs: done once every connection synced since (or stopped being active). */
  private followSync(integrations: readonly Integration[]): void {
    clearTimeout(this.pollTimer);
    if (!this.syncing) return;
    const pending = integrations.filter(
      (i) =>
        this.syncBaselines.has(i.id) &&
        i.syncStatus === 'active' &&
        i.lastSyncAt === this.syncBaselines.get(i.id),
    );
    if (pending.length === 0) {
      this.syncing = false;
      this.syncBaselines.clear();
      return;
    }
    this.pollTimer = setTimeout(() => this.reload(), SYNC_POLL_MS);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.clockTimer = setInterval(() => this.tick++, CLOCK_TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.pollTimer);
    clearInterval(this.clockTimer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.toggleState('loading', this.loading);
    this.toggleState('syncing', this.syncing);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.focusAfterRender) {
      this.focusAfterRender = false;
      this.renderRoot.querySelector<HTMLElement>('.cell[tabindex="0"]')?.focus();
    }
  }

  private async syncNow(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.syncing = true;
    try {
      const integrations = itemsOf(await api.integrations.list()).filter(
        (i) => i.syncStatus === 'active' || i.syncStatus === 'error',
      );
      this.syncBaselines = new Map(integrations.map((i) => [i.id, i.lastSyncAt]));
      await Promise.all(integrations.map((i) => api.integrations.sync(i.id)));
      for (const integration of integrations) {
        this.dispatchEvent(new CalsyncSyncEvent({ integrationId: integration.id }));
      }
      this.reload();
    } catch (error) {
      this.syncing = false;
      this.reportError(error);
    }
  }

  private moveWeek(weeks: number): void {
    const monday =
      weeks === 0
        ? mondayOfWeek(this.now(), this.effectiveTimeZone)
        : addDays(this.monday, 7 * weeks);
    this.weekStart = isoDate(monday);
    this.dispatchEvent(new CalsyncWeekChangeEvent({ weekStart: this.weekStart }));
  }

  private onGridKeydown(event: KeyboardEvent, week: WeekModel): void {
    const slotsPerDay = week.days[0]!.slots.length;
    const action = gridKeyAction(event, { day: this.focusDay, slot: this.focusSlot }, slotsPerDay);
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'select') {
      this.select(week, this.focusDay, this.focusSlot);
      return;
    }
    if (action.kind === 'week') this.moveWeek(action.weeks);
    else ({ day: this.focusDay, slot: this.focusSlot } = action.to);
    this.focusAfterRender = true;
  }

  private select(week: WeekModel, day: number, slot: number): void {
    const chosen = week.days[day]?.slots[slot];
    if (!chosen) return;
    this.focusDay = day;
    this.focusSlot = slot;
    this.dispatchEvent(
      new CalsyncSlotSelectEvent({
        start: chosen.start.toISOString(),
        end: chosen.end.toISOString(),
        busy: chosen.busy,
      }),
    );
  }

  private renderToolbar(week: WeekModel): TemplateResult {
    const s = this.text;
    const zone = this.effectiveTimeZone;
    const range = new Intl.DateTimeFormat(this.formatLocale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: zone,
    }).formatRange(week.days[0]!.slots[0]!.start, week.days[6]!.slots[0]!.start);
    void this.tick;
    const lastSyncAt = this.lastSyncAt;
    const chevron = (d: string) =>
      html`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <path d=${d} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      </svg>`;
    return html`<div class="toolbar" part="toolbar">
      <button class="btn icon-btn" aria-label=${s.previousWeek} @click=${() => this.moveWeek(-1)}>
        ${chevron('M10 3L5 8l5 5')}
      </button>
      <button class="btn" @click=${() => this.moveWeek(0)}>${s.thisWeek}</button>
      <button class="btn icon-btn" aria-label=${s.nextWeek} @click=${() => this.moveWeek(1)}>
        ${chevron('M6 3l5 5-5 5')}
      </button>
      <h3 id="week-title" aria-live="polite">${range}</h3>
      <span class="spacer"></span>
      <span class="synced" part="last-synced">
        ${
          lastSyncAt
            ? s.lastSynced(formatRelativeTime(new Date(lastSyncAt), this.now(), this.formatLocale))
            : s.neverSynced
        }
      </span>
      <button
        class="btn"
        part="sync-button"
        ?disabled=${this.syncing}
        aria-busy=${this.syncing ? 'true' : 'false'}
        @click=${this.syncNow}
      >
        ${this.syncing ? html`<span class="spinner" aria-hidden="true"></span>${s.syncing}` : s.syncNow}
      </button>
    </div>`;
  }

  protected override render(): TemplateResult {
    const s = this.text;
    const week = this.week;
    const zone = this.effectiveTimeZone;
    // The zone by name in the page's language, for the week shown ("Eastern Standard Time").
    const zoneName = timeZoneDisplayName(
      zone,
      this.formatLocale,
      week.from,
      new Date(week.to.getTime() - 1),
    );
    return html`<div class="card base" part="base">
      ${this.renderToolbar(week)}
      ${weekGrid({
        week,
        timeZone: zone,
        zoneName,
        locale: this.formatLocale,
        now: this.now(),
        strings: s,
        loading: this.loading,
        focus: { day: this.focusDay, slot: this.focusSlot },
        onKeydown: (event) => this.onGridKeydown(event, week),
        onSelect: (day, slot) => this.select(week, day, slot),
      })}
      <div class="footer">
        <span class="legend"><i></i>${s.busy}</span>
        <span class="zone" title=${zone}>${s.timeZoneNote(zoneName)}</span>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'calsync-availability': CalsyncAvailability;
  }
}
