import { css } from 'lit';

export const conflictResolverStyles = css`
  :host {
    --changed-background: color-mix(in srgb, var(--warning) 14%, transparent);
    --chosen-outline: var(--accent);
  }
  .header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    margin-bottom: 10px;
  }
  .header h3 {
    margin: 0;
    font-size: 15px;
  }
  .empty {
    padding: 18px 16px;
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .empty svg {
    color: var(--success);
  }
  .conflicts {
    display: grid;
    gap: 14px;
  }
  article {
    padding: 16px;
  }
  article h4 {
    margin: 0;
    font-size: 15px;
  }
  .meta {
    margin: 2px 0 12px;
    font-size: 12px;
    color: var(--muted);
  }
  table {
    width: 100%;
    border-collapse: separate;
    border-spacing: 0;
    font-size: 13px;
    table-layout: fixed;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 8px 10px;
    border-bottom: 1px solid var(--border);
    overflow-wrap: anywhere;
  }
  thead th {
    font-size: 12px;
    color: var(--muted);
    font-weight: 600;
  }
  th[scope='row'] {
    width: 22%;
    font-weight: 500;
  }
  tr.changed td {
    background: var(--changed-background);
  }
  tr.changed th .flag {
    display: block;
    font-size: 11px;
    font-weight: 400;
    color: var(--warning);
  }
  td label {
    display: flex;
    gap: 8px;
    cursor: pointer;
  }
  td.chosen {
    box-shadow: inset 0 0 0 2px var(--chosen-outline);
    border-radius: 4px;
  }
  input[type='radio'] {
    accent-color: var(--accent);
    margin: 2px 0 0;
  }
  .choices {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(170px, 1fr));
    gap: 8px;
    margin: 14px 0 0;
    padding: 0;
    border: 0;
  }
  .choices legend {
    font-weight: 600;
    margin-bottom: 6px;
    padding: 0;
  }
  .choice {
    display: flex;
    gap: 8px;
    align-items: flex-start;
    padding: 9px 10px;
    border: 1px solid var(--border);
    border-radius: calc(var(--radius) - 2px);
    cursor: pointer;
  }
  .choice:has(input:checked) {
    border-color: var(--accent);
    background: color-mix(in srgb, var(--accent) 6%, transparent);
  }
  .choice small {
    display: block;
    color: var(--muted);
  }
  .reason {
    display: grid;
    gap: 4px;
    margin-top: 12px;
  }
  .reason label {
    font-weight: 500;
    font-size: 13px;
  }
  textarea {
    font: inherit;
    min-height: 56px;
    padding: 8px 10px;
    border: 1px solid var(--border);
    border-radius: calc(var(--radius) - 2px);
    resize: vertical;
    background: var(--surface);
    color: var(--text);
  }
  .footer {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: 10px;
    margin-top: 12px;
  }
  .footer .error {
    flex: 1;
    font-size: 13px;
  }
`;
