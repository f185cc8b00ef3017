import { type ContentLine, parseContentLine } from '../recurrence/lines.js';
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
}

/** A structural problem found while reading. */
export interface TreeIssue {
  readonly lineNumber: number;
  readonly message: string;
}

const COMPONENT_NAME = /^[A-Za-z0-9-]+$/;

/**
 * Reads iCalendar text into a component tree without ever throwing: unparseable lines,
 * stray text, bad component names, unbalanced BEGIN/END are reported and skipped.
 *
 * @example
 * readTree('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\nEND:VCALENDAR').roots[0].children[0].name // 'VEVENT'
 */
export function readTree(text: string): { roots: TreeComponent[]; issues: TreeIssue[] } {
  const roots: TreeComponent[] = [];
  const issues: TreeIssue[] = [];
  const stack: TreeComponent[] = [];
  const lines: LogicalLine[] = unfoldLines(text);
  for (const { text: lineText, lineNumber } of lines) {
    const parsed = parseContentLine(lineText);
    if (!parsed) {
      issues.push({ lineNumber, message: `not a content line: ${excerpt(lineText)}` });
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
