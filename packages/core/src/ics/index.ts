export type { IcsEvent, IcsIssue, IcsParseResult, ParseICSOptions } from './parse.js';
export { parseICS } from './parse.js';
export type { SerializeICSOptions } from './serialize.js';
export { serializeICS, vtimezoneLines } from './serialize.js';
export { unfoldLines, foldLine, escapeText, unescapeText } from './text.js';
