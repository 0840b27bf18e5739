/** Small HTML helpers shared by the evidence pages (self-contained, no script, no network). */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Each row of an evidence page sits between these markers, so `evidence verify` can hash it
 * and name the row when it was edited.
 */
export const rowStart = (id: string): string => `<!-- row ${id} -->`;
export const ROW_END = '<!-- /row -->';

/** The rows of a page between their markers: id → exact text. */
export function htmlRows(page: string): Map<string, string> {
  const rows = new Map<string, string>();
  const pattern = /<!-- row ([^>]*?) -->([\s\S]*?)<!-- \/row -->/g;
  for (const [, id = '', block = ''] of page.matchAll(pattern)) rows.set(id, block);
  return rows;
}

export function page(title: string, style: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${style}</style></head>
<body>
${body}
</body></html>
`;
}
