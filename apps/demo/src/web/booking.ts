import type { CalsyncClient } from '@calsync/sdk';

/** A slot the visitor picked on the availability grid. */
export interface ChosenSlot {
  start: string;
  end: string;
}

/** What the booking form needs from the page. */
export interface BookingForm {
  panel: HTMLElement;
  form: HTMLFormElement;
  when: HTMLElement;
  cancel: HTMLButtonElement;
  toast: HTMLElement;
}

/** "Thu, Mar 5, 3:00 – 4:00 PM" in the viewer's zone. */
function describeSlot(slot: ChosenSlot): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).formatRange(new Date(slot.start), new Date(slot.end));
}

/** Shows a one-line result under the grid. */
function say(toast: HTMLElement, text: string, isError = false): void {
  toast.textContent = text;
  toast.classList.toggle('error', isError);
}

/**
 * The host's own booking flow: a picked free slot opens a small form; sending it creates the
 * appointment through the SDK (idempotent by `hostRef`), and Calsync pushes it to the coach's
 * connected calendars. The grid shows it as busy once the change stream reports it.
 */
export function setUpBooking(
  client: CalsyncClient,
  view: BookingForm,
): (slot: ChosenSlot, busy: boolean) => void {
  let chosen: ChosenSlot | undefined;
  let hostRef = '';
  const close = () => {
    view.panel.hidden = true;
    chosen = undefined;
  };
  view.cancel.addEventListener('click', close);
  view.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!chosen) return;
    const data = new FormData(view.form);
    const name = String(data.get('name') ?? '').trim();
    const email = String(data.get('email') ?? '').trim();
    const slot = chosen;
    try {
      await client.appointments.create({
        hostRef,
        title: `Coaching session with ${name}`,
        start: slot.start,
        end: slot.end,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        locationType: 'virtual',
        attendees: [{ email, name }],
      });
      view.form.reset();
      close();
      say(view.toast, `Booked ${describeSlot(slot)} with ${name}.`);
    } catch (error) {
      say(view.toast, `Could not book: ${(error as Error).message}`, true);
    }
  });
  return (slot, busy) => {
    if (busy) {
      say(view.toast, 'That time is already taken — pick a free slot.', true);
      return;
    }
    if (Date.parse(slot.start) < Date.now()) {
      say(view.toast, 'That time has passed — pick a later slot.', true);
      return;
    }
    chosen = slot;
    // One id per booking attempt: sending twice updates the same appointment.
    hostRef = `northwind-${crypto.randomUUID()}`;
    view.when.textContent = describeSlot(slot);
    view.panel.hidden = false;
    say(view.toast, '');
    view.form.querySelector('input')?.focus();
  };
}
