/**
 * Reads a Zoom JSON answer. Meeting ids are 64-bit integers: every `"id": <digits>` is read as a
 * string before parsing, so an id past 2^53 keeps its digits.
 */

const NUMERIC_ID = /("id"\s*:\s*)(\d+)/g;

/**
 * Parses JSON text with numeric `id` fields turned into strings; `null` for empty or non-JSON text.
 *
 * @example
 * parseZoomJSON('{"id":85746065432,"topic":"x"}') // { id: '85746065432', topic: 'x' }
 */
export function parseZoomJSON(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text.replace(NUMERIC_ID, '$1"$2"')) as unknown;
  } catch {
    return null;
  }
}

/** The body of a response as JSON (see {@link parseZoomJSON}); `null` when empty or unreadable. */
export async function readJSON(response: Response): Promise<unknown> {
  try {
    return parseZoomJSON(await response.text());
  } catch {
    return null;
  }
}
