/**
 * A value of unknown type as text, the way JavaScript converts it (`String(value)`): what a
 * server or a script handed over is shown as it is, even when it is an object.
 */
export function toText(value: unknown): string {
  return String(value);
}
