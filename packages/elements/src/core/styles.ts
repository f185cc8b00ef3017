import { css } from 'lit';

/**
 * Shared look. Each element reads short `:host` custom properties (`--accent`, `--radius`, …),
 * which default to the page-wide design tokens (`--calsync-color-accent`, …), which default to
 * Calsync's palette. Set a token once to theme every element; set a short name on one element.
 */
export const baseStyles = css`
  :host {
    --accent: var(--calsync-color-accent, #5b5bd6);
    --accent-contrast: var(--calsync-color-accent-contrast, #ffffff);
    --text: var(--calsync-color-text, #1a1f36);
    --muted: var(--calsync-color-muted, #5e6687);
    --surface: var(--calsync-color-surface, #ffffff);
    --subtle: var(--calsync-color-subtle, #f6f8fa);
    --border: var(--calsync-color-border, #e3e8ee);
    --success: var(--calsync-color-success, #17734c);
    --warning: var(--calsync-color-warning, #8f5b0f);
    --danger: var(--calsync-color-danger, #b8294f);
    --radius: var(--calsync-radius, 8px);
    --font: var(
      --calsync-font-family,
      ui-sans-serif,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif
    );
    --focus-ring: 0 0 0 3px color-mix(in srgb, var(--accent) 35%, transparent);
    display: block;
    box-sizing: border-box;
    color: var(--text);
    font-family: var(--font);
    font-size: 14px;
    line-height: 1.45;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-height: 34px;
    padding: 0 14px;
    border: 1px solid var(--border);
    border-radius: calc(var(--radius) - 2px);
    background: var(--surface);
    color: var(--text);
    font: inherit;
    font-weight: 500;
    cursor: pointer;
    box-shadow: 0 1px 1px rgb(0 0 0 / 0.04);
    transition:
      background 120ms ease,
      border-color 120ms ease,
      box-shadow 120ms ease;
  }
  .btn:hover:not(:disabled) {
    background: var(--subtle);
  }
  .btn:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  [tabindex]:focus-visible {
    outline: none;
    box-shadow: var(--focus-ring);
  }
  .btn:disabled {
    opacity: 0.55;
    cursor: default;
  }
  .btn--primary {
    background: var(--accent);
    border-color: var(--accent);
    color: var(--accent-contrast);
  }
  .btn--primary:hover:not(:disabled) {
    background: color-mix(in srgb, var(--accent) 88%, black);
  }
  .btn--danger {
    color: var(--danger);
  }
  .btn--danger.btn--solid {
    background: var(--danger);
    border-color: var(--danger);
    color: #fff;
  }
  .btn--quiet {
    border-color: transparent;
    box-shadow: none;
    background: transparent;
    color: var(--accent);
  }
  .card {
    background: var(--surface);
    border: 1px solid var(--border);
    border-radius: var(--radius);
  }
  .muted {
    color: var(--muted);
  }
  .error {
    color: var(--danger);
  }
  .skeleton {
    border-radius: 4px;
    background: linear-gradient(90deg, var(--subtle), var(--border), var(--subtle));
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
    min-height: 12px;
  }
  @keyframes shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .spinner {
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
`;
