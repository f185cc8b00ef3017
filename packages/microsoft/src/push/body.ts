import { createHash } from 'node:crypto';
import type {
  EventContent,
  GraphPatternedRecurrence,
  OriginalStart,
  PrivacyLevel,
} from '@calsync/core';
import { NonRetryableProviderError, recurrenceToGraph } from '@calsync/core';
import { APPOINTMENT_ID_PROPERTY, MEETING_PROPERTY } from '../facts.js';
import type { GraphEventInput, GraphExtendedProperty } from '../mapping/graph-types.js';
import { contentToGraph } from '../mapping/to-graph.js';

/**
 * The Graph `transactionId` for an idempotency key: deterministic, so a retried create (after a
 * lost response) carries the same id and Graph returns the event it already made.
 *
 * @example
 * transactionIdFor('apt-42:conn-7') === transactionIdFor('apt-42:conn-7') // true
 */
export function transactionIdFor(idempotencyKey: string): string {
  return `calsync-${createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 40)}`;
}

/** True when the content asks Graph to attach a Teams meeting. */
export function wantsTeamsMeeting(content: EventContent): boolean {
  return content.meeting?.provider === 'teams';
}

/** The Graph series pattern for content, with the EXDATE slots to delete after writing. */
export interface GraphSeriesPlan {
  readonly recurrence: GraphPatternedRecurrence;
  readonly cancelledOccurrences: readonly OriginalStart[];
}

/**
 * Converts content recurrence through core; a rule Graph cannot express is refused here. The
 * server plans recurrence with core's `planRecurrence('microsoft', …)` first and writes such
 * series as single instances, so reaching this error means the plan was skipped.
 */
export function seriesPlanFor(content: EventContent): GraphSeriesPlan | null {
  if (!content.recurrence || content.recurrence.lines.length === 0) return null;
  const conversion = recurrenceToGraph(content.recurrence, content.time);
  if (conversion.kind === 'not_representable') {
    throw new NonRetryableProviderError(
      `recurrence not representable in Graph: ${conversion.reasons.join('; ')}`,
      { providerCode: 'recurrence_not_representable' },
    );
  }
  return {
    recurrence: conversion.recurrence,
    cancelledOccurrences: conversion.cancelledOccurrences,
  };
}

/**
 * Our extended properties after a write: the appointment stamp kept, the meeting link of a
 * non-Teams meeting set or cleared (an empty value reads as none).
 */
export function extendedPropertiesFor(
  content: EventContent,
  appointmentId: string | null,
): GraphExtendedProperty[] {
  const properties: GraphExtendedProperty[] = [];
  if (appointmentId) properties.push({ id: APPOINTMENT_ID_PROPERTY, value: appointmentId });
  const meeting = content.meeting && !wantsTeamsMeeting(content) ? content.meeting : null;
  properties.push({ id: MEETING_PROPERTY, value: meeting ? JSON.stringify(meeting) : '' });
  return properties;
}

/** Options shared by create and update bodies. */
export interface WriteBodyOptions {
  readonly privacy: PrivacyLevel;
  readonly appointmentId: string | null;
  /** Include the series pattern (creates, and updates that change it). */
  readonly series: GraphSeriesPlan | null;
  readonly includeRecurrence: boolean;
}

/**
 * The full create/PATCH body for content. A Zoom / Meet / other link also goes into the
 * location when the content has none, so people see it in Outlook (reading back, a location
 * holding only that link is no location).
 */
export function writeBodyFor(content: EventContent, options: WriteBodyOptions): GraphEventInput {
  const linkInLocation =
    content.location === null && content.meeting && !wantsTeamsMeeting(content)
      ? content.meeting.joinUrl
      : null;
  const body: GraphEventInput = {
    ...contentToGraph(
      linkInLocation === null ? content : { ...content, location: linkInLocation },
      { privacy: options.privacy },
    ),
    singleValueExtendedProperties: extendedPropertiesFor(content, options.appointmentId),
  };
  if (options.includeRecurrence) body.recurrence = options.series?.recurrence ?? null;
  if (wantsTeamsMeeting(content)) {
    body.isOnlineMeeting = true;
    body.onlineMeetingProvider = 'teamsForBusiness';
  }
  return body;
}
