import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { clickInShadow, storyClient, storyClock, type StoryClientOptions } from './support.js';

interface Args {
  account: StoryClientOptions;
}

const meta: Meta<Args> = {
  title: 'Elements/Conflict resolver',
  component: 'calsync-conflict-resolver',
  args: { account: {} },
  argTypes: { account: { table: { disable: true } } },
  render: ({ account }) =>
    html`<calsync-conflict-resolver
      style="max-width: 760px"
      .client=${storyClient(account)}
      .now=${storyClock}
    ></calsync-conflict-resolver>`,
};
export default meta;
type Story = StoryObj<Args>;

/** Two appointments changed on both sides; the changed fields are highlighted. */
export const OpenConflicts: Story = {};

/** Merging: each conflicting field offers both values. */
export const Merging: Story = {
  play: async ({ canvasElement }) => {
    const resolver = canvasElement.querySelector('calsync-conflict-resolver');
    await clickInShadow(resolver, 'article input[name="conf-1-resolution"]:nth-of-type(1)');
    const merge = resolver?.shadowRoot?.querySelectorAll<HTMLInputElement>(
      'article input[name="conf-1-resolution"]',
    )[2];
    merge?.click();
    await clickInShadow(resolver, 'td:last-child input[name="conf-1-time"]');
  },
};

/** Nothing to resolve. */
export const NoConflicts: Story = { args: { account: { edit: (data) => (data.conflicts = {}) } } };

/** Before the first answer. */
export const Loading: Story = { args: { account: { loading: true } } };
