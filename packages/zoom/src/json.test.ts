import { describe, expect, it } from 'vitest';
import { parseZoomJSON } from './json.js';

describe('parseZoomJSON', () => {
  it('reads meeting ids as strings, even past 2^53', () => {
    expect(parseZoomJSON('{"id": 92233720368547758, "host_id":"abc"}')).toEqual({
      id: '92233720368547758',
      host_id: 'abc',
    });
    expect(parseZoomJSON('{"meetings":[{"id":85746065432}]}')).toEqual({
      meetings: [{ id: '85746065432' }],
    });
  });

  it('leaves text inside strings alone', () => {
    expect(parseZoomJSON('{"agenda":"{\\"id\\": 5}","code":300}')).toEqual({
      agenda: '{"id": 5}',
      code: 300,
    });
  });

  it('is null for empty or non-JSON text', () => {
    expect(parseZoomJSON('')).toBeNull();
    expect(parseZoomJSON('<html>Bad Gateway</html>')).toBeNull();
  });
});
