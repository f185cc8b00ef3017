import { describe, expect, it } from 'vitest';
import { connectDatabase } from './connect.js';
import { isDatabaseUnavailableError } from './unavailable-errors.js';

const coded = (code: string) => Object.assign(new Error(`failed ${code}`), { code });

describe('isDatabaseUnavailableError', () => {
  it.each(['ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT', '57P01', '57P03', '08006'])(
    'counts %s as the database being unavailable',
    (code) => expect(isDatabaseUnavailableError(coded(code))).toBe(true),
  );

  it.each(['23505', '42P01', '28P01', '3D000', '40P01'])(
    'does not count SQLSTATE %s (the database answered)',
    (code) => expect(isDatabaseUnavailableError(coded(code))).toBe(false),
  );

  it('looks through causes and aggregate errors', () => {
    const wrapped = new Error('could not read', { cause: coded('ECONNREFUSED') });
    expect(isDatabaseUnavailableError(wrapped)).toBe(true);
    expect(isDatabaseUnavailableError(new AggregateError([coded('ECONNREFUSED')]))).toBe(true);
    expect(isDatabaseUnavailableError(new Error('plain'))).toBe(false);
    expect(isDatabaseUnavailableError('ECONNREFUSED')).toBe(false);
  });

  it('recognises what the client throws for a port where nothing listens', async () => {
    const dead = connectDatabase('postgres://x:y@127.0.0.1:1/none', { max: 1 });
    const error = await dead`select 1`.then(
      () => undefined,
      (e: unknown) => e,
    );
    await dead.end();
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });
});
