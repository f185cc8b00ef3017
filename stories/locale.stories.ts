import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@calsync/elements/locales/de';
import { storyClient, storyClock } from './support.js';

interface Args {
  locale: string;
}

/**
 * Every element in the language of its `locale` attribute. The German catalog is its own entry
 * (`import '@calsync/elements/locales/de'`); `de-AT` falls back to it, and a language without a
 * catalog (`fr`) to English, with dates in the locale asked for.
 */
const meta: Meta<Args> = {
  title: 'Languages/Locale',
  args: { locale: 'de' },
  argTypes: { locale: { control: 'inline-radio', options: ['de', 'de-AT', 'en', 'en-GB', 'fr'] } },
  render: ({ locale }) => {
    const client = storyClient();
    return html`<div style="display: grid; gap: 16px; max-width: 900px">
      <calsync-connect-button
        locale=${locale}
        .client=${client}
        .now=${storyClock}
      ></calsync-connect-button>
      <calsync-sync-status
        locale=${locale}
        .client=${client}
        .now=${storyClock}
      ></calsync-sync-status>
      <calsync-calendar-picker
        locale=${locale}
        .client=${client}
        .now=${storyClock}
      ></calsync-calendar-picker>
      <calsync-availability
        locale=${locale}
        time-zone="Europe/Berlin"
        .client=${client}
        .now=${storyClock}
      ></calsync-availability>
      <calsync-conflict-resolver
        locale=${locale}
        .client=${client}
        .now=${storyClock}
      ></calsync-conflict-resolver>
    </div>`;
  },
};
export default meta;

/** German: messages, plurals ("2 Konflikte zu prüfen"), dates and 24-hour times. */
export const German: StoryObj<Args> = {};

/** Austrian German uses the German catalog, with Austrian date formats. */
export const AustrianGerman: StoryObj<Args> = { args: { locale: 'de-AT' } };

/** No French catalog is registered: English messages, French dates. */
export const FrenchFallback: StoryObj<Args> = { args: { locale: 'fr' } };
