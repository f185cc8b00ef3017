/** A React 19 host's markup: the tags, their props and events are typed. */
import type {} from '@calsync/elements/jsx-react';
import type { CalsyncClient } from '@calsync/sdk';

export function CalendarSettings(props: { client: CalsyncClient; integrationId: string }) {
  return (
    <section>
      <calsync-connect-button
        provider="google"
        client={props.client}
        oncalsync-connect={(event) => console.warn(event.detail.integration.id)}
      />
      <calsync-sync-status integration-id={props.integrationId} client={props.client} />
      <calsync-calendar-picker client={props.client} />
      {/* @ts-expect-error -- not a provider the button knows */}
      <calsync-connect-button provider="myspace" />
      {/* @ts-expect-error -- the client is the SDK's client, not a URL */}
      <calsync-sync-status client="https://calsync.example.com" />
    </section>
  );
}
