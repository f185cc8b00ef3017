import {
  PROVIDER_CAPABILITIES,
  providerErrorFor,
  type ProviderAdapter,
  type ProviderErrorClass,
} from '@calsync/core';

/** A call of an adapter method, sent to the process that owns the provider. */
export interface AdapterCallMessage {
  readonly kind: 'call';
  readonly id: number;
  readonly method: keyof Omit<ProviderAdapter, 'provider' | 'capabilities'>;
  readonly args: readonly unknown[];
}

/** The answer to an {@link AdapterCallMessage}. */
export type AdapterReplyMessage =
  | { readonly kind: 'reply'; readonly id: number; readonly result: unknown }
  | {
      readonly kind: 'reply';
      readonly id: number;
      readonly error: { readonly errorClass: ProviderErrorClass; readonly message: string };
    };

const METHODS = [
  'listCalendars',
  'pullChanges',
  'createEvent',
  'updateEvent',
  'deleteEvent',
  'watch',
  'unwatch',
  'freeBusy',
  'revokeCredentials',
] as const;

/**
 * An adapter whose every call is answered by the parent process over IPC, so a worker in a
 * child process talks to a provider that outlives it (the crash test kills the child between
 * a provider write and its bookkeeping).
 */
export function ipcAdapter(): ProviderAdapter {
  let nextId = 0;
  const waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  process.on('message', (message: AdapterReplyMessage) => {
    if (message.kind !== 'reply') return;
    const call = waiting.get(message.id);
    waiting.delete(message.id);
    if (!call) return;
    if ('error' in message)
      call.reject(providerErrorFor(message.error.errorClass, message.error.message));
    else call.resolve(message.result);
  });
  const call = (method: AdapterCallMessage['method'], args: readonly unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, { resolve, reject });
      process.send!({ kind: 'call', id, method, args } satisfies AdapterCallMessage);
    });
  const methods = Object.fromEntries(
    METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)]),
  );
  return {
    provider: 'google',
    capabilities: PROVIDER_CAPABILITIES.google,
    ...methods,
  } as unknown as ProviderAdapter;
}
