/**
 * What Excel accepts in a workbook, applied before exceljs writes one: sheet names that are
 * unique as Excel compares them, and cells no longer than Excel keeps.
 */

/** Excel's longest sheet name, in UTF-16 code units. */
export const SHEET_NAME_MAX = 31;
/** Excel's longest cell text: a longer one is cut (or refused) when the workbook opens. */
export const CELL_TEXT_MAX = 32_767;

/** Reserved by Excel for its change-tracking sheet (compared case-insensitively). */
const RESERVED = 'history';

/** The first `max` code units of `text`, never ending on half a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/** A name Excel takes: no []:*?/\ or control characters, no quote at either end, not empty, 31 at most. */
function cleanSheetName(name: string): string {
  const plain = name
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[[\]:*?/\\\u0000-\u001f\u007f]/g, '-')
    .replace(/^'+|'+$/g, (q) => '-'.repeat(q.length));
  return cut(plain.trim() || 'Sheet', SHEET_NAME_MAX);
}

/**
 * A sheet name for each family, in order: cleaned, then made unique as Excel compares names
 * (case-insensitively) by a " (2)", " (3)"… suffix within the 31 characters. The same families
 * always get the same names.
 */
export function uniqueSheetNames(families: readonly string[]): Map<string, string> {
  const taken = new Set<string>([RESERVED]);
  const names = new Map<string, string>();
  for (const family of families) {
    if (names.has(family)) continue;
    const base = cleanSheetName(family);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${cut(base, SHEET_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    }
    taken.add(name.toLowerCase());
    names.set(family, name);
  }
  return names;
}

/** Cell text within Excel's limit; a longer text is cut and the cell says where and why. */
export function excelCellText(text: string): string {
  if (text.length <= CELL_TEXT_MAX) return text;
  const note = (shown: number): string =>
    `\n… cut at ${shown} of ${text.length} characters (Excel's 32,767-character cell limit); exchanges.jsonl holds the whole exchange`;
  const room = CELL_TEXT_MAX - note(text.length).length;
  const head = cut(text, room);
  return `${head}${note(head.length)}`;
}
