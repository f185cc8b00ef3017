import { z } from '@hono/zod-openapi';

/**
 * Any JSON value, for the few bodies whose shape is open (a change's `data`, an audit entry's
 * `details`, a user export's rows): typed in the OpenAPI document as the JSON value union.
 */
export const JsonValue = z.unknown().openapi('JsonValue', {
  type: ['string', 'number', 'boolean', 'null', 'array', 'object'],
});

/** A JSON object with open members. */
export const JsonObject = z.record(z.string(), JsonValue);

/** `{"error": {"code", "message", "details"?}}`. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      details: JsonValue.optional(),
    }),
  })
  .openapi('Error');

/** The error responses every authenticated route may give. */
export const errorResponses = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorSchema } } },
  401: {
    description: 'Missing or bad credentials',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  403: {
    description: 'Not allowed with these credentials',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  404: {
    description: 'Not found (or not yours)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  503: {
    description:
      'The database is unreachable (`database_unavailable`): nothing was done; retry after `Retry-After` seconds',
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

/** The host's id of a user. */
export const ExternalUserId = z.string().min(1).max(255).openapi({ example: 'user_123' });

/** A UUID path parameter. */
export const UuidSchema = z.uuid();

/** `limit` (1..1000, default 100) and `cursor` of every list. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(500).optional(),
});

/** `{"data": [...], "next_cursor": string | null}`. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

/** Whether an instant falls in the years 0001–9999, the range Postgres and RFC 3339 share. */
function inStorableYears(value: string): boolean {
  const year = new Date(value).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/**
 * An RFC 3339 date-time with an offset, of a real calendar day (no 30 February), in UTC years
 * 0001–9999 (`0000-…` or an offset that moves it out of that range is refused).
 */
export const DateTimeString = z.iso
  .datetime({ offset: true })
  .refine(inStorableYears, { message: 'must be in the years 0001–9999' })
  .openapi({ example: '2026-03-08T09:00:00-05:00' });

/** An RFC 3339 full date (`2026-03-08`) of a real calendar day, years 0001–9999. */
export const DateString = z.iso
  .date()
  .refine((value) => !value.startsWith('0000'), { message: 'must be in the years 0001–9999' })
  .openapi({ example: '2026-03-08' });

/** Is this a zone Node's ICU knows? */
export function isIANAZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA zone name, checked against the runtime's zone database. */
export const TimeZoneSchema = z
  .string()
  .max(64)
  .refine(isIANAZone, { message: 'not an IANA time zone' })
  .openapi({ example: 'Europe/Berlin' });
