import { html, nothing, type TemplateResult } from 'lit';
import { versionOf, type Conflict, type ConflictResolution } from '../core/client.js';
import { formatRelativeTime } from '../core/relative-time.js';
import type { CalsyncStrings } from '../core/strings.js';
import { formatFieldValue, valuesDiffer } from './field-format.js';

/** Which side a merged field takes. */
export type Side = 'internal' | 'external';

/** The user's unsaved choices for one conflict. */
export interface Draft {
  resolution: ConflictResolution | undefined;
  fieldSides: Record<string, Side>;
  reason: string;
  applying: boolean;
  error: string;
}

/** Fields always shown for context, after the conflicting ones. */
const CONTEXT_FIELDS = ['title', 'time', 'location'];

/** What the card template needs from its element. */
export interface ConflictCardView {
  conflict: Conflict;
  draft: Draft;
  strings: CalsyncStrings;
  locale: string | undefined;
  now: Date;
  update: (patch: Partial<Draft>) => void;
  apply: () => void;
}

/** The rows of the comparison: conflicting fields first, then context that exists. */
export function comparedFields(conflict: Conflict): string[] {
  const internal = versionOf(conflict, 'internal');
  const external = versionOf(conflict, 'external');
  const context = CONTEXT_FIELDS.filter(
    (f) => !conflict.fields.includes(f) && (f in internal || f in external),
  );
  return [...conflict.fields, ...context];
}

/** The title to head the card with. */
export function conflictTitle(conflict: Conflict, untitled: string): string {
  const title = versionOf(conflict, 'internal').title ?? versionOf(conflict, 'external').title;
  return typeof title === 'string' && title ? title : untitled;
}

function valueCell(view: ConflictCardView, field: string, side: Side): TemplateResult {
  const { conflict, draft, strings } = view;
  const text = formatFieldValue(field, versionOf(conflict, side)[field], view.locale, strings);
  const choosable = draft.resolution === 'merged' && conflict.fields.includes(field);
  if (!choosable) return html`<td>${text}</td>`;
  const chosen = (draft.fieldSides[field] ?? 'internal') === side;
  const sideName = side === 'internal' ? strings.internalSide : strings.externalSide;
  // Radios sharing a name form the field's group; each says which field and side it keeps.
  return html`<td class=${chosen ? 'chosen' : ''} part=${chosen ? 'value chosen' : 'value'}>
    <label>
      <input
        type="radio"
        aria-label=${strings.chooseForField(strings.fieldName[field] ?? field, sideName, text)}
        name="${conflict.id}-${field}"
        .checked=${chosen}
        @change=${() => view.update({ fieldSides: { ...draft.fieldSides, [field]: side } })}
      />
      <span>${text}</span>
    </label>
  </td>`;
}

function choice(
  view: ConflictCardView,
  resolution: ConflictResolution,
  label: string,
  hint?: string,
): TemplateResult {
  return html`<label class="choice" part="choice">
    <input
      type="radio"
      name="${view.conflict.id}-resolution"
      .checked=${view.draft.resolution === resolution}
      @change=${() => view.update({ resolution, error: '' })}
    />
    <span>${label}${hint ? html`<small>${hint}</small>` : nothing}</span>
  </label>`;
}

/** One conflict: both versions side by side, the choices, an optional note, Apply. */
export function conflictCard(view: ConflictCardView): TemplateResult {
  const { conflict, draft, strings: s } = view;
  const id = conflict.id;
  const fields = comparedFields(conflict);
  const fieldName = (field: string) => s.fieldName[field] ?? field;
  return html`<article class="card" part="conflict" aria-labelledby="${id}-title">
    <h4 id="${id}-title" tabindex="-1">${conflictTitle(conflict, s.untitled)}</h4>
    <p class="meta">
      ${s.conflictDetected(formatRelativeTime(new Date(conflict.detectedAt), view.now, view.locale))}
      ${
        conflict.autoResolution && s.autoResolution[conflict.autoResolution]
          ? html` · ${s.autoResolution[conflict.autoResolution]}`
          : nothing
      }
    </p>
    <table part="comparison">
      <thead>
        <tr>
          <th scope="col">${s.field}</th>
          <th scope="col">${s.internalSide}</th>
          <th scope="col">${s.externalSide}</th>
        </tr>
      </thead>
      <tbody>
        ${fields.map((field) => {
          const both = conflict.fields.includes(field);
          const differs = valuesDiffer(
            versionOf(conflict, 'internal')[field],
            versionOf(conflict, 'external')[field],
          );
          return html`<tr class=${differs ? 'changed' : ''} part=${differs ? 'row changed' : 'row'}>
            <th scope="row">
              ${fieldName(field)}
              ${both ? html`<span class="flag">${s.changedOnBothSides}</span>` : nothing}
            </th>
            ${valueCell(view, field, 'internal')} ${valueCell(view, field, 'external')}
          </tr>`;
        })}
      </tbody>
    </table>
    <div class="choices" role="radiogroup" aria-label=${s.resolutionLabel}>
      ${choice(view, 'kept_internal', s.keepInternal)}
      ${choice(view, 'kept_external', s.keepExternal)} ${choice(view, 'merged', s.merge)}
      ${choice(view, 'created_duplicate', s.keepBoth, s.keepBothHint)}
    </div>
    <div class="reason">
      <label for="${id}-reason">${s.reason}</label>
      <textarea
        id="${id}-reason"
        part="reason"
        placeholder=${s.reasonPlaceholder}
        .value=${draft.reason}
        @input=${(e: Event) => view.update({ reason: (e.target as HTMLTextAreaElement).value })}
      ></textarea>
    </div>
    <div class="footer">
      ${
        draft.error
          ? html`<span class="error" role="alert" part="error">${draft.error}</span>`
          : nothing
      }
      <button
        class="btn btn--primary"
        part="apply"
        ?disabled=${!draft.resolution || draft.applying}
        aria-busy=${draft.applying ? 'true' : 'false'}
        @click=${view.apply}
      >
        ${
          draft.applying
            ? html`<span class="spinner" aria-hidden="true"></span>${s.applying}`
            : s.apply
        }
      </button>
    </div>
  </article>`;
}
