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

/** Where a command prints its lines (an `Io`, or the part of one a summary needs). */
export interface LineSink {
  out: (line: string) => void;
}

/**
 * The console writer for every line that may carry text from a server or a file (run's summary,
 * drift, merge, evidence): each line goes out through `printable`.
 */
export function printableLines(sink: LineSink): LineSink {
  return { out: (line) => sink.out(printable(line)) };
}

/**
 * Text of several lines (diagnostics with their excerpts): its own line breaks kept, every other
 * control character in a line made visible.
 */
export function printableText(text: string): string {
  return text.split('\n').map(printable).join('\n');
}
