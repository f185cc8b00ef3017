import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';
import { errorResponse } from './errors.js';

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

/**
 * A router whose validation failures answer 400 `invalid_request` in the error envelope, listing
 * each problem with its path (unknown fields included), never a 5xx.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const where = TARGET_NAMES[result.target] ?? result.target;
      const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
        path: [where, ...issue.path.map(String)].join('.'),
        message:
          issue.code === 'unrecognized_keys'
            ? `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
            : issue.message,
      }));
      const first = issues[0];
      return errorResponse(
        c,
        400,
        'invalid_request',
        first ? `${first.path}: ${first.message}` : 'invalid request',
        issues,
      );
    },
  });
}
