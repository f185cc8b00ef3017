import { css } from 'lit';

export const connectButtonStyles = css`
  :host {
    display: inline-block;
    max-width: 100%;
    --button-min-width: 220px;
  }
  .connect {
    min-width: min(var(--button-min-width), 100%);
    min-height: 40px;
    justify-content: flex-start;
  }
  [part='icon'] {
    display: inline-flex;
    flex: none;
  }
  .connect .label {
    flex: 1;
    text-align: left;
  }
  .account {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 10px 12px;
    min-width: min(280px, 100%);
  }
  .account .who {
    flex: 1;
    min-width: 0;
  }
  .account .name {
    font-weight: 600;
  }
  .account .detail {
    display: flex;
    align-items: center;
    gap: 4px;
    color: var(--muted);
    font-size: 13px;
  }
  .account .detail svg {
    flex: none;
  }
  /* Wraps, even inside an address, rather than hide part of it in a narrow column. */
  .account .detail .text {
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .account .detail.ok {
    color: var(--success);
  }
  .account .detail.warn {
    color: var(--warning);
  }
  .confirm,
  form {
    padding: 16px;
    min-width: min(300px, 100%);
    max-width: 380px;
  }
  .confirm h3,
  form h3 {
    margin: 0 0 4px;
    font-size: 15px;
  }
  .confirm p {
    margin: 0 0 14px;
    color: var(--muted);
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-top: 14px;
  }
  .field {
    display: grid;
    gap: 4px;
    margin-top: 12px;
  }
  label {
    font-weight: 500;
    font-size: 13px;
  }
  input {
    font: inherit;
    min-height: 36px;
    padding: 0 10px;
    border: 1px solid var(--border);
    border-radius: calc(var(--radius) - 2px);
    background: var(--surface);
    color: var(--text);
  }
  input[aria-invalid='true'] {
    border-color: var(--danger);
  }
  .hint {
    font-size: 12px;
    color: var(--muted);
  }
  .hint a {
    color: var(--accent);
  }
  .field-error,
  .form-error {
    font-size: 12px;
    color: var(--danger);
  }
  .form-error {
    margin-top: 10px;
  }
  .message {
    margin-top: 6px;
    font-size: 12px;
    color: var(--danger);
    max-width: 320px;
  }
`;
