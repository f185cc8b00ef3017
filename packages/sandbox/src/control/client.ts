import type { SandboxAccount } from '../emulator.js';
import { SandboxControlHttpError } from '../errors.js';
import type { CreateAccountInput, ExpireInput, SandboxControlApi } from './api.js';
import type { SandboxFault, SandboxFaultInput } from './faults.js';
import type { SandboxFaultWire } from './wire.js';
import { checkFaultInput, faultFromWire, faultInputToWire } from './wire.js';

/**
 * The control API of a sandbox running in another process.
 *
 * @example
 * const control = new SandboxControlClient('http://127.0.0.1:8787/sandbox');
 * await control.createAccount({ provider: 'google', email: 'ann@example.com' });
 */
export class SandboxControlClient implements SandboxControlApi {
  private readonly baseUrl: string;

  /** `baseUrl` is where the sandbox is mounted, e.g. `http://127.0.0.1:8787/sandbox`. */
  constructor(
    baseUrl: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async createAccount(input: CreateAccountInput): Promise<SandboxAccount> {
    return (await this.call('POST', '/accounts', input)) as SandboxAccount;
  }

  async addFault(input: SandboxFaultInput): Promise<SandboxFault> {
    const wire = await this.call('POST', '/faults', faultInputToWire(checkFaultInput(input)));
    return faultFromWire(wire as SandboxFaultWire);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  async expire(input: ExpireInput): Promise<void> {
    await this.call('POST', '/expire', input);
  }

  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await this.fetchFn(`${this.baseUrl}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      throw new SandboxControlHttpError(
        response.status,
        error?.code ?? `http_${response.status}`,
        error?.message ?? `control ${method} ${path} answered ${response.status}`,
      );
    }
    return parsed;
  }
}
