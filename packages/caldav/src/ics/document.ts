import { type ContentLine, ICS_LIMITS, parseContentLine } from '@calsync/core';

/**
 * A calendar object as written on the server, kept line for line: every property remembers its
 * physical lines (original folding included), so what Calsync does not touch is written back
 * byte for byte.
 */
export interface RawProperty extends ContentLine {
  readonly kind: 'property';
  /** The physical lines as read, joined with CRLF (folding preserved). */
  readonly raw: string;
}

/** A component (`VCALENDAR`, `VEVENT`, `VALARM`, `VTIMEZONE`…) and its items in order. */
export interface RawComponent {
  readonly kind: 'component';
  readonly name: string;
  items: RawItem[];
}

/** One item inside a component. */
export type RawItem = RawProperty | RawComponent;

/** The outcome of {@link readDocument}. */
export interface RawDocument {
  readonly roots: RawComponent[];
  /** Structural problems (stray lines, unbalanced BEGIN/END); `roots` holds what could be read. */
  readonly problems: string[];
  /**
   * Set when the text passed `ICS_LIMITS` (content lines, nesting depth): `roots` is then
   * incomplete and must neither be read as the whole object nor written back.
   */
  readonly refused: string | null;
}

/**
 * Reads iCalendar text into components without ever throwing. Stops at `ICS_LIMITS.maxLines`
 * content lines and skips components nested deeper than `ICS_LIMITS.maxDepth`; either sets
 * `refused`.
 *
 * @example
 * readDocument('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n').roots[0]?.name // 'VCALENDAR'
 */
export function readDocument(text: string): RawDocument {
  const roots: RawComponent[] = [];
  const problems: string[] = [];
  const stack: RawComponent[] = [];
  let refused: string | null = null;
  let skippedDepth = 0;
  for (const [index, { unfolded, raw }] of logicalLines(text).entries()) {
    if (index >= ICS_LIMITS.maxLines) {
      refused = `more than ${ICS_LIMITS.maxLines} content lines`;
      break;
    }
    if (skippedDepth > 0) {
      const marker = /^(BEGIN|END):/i.exec(unfolded)?.[1]?.toUpperCase();
      if (marker === 'BEGIN') skippedDepth++;
      else if (marker === 'END') skippedDepth--;
      continue;
    }
    const parsed = parseContentLine(unfolded);
    if (!parsed) {
      problems.push(`not a content line: ${unfolded.slice(0, 60)}`);
      continue;
    }
    if (parsed.name === 'BEGIN' && stack.length >= ICS_LIMITS.maxDepth) {
      refused ??= `components nested deeper than ${ICS_LIMITS.maxDepth} levels`;
      skippedDepth = 1;
      continue;
    }
    if (parsed.name === 'BEGIN') {
      const component: RawComponent = {
        kind: 'component',
        name: parsed.value.trim().toUpperCase(),
        items: [],
      };
      const parent = stack[stack.length - 1];
      if (parent) parent.items.push(component);
      else roots.push(component);
      stack.push(component);
    } else if (parsed.name === 'END') {
      const name = parsed.value.trim().toUpperCase();
      const index = stack.map((c) => c.name).lastIndexOf(name);
      if (index < 0) problems.push(`END:${name} without BEGIN`);
      else stack.length = index;
    } else {
      const current = stack[stack.length - 1];
      if (current) current.items.push({ kind: 'property', ...parsed, raw });
      else problems.push(`property outside any component: ${parsed.name}`);
    }
  }
  for (const open of stack) problems.push(`BEGIN:${open.name} never closed`);
  return { roots, problems, refused };
}

/**
 * Writes components back: untouched properties as their original physical lines, new ones
 * folded at 75 octets by the caller.
 */
export function writeDocument(roots: readonly RawComponent[]): string {
  const lines: string[] = [];
  const write = (component: RawComponent): void => {
    lines.push(`BEGIN:${component.name}`);
    for (const item of component.items) {
      if (item.kind === 'property') lines.push(item.raw);
      else write(item);
    }
    lines.push(`END:${component.name}`);
  };
  roots.forEach(write);
  return `${lines.join('\r\n')}\r\n`;
}

/** The properties of a component named `name`. */
export function propertiesOf(component: RawComponent, name: string): RawProperty[] {
  return component.items.filter((i): i is RawProperty => i.kind === 'property' && i.name === name);
}

/** The direct sub-components of a component named `name`. */
export function childrenOf(component: RawComponent, name: string): RawComponent[] {
  return component.items.filter(
    (i): i is RawComponent => i.kind === 'component' && i.name === name,
  );
}

/** Every physical line of a component, CRLF-joined: the basis of per-component version tags. */
export function componentText(component: RawComponent): string {
  return writeDocument([component]);
}

function logicalLines(text: string): { unfolded: string; raw: string }[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const result: { unfolded: string; rawLines: string[] }[] = [];
  for (const line of physical) {
    const last = result[result.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last.unfolded += line.slice(1);
      last.rawLines.push(line);
    } else if (line.trim() !== '') {
      result.push({ unfolded: line, rawLines: [line] });
    }
  }
  return result.map((l) => ({ unfolded: l.unfolded, raw: l.rawLines.join('\r\n') }));
}
