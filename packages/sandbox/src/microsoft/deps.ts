import type { EmulatorContext } from '../emulator.js';
import type { EventService } from './event-service.js';
import type { StoredUser } from './model.js';
import type { Notifier } from './notifier.js';
import type { RenderOptions } from './render.js';
import type { MicrosoftEmulatorSettings } from './settings.js';
import type { MicrosoftState } from './state.js';

/** What every route module of the Graph emulator needs. */
export interface GraphDeps {
  ctx: EmulatorContext;
  state: MicrosoftState;
  settings: MicrosoftEmulatorSettings;
  events: EventService;
  notifier: Notifier;
}

/** Hono environment of Graph routes: the authenticated caller, the mailbox addressed, and rendering options. */
export interface GraphEnv {
  Variables: {
    caller: StoredUser;
    /** `/me` → the caller; `/users/{id|upn}` → that user. */
    target: StoredUser;
    render: RenderOptions;
    prefer: Map<string, string>;
  };
}
