import type { CalsyncClientLike, ChangeEvent } from './client.js';

interface Hub {
  listeners: Set<(change: ChangeEvent) => void>;
  stop: (() => void) | undefined;
}

/** One stream per client, however many elements listen: a page opens one connection. */
const hubs = new WeakMap<CalsyncClientLike, Hub>();

/**
 * Listens to the client's change stream; the stream opens with the first listener and closes
 * after the last one leaves.
 *
 * @example
 * const stop = listenToChanges(client, (change) => { if (change.type === 'integration.updated') reload(); });
 */
export function listenToChanges(
  client: CalsyncClientLike,
  listener: (change: ChangeEvent) => void,
): () => void {
  let hub = hubs.get(client);
  if (!hub) {
    hub = { listeners: new Set(), stop: undefined };
    hubs.set(client, hub);
  }
  const active = hub;
  active.listeners.add(listener);
  if (!active.stop) {
    const subscription = client.stream.subscribe((change) => {
      for (const each of [...active.listeners]) each(change);
    });
    active.stop =
      typeof subscription === 'function' ? subscription : () => subscription.unsubscribe();
  }
  return () => {
    active.listeners.delete(listener);
    if (active.listeners.size === 0) {
      active.stop?.();
      active.stop = undefined;
    }
  };
}
