import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { storyClient, storyClock } from './support.js';

const meta: Meta = {
  title: 'Theming/Design tokens',
  parameters: { backgrounds: { value: 'dark' } },
};
export default meta;

/**
 * One set of `--calsync-*` tokens themes every element; parts reach single pieces
 * (here the Sync now button).
 */
export const Dark: StoryObj = {
  render: () => {
    const client = storyClient();
    return html`<style>
        .dark {
          --calsync-color-accent: #8b8bff;
          --calsync-color-text: #e6e8f2;
          --calsync-color-muted: #9aa0bd;
          --calsync-color-surface: #171a2e;
          --calsync-color-subtle: #21253d;
          --calsync-color-border: #2d3252;
          --calsync-radius: 12px;
          display: grid;
          gap: 16px;
          max-width: 900px;
        }
        .dark calsync-sync-status::part(sync-button) {
          border-radius: 999px;
        }
      </style>
      <div class="dark">
        <calsync-sync-status .client=${client} .now=${storyClock}></calsync-sync-status>
        <calsync-availability
          time-zone="UTC"
          .client=${client}
          .now=${storyClock}
        ></calsync-availability>
      </div>`;
  },
};
