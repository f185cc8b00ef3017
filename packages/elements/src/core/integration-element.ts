import { property, state } from 'lit/decorators.js';
import {
  changeField,
  itemsOf,
  type CalsyncClientLike,
  type ChangeEvent,
  type Integration,
} from './client.js';
import { CalsyncElement } from './calsync-element.js';

/** Where an integration-scoped element is in fetching its data. */
export type LoadPhase = 'idle' | 'loading' | 'ready' | 'empty' | 'failed';

/**
 * An element about one connection: `integration-id`, or — when that is not set — the user's
 * first connection that is not disconnected (followed live, so a new connection shows up).
 */
export abstract class IntegrationElement extends CalsyncElement {
  /** The connection to show. Empty: the user's first connected account. */
  @property({ attribute: 'integration-id' }) integrationId = '';

  /** The connection shown, once loaded. */
  @state() protected integration: Integration | undefined;
  @state() protected phase: LoadPhase = 'idle';

  protected override loadKeyParts(): readonly unknown[] {
    return [this.integrationId];
  }

  /** Fetches what the element shows for `integration`. */
  protected abstract loadFor(
    api: CalsyncClientLike,
    integration: Integration,
    isCurrent: () => boolean,
  ): Promise<void>;

  protected override async load(api: CalsyncClientLike, isCurrent: () => boolean): Promise<void> {
    if (this.phase !== 'ready') this.phase = 'loading';
    try {
      const integration = this.integrationId
        ? await api.integrations.get(this.integrationId)
        : itemsOf(await api.integrations.list()).find((i) => i.syncStatus !== 'disconnected');
      if (!isCurrent()) return;
      if (!integration) {
        this.integration = undefined;
        this.phase = 'empty';
        return;
      }
      await this.loadFor(api, integration, isCurrent);
      if (!isCurrent()) return;
      this.integration = integration;
      this.phase = 'ready';
    } catch {
      if (isCurrent()) this.phase = 'failed';
    }
  }

  /** Whether a change of the stream concerns the connection shown (or could reveal one). */
  protected concernsIntegration(change: ChangeEvent): boolean {
    const id =
      change.type === 'integration.updated'
        ? changeField(change, 'id')
        : changeField(change, 'integrationId');
    if (this.integration && id === this.integration.id) return true;
    return !this.integrationId && change.type === 'integration.updated';
  }

  protected override onChange(change: ChangeEvent): void {
    if (this.concernsIntegration(change)) this.reload();
  }
}
