import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { FakeCalsyncError } from '@calsync/elements/testing';
import { html } from 'lit';
import { clickInShadow, storyClient, storyClock, type StoryClientOptions } from './support.js';

interface Args {
  account: StoryClientOptions;
  failSaves: boolean;
}

const meta: Meta<Args> = {
  title: 'Elements/Calendar picker',
  component: 'calsync-calendar-picker',
  args: { account: {}, failSaves: false },
  argTypes: { account: { table: { disable: true } }, failSaves: { table: { disable: true } } },
  render: ({ account, failSaves }) => {
    const client = storyClient(account);
    if (failSaves) {
      client.failNext('integrations.updateCalendar', new FakeCalsyncError('invalid_request'));
    }
    return html`<calsync-calendar-picker
      style="max-width: 420px"
      .client=${client}
      .now=${storyClock}
    ></calsync-calendar-picker>`;
  },
};
export default meta;
type Story = StoryObj<Args>;

/** Which calendars to import, and which one receives new bookings. */
export const Default: Story = {};

/** A change the server refused is undone, and the picker says so. */
export const SaveFailed: Story = {
  args: { failSaves: true },
  play: ({ canvasElement }) =>
    clickInShadow(
      canvasElement.querySelector('calsync-calendar-picker'),
      'input[aria-label="Import events from Family"]',
    ),
};

/** An account without calendars. */
export const NoCalendars: Story = {
  args: { account: { edit: (data) => (data.calendars = {}) } },
};

/** Before the first answer. */
export const Loading: Story = { args: { account: { loading: true } } };
