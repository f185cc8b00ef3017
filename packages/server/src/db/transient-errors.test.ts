import { describe, expect, it } from 'vitest';
import { isTransientDatabaseError } from './transient-errors.js';

const pgError = (code: string) => Object.assign(new Error(`postgres ${code}`), { code });

describe('isTransientDatabaseError', () => {
  it.each(['40P01', '40001', '55P03', '57P01', '08006'])('retries SQLSTATE %s', (code) => {
    expect(isTransientDatabaseError(pgError(code))).toBe(true);
  });

  it.each(['23505', '42P01', '22P02'])('does not retry SQLSTATE %s', (code) => {
    expect(isTransientDatabaseError(pgError(code))).toBe(false);
  });

  it('retries a link another writer stored first, not other unique violations', () => {
    const violation = (constraint: string) =>
      Object.assign(pgError('23505'), { constraint_name: constraint });
    expect(
      isTransientDatabaseError(
        violation('event_links_connection_id_calendar_id_external_event_id_key'),
      ),
    ).toBe(true);
    expect(isTransientDatabaseError(violation('appointments_tenant_id_host_ref_key'))).toBe(false);
  });

  it('retries a connection the client lost', () => {
    expect(isTransientDatabaseError(pgError('CONNECTION_CLOSED'))).toBe(true);
  });

  it('does not retry errors without a SQLSTATE', () => {
    expect(isTransientDatabaseError(new Error('boom'))).toBe(false);
    expect(isTransientDatabaseError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(
      false,
    );
    expect(isTransientDatabaseError(null)).toBe(false);
  });
});
