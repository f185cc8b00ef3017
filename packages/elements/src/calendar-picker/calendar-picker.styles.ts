import { css } from 'lit';

export const calendarPickerStyles = css`
  .base {
    padding: 16px;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
  }
  fieldset + fieldset {
    margin-top: 18px;
  }
  legend {
    padding: 0;
    margin-bottom: 4px;
    font-weight: 600;
  }
  .hint {
    margin: 0 0 8px;
    font-size: 12px;
    color: var(--muted);
  }
  .list {
    display: grid;
    gap: 2px;
    margin-top: 6px;
  }
  .item {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 7px 8px;
    border-radius: calc(var(--radius) - 2px);
    cursor: pointer;
  }
  .item:hover {
    background: var(--subtle);
  }
  .item input {
    width: 16px;
    height: 16px;
    margin: 0;
    accent-color: var(--accent);
  }
  .name {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .tag {
    font-size: 11px;
    padding: 0 6px;
    border-radius: 999px;
    border: 1px solid var(--border);
    color: var(--muted);
  }
  .swatch {
    width: 10px;
    height: 10px;
    border-radius: 3px;
    background: var(--swatch, var(--accent));
  }
  .saving {
    width: 12px;
    height: 12px;
    color: var(--muted);
  }
  .error {
    margin-top: 10px;
    font-size: 13px;
  }
`;
