import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';
import { ApiError, errorResponse } from './errors.js';

/** A validation issue as the error envelope's `details` lists it. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** How validation targets are named to API users. */
const TARGET_NAMES: Record<string, string> = {
  json: 'body',
  param: 'path',
  query: 'query',
  header: 'header',
};

/** The issues of a failed validation of `where` (`body`, `query`…), as the envelope lists them. */
export function validationIssues(error: z.ZodError, where: string): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message:
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
        : issue.message,
  }));
}

/**
 * The 400 `invalid_request` of a failed validation, naming the first problem.
 *
 * @example
 * const parsed = UpdateAppointmentBody.safeParse(merged);
 * if (!parsed.success) throw invalidRequest(parsed.error, 'body');
 */
export function invalidRequest(error: z.ZodError, where: string): ApiError {
  const issues = validationIssues(error, where);
  const first = issues[0];
  return new ApiError(
    400,
    'invalid_request',
    first ? `${first.path}: ${first.message}` : 'invalid request',
    issues,
  );
}

/**
 * A router whose validation failures answer 400 `invalid_request` in the error envelope, listing
 * each problem with its path (unknown fields included), never a 5xx.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const error = invalidRequest(result.error, TARGET_NAMES[result.target] ?? result.target);
      return errorResponse(c, error.status, error.code, error.message, error.details);
    },
  });
}
