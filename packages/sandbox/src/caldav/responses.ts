import { multistatusOpen } from './xml.js';

const XML_TYPE = 'application/xml; charset=utf-8';

/** A 207 Multi-Status answer. */
export function multistatus(responses: string[], trailer = ''): Response {
  return new Response(`${multistatusOpen()}${responses.join('')}${trailer}</d:multistatus>`, {
    status: 207,
    headers: { 'content-type': XML_TYPE },
  });
}

/** A `DAV:error` body carrying a precondition element, e.g. `<d:valid-sync-token/>`. */
export function davError(status: number, condition: string): Response {
  const body = `<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">${condition}</d:error>`;
  return new Response(body, { status, headers: { 'content-type': XML_TYPE } });
}

/** A plain status answer. */
export function plain(status: number, text = '', headers: Record<string, string> = {}): Response {
  return new Response(status === 204 || status === 304 ? null : text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  });
}
