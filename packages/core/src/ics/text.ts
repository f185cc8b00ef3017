/**
 * Text-level iCalendar helpers (RFC 5545 §3.1, §3.3.11): line unfolding and folding by octets,
 * TEXT escaping.
 */

/** One physical-to-logical line after unfolding, with the 1-based number of its first line. */
export interface LogicalLine {
  readonly text: string;
  readonly lineNumber: number;
}

/**
 * Strips a BOM, accepts CRLF / LF / lone CR, and unfolds continuation lines (leading space or tab).
 *
 * @example
 * unfoldLines('SUMMARY:Hel\r\n lo\r\n').map((l) => l.text) // ['SUMMARY:Hello']
 */
export function unfoldLines(text: string): LogicalLine[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const lines: { text: string; lineNumber: number }[] = [];
  physical.forEach((line, index) => {
    if ((line.startsWith(' ') || line.startsWith('\t')) && lines.length > 0) {
      lines[lines.length - 1]!.text += line.slice(1);
    } else if (line.trim() !== '') {
      lines.push({ text: line, lineNumber: index + 1 });
    }
  });
  return lines;
}

/**
 * Folds a content line at 75 octets (UTF-8), never splitting a character.
 *
 * @example
 * foldLine('DESCRIPTION:' + 'x'.repeat(100)).split('\r\n ').length // 2
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Escapes a TEXT value. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** Unescapes a TEXT value (lenient: unknown escapes keep the character). */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, char: string) =>
    char === 'n' || char === 'N' ? '\n' : char,
  );
}
