import type { Random } from './prng.js';
import { PROVIDERS, type Provider } from './external-calendars.js';

/** Providers whose requests the sandbox can fail (Radicale is a real server without faults). */
export const FAULTABLE = ['google', 'microsoft'] as const;
export type FaultableProvider = (typeof FAULTABLE)[number];

export const FAULT_KINDS = [
  'rate_limited',
  'server_error',
  'latency',
  'timeout',
  'lost_response',
  'sync_token_expired',
  'access_token_expired',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** When an event starts: days from today (UTC) and the hour; every event lasts `hours`. */
export interface Slot {
  day: number;
  hour: number;
  hours: number;
}

/** One step of a scenario. `key` names an event of the scenario (`k1`, `k2`, …). */
export type Operation =
  | { op: 'host_create'; key: string; slot: Slot }
  | { op: 'host_retitle'; key: string }
  | { op: 'host_reschedule'; key: string; slot: Slot }
  | { op: 'host_cancel'; key: string }
  | { op: 'external_create'; provider: Provider; key: string; slot: Slot }
  | { op: 'external_retitle'; provider: Provider; key: string }
  | { op: 'external_reschedule'; provider: Provider; key: string; slot: Slot }
  | { op: 'external_delete'; provider: Provider; key: string }
  | { op: 'concurrent_retitle'; provider: Provider; key: string }
  | { op: 'host_create_series'; key: string; slot: Slot; count: number }
  | { op: 'external_create_series'; provider: Provider; key: string; slot: Slot; count: number }
  | { op: 'instance_move'; provider: Provider; key: string; index: number; hour: number }
  | { op: 'instance_cancel'; provider: Provider; key: string; index: number }
  | { op: 'fault'; provider: FaultableProvider; kind: FaultKind; count: number }
  | { op: 'kill_worker' }
  | { op: 'restart_worker' }
  | { op: 'settle'; ms: number };

function slot(random: Random): Slot {
  return { day: random.int(2, 20), hour: random.int(7, 18), hours: random.int(1, 2) };
}

/** Instances of a generated series (daily). */
const SERIES_COUNT = { min: 3, max: 5 } as const;

/**
 * A random scenario: events created on both sides, edited, moved and deleted on both sides (and
 * at once); recurring series created on both sides whose instances are moved and cancelled on the
 * calendars (a series' title and times stay as created; whole series are deleted like events);
 * with faults, worker kills and pauses in between.
 *
 * @example
 * const ops = generateOperations(seededRandom(7), 14);
 */
export function generateOperations(random: Random, length: number): Operation[] {
  const ops: Operation[] = [];
  const hostKeys: string[] = [];
  const externalKeys: { key: string; provider: Provider }[] = [];
  /** Series, with the calendars that hold them and their instance count. */
  const series: {
    key: string;
    on: readonly Provider[];
    count: number;
    origin: 'host' | Provider;
  }[] = [];
  let keys = 0;
  let workerUp = true;
  const newKey = () => `k${++keys}`;
  // Every scenario starts with something on both sides to act on.
  const first = newKey();
  hostKeys.push(first);
  ops.push({ op: 'host_create', key: first, slot: slot(random) });
  while (ops.length < length) {
    const roll = random.next();
    const anyKey = (): { key: string; provider: Provider } | undefined => {
      if (externalKeys.length > 0 && random.chance(0.35)) return random.pick(externalKeys);
      if (hostKeys.length === 0) return undefined;
      return { key: random.pick(hostKeys), provider: random.pick(PROVIDERS) };
    };
    if (roll < 0.1 && hostKeys.length < 4) {
      const key = newKey();
      hostKeys.push(key);
      ops.push({ op: 'host_create', key, slot: slot(random) });
    } else if (roll < 0.18 && externalKeys.length < 3) {
      const key = newKey();
      const provider = random.pick(PROVIDERS);
      externalKeys.push({ key, provider });
      ops.push({ op: 'external_create', provider, key, slot: slot(random) });
    } else if (roll < 0.26 && hostKeys.length > 0) {
      ops.push({ op: 'host_retitle', key: random.pick(hostKeys) });
    } else if (roll < 0.32 && hostKeys.length > 0) {
      ops.push({ op: 'host_reschedule', key: random.pick(hostKeys), slot: slot(random) });
    } else if (roll < 0.35 && hostKeys.length > 0) {
      ops.push({ op: 'host_cancel', key: random.pick(hostKeys) });
    } else if (roll < 0.45) {
      const target = anyKey();
      if (target) ops.push({ op: 'external_retitle', ...target });
    } else if (roll < 0.52) {
      const target = anyKey();
      if (target) ops.push({ op: 'external_reschedule', ...target, slot: slot(random) });
    } else if (roll < 0.56) {
      const target = anyKey();
      if (target) ops.push({ op: 'external_delete', ...target });
    } else if (roll < 0.64 && hostKeys.length > 0) {
      const provider = random.pick(PROVIDERS);
      ops.push({ op: 'concurrent_retitle', provider, key: random.pick(hostKeys) });
    } else if (roll < 0.78) {
      ops.push({
        op: 'fault',
        provider: random.pick(FAULTABLE),
        kind: random.pick(FAULT_KINDS),
        count: random.int(1, 3),
      });
    } else if (roll < 0.84) {
      ops.push(workerUp ? { op: 'kill_worker' } : { op: 'restart_worker' });
      workerUp = !workerUp;
    } else if (roll < 0.88 && series.length < 2) {
      const key = newKey();
      const count = random.int(SERIES_COUNT.min, SERIES_COUNT.max);
      if (random.chance(0.5)) {
        series.push({ key, on: PROVIDERS, count, origin: 'host' });
        ops.push({ op: 'host_create_series', key, slot: slot(random), count });
      } else {
        const provider = random.pick(PROVIDERS);
        series.push({ key, on: [provider], count, origin: provider });
        ops.push({ op: 'external_create_series', provider, key, slot: slot(random), count });
      }
    } else if (roll < 0.97 && series.length > 0) {
      const target = random.pick(series);
      const provider = random.pick(target.on);
      const index = random.int(0, target.count - 1);
      if (random.chance(0.6)) {
        ops.push({
          op: 'instance_move',
          provider,
          key: target.key,
          index,
          hour: random.int(6, 20),
        });
      } else {
        ops.push({ op: 'instance_cancel', provider, key: target.key, index });
      }
    } else if (roll < 0.975 && series.length > 0) {
      // A whole series deleted, by the host or on a calendar that holds it.
      const target = random.pick(series);
      ops.push(
        target.origin === 'host' && random.chance(0.5)
          ? { op: 'host_cancel', key: target.key }
          : { op: 'external_delete', provider: random.pick(target.on), key: target.key },
      );
    } else {
      ops.push({ op: 'settle', ms: random.int(1, 6) * 250 });
    }
  }
  return ops;
}

/** One operation as a line of a readable reproduction script. */
export function describeOperation(op: Operation): string {
  const when = (s: Slot) => `day +${s.day} ${s.hour}:00 for ${s.hours}h`;
  switch (op.op) {
    case 'host_create':
      return `host creates ${op.key} (${when(op.slot)})`;
    case 'host_retitle':
      return `host renames ${op.key}`;
    case 'host_reschedule':
      return `host moves ${op.key} to ${when(op.slot)}`;
    case 'host_cancel':
      return `host cancels ${op.key}`;
    case 'external_create':
      return `${op.provider} user creates ${op.key} (${when(op.slot)})`;
    case 'external_retitle':
      return `${op.provider} user renames ${op.key}`;
    case 'external_reschedule':
      return `${op.provider} user moves ${op.key} to ${when(op.slot)}`;
    case 'external_delete':
      return `${op.provider} user deletes ${op.key}`;
    case 'concurrent_retitle':
      return `host and ${op.provider} user rename ${op.key} at the same time`;
    case 'host_create_series':
      return `host creates series ${op.key} (${when(op.slot)}, daily ×${op.count})`;
    case 'external_create_series':
      return `${op.provider} user creates series ${op.key} (${when(op.slot)}, daily ×${op.count})`;
    case 'instance_move':
      return `${op.provider} user moves instance ${op.index} of ${op.key} to ${op.hour}:00 that day`;
    case 'instance_cancel':
      return `${op.provider} user cancels instance ${op.index} of ${op.key}`;
    case 'fault':
      return `fault: ${op.provider} ${op.kind} ×${op.count}`;
    case 'kill_worker':
      return 'SIGKILL the worker process';
    case 'restart_worker':
      return 'restart the worker process';
    case 'settle':
      return `wait ${op.ms} ms`;
  }
}
