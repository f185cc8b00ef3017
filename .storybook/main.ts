import type { StorybookConfig } from '@storybook/web-components-vite';

/** Stories of every Calsync element; they render the built package (`npm run build` first). */
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};

export default config;
