import type { Keyring } from '../crypto/keyring.js';
import { secretBinding } from '../crypto/secret-binding.js';
import { presentedSettings } from './settings.js';
import type { VideoMeetingRow } from './store.js';

/** A video meeting as the API returns it (the passcode decrypted). */
export function presentMeeting(keyring: Keyring, row: VideoMeetingRow) {
  return {
    id: row.id,
    appointment_id: row.appointment_id,
    platform: row.platform,
    status: row.status,
    meeting_id: row.provider_meeting_id,
    join_url: row.join_url,
    host_url: row.host_url,
    passcode:
      row.passcode === null
        ? null
        : keyring.decrypt(row.passcode, secretBinding.videoMeetingPasscode(row.tenant_id, row.id)),
    settings: presentedSettings(row.settings),
    error: row.error,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
