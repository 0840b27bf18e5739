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

const START = '<!-- row ';
const ID_END = ' -->';

/**
 * The rows of a page between their markers: id → exact text. One pass with indexOf: a page
 * handed to `verify` may hold row starts without ends, which a lazy pattern would search past
 * from every start again.
 */
export function htmlRows(page: string): Map<string, string> {
  const rows = new Map<string, string>();
  let at = page.indexOf(START);
  while (at !== -1) {
    const idEnd = page.indexOf(ID_END, at + START.length);
    if (idEnd === -1) break;
    const id = page.slice(at + START.length, idEnd);
    const end = page.indexOf(ROW_END, idEnd + ID_END.length);
    if (end === -1) break;
    // An id holds no ">": a start whose id runs into markup is not a row start (as before).
    if (!id.includes('>')) rows.set(id, page.slice(idEnd + ID_END.length, end));
    at = page.indexOf(START, id.includes('>') ? at + START.length : end + ROW_END.length);
  }
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
