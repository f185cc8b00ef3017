import type { SandboxProvider } from '../emulator.js';

/** When an injected failure is answered: instead of the request, or after performing it. */
export type FaultTiming = 'before' | 'after';

/** What to inject (the TypeScript form of `POST /sandbox/_control/faults`). */
export interface SandboxFaultInput {
  provider: SandboxProvider;
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Regular expression tested against the path below the provider's prefix (any when absent). */
  pathPattern?: string | RegExp;
  /** Status to answer with; absent with `latencyMs` set means "only delay". */
  status?: number;
  /** Sets `Retry-After` on the failure. */
  retryAfterSeconds?: number;
  /** How many matching requests are affected; unlimited when absent. */
  count?: number;
  /** Delay added before the request is handled. */
  latencyMs?: number;
  /** Body to answer with instead of the provider's own error shape (objects are sent as JSON). */
  body?: unknown;
  /** `after` performs the request and then answers with the failure (the lost-response case). */
  when?: FaultTiming;
}

/** A stored fault. */
export interface SandboxFault {
  id: string;
  provider: SandboxProvider;
  method: string | null;
  pathPattern: string | null;
  status: number | null;
  retryAfterSeconds: number | null;
  /** Matching requests still to be affected; `null` means unlimited. */
  remaining: number | null;
  latencyMs: number;
  body: unknown;
  when: FaultTiming;
}

interface StoredFault {
  readonly fault: SandboxFault;
  readonly pattern: RegExp | null;
}

/** The ordered list of injected faults; the oldest matching fault wins. */
export class FaultStore {
  private faults: StoredFault[] = [];
  private nextId = 1;

  /** Adds a fault; input must already be validated. */
  add(input: SandboxFaultInput): SandboxFault {
    const pattern =
      input.pathPattern === undefined
        ? null
        : input.pathPattern instanceof RegExp
          ? input.pathPattern
          : new RegExp(input.pathPattern);
    const latencyMs = input.latencyMs ?? 0;
    const fault: SandboxFault = {
      id: `fault_${this.nextId++}`,
      provider: input.provider,
      method: input.method?.toUpperCase() ?? null,
      pathPattern: pattern?.source ?? null,
      status: input.status ?? (latencyMs > 0 ? null : 500),
      retryAfterSeconds: input.retryAfterSeconds ?? null,
      remaining: input.count ?? null,
      latencyMs,
      body: input.body ?? null,
      when: input.when ?? 'before',
    };
    this.faults.push({ fault, pattern });
    return { ...fault };
  }

  /** Forgets every fault. */
  clear(): void {
    this.faults = [];
  }

  /** Snapshot of the active faults. */
  list(): SandboxFault[] {
    return this.faults.map(({ fault }) => ({ ...fault }));
  }

  /** Finds the first fault matching the request and consumes one use of it. */
  take(provider: SandboxProvider, method: string, path: string): SandboxFault | undefined {
    if (this.faults.length === 0) return undefined;
    const upperMethod = method.toUpperCase();
    const index = this.faults.findIndex(
      ({ fault, pattern }) =>
        fault.provider === provider &&
        (fault.method === null || fault.method === upperMethod) &&
        (pattern === null || pattern.test(path)),
    );
    const stored = this.faults[index];
    if (stored === undefined) return undefined;
    const { fault } = stored;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults.splice(index, 1);
    }
    return { ...fault };
  }
}
