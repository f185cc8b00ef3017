import { describe, expect, test } from 'vitest';
import type {
  ReconcileDecision,
  ReconcileInput,
  ReconcilePolicy,
  PushIntent,
} from '../src/index.js';
import { linkAfterPush, reconcile } from '../src/index.js';
import {
  T0,
  T1,
  T2,
  appointment,
  content,
  input,
  link,
  remote,
  removed,
  upsert,
} from './fixtures.js';

/** The states of SPEC.md's decision table. */
type State =
  'unlinked' | 'clean' | 'edited' | 'deleted_internally' | 'external_removed' | 'pending_create';
/** The remote events of SPEC.md's decision table. */
type RemoteCase =
  'echo' | 'changed_other_field' | 'changed_same_field' | 'stale_replay' | 'removed';

const base = content();
const internalEdit = content({ title: 'Interview (moved room)' }); // title edited internally
const remoteOther = content({ location: 'Room 9' }); // a field internal did not touch
const remoteSame = content({ title: 'Interview with Bob' }); // the field internal touched

function stateInput(
  state: State,
  change: ReconcileInput['change'],
  policy?: Partial<ReconcilePolicy>,
): ReconcileInput {
  const p = {
    direction: 'bidirectional',
    removal: 'soft_delete',
    privacy: 'full',
    window: null,
    ...policy,
  } as const;
  switch (state) {
    case 'unlinked':
      return input({ change, policy: p });
    case 'clean':
      return input({ change, policy: p, link: link(base), appointment: appointment(base) });
    case 'edited':
      return input({
        change,
        policy: p,
        link: link(base),
        appointment: appointment(internalEdit, { updatedAt: T0 }),
      });
    case 'deleted_internally':
      return input({
        change,
        policy: p,
        link: link(base, { state: 'pending_delete' }),
        appointment: appointment(base, { deletedAt: T0 }),
      });
    case 'external_removed':
      return input({
        change,
        policy: p,
        link: link(base, { state: 'external_removed' }),
        appointment: appointment(base),
      });
    case 'pending_create':
      return input({
        change,
        policy: p,
        link: link(null, { state: 'pending_create', etag: null, remoteUpdatedAt: null }),
        appointment: appointment(base),
      });
  }
}

function changeFor(remoteCase: RemoteCase): ReconcileInput['change'] {
  switch (remoteCase) {
    case 'echo':
      return upsert(remote(base, { updatedAt: T1 }));
    case 'changed_other_field':
      return upsert(remote(remoteOther, { updatedAt: T1 }));
    case 'changed_same_field':
      return upsert(remote(remoteSame, { updatedAt: T1 }));
    case 'stale_replay':
      return upsert(remote(remoteSame, { updatedAt: '2026-02-01T00:00:00.000Z' }));
    case 'removed':
      return removed('ext-1', T2);
  }
}

/** Bidirectional, soft-delete policy: the full table of SPEC.md §2. */
const TABLE: Record<State, Record<RemoteCase, [ReconcileDecision, PushIntent]>> = {
  unlinked: {
    echo: ['create_internal', 'none'],
    changed_other_field: ['create_internal', 'none'],
    changed_same_field: ['create_internal', 'none'],
    stale_replay: ['create_internal', 'none'],
    removed: ['ignore_unknown_removal', 'none'],
  },
  clean: {
    echo: ['noop_in_sync', 'none'],
    changed_other_field: ['apply_remote', 'none'],
    changed_same_field: ['apply_remote', 'none'],
    stale_replay: ['ignore_stale_replay', 'none'],
    removed: ['remove_soft_delete', 'none'],
  },
  edited: {
    echo: ['push_internal', 'update'],
    changed_other_field: ['merge_disjoint', 'update'],
    changed_same_field: ['conflict_auto_resolved', 'none'],
    stale_replay: ['ignore_stale_replay', 'none'],
    removed: ['conflict_edit_vs_remote_delete', 'none'],
  },
  deleted_internally: {
    echo: ['noop_in_sync', 'delete'],
    changed_other_field: ['conflict_delete_vs_remote_edit', 'none'],
    changed_same_field: ['conflict_delete_vs_remote_edit', 'none'],
    stale_replay: ['ignore_stale_replay', 'none'],
    removed: ['both_deleted', 'none'],
  },
  external_removed: {
    echo: ['noop_in_sync', 'none'],
    changed_other_field: ['apply_remote', 'none'],
    changed_same_field: ['apply_remote', 'none'],
    stale_replay: ['ignore_stale_replay', 'none'],
    removed: ['both_deleted', 'none'],
  },
  pending_create: {
    echo: ['noop_in_sync', 'none'],
    changed_other_field: ['push_internal', 'update'],
    changed_same_field: ['push_internal', 'update'],
    stale_replay: ['push_internal', 'update'],
    removed: ['ignore_stale_replay', 'none'],
  },
};

