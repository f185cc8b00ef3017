import { type ContentLine, parseContentLine } from '../recurrence/lines.js';
import { ICS_LIMITS } from './limits.js';
import { type LogicalLine, unfoldLines } from './text.js';

/** A property with its original (unfolded) text, for verbatim round-trips. */
export interface TreeProperty extends ContentLine {
  readonly raw: string;
  readonly lineNumber: number;
}

/** A component as read, tolerant of structure errors. */
export interface TreeComponent {
  readonly name: string;
  readonly lineNumber: number;
  readonly properties: TreeProperty[];
  readonly children: TreeComponent[];
  /** False when END was missing (closed implicitly). */
  closed: boolean;
  /** Set when part of the component was not read because it passed {@link ICS_LIMITS}. */
  refused: string | null;
}

/** A structural problem found while reading. */
export interface TreeIssue {
  readonly lineNumber: number;
  readonly message: string;
}

const COMPONENT_NAME = /^[A-Za-z0-9-]+$/;

/**
 * Reads iCalendar text into a component tree without ever throwing: unparseable lines,
 * stray text, bad component names, unbalanced BEGIN/END are reported and skipped. Past
 * {@link ICS_LIMITS} (line length, line count, nesting depth) the excess is not read, reported,
 * and the components it belonged to are marked `refused`.
 *
 * @example
 * readTree('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\nEND:VCALENDAR').roots[0].children[0].name // 'VEVENT'
 */
export function readTree(text: string): { roots: TreeComponent[]; issues: TreeIssue[] } {
  const roots: TreeComponent[] = [];
  const issues: TreeIssue[] = [];
  const stack: TreeComponent[] = [];
  const lines: LogicalLine[] = unfoldLines(text);
  const refuse = (lineNumber: number, message: string): void => {
    issues.push({ lineNumber, message });
    for (const open of stack) open.refused ??= message;
  };
  // Components opened beyond the depth limit: their lines are skipped up to the matching END.
  let skippedDepth = 0;
  for (const [index, { text: lineText, lineNumber }] of lines.entries()) {
    if (index >= ICS_LIMITS.maxLines) {
      refuse(
        lineNumber,
        `more than ${ICS_LIMITS.maxLines} content lines: the rest of the document is not read`,
      );
      break;
    }
    if (lineText.length > ICS_LIMITS.maxLineLength) {
      refuse(
        lineNumber,
        `content line of ${lineText.length} characters (at most ${ICS_LIMITS.maxLineLength}): ${excerpt(lineText)}`,
      );
      continue;
    }
    if (skippedDepth > 0) {
      const name = /^(BEGIN|END):/i.exec(lineText)?.[1]?.toUpperCase();
      if (name === 'BEGIN') skippedDepth++;
      else if (name === 'END') skippedDepth--;
      continue;
    }
    const parsed = parseContentLine(lineText);
    if (!parsed) {
      issues.push({ lineNumber, message: `not a content line: ${excerpt(lineText)}` });
      continue;
    }
    if (parsed.name === 'BEGIN' && stack.length >= ICS_LIMITS.maxDepth) {
      refuse(lineNumber, `components nested deeper than ${ICS_LIMITS.maxDepth} levels`);
      skippedDepth = 1;
      continue;
    }
    if (parsed.name === 'BEGIN') {
      const name = parsed.value.trim().toUpperCase();
      if (!COMPONENT_NAME.test(name)) {
        issues.push({ lineNumber, message: `invalid component name: ${excerpt(parsed.value)}` });
      }
      const component: TreeComponent = {
        name,
        lineNumber,
        properties: [],
        children: [],
        closed: false,
        refused: null,
      };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(component);
      else roots.push(component);
      stack.push(component);
      continue;
    }
    if (parsed.name === 'END') {
      const name = parsed.value.trim().toUpperCase();
      const index = findLastIndex(stack, (c) => c.name === name);
      if (index < 0) {
        issues.push({ lineNumber, message: `END:${name} without BEGIN` });
        continue;
      }
      for (let i = stack.length - 1; i > index; i--) {
        issues.push({
          lineNumber,
          message: `BEGIN:${stack[i]!.name} (line ${stack[i]!.lineNumber}) closed by END:${name}`,
        });
      }
      stack[index]!.closed = true;
      stack.length = index;
      continue;
    }
    const current = stack[stack.length - 1];
    if (!current) {
      issues.push({ lineNumber, message: `property outside any component: ${excerpt(lineText)}` });
      continue;
    }
    if (!/^[A-Z0-9-]+$/.test(parsed.name)) {
      issues.push({ lineNumber, message: `invalid property name: ${excerpt(parsed.name)}` });
      continue;
    }
    current.properties.push({ ...parsed, raw: lineText, lineNumber });
  }
  for (const open of stack)
    issues.push({ lineNumber: open.lineNumber, message: `BEGIN:${open.name} never closed` });
  return { roots, issues };
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--)
    if (predicate(items[index]!)) return index;
  return -1;
}

/** The first 80 characters of a line, printable. */
export function excerpt(text: string): string {
  const printable = [...text]
    .map((c) =>
      c.charCodeAt(0) < 0x20 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c,
    )
    .join('');
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable;
}

/** Serialises a component back to content lines (used to keep unknown components verbatim). */
export function componentLines(component: TreeComponent): string[] {
  return [
    `BEGIN:${component.name}`,
    ...component.properties.map((p) => p.raw),
    ...component.children.flatMap(componentLines),
    `END:${component.name}`,
  ];
}
