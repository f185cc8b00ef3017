import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { storyClient, storyClock, type StoryClientOptions } from './support.js';

interface Args {
  'time-zone': string;
  'day-start-hour': number;
  'day-end-hour': number;
  'slot-minutes': number;
  account: StoryClientOptions;
}

const grid = (args: Args) =>
  html`<calsync-availability
    time-zone=${args['time-zone']}
    day-start-hour=${args['day-start-hour']}
    day-end-hour=${args['day-end-hour']}
    slot-minutes=${args['slot-minutes']}
    .client=${storyClient(args.account)}
    .now=${storyClock}
  ></calsync-availability>`;

const meta: Meta<Args> = {
  title: 'Elements/Availability',
  component: 'calsync-availability',
  args: {
    'time-zone': 'UTC',
    'day-start-hour': 8,
    'day-end-hour': 18,
    'slot-minutes': 60,
    account: {},
  },
  argTypes: { account: { table: { disable: true } } },
  render: (args) => grid(args),
};
export default meta;
type Story = StoryObj<Args>;

/** A working week of busy time. Arrow keys move between slots; Page Up/Down change week. */
export const Week: Story = {};

/** The same busy time seen from New York. */
export const OtherTimeZone: Story = { args: { 'time-zone': 'America/New_York' } };

/** Half-hour slots over a longer day. */
export const HalfHourSlots: Story = {
  args: { 'slot-minutes': 30, 'day-start-hour': 7, 'day-end-hour': 19 },
};

/** A free week. */
export const Free: Story = { args: { account: { edit: (data) => (data.busy = []) } } };

/** Before the first answer. */
export const Loading: Story = { args: { account: { loading: true } } };

/**
 * On a 390 px phone: the seven days share the width and busy blocks become plain bars (each cell
 * still says busy or free, and Enter on a slot tells the host).
 */
export const Phone: Story = {
  render: (args) => html`<div style="width: 390px">${grid(args)}</div>`,
};