describe('reconcile decision table (bidirectional, soft_delete)', () => {
  for (const [state, row] of Object.entries(TABLE) as [
    State,
    Record<RemoteCase, [ReconcileDecision, PushIntent]>,
  ][]) {
    for (const [remoteCase, [decision, push]] of Object.entries(row) as [
      RemoteCase,
      [ReconcileDecision, PushIntent],
    ][]) {
      test(`${state} × ${remoteCase} → ${decision} (push ${push})`, () => {
        const result = reconcile(stateInput(state, changeFor(remoteCase)));
        expect(result.decision).toBe(decision);
        expect(result.push).toBe(push);
        // Reconciling the outcome again with the same change changes nothing.
        const again = reconcile({
          ...stateInput(state, changeFor(remoteCase)),
          link: result.link,
          appointment: result.appointment,
        });
        expect(again.appointment).toEqual(result.appointment);
        expect(again.link).toEqual(result.link);
        expect(again.conflict).toBeNull();
      });
    }
  }
});

/** Rows where the policy changes the outcome (SPEC.md §3). */
const POLICY_ROWS: [
  string,
  State,
  RemoteCase,
  Partial<ReconcilePolicy>,
  ReconcileDecision,
  PushIntent,
][] = [
  [
    'mark_external_removed keeps the appointment',
    'clean',
    'removed',
    { removal: 'mark_external_removed' },
    'remove_mark_external_removed',
    'none',
  ],
  [
    'export_only never imports',
    'unlinked',
    'changed_same_field',
    { direction: 'export_only' },
    'ignore_import_disabled',
    'none',
  ],
  [
    'export_only overwrites remote edits',
    'clean',
    'changed_same_field',
    { direction: 'export_only' },
    'export_only_overwrite',
    'update',
  ],
  [
    'export_only keeps the appointment on remote removal',
    'clean',
    'removed',
    { direction: 'export_only' },
    'remove_mark_external_removed',
    'none',
  ],
  [
    'import_only: remote wins a conflict, nothing is pushed',
    'edited',
    'changed_same_field',
    { direction: 'import_only' },
    'conflict_auto_resolved',
    'none',
  ],
  [
    'import_only never pushes local edits',
    'edited',
    'echo',
    { direction: 'import_only' },
    'push_internal',
    'none',
  ],
  [
    'import_only: remote removal beats a local edit',
    'edited',
    'removed',
    { direction: 'import_only' },
    'remove_soft_delete',
    'none',
  ],
];

describe('reconcile policy rows', () => {
  for (const [name, state, remoteCase, policy, decision, push] of POLICY_ROWS) {
    test(name, () => {
      const result = reconcile(stateInput(state, changeFor(remoteCase), policy));
      expect(result.decision).toBe(decision);
      expect(result.push).toBe(push);
    });
  }
});

