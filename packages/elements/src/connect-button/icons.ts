import { svg, type SVGTemplateResult } from 'lit';
import type { ProviderName } from '../core/client.js';

/** Each provider's colour, used for its mark. */
const PROVIDER_COLORS: Record<ProviderName, string> = {
  google: '#1a73e8',
  outlook: '#0f6cbd',
  icloud: '#3b82f6',
  caldav: '#5e6687',
};

/** A calendar mark in the provider's colour (decorative: the label names the provider). */
export function providerIcon(provider: ProviderName): SVGTemplateResult {
  const color = PROVIDER_COLORS[provider];
  return svg`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
    <rect x="3" y="4.5" width="18" height="16" rx="3" fill="none" stroke=${color} stroke-width="1.8" />
    <path d="M3 9.5h18" stroke=${color} stroke-width="1.8" />
    <path d="M8 3v3.5M16 3v3.5" stroke=${color} stroke-width="1.8" stroke-linecap="round" />
    <rect x="7" y="12.5" width="4" height="4" rx="1" fill=${color} />
  </svg>`;
}

/** A check mark for "connected". */
export const checkIcon: SVGTemplateResult = svg`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
  <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
</svg>`;
