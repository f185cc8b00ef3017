import { html, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import {
  itemsOf,
  versionOf,
  type CalsyncClientLike,
  type ChangeEvent,
  type Conflict,
  type Integration,
  type ResolveConflictBody,
} from '../core/client.js';
import { CalsyncResolveEvent } from '../core/events.js';
import { IntegrationElement } from '../core/integration-element.js';
import { baseStyles } from '../core/styles.js';
import { conflictCard, type Draft } from './conflict-card.js';
import { conflictResolverStyles } from './conflict-resolver.styles.js';

const emptyDraft = (): Draft => ({
  resolution: undefined,
  fieldSides: {},
  reason: '',
  applying: false,
  error: '',
});

/**
 * The open conflicts of a connection — appointments changed on both sides — with this app's
 * and the calendar's versions side by side and the changed fields highlighted. The user keeps
 * one side, merges field by field, or keeps both; an optional note is stored with the choice.
 * Conflicts appear and disappear live.
 *
 * @summary Review and resolve sync conflicts.
 * @tag calsync-conflict-resolver
 *
 * @event {CalsyncResolveEvent} calsync-resolve - The user resolved a conflict and the server applied it; `detail.conflictId`, `detail.resolution`.
 * @event {CalsyncErrorEvent} calsync-error - Applying a resolution failed.
 *
 * @csspart base - The wrapper.
 * @csspart conflict - One conflict's card.
 * @csspart comparison - The side-by-side table.
 * @csspart row - A field's row; also `changed` when the two versions differ.
 * @csspart changed - A row whose two versions differ.
 * @csspart value - A choosable value while merging; also `chosen` when picked.
 * @csspart chosen - The picked value of a merged field.
 * @csspart choice - One of the four resolutions.
 * @csspart reason - The note field.
 * @csspart apply - The Apply button.
 * @csspart error - Why applying failed.
 *
 * @cssproperty --accent - Primary colour (defaults to `--calsync-color-accent`).
 * @cssproperty --changed-background - Background of changed rows.
 * @cssproperty --chosen-outline - Outline of a picked value while merging.
 *
 * @cssstate empty - No open conflicts.
 * @cssstate applying - A resolution is being applied.
 */
export class CalsyncConflictResolver extends IntegrationElement {
  static override styles = [baseStyles, conflictResolverStyles];

  /** The open conflicts, newest first. */
  @state() conflicts: readonly Conflict[] = [];
  @state() private drafts: Readonly<Record<string, Draft>> = {};

  protected override async loadFor(
    api: CalsyncClientLike,
    integration: Integration,
    isCurrent: () => boolean,
  ): Promise<void> {
    const conflicts = itemsOf(await api.integrations.conflicts(integration.id, { status: 'open' }));
    if (!isCurrent()) return;
    // One being applied stays until the server's answer, whatever a reload says meanwhile.
    const applying = this.conflicts.filter((c) => this.drafts[c.id]?.applying);
    this.conflicts = [
      ...applying,
      ...conflicts.filter((c) => !applying.some((a) => a.id === c.id)),
    ];
  }

  protected override onChange(change: ChangeEvent): void {
    if (this.concernsIntegration(change)) this.reload();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.toggleState('empty', this.phase === 'ready' && this.conflicts.length === 0);
    this.toggleState(
      'applying',
      Object.values(this.drafts).some((d) => d.applying),
    );
  }

  private draftOf(id: string): Draft {
    return this.drafts[id] ?? emptyDraft();
  }

  private updateDraft(id: string, patch: Partial<Draft>): void {
    this.drafts = { ...this.drafts, [id]: { ...this.draftOf(id), ...patch } };
  }

  private async apply(conflict: Conflict): Promise<void> {
    const api = this.api;
    const integration = this.integration;
    const draft = this.draftOf(conflict.id);
    if (!api || !integration || !draft.resolution) return;
    const body: ResolveConflictBody = { resolution: draft.resolution };
    if (draft.resolution === 'merged') {
      body.merged = Object.fromEntries(
        conflict.fields.map((field) => {
          const side = draft.fieldSides[field] ?? 'internal';
          return [field, versionOf(conflict, side)[field] ?? null];
        }),
      );
    }
    const reason = draft.reason.trim();
    if (reason) body.reason = reason;
    this.updateDraft(conflict.id, { applying: true, error: '' });
    try {
      await api.integrations.resolveConflict(integration.id, conflict.id, body);
      const index = this.conflicts.findIndex((c) => c.id === conflict.id);
      this.conflicts = this.conflicts.filter((c) => c.id !== conflict.id);
      const { [conflict.id]: _done, ...rest } = this.drafts;
      this.drafts = rest;
      this.dispatchEvent(
        new CalsyncResolveEvent({
          integrationId: integration.id,
          conflictId: conflict.id,
          ...body,
        }),
      );
      await this.updateComplete;
      // Keep the keyboard user in the list: the next conflict, or the summary.
      const headings = [...this.renderRoot.querySelectorAll<HTMLElement>('article h4')];
      const next = headings[Math.min(index, headings.length - 1)];
      (next ?? this.renderRoot.querySelector<HTMLElement>('.summary'))?.focus();
    } catch (error) {
      this.updateDraft(conflict.id, { applying: false, error: this.text.genericError });
      this.reportError(error);
    }
  }

  protected override render(): TemplateResult {
    const s = this.text;
    if (this.phase === 'empty') {
      return html`<div class="card empty muted" part="base">${s.noConnection}</div>`;
    }
    if (this.phase === 'failed' && !this.integration) {
      return html`<div class="card empty error" part="base" role="alert">${s.genericError}</div>`;
    }
    if (!this.integration) {
      return html`<div class="card" part="base" aria-busy="true" aria-label=${s.loading}>
        <div style="padding:16px">
          <div class="skeleton" style="width:35%"></div>
          <div class="skeleton" style="height:80px;margin-top:12px"></div>
        </div>
      </div>`;
    }
    if (this.conflicts.length === 0) {
      return html`<div class="card empty" part="base">
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" stroke-width="2" />
        </svg>
        <span class="summary" tabindex="-1">${s.noConflicts}</span>
      </div>`;
    }
    return html`<section part="base" aria-labelledby="summary">
      <div class="header">
        <h3 id="summary" class="summary" tabindex="-1">
          ${s.conflictsTitle(this.conflicts.length)}
        </h3>
      </div>
      <div class="conflicts">
        ${this.conflicts.map((conflict) =>
          conflictCard({
            conflict,
            draft: this.draftOf(conflict.id),
            strings: s,
            locale: this.formatLocale,
            now: this.now(),
            update: (patch) => this.updateDraft(conflict.id, patch),
            apply: () => void this.apply(conflict),
          }),
        )}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'calsync-conflict-resolver': CalsyncConflictResolver;
  }
}