describe('reconcile details', () => {
  test('conflict: most recent modification wins and the record holds all three versions', () => {
    const olderInternal = reconcile(stateInput('edited', changeFor('changed_same_field')));
    expect(olderInternal.conflict).toMatchObject({
      kind: 'fields',
      fields: ['title'],
      autoResolution: 'external',
    });
    expect(olderInternal.conflict?.base?.title).toBe('Interview');
    expect(olderInternal.conflict?.internal?.title).toBe('Interview (moved room)');
    expect(olderInternal.conflict?.external?.title).toBe('Interview with Bob');
    expect(olderInternal.appointment?.title).toBe('Interview with Bob');
    expect(olderInternal.link?.state).toBe('conflict');

    const newerInternal = reconcile({
      ...stateInput('edited', changeFor('changed_same_field')),
      appointment: appointment(internalEdit, { updatedAt: T2 }),
    });
    expect(newerInternal.conflict?.autoResolution).toBe('internal');
    expect(newerInternal.appointment?.title).toBe('Interview (moved room)');
    expect(newerInternal.push).toBe('update');
  });

  test('attendees merge by email: a remote RSVP and a local new guest both survive', () => {
    const guest = {
      email: 'bob@example.com',
      name: 'Bob',
      responseStatus: 'needs_action',
      optional: true,
      organizer: false,
      resource: false,
    } as const;
    const local = content({ attendees: [...base.attendees, guest] });
    const remoteRsvp = content({
      attendees: [{ ...base.attendees[0]!, responseStatus: 'tentative' }],
    });
    const result = reconcile(
      input({
        change: upsert(remote(remoteRsvp)),
        link: link(base),
        appointment: appointment(local),
      }),
    );
    expect(result.decision).toBe('merge_disjoint');
    expect(result.conflict).toBeNull();
    expect(result.appointment?.attendees.map((a) => [a.email, a.responseStatus])).toEqual([
      ['ann@example.com', 'tentative'],
      ['bob@example.com', 'needs_action'],
    ]);
    expect(result.push).toBe('update');
  });

  test('emails compare case-insensitively', () => {
    const upper = content({ attendees: [{ ...base.attendees[0]!, email: 'ANN@Example.COM' }] });
    const result = reconcile(
      input({ change: upsert(remote(upper)), link: link(base), appointment: appointment(base) }),
    );
    expect(result.decision).toBe('noop_in_sync');
  });

  test('privacy minimal: the remote "Busy" title neither overwrites the real title nor triggers a push', () => {
    const busy = content({ title: 'Busy', description: null, location: null, attendees: [] });
    const policy = {
      direction: 'bidirectional',
      removal: 'soft_delete',
      privacy: 'minimal',
      window: null,
    } as const;
    const result = reconcile(
      input({
        change: upsert(remote(busy)),
        link: link(busy),
        appointment: appointment(base),
        policy,
      }),
    );
    expect(result.decision).toBe('noop_in_sync');
    expect(result.appointment?.title).toBe('Interview');
    expect(result.push).toBe('none');
    const moved = content({
      ...busy,
      time: {
        ...base.time,
        startsAtUTC: '2026-03-10T16:00:00.000Z',
        endsAtUTC: '2026-03-10T17:00:00.000Z',
      } as typeof base.time,
    });
    const timeMoved = reconcile(
      input({
        change: upsert(remote(moved)),
        link: link(busy),
        appointment: appointment(base),
        policy,
      }),
    );
    expect(timeMoved.decision).toBe('apply_remote');
    expect(timeMoved.appointment?.title).toBe('Interview');
    expect(timeMoved.appointment?.time).toEqual(moved.time);
  });

  test('a removal of an appointment outside the window is "left the window", not a deletion', () => {
    const policy = {
      direction: 'bidirectional',
      removal: 'soft_delete',
      privacy: 'full',
      window: { startsAtUTC: '2026-04-01T00:00:00.000Z', endsAtUTC: '2026-07-01T00:00:00.000Z' },
    } as const;
    const result = reconcile(
      input({ change: removed(), link: link(base), appointment: appointment(base), policy }),
    );
    expect(result.decision).toBe('remove_outside_window');
    expect(result.appointment?.deletedAt).toBeNull();
  });

  test('a Google tombstone (status cancelled, no original start) is a removal', () => {
    const result = reconcile(
      input({
        change: upsert(remote(content({ status: 'cancelled' }))),
        link: link(base),
        appointment: appointment(base),
      }),
    );
    expect(result.decision).toBe('remove_soft_delete');
    expect(result.appointment?.deletedAt).not.toBeNull();
  });

  test('a cancelled instance never seen becomes a cancelled override of its series', () => {
    const series = appointment(content({ recurrence: { lines: ['RRULE:FREQ=WEEKLY'] } }), {
      id: 'series-1',
    });
    const result = reconcile(
      input({
        change: {
          kind: 'removed',
          externalId: 'ext-1_20260317',
          calendarId: 'cal-1',
          seriesExternalId: 'ext-1',
          originalStart: { kind: 'instant', atUTC: '2026-03-17T13:00:00.000Z' },
          reason: 'cancelled',
          removedAt: null,
        },
        seriesAppointment: series,
      }),
    );
    expect(result.decision).toBe('create_internal');
    expect(result.appointment).toMatchObject({
      seriesAppointmentId: 'series-1',
      status: 'cancelled',
      recurrence: null,
    });
    expect(result.appointment?.time).toMatchObject({
      startsAtUTC: '2026-03-17T13:00:00.000Z',
      endsAtUTC: '2026-03-17T14:00:00.000Z',
    });
  });

  test('new remote item: created with provider as source and a synced link holding the base', () => {
    const result = reconcile(input({ change: upsert(remote(base)) }));
    expect(result.appointment).toMatchObject({
      id: 'apt-new',
      source: 'google',
      uid: 'uid-1',
      title: 'Interview',
    });
    expect(result.link).toMatchObject({ appointmentId: 'apt-new', state: 'synced', etag: '"2"' });
    expect(result.link?.base).toEqual(base);
  });
});

