import { isIANAZone } from './zone.js';

/**
 * Windows zone names (Graph, Outlook VTIMEZONEs) → IANA, from CLDR `windowsZones` (territory
 * "001" rows). The common ones only; an unknown Windows name resolves to `null` and the caller
 * falls back to the VTIMEZONE definition or UTC and records an issue.
 */
export const WINDOWS_TO_IANA: Readonly<Record<string, string>> = {
  'Dateline Standard Time': 'Etc/GMT+12',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time': 'America/Denver',
  'Central America Standard Time': 'America/Guatemala',
  'Central Standard Time': 'America/Chicago',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Canada Central Standard Time': 'America/Regina',
  'SA Pacific Standard Time': 'America/Bogota',
  'Eastern Standard Time': 'America/New_York',
  'US Eastern Standard Time': 'America/Indianapolis',
  'Atlantic Standard Time': 'America/Halifax',
  'Newfoundland Standard Time': 'America/St_Johns',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Argentina Standard Time': 'America/Buenos_Aires',
  UTC: 'Etc/UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'GTB Standard Time': 'Europe/Bucharest',
  'FLE Standard Time': 'Europe/Kiev',
  'Israel Standard Time': 'Asia/Jerusalem',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Egypt Standard Time': 'Africa/Cairo',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Russian Standard Time': 'Europe/Moscow',
  'Arab Standard Time': 'Asia/Riyadh',
  'Arabian Standard Time': 'Asia/Dubai',
  'Iran Standard Time': 'Asia/Tehran',
  'Pakistan Standard Time': 'Asia/Karachi',
  'India Standard Time': 'Asia/Calcutta',
  'Nepal Standard Time': 'Asia/Katmandu',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Taipei Standard Time': 'Asia/Taipei',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'AUS Central Standard Time': 'Australia/Darwin',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'Tasmania Standard Time': 'Australia/Hobart',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Chatham Islands Standard Time': 'Pacific/Chatham',
  'Fiji Standard Time': 'Pacific/Fiji',
  'Tonga Standard Time': 'Pacific/Tongatapu',
};

/**
 * Resolves a TZID as found in the wild to an IANA zone, or `null`:
 * an IANA name as is; a Windows name through CLDR; a prefixed TZID such as
 * `/mozilla.org/20050126_1/America/New_York` by its longest IANA suffix.
 *
 * @example
 * resolveZoneName('W. Europe Standard Time') // 'Europe/Berlin'
 * resolveZoneName('/softwarestudio.org/Olson_20011030_5/America/New_York') // 'America/New_York'
 */
export function resolveZoneName(tzid: string): string | null {
  const trimmed = tzid.trim().replace(/^"|"$/g, '');
  if (!trimmed) return null;
  if (/^[A-Za-z]/.test(trimmed) && trimmed.includes('/') && isIANAZone(trimmed)) return trimmed;
  if (trimmed === 'UTC' || trimmed === 'GMT' || trimmed === 'Z') return 'UTC';
  const windows = WINDOWS_TO_IANA[trimmed];
  if (windows) return windows;
  const segments = trimmed.split('/').filter(Boolean);
  for (let start = 0; start < segments.length; start++) {
    const candidate = segments.slice(start).join('/');
    if (/^[A-Z][A-Za-z_+-]*\/[A-Za-z]/.test(candidate) && isIANAZone(candidate)) return candidate;
  }
  return null;
}
