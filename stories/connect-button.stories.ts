import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import {
  clickInShadow,
  simulatedSignIn,
  storyClient,
  storyClock,
  type StoryClientOptions,
} from './support.js';

interface Args {
  provider: 'google' | 'outlook' | 'icloud' | 'caldav';
  account: StoryClientOptions;
  /** The browser blocks the sign-in window. */
  blocked: boolean;
}

const meta: Meta<Args> = {
  title: 'Elements/Connect button',
  component: 'calsync-connect-button',
  args: { provider: 'google', account: { empty: true }, blocked: false },
  argTypes: { account: { table: { disable: true } }, blocked: { table: { disable: true } } },
  render: ({ provider, account, blocked }) => {
    const client = storyClient(account);
    return html`<calsync-connect-button
      provider=${provider}
      .client=${client}
      .now=${storyClock}
      .openWindow=${blocked ? () => null : simulatedSignIn(client)}
    ></calsync-connect-button>`;
  },
};
export default meta;
type Story = StoryObj<Args>;

const button = (canvas: HTMLElement) => canvas.querySelector('calsync-connect-button');

/** Nothing connected yet: the button starts the provider's sign-in window (simulated here). */
export const Google: Story = {};

/** Outlook / Microsoft 365 uses the same sign-in window flow. */
export const Outlook: Story = { args: { provider: 'outlook' } };

/** Right after the click: waiting for the sign-in window to report back. */
export const Connecting: Story = {
  play: ({ canvasElement }) => clickInShadow(button(canvasElement), '[part="button"]'),
};

/** Connected: the account, and Disconnect. */
export const Connected: Story = { args: { account: {} } };

/** The provider revoked access: Reconnect runs the sign-in again. */
export const NeedsReauth: Story = {
  args: {
    account: {
      edit: (data) =>
        Object.assign(data.integrations[0]!, {
          syncStatus: 'needs_reauth',
          statusReason: 'token_refresh_failed',
        }),
    },
  },
};

/** Disconnect asks first, and says what happens to synced appointments. */
export const ConfirmDisconnect: Story = {
  args: { account: {} },
  play: ({ canvasElement }) => clickInShadow(button(canvasElement), '[part="disconnect"]'),
};

/** The browser blocked the sign-in window: the button says what to do. */
export const PopupBlocked: Story = {
  args: { blocked: true },
  play: ({ canvasElement }) => clickInShadow(button(canvasElement), '[part="button"]'),
};

/** iCloud: Apple ID plus an app-specific password, with where to create one. */
export const ICloudForm: Story = {
  args: { provider: 'icloud' },
  play: ({ canvasElement }) => clickInShadow(button(canvasElement), '[part="button"]'),
};

/** Sending the iCloud form empty shows what is missing, field by field. */
export const ICloudValidation: Story = {
  args: { provider: 'icloud' },
  play: async ({ canvasElement }) => {
    await clickInShadow(button(canvasElement), '[part="button"]');
    await clickInShadow(button(canvasElement), '[part="submit"]');
  },
};

/** A generic CalDAV server needs its URL too. */
export const CalDAVForm: Story = {
  args: { provider: 'caldav' },
  play: ({ canvasElement }) => clickInShadow(button(canvasElement), '[part="button"]'),
};

/** Before the first answer from the server. */
export const Loading: Story = { args: { account: { loading: true } } };
