import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '@calsync/elements/custom-elements.json';
import '@calsync/elements/define';

// Argument tables come from the package's own manifest, so they cannot drift from the code.
setCustomElementsManifest(manifest);

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    backgrounds: {
      options: {
        page: { name: 'Page', value: '#f6f8fa' },
        white: { name: 'White', value: '#ffffff' },
        dark: { name: 'Dark', value: '#0f1222' },
      },
    },
  },
  initialGlobals: { backgrounds: { value: 'page' } },
};

export default preview;