describe('after a push', () => {
  test('the echo of our own write is a no-op', () => {
    const step = stateInput('edited', changeFor('echo'));
    const result = reconcile(step);
    expect(result.push).toBe('update');
    const written = remote(result.pushContent!, { etag: '"3"', updatedAt: T2 });
    const link = linkAfterPush(result.link!, { event: written, reused: false });
    expect(link).toMatchObject({ state: 'synced', etag: '"3"' });
    const echo = reconcile({
      ...step,
      change: upsert(written),
      link,
      appointment: result.appointment,
    });
    expect(echo.decision).toBe('noop_in_sync');
    expect(echo.push).toBe('none');
  });
});

describe('a deleted appointment revived by a newer remote edit', () => {
  const moved = {
    kind: 'zoned' as const,
    startsAtUTC: '2026-03-11T16:00:00.000Z',
    endsAtUTC: '2026-03-11T17:00:00.000Z',
    timeZone: 'America/New_York',
  };

  test("takes the calendar's changed fields over the appointment as it was, and sends the rest back", () => {
    // Moved elsewhere before the host cancelled; this calendar never saw the move, only renames.
    const internal = content({ time: moved, status: 'cancelled' });
    const external = content({ title: 'Interview (renamed)' });
    const result = reconcile(
      input({
        change: upsert(remote(external, { updatedAt: T2 })),
        link: link(base, { state: 'pending_delete' }),
        appointment: appointment(internal, { deletedAt: T1 }),
      }),
    );
    expect(result.decision).toBe('conflict_delete_vs_remote_edit');
    expect(result.conflict?.autoResolution).toBe('external');
    expect(result.appointment).toMatchObject({
      title: 'Interview (renamed)',
      time: moved,
      status: 'confirmed',
      deletedAt: null,
    });
    expect(result.push).toBe('update');
    expect(result.pushContent).toMatchObject({ title: 'Interview (renamed)', time: moved });
  });

  test('without a base snapshot, takes the whole copy and sends nothing back', () => {
    const external = content({ title: 'Interview (renamed)' });
    const result = reconcile(
      input({
        change: upsert(remote(external, { updatedAt: T2 })),
        link: link(null, { state: 'pending_delete' }),
        appointment: appointment(content({ time: moved }), { deletedAt: T1 }),
      }),
    );
    expect(result.appointment).toMatchObject({ title: 'Interview (renamed)', time: external.time });
    expect(result.push).toBe('none');
  });
});
