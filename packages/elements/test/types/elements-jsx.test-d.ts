/**
 * Type tests of the JSX typings, checked by `tsc --noEmit -p .` (the package's typecheck): each
 * `@ts-expect-error` fails the check if the typings stop rejecting that prop.
 */
import type { JSX as PreactJSX } from 'preact';
import type { JSX as ReactJSX } from 'react';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  CalsyncConnectEvent,
  CalsyncElementsJSX,
  CalsyncErrorEvent,
  CalsyncSlotSelectEvent,
  CalsyncSyncStatus,
  ProviderName,
} from '../../src/index.js';
import type {} from '../../src/jsx/preact.js';
import type {} from '../../src/jsx/react.js';

type ConnectButtonProps = CalsyncElementsJSX['calsync-connect-button'];
type AvailabilityProps = CalsyncElementsJSX['calsync-availability'];

describe('CalsyncElementsJSX', () => {
  it('has every tag of the package', () => {
    expectTypeOf<keyof CalsyncElementsJSX>().toEqualTypeOf<
      | 'calsync-connect-button'
      | 'calsync-sync-status'
      | 'calsync-conflict-resolver'
      | 'calsync-availability'
      | 'calsync-calendar-picker'
      | 'calsync-provider'
    >();
  });

  it('types attributes and properties from the element classes', () => {
    expectTypeOf<ConnectButtonProps['provider']>().toEqualTypeOf<ProviderName | undefined>();
    expectTypeOf<CalsyncElementsJSX['calsync-sync-status']['open']>().toEqualTypeOf<
      boolean | undefined
    >();
    expectTypeOf<ConnectButtonProps['client']>().toEqualTypeOf<
      CalsyncSyncStatus['client'] | undefined
    >();
    const ok: AvailabilityProps = {
      'time-zone': 'Europe/Berlin',
      'slot-minutes': 30,
      dayStartHour: 9,
      locale: 'de',
    };
    expectTypeOf(ok).toMatchTypeOf<AvailabilityProps>();

    // @ts-expect-error: not a provider Calsync connects
    const yahoo: ConnectButtonProps = { provider: 'yahoo' };
    // @ts-expect-error: slots are 15, 30 or 60 minutes
    const slot: AvailabilityProps = { 'slot-minutes': 45 };
    // @ts-expect-error: the hour is a number
    const hour: AvailabilityProps = { dayStartHour: 'nine' };
    // @ts-expect-error: the connect button has no integration id
    const id: ConnectButtonProps = { 'integration-id': 'int-1' };
    void [yahoo, slot, hour, id];
  });

  it('types the provider: its attributes and its client', () => {
    type ProviderProps = CalsyncElementsJSX['calsync-provider'];
    const ok: ProviderProps = { 'base-url': 'https://calsync.example.com', 'session-url': '/s' };
    expectTypeOf(ok).toMatchTypeOf<ProviderProps>();
    expectTypeOf<ProviderProps['client']>().toEqualTypeOf<
      CalsyncSyncStatus['client'] | undefined
    >();
    // @ts-expect-error: the provider fires no events of its own
    const events: ProviderProps = { 'oncalsync-connect': () => {} };
    void events;
  });

  it('types oncalsync-* handlers with the event each element fires', () => {
    expectTypeOf<ConnectButtonProps['oncalsync-connect']>().toEqualTypeOf<
      ((event: CalsyncConnectEvent) => void) | undefined
    >();
    expectTypeOf<AvailabilityProps['oncalsync-slot-select']>().toEqualTypeOf<
      ((event: CalsyncSlotSelectEvent) => void) | undefined
    >();
    expectTypeOf<AvailabilityProps['oncalsync-error']>().toEqualTypeOf<
      ((event: CalsyncErrorEvent) => void) | undefined
    >();
    const resolve: CalsyncElementsJSX['calsync-calendar-picker'] = {
      // @ts-expect-error: the picker fires no resolve event
      'oncalsync-resolve': () => {},
    };
    void resolve;
  });
});

describe('framework augmentations', () => {
  it('adds the tags to React’s JSX.IntrinsicElements, next to its own attributes', () => {
    type Button = ReactJSX.IntrinsicElements['calsync-connect-button'];
    expectTypeOf<Button['provider']>().toEqualTypeOf<ProviderName | undefined>();
    expectTypeOf<Button['className']>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error: not a provider Calsync connects
    const wrong: Button = { provider: 'yahoo' };
    void wrong;
  });

  it('adds the tags to Preact’s JSX.IntrinsicElements, next to its own attributes', () => {
    type Resolver = PreactJSX.IntrinsicElements['calsync-conflict-resolver'];
    expectTypeOf<Resolver['class']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Resolver['integration-id']>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error: the resolver has no provider
    const wrong: Resolver = { provider: 'google' };
    void wrong;
  });
});
