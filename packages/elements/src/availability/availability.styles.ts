import { css } from 'lit';

export const availabilityStyles = css`
  :host {
    --slot-height: 34px;
    --busy-background: color-mix(in srgb, var(--accent) 16%, var(--surface));
    --busy-border: var(--accent);
    --today-background: color-mix(in srgb, var(--accent) 4%, transparent);
    --now-line: var(--danger);
  }
  .base {
    overflow: hidden;
    container-type: inline-size;
  }
  .toolbar {
    display: flex;
    align-items: center;
    gap: 8px;
    flex-wrap: wrap;
    padding: 12px 14px;
    border-bottom: 1px solid var(--border);
  }
  .toolbar h3 {
    margin: 0 8px 0 4px;
    font-size: 15px;
    font-weight: 600;
  }
  .spacer {
    flex: 1;
  }
  .icon-btn {
    width: 34px;
    padding: 0;
  }
  .synced {
    font-size: 13px;
    color: var(--muted);
  }
  .scroller {
    overflow-x: auto;
  }
  /* The hour labels take what they need; the seven days share the rest, down to a phone's width. */
  .grid {
    display: grid;
    grid-template-columns: auto repeat(7, minmax(0, 1fr));
    position: relative;
  }
  .row {
    display: contents;
  }
  .colhead {
    position: sticky;
    top: 0;
    padding: 8px 6px;
    text-align: center;
    font-size: 12px;
    color: var(--muted);
    border-bottom: 1px solid var(--border);
    background: var(--surface);
    z-index: 2;
  }
  .colhead strong {
    display: block;
    font-size: 16px;
    color: var(--text);
    font-weight: 600;
  }
  .colhead.today strong {
    color: var(--accent);
  }
  /* Each label fills its slot's grid row and reads at its top, beside the line it names. */
  .rowhead {
    grid-column: 1;
    font-size: 11px;
    line-height: 1;
    color: var(--muted);
    text-align: right;
    padding: 3px 8px 0;
    white-space: nowrap;
    height: var(--slot-height);
    border-top: 1px solid transparent;
  }
  .cell {
    height: var(--slot-height);
    border-left: 1px solid var(--border);
    border-top: 1px solid color-mix(in srgb, var(--border) 60%, transparent);
    cursor: pointer;
    position: relative;
    z-index: 1;
  }
  .cell.today {
    background: var(--today-background);
  }
  .cell:hover {
    background: color-mix(in srgb, var(--accent) 7%, transparent);
  }
  .cell:focus-visible {
    outline: 2px solid var(--accent);
    outline-offset: -2px;
    box-shadow: none;
    z-index: 3;
  }
  .layer {
    position: relative;
    pointer-events: none;
    z-index: 2;
  }
  .block {
    position: absolute;
    left: 3px;
    right: 5px;
    padding: 2px 6px;
    overflow: hidden;
    border-radius: 5px;
    border-left: 3px solid var(--busy-border);
    background: var(--busy-background);
    font-size: 11px;
    line-height: 1.3;
    color: var(--text);
  }
  .block strong {
    display: block;
    font-weight: 600;
  }
  .block span {
    color: var(--muted);
  }
  .block.short {
    display: flex;
    gap: 4px;
    padding-block: 1px;
    white-space: nowrap;
  }
  .block.short span {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .now {
    position: absolute;
    left: 0;
    right: 0;
    height: 2px;
    background: var(--now-line);
  }
  .now::before {
    content: '';
    position: absolute;
    left: -4px;
    top: -3px;
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--now-line);
  }
  .footer {
    padding: 8px 14px;
    font-size: 12px;
    color: var(--muted);
    border-top: 1px solid var(--border);
    display: flex;
    gap: 14px;
    align-items: center;
  }
  .legend {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .legend i {
    width: 12px;
    height: 12px;
    border-radius: 3px;
    background: var(--busy-background);
    border-left: 3px solid var(--busy-border);
  }
  /* A phone: narrower headers, and busy blocks as plain bars (each cell still says busy or free). */
  @container (max-width: 560px) {
    .colhead {
      padding: 6px 2px;
    }
    .rowhead {
      padding-inline: 4px;
    }
    .block,
    .block.short {
      left: 2px;
      right: 2px;
      padding: 0;
    }
    .block strong,
    .block span {
      display: none;
    }
  }
`;
