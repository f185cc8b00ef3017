import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logging.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('logger', () => {
  it('writes JSON with the ids it is given', () => {
    const { lines, logger } = capture();
    logger
      .child({ correlation_id: 'c-1', connection_id: 'k-1' })
      .info({ external_event_id: 'e-1' }, 'pulled');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      msg: 'pulled',
      correlation_id: 'c-1',
      connection_id: 'k-1',
      external_event_id: 'e-1',
    });
  });

  it('stamps each line with an ISO time and the level by name', () => {
    const { lines, logger } = capture();
    logger.warn('careful');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', msg: 'careful', service: 'calsync' });
    expect(line.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('redacts tokens, passwords, keys and Authorization headers wherever they sit', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        access_token: 'ya29.secret-access',
        refresh_token: '1//secret-refresh',
        password: 'app-specific-secret',
        credentials: { refresh_token: 'nested-secret' },
        req: { headers: { authorization: 'Bearer sk_live_secret', cookie: 'session=secret' } },
        connection: { secret_key: 'sk_secret', client_secret: 'client-secret' },
      },
      'request',
    );
    const text = lines.join('');
    for (const secret of [
      'ya29.secret-access',
      '1//secret-refresh',
      'app-specific-secret',
      'nested-secret',
      'sk_live_secret',
      'session=secret',
      'sk_secret',
      'client-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });
});
