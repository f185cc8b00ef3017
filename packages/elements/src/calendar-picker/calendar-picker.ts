import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import {
  itemsOf,
  type CalsyncClientLike,
  type ExternalCalendar,
  type Integration,
} from '../core/client.js';
import { CalsyncCalendarChangeEvent } from '../core/events.js';
import { IntegrationElement } from '../core/integration-element.js';
import { baseStyles } from '../core/styles.js';
import { calendarPickerStyles } from './calendar-picker.styles.js';

const SWATCHES = ['#5b5bd6', '#1f8a5b', '#d9730d', '#cd3d64', '#0f6cbd', '#8e44ad'];
const writable = (calendar: ExternalCalendar) =>
  calendar.accessRole === 'owner' || calendar.accessRole === 'writer';

/**
 * Chooses which calendars of a connection to import (and count as busy) and which one receives
 * the bookings this app exports. Every change is saved at once, and undone if the server refuses.
 *
 * @summary Pick the calendars to import from and the one to export to.
 * @tag calsync-calendar-picker
 *
 * @event {CalsyncCalendarChangeEvent} calsync-calendar-change - The user changed a calendar and the server saved it; `detail.calendar`.
 * @event {CalsyncErrorEvent} calsync-error - Saving a change failed (it was undone).
 *
 * @csspart base - The card.
 * @csspart import - The group of import checkboxes.
 * @csspart destination - The group of destination radios.
 * @csspart item - One calendar row.
 * @csspart checkbox - An import checkbox.
 * @csspart radio - A destination radio.
 * @csspart error - The message shown when saving failed.
 *
 * @cssproperty --accent - Checkbox and radio colour (defaults to `--calsync-color-accent`).
 *
 * @cssstate saving - A change is being saved.
 */
export class CalsyncCalendarPicker extends IntegrationElement {
  static override styles = [baseStyles, calendarPickerStyles];

  /** The calendars of the connection, as last loaded or changed. */
  @state() calendars: readonly ExternalCalendar[] = [];
  @state() private saving = new Set<string>();
  @state() private message = '';

  protected override async loadFor(
    api: CalsyncClientLike,
    integration: Integration,
    isCurrent: () => boolean,
  ): Promise<void> {
    const calendars = itemsOf(await api.integrations.calendars(integration.id));
    if (isCurrent() && this.saving.size === 0) this.calendars = calendars;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.toggleState('saving', this.saving.size > 0);
  }

  private async save(
    calendar: ExternalCalendar,
    body: { selected?: boolean; destination?: true },
  ): Promise<void> {
    const api = this.api;
    const integration = this.integration;
    if (!api || !integration) return;
    const before = this.calendars;
    this.calendars = before.map((c) =>
      c.id === calendar.id
        ? { ...c, ...body }
        : body.destination
          ? { ...c, destination: false }
          : c,
    );
    this.message = '';
    this.saving = new Set([...this.saving, calendar.id]);
    try {
      const saved = await api.integrations.updateCalendar(integration.id, calendar.id, body);
      this.calendars = this.calendars.map((c) => (c.id === saved.id ? { ...c, ...saved } : c));
      this.dispatchEvent(
        new CalsyncCalendarChangeEvent({ integrationId: integration.id, calendar: saved }),
      );
    } catch (error) {
      this.calendars = before;
      this.message = this.text.saveFailed;
      this.reportError(error);
    } finally {
      const saving = new Set(this.saving);
      saving.delete(calendar.id);
      this.saving = saving;
    }
  }

  private renderTags(calendar: ExternalCalendar): TemplateResult {
    const s = this.text;
    return html`${calendar.role === 'primary' ? html`<span class="tag">${s.primary}</span>` : nothing}
    ${writable(calendar) ? nothing : html`<span class="tag">${s.readOnly}</span>`}
    ${
      this.saving.has(calendar.id)
        ? html`<span class="spinner saving" aria-hidden="true"></span>`
        : nothing
    }`;
  }

  protected override render(): TemplateResult {
    const s = this.text;
    if (this.phase === 'empty') {
      return html`<div class="card base muted" part="base">${s.noConnection}</div>`;
    }
    if (this.phase === 'failed' && !this.integration) {
      return html`<div class="card base error" part="base" role="alert">${s.genericError}</div>`;
    }
    if (!this.integration) {
      return html`<div class="card base" part="base" aria-busy="true" aria-label=${s.loading}>
        ${[60, 45, 55].map(
          (width) => html`<div class="skeleton" style="width:${width}%;margin:10px 0"></div>`,
        )}
      </div>`;
    }
    if (this.calendars.length === 0) {
      return html`<div class="card base muted" part="base">${s.noCalendars}</div>`;
    }
    const destinations = this.calendars.filter(writable);
    return html`<div class="card base" part="base">
      <fieldset part="import">
        <legend>${s.calendarsTitle}</legend>
        <div class="list">
          ${this.calendars.map(
            (calendar, index) =>
              html`<label class="item" part="item">
                <input
                  type="checkbox"
                  part="checkbox"
                  .checked=${calendar.selected}
                  aria-label=${s.importCalendar(calendar.name)}
                  @change=${(e: Event) =>
                    this.save(calendar, { selected: (e.target as HTMLInputElement).checked })}
                />
                <span
                  class="swatch"
                  style="--swatch:${SWATCHES[index % SWATCHES.length]}"
                  aria-hidden="true"
                ></span>
                <span class="name">${calendar.name}</span>
                ${this.renderTags(calendar)}
              </label>`,
          )}
        </div>
      </fieldset>
      <fieldset part="destination">
        <legend>${s.destinationTitle}</legend>
        <p class="hint">${s.destinationHint}</p>
        <div class="list" role="radiogroup" aria-label=${s.destinationTitle}>
          ${destinations.map(
            (calendar) =>
              html`<label class="item" part="item">
                <input
                  type="radio"
                  name="destination"
                  part="radio"
                  .checked=${calendar.destination}
                  @change=${() => this.save(calendar, { destination: true })}
                />
                <span class="name">${calendar.name}</span>
              </label>`,
          )}
        </div>
      </fieldset>
      ${
        this.message
          ? html`<div class="error" role="alert" part="error">${this.message}</div>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'calsync-calendar-picker': CalsyncCalendarPicker;
  }
}
