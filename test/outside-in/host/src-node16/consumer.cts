// A CommonJS host (`require`): the SDK's CommonJS build and its own declarations.
import { CalsyncError, createCalsyncClient } from '@calsync/sdk';

const calsync = createCalsyncClient({ baseUrl: 'https://calsync.example.com', token: 'sk_test' });

export async function connectionCount(): Promise<number> {
  const { data } = await calsync.integrations.list();
  return data.length;
}

export function isCalsyncError(error: unknown): boolean {
  return error instanceof CalsyncError;
}

// @ts-expect-error -- the client has no such namespace
void calsync.meetings;
