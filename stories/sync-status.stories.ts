import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { clickInShadow, storyClient, storyClock, type StoryClientOptions } from './support.js';

interface Args {
  open: boolean;
  account: StoryClientOptions;
}

const meta: Meta<Args> = {
  title: 'Elements/Sync status',
  component: 'calsync-sync-status',
  args: { open: false, account: {} },
  argTypes: { account: { table: { disable: true } } },
  render: ({ open, account }) =>
    html`<calsync-sync-status
      style="max-width: 640px"
      ?open=${open}
      .client=${storyClient(account)}
      .now=${storyClock}
    ></calsync-sync-status>`,
};
export default meta;
type Story = StoryObj<Args>;

const status = (data: Parameters<NonNullable<StoryClientOptions['edit']>>[0]) =>
  data.integrations[0]!;

/** In sync: when it last synced; Sync now runs one (it finishes after two seconds here). */
export const Active: Story = {};

/** The first import of a new connection, with its progress. */
export const InitialSync: Story = {
  args: {
    account: {
      edit: (data) => {
        Object.assign(data.syncStatus[status(data).id]!, {
          progress: { phase: 'initial', done: 312, total: 1180 },
          lastSyncAt: null,
          recentEvents: [],
        });
        status(data).lastSyncAt = null;
      },
    },
  },
};

/** Right after Sync now. */
export const Syncing: Story = {
  play: ({ canvasElement }) =>
    clickInShadow(canvasElement.querySelector('calsync-sync-status'), '[part="sync-button"]'),
};

/** Paused by Calsync because too many conflicts wait for the user. */
export const Paused: Story = {
  args: {
    account: {
      edit: (data) =>
        Object.assign(status(data), { syncStatus: 'paused', statusReason: 'too_many_conflicts' }),
    },
  },
};

/** The last sync failed; the details say why. */
export const ErrorState: Story = {
  name: 'Error',
  args: {
    open: true,
    account: {
      edit: (data) =>
        Object.assign(status(data), {
          syncStatus: 'error',
          statusReason: 'Google Calendar is not answering; retrying in 5 minutes.',
        }),
    },
  },
};

/** The provider revoked access: Reconnect. */
export const NeedsReauth: Story = {
  args: {
    account: {
      edit: (data) =>
        Object.assign(status(data), {
          syncStatus: 'needs_reauth',
          statusReason: 'token_refresh_failed',
        }),
    },
  },
};

/** The details panel: recent activity and failures. */
export const Details: Story = { args: { open: true } };

/** No connection yet. */
export const NoConnection: Story = { args: { account: { empty: true } } };

/** Before the first answer. */
export const Loading: Story = { args: { account: { loading: true } } };
