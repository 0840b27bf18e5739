import { inflateRawSync } from 'node:zlib';

const PACKED = /<template data-suite="(s\d+)" data-from="(\d+)">([A-Za-z0-9+/=]*)<\/template>\n?/g;

/** The packed lists of a report, by suite id (its blocks joined), decoded as the page's script does. */
export function packedLists(html: string): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const m of html.matchAll(PACKED)) {
    const list = lists.get(m[1]!) ?? [];
    if (list.length !== Number(m[2]))
      throw new Error(`block of ${m[1]} starts at ${m[2]}, after ${list.length} exchanges`);
    list.push(...(JSON.parse(inflateRawSync(Buffer.from(m[3]!, 'base64')).toString('utf8')) as string[]));
    lists.set(m[1]!, list);
  }
  return lists;
}

/** The report as it reads with every packed exchange unpacked in place (and the data blocks gone). */
export function unpackHtml(html: string): string {
  const lists = packedLists(html);
  return html
    .replace(PACKED, '')
    .replace(/<section class="suite" id="(s\d+)">[\s\S]*?<\/section>/g, (section, id: string) =>
      section.replace(
        / data-packed="(\d+)"([^>]*>[\s\S]*?<\/summary>)<\/details>/g,
        (_m, k: string, head: string) => `${head}${lists.get(id)![Number(k)]}</details>`,
      ),
    );
}
