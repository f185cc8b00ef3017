/** What a sync token remembers. */
export interface SyncTokenData {
  /** Calendar id. */
  c: string;
  /** Change sequence the token was issued at. */
  s: number;
  /** Account sync epoch (bumped to expire every token). */
  e: number;
  /** Issue time, ms. */
  t: number;
}

/** What a page token remembers. */
export interface PageTokenData {
  /** Calendar id (or `calendarList`). */
  c: string;
  /** Change sequence when the listing began; it becomes the next sync token. */
  s: number;
  /** Sort value of the last item served. */
  a: number;
  /** Id of the last item served. */
  i: string;
  /** True once the deliberately empty first page has been served. */
  x?: boolean;
}

function encode(prefix: string, data: object): string {
  return prefix + Buffer.from(JSON.stringify(data)).toString('base64url');
}

function decode(prefix: string, token: string): unknown {
  if (!token.startsWith(prefix)) return undefined;
  try {
    return JSON.parse(
      Buffer.from(token.slice(prefix.length), 'base64url').toString('utf8'),
    ) as unknown;
  } catch {
    return undefined;
  }
}

/** An opaque sync token. */
export function encodeSyncToken(data: SyncTokenData): string {
  return encode('CPDS', data);
}

/** Reads a sync token; undefined when it is not one of ours. */
export function decodeSyncToken(token: string): SyncTokenData | undefined {
  const data = decode('CPDS', token) as Partial<SyncTokenData> | undefined;
  if (typeof data?.c !== 'string' || typeof data.s !== 'number' || typeof data.e !== 'number')
    return undefined;
  return { c: data.c, s: data.s, e: data.e, t: typeof data.t === 'number' ? data.t : 0 };
}

/** An opaque page token. */
export function encodePageToken(data: PageTokenData): string {
  return encode('EjP', data);
}

/** Reads a page token; undefined when it is not one of ours. */
export function decodePageToken(token: string): PageTokenData | undefined {
  const data = decode('EjP', token) as Partial<PageTokenData> | undefined;
  if (
    typeof data?.c !== 'string' ||
    typeof data.s !== 'number' ||
    typeof data.a !== 'number' ||
    typeof data.i !== 'string'
  ) {
    return undefined;
  }
  return { c: data.c, s: data.s, a: data.a, i: data.i, ...(data.x === true ? { x: true } : {}) };
}
