/**
 * Typed reading of tsdav's parsed multistatus (its values are untyped: element names are
 * camel-cased, namespaces dropped, text values sometimes turned into numbers or booleans).
 */

/** One `D:response` of a multistatus. */
export interface DAVEntry {
  /** Absolute URL of the member. */
  readonly url: string;
  /** The response's own status (404 for a removed member in sync-collection), else 200. */
  readonly status: number;
  /** Properties of the 2xx propstats, camel-cased names without namespace. */
  readonly props: Readonly<Record<string, unknown>>;
}

/** A parsed multistatus answer. */
export interface MultiStatus {
  readonly status: number;
  readonly entries: readonly DAVEntry[];
  /** The top-level `DAV:sync-token` of a sync-collection answer. */
  readonly syncToken: string | null;
  /** The answer text (for diagnostics). */
  readonly text: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Converts tsdav's responses into {@link DAVEntry}s with absolute URLs. */
export function toEntries(responses: readonly unknown[], requestUrl: string): DAVEntry[] {
  const entries: DAVEntry[] = [];
  for (const response of responses) {
    if (!isRecord(response)) continue;
    const href = textOf(response.href);
    if (!href) continue;
    const status = typeof response.status === 'number' ? response.status : 200;
    entries.push({
      url: new URL(href, requestUrl).toString(),
      status,
      props: isRecord(response.props) ? response.props : {},
    });
  }
  return entries;
}

/** Text content of a parsed element: strings, numbers, `_text` and `_cdata` forms. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isRecord(value)) {
    const inner = value._cdata ?? value._text;
    if (typeof inner === 'string') return inner;
    if (Array.isArray(inner)) return inner.map((part) => String(part)).join('');
  }
  if (Array.isArray(value)) return value.map((part) => textOf(part) ?? '').join('');
  return null;
}

/** The `href` texts inside a property such as `current-user-principal` or `calendar-home-set`. */
export function hrefsOf(value: unknown): string[] {
  if (!isRecord(value)) return [];
  const href = value.href;
  const list = Array.isArray(href) ? href : [href];
  return list.map((h) => textOf(h)).filter((h): h is string => !!h);
}

/** Element names directly inside a property (`resourcetype` → `['collection','calendar']`). */
export function childNames(value: unknown): string[] {
  return isRecord(value) ? Object.keys(value).filter((k) => !k.startsWith('_')) : [];
}

/** `name` attributes of `comp` children (`supported-calendar-component-set`). */
export function componentNames(value: unknown): string[] {
  if (!isRecord(value)) return [];
  const comps = Array.isArray(value.comp) ? value.comp : [value.comp];
  return comps
    .map((comp) => (isRecord(comp) && isRecord(comp._attributes) ? comp._attributes.name : null))
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.toUpperCase());
}

/** Privilege names inside `current-user-privilege-set`. */
export function privilegeNames(value: unknown): string[] {
  if (!isRecord(value)) return [];
  const privileges = Array.isArray(value.privilege) ? value.privilege : [value.privilege];
  return privileges.flatMap((p) => childNames(p));
}

/**
 * The top-level sync-token, read from the answer text: tsdav may turn token text into a
 * number, and servers put it first (Radicale) or last (Xandikos).
 */
export function topLevelSyncToken(text: string): string | null {
  const matches = [
    ...text.matchAll(/<(?:[\w.-]+:)?sync-token(?:\s[^>]*)?>([^<]*)<\/(?:[\w.-]+:)?sync-token>/g),
  ];
  const last = matches[matches.length - 1];
  return last ? decodeXMLText(last[1]!.trim()) : null;
}

function decodeXMLText(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
