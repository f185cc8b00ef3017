/**
 * What each Calsync tag accepts in JSX, independent of any framework: its attributes (as written
 * in markup), its properties (React 19 and Preact set a prop as a property when the element has
 * one) and `oncalsync-*` handlers for its events. `@calsync/elements/jsx-react` and
 * `@calsync/elements/jsx-preact` add it to those frameworks' `IntrinsicElements`.
 */
import type { CalsyncAvailability } from '../availability/availability.js';
import type { CalsyncCalendarPicker } from '../calendar-picker/calendar-picker.js';
import type { CalsyncConflictResolver } from '../conflict-resolver/conflict-resolver.js';
import type { CalsyncConnectButton } from '../connect-button/connect-button.js';
import type { CalsyncProvider } from '../provider/provider.js';
import type { CalsyncSyncStatus } from '../sync-status/sync-status.js';

/** A number, or the same number written as an attribute. */
type NumberAttribute = number | `${number}`;

/** Properties every element has (the `client`, strings, clock, locale and connection). */
type CommonPropertyName = 'client' | 'baseUrl' | 'sessionToken' | 'locale' | 'strings' | 'now';

/** Attributes every element reads. */
interface CommonAttributes {
  /** The Calsync server's URL, used with `session-token` when no `client` is set. */
  'base-url'?: string;
  /** A session token (`cst_…`) for the signed-in user. */
  'session-token'?: string;
  /** Messages and formats (`de`, `en-GB`); see the element's `locale` property. */
  locale?: string;
}

/** `oncalsync-…` handlers for the events named in `Names`, typed from the global event map. */
export type CalsyncEventProps<Names extends keyof GlobalEventHandlersEventMap> = {
  [Name in Names as `on${Name}`]?: (event: GlobalEventHandlersEventMap[Name]) => void;
};

/** An element's props: attributes, then the listed properties of its class, then its events. */
type ElementProps<
  Element,
  PropertyName extends keyof Element,
  Attributes,
  EventName extends keyof GlobalEventHandlersEventMap,
> = CommonAttributes &
  Attributes &
  Partial<Pick<Element, PropertyName | Extract<CommonPropertyName, keyof Element>>> &
  CalsyncEventProps<EventName | 'calsync-error'>;

/**
 * Props of every Calsync tag, by tag name.
 *
 * @example
 * import type { CalsyncElementsJSX } from '@calsync/elements';
 * type ButtonProps = CalsyncElementsJSX['calsync-connect-button'];
 * const props: ButtonProps = { provider: 'icloud', 'oncalsync-connect': (e) => e.detail.integration };
 */
export interface CalsyncElementsJSX {
  'calsync-connect-button': ElementProps<
    CalsyncConnectButton,
    'provider' | 'redirectUri' | 'callbackOrigin' | 'openWindow',
    {
      provider?: CalsyncConnectButton['provider'];
      'redirect-uri'?: string;
      'callback-origin'?: string;
    },
    'calsync-connect' | 'calsync-disconnect'
  >;
  'calsync-sync-status': ElementProps<
    CalsyncSyncStatus,
    'integrationId' | 'open' | 'callbackOrigin' | 'openWindow',
    { 'integration-id'?: string; open?: boolean; 'callback-origin'?: string },
    'calsync-sync' | 'calsync-reconnect'
  >;
  'calsync-conflict-resolver': ElementProps<
    CalsyncConflictResolver,
    'integrationId',
    { 'integration-id'?: string },
    'calsync-resolve'
  >;
  'calsync-availability': ElementProps<
    CalsyncAvailability,
    'userId' | 'timeZone' | 'weekStart' | 'dayStartHour' | 'dayEndHour' | 'slotMinutes',
    {
      'user-id'?: string;
      'time-zone'?: string;
      'week-start'?: string;
      'day-start-hour'?: NumberAttribute;
      'day-end-hour'?: NumberAttribute;
      'slot-minutes'?: 15 | 30 | 60 | '15' | '30' | '60';
    },
    'calsync-slot-select' | 'calsync-week-change' | 'calsync-sync'
  >;
  'calsync-calendar-picker': ElementProps<
    CalsyncCalendarPicker,
    'integrationId',
    { 'integration-id'?: string },
    'calsync-calendar-change'
  >;
  /** One configuration for the elements inside it (no events of its own). */
  'calsync-provider': Partial<
    Pick<CalsyncProvider, 'client' | 'baseUrl' | 'sessionUrl' | 'sessionToken'>
  > & {
    'base-url'?: string;
    'session-url'?: string;
    'session-token'?: string;
  };
}
