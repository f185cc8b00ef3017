import type { CalsyncStrings } from '../core/strings.js';
import { formatCount, pluralForm } from './plural.js';

const count = (n: number): string => formatCount('de', n);
/** "Termin" after "1", "Termine" otherwise; "von … Terminen" takes the dative plural. */
const appointments = (n: number): string =>
  pluralForm('de', n, { one: 'Termin', other: 'Termine' });
const ofAppointments = (n: number): string =>
  pluralForm('de', n, { one: 'Termin', other: 'Terminen' });
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** The German catalog: every string of the elements, in German. */
export const de: CalsyncStrings = {
  providerName: {
    google: 'Google Kalender',
    outlook: 'Outlook',
    icloud: 'iCloud',
    caldav: 'CalDAV',
  },
  connect: (provider) => `${provider} verbinden`,
  connecting: 'Wird verbunden…',
  reconnect: 'Erneut verbinden',
  connectedAs: (account) => `Verbunden als ${account}`,
  connected: 'Verbunden',
  disconnect: 'Trennen',
  disconnectConfirm: (provider) => `${provider} trennen?`,
  disconnectKeeps:
    'Die Synchronisierung endet und der Zugriff wird widerrufen. Bereits synchronisierte Termine bleiben an beiden Orten erhalten.',
  cancel: 'Abbrechen',
  popupBlocked:
    'Das Anmeldefenster wurde blockiert. Erlauben Sie Pop-ups für diese Website und versuchen Sie es erneut.',
  popupClosed: 'Das Anmeldefenster wurde geschlossen, bevor die Anmeldung abgeschlossen war.',
  accessDenied: 'Der Zugriff wurde nicht gewährt, daher wurde nichts verbunden.',
  serverUrl: 'Server-URL',
  serverUrlHint: 'Die CalDAV-Adresse Ihres Anbieters, beginnend mit https://',
  username: 'Benutzername',
  usernameICloud: 'Apple-ID',
  password: 'Passwort',
  passwordICloud: 'App-spezifisches Passwort',
  appSpecificPasswordHint:
    'Apple verlangt für Kalender-Apps ein app-spezifisches Passwort – nicht das Passwort Ihrer Apple-ID.',
  appSpecificPasswordLink: 'Erstellen Sie eines auf appleid.apple.com',
  required: (field) => `${field} ist erforderlich.`,
  invalidUrl: 'Geben Sie eine vollständige URL ein, die mit https:// beginnt.',
  invalidEmail: 'Geben Sie die E-Mail-Adresse Ihrer Apple-ID ein.',
  invalidAppPassword: 'App-spezifische Passwörter sehen so aus: abcd-efgh-ijkl-mnop.',
  credentialsRejected:
    'Der Server hat diese Zugangsdaten abgelehnt. Prüfen Sie sie; für iCloud brauchen Sie ein app-spezifisches Passwort.',
  genericError: 'Etwas ist schiefgelaufen. Versuchen Sie es erneut.',
  status: {
    active: 'Aktiv',
    syncing: 'Synchronisierung läuft',
    paused: 'Pausiert',
    error: 'Fehler',
    needs_reauth: 'Anmeldung nötig',
    disconnected: 'Getrennt',
  },
  statusReason: {
    paused_by_user: 'Von Ihnen pausiert.',
    too_many_conflicts:
      'Pausiert: zu viele ungelöste Konflikte. Lösen Sie sie, um die Synchronisierung fortzusetzen.',
    token_refresh_failed:
      'Der Zugriff ist abgelaufen. Verbinden Sie erneut, um die Synchronisierung fortzusetzen.',
    provider_rejected_credentials:
      'Der Anbieter hat den gespeicherten Zugriff abgelehnt. Verbinden Sie erneut, um fortzufahren.',
    credentials_unreadable:
      'Der gespeicherte Zugriff kann nicht mehr gelesen werden. Verbinden Sie erneut, um fortzufahren.',
    encryption_key_unavailable:
      'Die Synchronisierung ist wegen eines Konfigurationsfehlers des Servers angehalten. Sie läuft weiter, sobald der Dienst ihn behebt.',
    'sync disabled': 'Die Synchronisierung ist ausgeschaltet.',
  },
  syncNow: 'Jetzt synchronisieren',
  syncing: 'Wird synchronisiert…',
  syncProgress: (done, total) =>
    total === null
      ? `Bisher ${count(done)} ${appointments(done)}`
      : `${count(done)} von ${count(total)} ${ofAppointments(total)}`,
  lastSynced: (relative) => `Synchronisiert ${relative}`,
  neverSynced: 'Noch nicht synchronisiert',
  details: 'Details',
  recentActivity: 'Letzte Aktivität',
  noRecentActivity: 'Keine Aktivität in letzter Zeit.',
  failures: 'Fehlschläge',
  noFailures: 'Keine Fehlschläge.',
  noConnection: 'Noch kein Kalender verbunden.',
  loading: 'Wird geladen…',
  conflictsTitle: (conflicts) =>
    `${count(conflicts)} ${pluralForm('de', conflicts, { one: 'Konflikt', other: 'Konflikte' })} zu prüfen`,
  noConflicts: 'Keine Konflikte. Alles ist synchron.',
  conflictDetected: (relative) => `Erkannt ${relative}`,
  field: 'Feld',
  internalSide: 'In dieser App',
  externalSide: 'In Ihrem Kalender',
  fieldName: {
    title: 'Titel',
    description: 'Beschreibung',
    location: 'Ort',
    time: 'Zeit',
    recurrence: 'Wiederholung',
    attendees: 'Teilnehmende',
    status: 'Status',
    meeting: 'Videokonferenz',
    reminders: 'Erinnerungen',
    transparency: 'Anzeigen als',
  },
  autoResolution: {
    kept_external: 'Bis Sie wählen, gilt die Version des Kalenders.',
    kept_internal: 'Bis Sie wählen, gilt die Version dieser App.',
  },
  changedOnBothSides: 'Auf beiden Seiten geändert',
  resolutionLabel: 'Wie lösen?',
  keepInternal: 'Version dieser App behalten',
  keepExternal: 'Version des Kalenders behalten',
  merge: 'Feldweise zusammenführen',
  keepBoth: 'Beide behalten',
  keepBothHint: 'Legt die Version dieser App als eigenen Termin an.',
  reason: 'Notiz (optional)',
  reasonPlaceholder: 'Warum diese Wahl – für Ihre Unterlagen',
  apply: 'Übernehmen',
  applying: 'Wird übernommen…',
  chooseForField: (field, side, value) => `${field}: „${value}“ behalten (${lowerFirst(side)})`,
  emptyValue: '—',
  allDay: 'ganztägig',
  localTime: 'Ortszeit',
  calendarDefaultReminders: 'Standard des Kalenders',
  reminderBefore: (minutes, method) => `${count(minutes)} Min. vorher (${method})`,
  attemptFailed: 'fehlgeschlagen',
  untitled: '(ohne Titel)',
  previousWeek: 'Vorherige Woche',
  nextWeek: 'Nächste Woche',
  thisWeek: 'Heute',
  weekOf: (range) => `Woche vom ${range}`,
  busy: 'Belegt',
  free: 'Frei',
  busyFrom: (source) => `Belegt (${source})`,
  slotLabel: (day, time, busy) => `${day}, ${time}, ${busy ? 'belegt' : 'frei'}`,
  timeZoneNote: (zone) => `Zeiten in ${zone}`,
  calendarsTitle: 'Termine importieren aus',
  importColumn: 'Importieren',
  importCalendar: (name) => `Termine aus ${name} importieren`,
  destinationTitle: 'Neue Buchungen eintragen in',
  destinationHint: 'Nur Kalender, in die Sie schreiben dürfen, stehen zur Wahl.',
  readOnly: 'Nur lesen',
  primary: 'Hauptkalender',
  noCalendars: 'Dieses Konto hat keine Kalender.',
  saveFailed: 'Die Änderung konnte nicht gespeichert werden. Versuchen Sie es erneut.',
};
