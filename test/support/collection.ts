/**
 * A Postman collection for runNewman tests: the `info` every collection needs, the items given
 * (raw Postman items, as the test wants them), and its collection variables.
 */
import type { PostmanCollection } from '../../src/render/postman-types.ts';

export function collectionOf(
  name: string,
  items: PostmanCollection['item'],
  variable: PostmanCollection['variable'] = [],
): PostmanCollection {
  return {
    info: {
      _postman_id: name,
      name,
      description: '',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: items,
    variable,
  };
}

/** Items that GET `url` `count` times, ids `i1`…. */
export function plainGets(url: string, count: number): PostmanCollection['item'] {
  return Array.from({ length: count }, (_, i) => ({
    id: `i${i + 1}`,
    name: `r${i + 1}`,
    request: { method: 'GET', url, header: [] } as never,
  }));
}
