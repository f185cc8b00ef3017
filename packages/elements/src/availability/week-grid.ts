import { html, nothing, type TemplateResult } from 'lit';
import type { CalsyncStrings } from '../core/strings.js';
import type { GridPosition } from './grid-keys.js';
import { wallTimeAt } from './time-zone.js';
import { isSameDay, nowFraction, type WeekModel } from './week-model.js';

/** What the grid template needs from its element. */
export interface WeekGridView {
  week: WeekModel;
  timeZone: string;
  /** The zone's name for people, in the page's language. */
  zoneName: string;
  locale: string | undefined;
  now: Date;
  strings: CalsyncStrings;
  loading: boolean;
  /** The one cell in the tab order. */
  focus: GridPosition;
  onKeydown: (event: KeyboardEvent) => void;
  onSelect: (day: number, slot: number) => void;
}

/** Formats for the grid, in the zone. */
function formats(locale: string | undefined, timeZone: string) {
  const clock = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone });
  const hour = new Intl.DateTimeFormat(locale, { hour: 'numeric', timeZone });
  return {
    dayName: new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone }),
    dayNumber: new Intl.DateTimeFormat(locale, { day: 'numeric', timeZone }),
    longDay: new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      timeZone,
    }),
    clock,
    // Whole hours read "9 AM" (or "09" in 24-hour locales); slots within the hour "9:30".
    rowLabel: (start: Date) =>
      wallTimeAt(start, timeZone).minute === 0 ? hour.format(start) : clock.format(start),
  };
}

function busyLayer(view: WeekGridView, dayIndex: number, clock: Intl.DateTimeFormat) {
  const day = view.week.days[dayIndex]!;
  const fraction = nowFraction(day, view.now);
  return html`<div
    class="layer"
    aria-hidden="true"
    style="grid-column:${dayIndex + 2};grid-row:2 / span ${day.slots.length}"
  >
    ${day.blocks.map((block) => {
      const range = clock.formatRange(new Date(block.period.start), new Date(block.period.end));
      // A block shorter than one slot has no room for two lines: label and time share one.
      const short = block.heightFraction * day.slots.length < 1;
      return html`<div
        class="block ${short ? 'short' : ''}"
        part="busy-block"
        title="${view.strings.busy} ${range}"
        style="top:${block.topFraction * 100}%;height:${block.heightFraction * 100}%"
      >
        <strong>${view.strings.busy}</strong>
        <span>${range}</span>
      </div>`;
    })}
    ${
      fraction === undefined
        ? nothing
        : html`<div class="now" style="top:${fraction * 100}%"></div>`
    }
  </div>`;
}

/**
 * The week as an ARIA grid: a header row of days, one row per slot with a labelled cell per day
 * (one of them in the tab order), and the busy blocks drawn over the cells (hidden from assistive
 * technology, which reads each cell's busy/free label instead).
 */
export function weekGrid(view: WeekGridView): TemplateResult {
  const { week, strings: s, timeZone: zone } = view;
  const f = formats(view.locale, zone);
  const slotCount = week.days[0]!.slots.length;
  const focusDay = Math.min(view.focus.day, 6);
  const focusSlot = Math.min(view.focus.slot, slotCount - 1);
  const today = week.days.map((day) => isSameDay(day.date, view.now, zone));
  return html`<div class="scroller">
    <div
      class="grid"
      part="grid"
      role="grid"
      aria-labelledby="week-title"
      aria-busy=${view.loading ? 'true' : 'false'}
      aria-rowcount=${slotCount + 1}
      style="grid-template-rows: auto repeat(${slotCount}, var(--slot-height))"
      @keydown=${view.onKeydown}
    >
      <div class="row" role="row">
        <div class="colhead" role="columnheader">
          <span class="visually-hidden">${s.timeZoneNote(view.zoneName)}</span>
        </div>
        ${week.days.map(
          (day, index) =>
            html`<div
              class="colhead ${today[index] ? 'today' : ''}"
              role="columnheader"
              part="column-header"
              aria-label=${f.longDay.format(day.slots[0]!.start)}
            >
              ${f.dayName.format(day.slots[0]!.start)}<strong
                >${f.dayNumber.format(day.slots[0]!.start)}</strong
              >
            </div>`,
        )}
      </div>
      ${week.days[0]!.slots.map(
        (firstDaySlot, slotIndex) =>
          html`<div class="row" role="row">
            <div class="rowhead" role="rowheader" style="grid-row:${slotIndex + 2}">
              ${f.rowLabel(firstDaySlot.start)}
            </div>
            ${week.days.map((day, dayIndex) => {
              const slot = day.slots[slotIndex]!;
              const focused = dayIndex === focusDay && slotIndex === focusSlot;
              return html`<div
                class="cell ${today[dayIndex] ? 'today' : ''}"
                part="cell"
                role="gridcell"
                aria-label=${s.slotLabel(
                  f.longDay.format(slot.start),
                  f.clock.formatRange(slot.start, slot.end),
                  slot.busy,
                )}
                aria-selected="false"
                data-busy=${slot.busy ? 'true' : 'false'}
                tabindex=${focused ? 0 : -1}
                style="grid-column:${dayIndex + 2};grid-row:${slotIndex + 2}"
                @click=${() => view.onSelect(dayIndex, slotIndex)}
              ></div>`;
            })}
          </div>`,
      )}
      ${week.days.map((_day, dayIndex) => busyLayer(view, dayIndex, f.clock))}
    </div>
  </div>`;
}
