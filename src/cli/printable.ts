/**
 * Text from a server or a YAML file on its way to a console: control characters are written out
 * as `\x1b`-style escapes, so a response cannot move the cursor, clear a line or print a fake
 * `PASS` into a CI log.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One console line: every control character (newlines and tabs too) made visible. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
