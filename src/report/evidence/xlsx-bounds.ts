/**
 * How much a workbook (a zip) inflates to, checked before exceljs loads it: a 450 KB xlsx can
 * hold gigabytes of XML. The central directory states each entry's size (the sizes JSZip, under
 * exceljs, inflates to); each entry is inflated once here with that size as its ceiling, so a
 * size that lies is caught without inflating past it.
 */
import { inflateRawSync } from 'node:zlib';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** ZIP64 markers: such sizes and counts live elsewhere; no workbook kontrak writes needs them. */
const ZIP64_32 = 0xffffffff;
const ZIP64_16 = 0xffff;

interface Entry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

function endOfDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--)
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  return -1;
}

function entriesOf(zip: Buffer): Entry[] | string {
  const end = endOfDirectory(zip);
  if (end < 0) return 'it is not a zip (no central directory)';
  const count = zip.readUInt16LE(end + 10);
  const start = zip.readUInt32LE(end + 16);
  if (count === ZIP64_16 || start === ZIP64_32) return 'it is a ZIP64 archive';
  const entries: Entry[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== DIRECTORY_ENTRY)
      return 'its central directory is damaged';
    const nameLength = zip.readUInt16LE(at + 28);
    const entry: Entry = {
      method: zip.readUInt16LE(at + 10),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      offset: zip.readUInt32LE(at + 42),
    };
    if (entry.compressed === ZIP64_32 || entry.size === ZIP64_32) return 'it is a ZIP64 archive';
    entries.push(entry);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** Why an entry cannot be trusted to inflate to the size it declares (never inflating past it), or undefined. */
function entryProblem(zip: Buffer, entry: Entry): string | undefined {
  const at = entry.offset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER)
    return `${entry.name} has a damaged header`;
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressed);
  if (data.length !== entry.compressed) return `${entry.name} is cut short`;
  if (entry.method !== 0 && entry.method !== 8)
    return `${entry.name} uses compression method ${entry.method}`;
  const lies = `${entry.name} inflates past the size its zip entry declares`;
  if (entry.method === 0) return entry.compressed === entry.size ? undefined : lies;
  try {
    const inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
    return inflated.length === entry.size
      ? undefined
      : `${entry.name} inflates to less than its zip entry declares`;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
      ? lies
      : `${entry.name} does not inflate`;
  }
}

/**
 * Why a workbook must not be loaded to compare its rows (it inflates past `limit`, or an entry
 * lies about its size), or undefined when it may.
 */
export function xlsxLoadProblem(zip: Buffer, limit: number): string | undefined {
  const entries = entriesOf(zip);
  if (typeof entries === 'string') return entries;
  const total = entries.reduce((sum, e) => sum + e.size, 0);
  if (total > limit) return `it inflates to ${total} bytes, more than the ${limit} bytes compared row by row`;
  for (const entry of entries) {
    const problem = entryProblem(zip, entry);
    if (problem) return `${problem}, so its rows are not compared`;
  }
  return undefined;
}
