import { css } from 'lit';

export const syncStatusStyles = css`
  :host {
    container-type: inline-size;
    --badge-active: var(--success);
    --badge-syncing: var(--accent);
    --badge-paused: var(--muted);
    --badge-error: var(--danger);
    --badge-needs-reauth: var(--warning);
  }
  .base {
    padding: 14px 16px;
  }
  .row {
    display: flex;
    align-items: center;
    gap: 12px;
    flex-wrap: wrap;
  }
  .summary {
    flex: 1;
    min-width: 180px;
  }
  .account {
    font-weight: 600;
  }
  .account .email {
    font-weight: 400;
    color: var(--muted);
  }
  .line {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-top: 2px;
    color: var(--muted);
    font-size: 13px;
  }
  .badge {
    --tone: var(--badge-active);
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 1px 8px 1px 6px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 600;
    color: var(--tone);
    background: color-mix(in srgb, var(--tone) 12%, transparent);
  }
  .badge[data-status='syncing'] {
    --tone: var(--badge-syncing);
  }
  .badge[data-status='paused'],
  .badge[data-status='disconnected'] {
    --tone: var(--badge-paused);
  }
  .badge[data-status='error'] {
    --tone: var(--badge-error);
  }
  .badge[data-status='needs_reauth'] {
    --tone: var(--badge-needs-reauth);
  }
  .dot {
    width: 7px;
    height: 7px;
    border-radius: 50%;
    background: currentColor;
  }
  .badge[data-status='syncing'] .dot {
    animation: pulse 1.2s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.3;
    }
  }
  .actions {
    display: flex;
    gap: 8px;
  }
  .reason {
    margin-top: 10px;
    padding: 8px 10px;
    border-radius: calc(var(--radius) - 2px);
    background: color-mix(in srgb, var(--warning) 10%, transparent);
    font-size: 13px;
  }
  .reason.error {
    background: color-mix(in srgb, var(--danger) 8%, transparent);
  }
  .progress {
    margin-top: 10px;
  }
  .bar {
    height: 6px;
    border-radius: 3px;
    background: var(--subtle);
    overflow: hidden;
  }
  .bar > span {
    display: block;
    height: 100%;
    background: var(--accent);
    transition: width 300ms ease;
  }
  .bar.indeterminate > span {
    width: 30%;
    animation: slide 1.2s ease-in-out infinite;
  }
  @keyframes slide {
    from {
      transform: translateX(-100%);
    }
    to {
      transform: translateX(340%);
    }
  }
  .progress-label {
    margin-top: 4px;
    font-size: 12px;
    color: var(--muted);
  }
  .chevron {
    transition: transform 150ms ease;
  }
  [aria-expanded='true'] .chevron {
    transform: rotate(180deg);
  }
  .panel {
    margin-top: 14px;
    padding-top: 12px;
    border-top: 1px solid var(--border);
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 16px;
  }
  @container (max-width: 480px) {
    .panel {
      grid-template-columns: 1fr;
    }
  }
  h4 {
    margin: 0 0 6px;
    font-size: 12px;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--muted);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 6px;
    font-size: 13px;
  }
  li {
    display: flex;
    justify-content: space-between;
    gap: 8px;
  }
  li time {
    color: var(--muted);
    white-space: nowrap;
  }
  li.failure {
    display: block;
  }
  li.failure > div:first-child {
    display: flex;
    justify-content: space-between;
    gap: 8px;
  }
  li.failure .what {
    color: var(--danger);
    font-weight: 500;
  }
  @media (prefers-reduced-motion: reduce) {
    .badge[data-status='syncing'] .dot,
    .bar.indeterminate > span {
      animation: none;
    }
  }
`;
