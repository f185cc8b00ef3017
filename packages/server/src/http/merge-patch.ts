import type { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';

/** The media type of a JSON merge patch (RFC 7396). */
export const MERGE_PATCH_TYPE = 'application/merge-patch+json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies a JSON merge patch (RFC 7396) to a resource's representation: a member left out is
 * unchanged, an object is merged member by member, anything else (arrays included) replaces the
 * value whole. `null` clears: on a member of the resource itself it becomes `null` (how the API
 * shows a cleared field), inside a nested object the member is removed, as RFC 7396 says.
 *
 * @example
 * applyMergePatch({ title: 'A', location: 'Room 1' }, { location: null });
 * // { title: 'A', location: null }
 */
export function applyMergePatch<T extends Record<string, unknown>>(
  target: T,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    result[key] = value === null ? null : mergeValue(result[key], value);
  }
  return result;
}

function mergeValue(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result = new Map(Object.entries(isObject(target) ? target : {}));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) result.delete(key);
    else result.set(key, mergeValue(result.get(key), value));
  }
  return Object.fromEntries(result);
}

/**
 * Refuses (400 `invalid_request`) a merge patch that sets a field to `null` when the patch
 * schema does not take `null` for it (a field with no empty value), naming the field. Runs
 * before the body is validated, so the message is about clearing rather than about a type; a
 * body that is not a JSON object is left to the validation.
 *
 * @example
 * createRoute({ method: 'patch', path: '/appointments/{id}', middleware: [refuseNulls(PatchAppointmentBody)], … });
 */
export function refuseNulls(schema: z.ZodObject): MiddlewareHandler {
  const allowed = new Set(
    Object.entries(schema.shape)
      .filter(([, field]) => (field as z.ZodType).safeParse(null).success)
      .map(([name]) => name),
  );
  return async (c, next) => {
    let body: unknown;
    try {
      body = (await c.req.json()) as Json;
    } catch {
      return next();
    }
    if (isObject(body)) {
      const refused = Object.keys(body).filter((key) => body[key] === null && !allowed.has(key));
      if (refused.length) {
        throw new ApiError(
          400,
          'invalid_request',
          `body.${refused[0]}: cannot be null (it has no empty value); leave it out to keep it`,
          refused.map((key) => ({
            path: `body.${key}`,
            message: 'cannot be null (it has no empty value); leave it out to keep it',
          })),
        );
      }
    }
    return next();
  };
}

/**
 * A merge-patch request body for a route: the schema under `application/merge-patch+json` and,
 * for clients that cannot set it, `application/json`.
 *
 * @example
 * request: { params: IdParams, body: mergePatchBody(PatchAppointmentBody) }
 */
export function mergePatchBody<T extends z.ZodType>(schema: T) {
  return {
    content: {
      [MERGE_PATCH_TYPE]: { schema },
      'application/json': { schema },
    } as { 'application/merge-patch+json': { schema: T }; 'application/json': { schema: T } },
    required: true,
  };
}
