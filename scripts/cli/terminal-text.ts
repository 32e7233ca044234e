// Text that users wrote (environment names, change notes, author names, messages the server
// echoes) is printed to a terminal. Escape sequences in it could retitle the window, move the
// cursor to rewrite earlier lines, or hide output, so they are removed before printing: ESC and
// 8-bit C1 sequences whole (CSI, OSC, DCS and other strings, two-byte escapes), then every other
// C0 and C1 control character and DEL.

const escapeSequences = new RegExp(
  [
    '(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]?', // CSI ... final byte
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?', // OSC, DCS, SOS, PM, APC ... terminator
    '\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]?', // other escapes: ESC c, ESC 7, ESC ( B ...
  ].join('|'),
  'g',
);

/**
 * `text` without terminal control sequences or characters. Single-line text (a table cell) turns
 * line breaks and tabs into spaces; multi-line text keeps "\n" and "\t" and drops "\r", which would
 * return to the start of the line and overwrite it.
 */
export function terminalText(text: string, options: { multiline?: boolean } = {}): string {
  const withoutSequences = text.replace(escapeSequences, '');
  const spaced = options.multiline ? withoutSequences : withoutSequences.replace(/[\t\n\r]+/g, ' ');
  return spaced.replace(options.multiline ? /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g : /[\u0000-\u001f\u007f-\u009f]/g, '');
}

/**
 * JSON for a terminal that stays the same data: JSON.stringify already escapes C0 characters in
 * strings; DEL and C1 are escaped here too (only strings can hold them).
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
