/** Namespaces the CalDAV emulator reads and writes. */
export const NS = {
  DAV: 'DAV:',
  CALDAV: 'urn:ietf:params:xml:ns:caldav',
  CS: 'http://calendarserver.org/ns/',
  ICAL: 'http://apple.com/ns/ical/',
} as const;

/** Prefixes used in responses. */
const PREFIXES: Record<string, string> = {
  [NS.DAV]: 'd',
  [NS.CALDAV]: 'c',
  [NS.CS]: 'cs',
  [NS.ICAL]: 'ical',
};

/** A parsed XML element with its namespace resolved. */
export interface XmlElement {
  ns: string;
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Raised for a request body that is not well-formed XML. */
export class XmlParseError extends Error {
  override readonly name = 'XmlParseError';
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (match, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? match;
  });
}

/** Escapes text for element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

interface OpenElement {
  element: XmlElement;
  qname: string;
  scope: Record<string, string>;
}

/** Parses a small XML document (WebDAV request bodies) into namespace-resolved elements. */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { ns: '', name: '#document', attributes: {}, children: [], text: '' };
  const stack: OpenElement[] = [
    { element: root, qname: '', scope: { xml: 'http://www.w3.org/XML/1998/namespace' } },
  ];
  for (const match of source.matchAll(TOKEN)) {
    const [, cdata, closing, opening, rawAttributes, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (!top) throw new XmlParseError('unbalanced document');
    if (cdata !== undefined) top.element.text += cdata;
    else if (text !== undefined) top.element.text += decodeEntities(text);
    else if (closing !== undefined) {
      if (top.qname !== closing) throw new XmlParseError(`unexpected </${closing}>`);
      stack.pop();
    } else if (opening !== undefined) {
      const scope = { ...top.scope };
      const attributes: Record<string, string> = {};
      for (const [, name = '', double, single] of (rawAttributes ?? '').matchAll(ATTRIBUTE)) {
        const value = decodeEntities(double ?? single ?? '');
        if (name === 'xmlns') scope[''] = value;
        else if (name.startsWith('xmlns:')) scope[name.slice(6)] = value;
        else attributes[name] = value;
      }
      const colon = opening.indexOf(':');
      const prefix = colon < 0 ? '' : opening.slice(0, colon);
      const element: XmlElement = {
        ns: scope[prefix] ?? '',
        name: colon < 0 ? opening : opening.slice(colon + 1),
        attributes,
        children: [],
        text: '',
      };
      top.element.children.push(element);
      if (!selfClosing) stack.push({ element, qname: opening, scope });
    }
  }
  if (stack.length !== 1) throw new XmlParseError('unclosed element');
  const [documentElement] = root.children;
  if (!documentElement) throw new XmlParseError('empty document');
  return documentElement;
}

/** First child with the given namespace and name. */
export function child(
  element: XmlElement | undefined,
  ns: string,
  name: string,
): XmlElement | undefined {
  return element?.children.find((c) => c.ns === ns && c.name === name);
}

/** Every descendant (depth first) with the given namespace and name. */
export function descendants(element: XmlElement, ns: string, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const c of element.children) {
    if (c.ns === ns && c.name === name) found.push(c);
    found.push(...descendants(c, ns, name));
  }
  return found;
}

/** `{ns}name` key for a property. */
export function propKey(ns: string, name: string): string {
  return `{${ns}}${name}`;
}

/** Serialises an empty or text element for a property name, declaring unknown namespaces inline. */
export function element(ns: string, name: string, inner = ''): string {
  const prefix = PREFIXES[ns];
  if (prefix)
    return inner === ''
      ? `<${prefix}:${name}/>`
      : `<${prefix}:${name}>${inner}</${prefix}:${name}>`;
  const attrs = ` xmlns:x="${escapeXml(ns)}"`;
  return inner === '' ? `<x:${name}${attrs}/>` : `<x:${name}${attrs}>${inner}</x:${name}>`;
}

/** The opening of a multistatus document with the namespaces used in responses. */
export function multistatusOpen(): string {
  const declarations = Object.entries(PREFIXES)
    .map(([ns, prefix]) => `xmlns:${prefix}="${ns}"`)
    .join(' ');
  return `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus ${declarations}>`;
}
