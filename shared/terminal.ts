/**
 * The one sanitizer for text a terminal will show. Names, paths, versions and messages come from
 * archives, sticks and boxes, so they may carry escape sequences (colours, cursor moves, "erase
 * line"), carriage returns or bidi overrides that make a CORRUPT line read as OK. Each such
 * character is written as a visible \uXXXX escape instead; in JSON text that escape means the
 * same character, so the sanitizer is safe for every output format.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_VALUE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Whole output (lines of text, JSON, HTML): escapes control and direction characters, keeps line breaks and tabs. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_IN_TEXT, escape);
}

/** One value inside a line: also escapes line breaks and tabs, so it cannot start a line of its own. */
export function terminalValue(value: string | number | boolean | null | undefined): string {
  return String(value ?? '').replace(UNSAFE_IN_VALUE, escape);
}
