import { createHash } from 'node:crypto';

/** A deterministic UUID-shaped id, so re-rendering the same input yields the same file. */
export function stableId(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
