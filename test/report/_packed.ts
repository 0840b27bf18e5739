import { inflateRawSync } from 'node:zlib';

const PACKED = /<template data-suite="(s\d+)">([A-Za-z0-9+/=]*)<\/template>\n?/g;

/** The packed lists of a report, by suite id, decoded as the page's script does. */
export function packedLists(html: string): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const m of html.matchAll(PACKED)) lists.set(m[1]!, JSON.parse(inflateRawSync(Buffer.from(m[2]!, 'base64')).toString('utf8')) as string[]);
  return lists;
}

/** The report as it reads with every packed exchange unpacked in place (and the data blocks gone). */
export function unpackHtml(html: string): string {
  const lists = packedLists(html);
  return html
    .replace(PACKED, '')
    .replace(/<section class="suite" id="(s\d+)">[\s\S]*?<\/section>/g, (section, id: string) =>
      section.replace(/ data-packed="(\d+)"([^>]*>[\s\S]*?<\/summary>)<\/details>/g, (_m, k: string, head: string) => `${head}${lists.get(id)![Number(k)]}</details>`),
    );
}
