export type {
  SyncDirection,
  RemovalPolicy,
  ReconcilePolicy,
  ReconcileInput,
  ReconcileDecision,
  PushIntent,
  ConflictRecord,
  ReconcileResult,
} from './types.js';
export { reconcile } from './reconcile.js';
export type { Side, MergeResult } from './merge.js';
export { threeWayMerge } from './merge.js';
export {
  normalizeContent,
  normalizeAttendees,
  stableStringify,
  valuesEqual,
  contentEqual,
  contentHash,
} from './equality.js';
export type { ConflictChoice, ConflictResolution } from './resolve.js';
export { resolveConflict, MAX_UNRESOLVED_CONFLICTS, shouldPauseForConflicts } from './resolve.js';
export type { LinkIndex } from './match.js';
export { indexLinks, findLink, iCalUIDKey } from './match.js';
