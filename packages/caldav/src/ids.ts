import type { OriginalStart } from '@calsync/core';
import { originalStartKey } from '@calsync/core';

/**
 * External ids of CalDAV events. A calendar object resource holds one UID: the master and its
 * overrides. The master's id is the resource URL; an override's id adds its original start:
 * `https://host/cal/a.ics#r=i%3A2026-03-10T14%3A00%3A00.000Z`. Resources written by other clients
 * that (against RFC 4791) hold several UIDs name the extra ones with `u=`.
 */
export interface ExternalIdParts {
  /** Absolute URL of the calendar object resource. */
  readonly href: string;
  /** Set for a second (third…) UID inside one resource. */
  readonly uid: string | null;
  /** {@link originalStartKey} of an override, else `null`. */
  readonly instanceKey: string | null;
}

/**
 * Builds an external id.
 *
 * @example
 * formatExternalId({ href: 'http://h/cal/a.ics', uid: null, instanceKey: null }) // 'http://h/cal/a.ics'
 */
export function formatExternalId(parts: ExternalIdParts): string {
  const fragment = [
    parts.uid === null ? null : `u=${encodeURIComponent(parts.uid)}`,
    parts.instanceKey === null ? null : `r=${encodeURIComponent(parts.instanceKey)}`,
  ].filter(Boolean);
  return fragment.length === 0 ? parts.href : `${parts.href}#${fragment.join('&')}`;
}

/**
 * Splits an external id back into its parts.
 *
 * @example
 * parseExternalId('http://h/cal/a.ics#r=d%3A2026-03-10').instanceKey // 'd:2026-03-10'
 */
export function parseExternalId(externalId: string): ExternalIdParts {
  const hash = externalId.indexOf('#');
  if (hash < 0) return { href: externalId, uid: null, instanceKey: null };
  const params = new URLSearchParams(externalId.slice(hash + 1));
  return { href: externalId.slice(0, hash), uid: params.get('u'), instanceKey: params.get('r') };
}

/** The external id of an override of the series `seriesExternalId`. */
export function instanceExternalId(seriesExternalId: string, originalStart: OriginalStart): string {
  const series = parseExternalId(seriesExternalId);
  return formatExternalId({ ...series, instanceKey: originalStartKey(originalStart) });
}

/**
 * A resource name from the caller's idempotency key: the same key always names the same
 * resource, so `If-None-Match: *` turns a repeated create into a 412 instead of a duplicate.
 *
 * @example
 * resourceNameFor('ck1x2y') // 'ck1x2y.ics'
 */
export function resourceNameFor(idempotencyKey: string): string {
  const safe = idempotencyKey.replace(
    /[^A-Za-z0-9._-]/g,
    (c) => `_${c.charCodeAt(0).toString(16)}`,
  );
  return `${safe}.ics`;
}
