/**
 * docs/format.md, generated from schemas/kontrak.schema.json (`npm run gen:docs`): every key of
 * the collection YAML format, its type and what it means, so a hint can point at one page that
 * never disagrees with the validator.
 */

/** The parts of a JSON Schema node the page shows. */
interface Node {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  items?: Node | boolean;
  oneOf?: Node[];
  anyOf?: Node[];
  properties?: Record<string, Node | boolean>;
  additionalProperties?: Node | boolean;
  required?: string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

/** The schema document: the top level plus its named definitions. */
export interface FormatSchema extends Node {
  title?: string;
  $defs?: Record<string, Node>;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const anchor = (name: string): string => `#${name.toLowerCase()}`;
const json = (value: unknown): string => `\`${JSON.stringify(value)}\``;

/** A node's type as a reader wants it: a link to a definition, an enum's values, `array of …`. */
function typeOf(node: Node | boolean | undefined): string {
  if (node === undefined || node === true) return 'any';
  if (node === false) return 'not allowed';
  if (node.$ref) {
    const name = node.$ref.replace('#/$defs/', '');
    return `[${name}](${anchor(name)})`;
  }
  if (node.const !== undefined) return json(node.const);
  if (node.enum) return node.enum.map(json).join(' | ');
  const union = node.oneOf ?? node.anyOf;
  if (union) return union.map(typeOf).join(' or ');
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  if (types.includes('array')) return `array of ${typeOf(node.items)}`;
  if (types.includes('object') && !node.properties && node.additionalProperties !== undefined)
    return `map of ${typeOf(node.additionalProperties)}`;
  return types.join(' or ') || 'any';
}

/** Limits worth a reader's eye: range, pattern, default. */
function limits(node: Node | boolean): string {
  if (typeof node === 'boolean') return '';
  const parts: string[] = [];
  if (node.minimum !== undefined || node.maximum !== undefined)
    parts.push(`${node.minimum ?? '…'}–${node.maximum ?? '…'}`);
  if (node.pattern) parts.push(`pattern \`${node.pattern}\``);
  if (node.default !== undefined) parts.push(`default ${json(node.default)}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** One section: the node's description and, when it is an object, a table of its keys. */
function section(title: string, node: Node): string[] {
  const out = [`## ${title}`, ''];
  if (node.description) out.push(node.description, '');
  if (!node.properties) {
    out.push(`Type: ${typeOf(node)}${limits(node)}.`, '');
    return out;
  }
  const required = new Set(node.required ?? []);
  out.push('| Key | Type | Required | Meaning |', '| --- | --- | --- | --- |');
  for (const [key, child] of Object.entries(node.properties)) {
    const description = typeof child === 'boolean' ? '' : (child.description ?? '');
    out.push(
      `| \`${key}\` | ${cell(typeOf(child))} | ${required.has(key) ? 'yes' : ''} | ${cell((description + limits(child)).trim())} |`,
    );
  }
  out.push('');
  return out;
}

/** The whole page. */
export function formatMarkdown(schema: FormatSchema): string {
  const out = [
    '# The collection format',
    '',
    '<!-- Generated from schemas/kontrak.schema.json by `npm run gen:docs`; a test fails when it is stale. -->',
    '',
    `${schema.title ?? 'kontrak collection file'}. ${schema.description ?? ''}`.trim(),
    '',
    'Keys not listed here are refused (E_UNKNOWN_KEY), with the closest known key suggested.',
    '',
    ...section('File', { ...schema, description: 'The top level of every file.' }),
  ];
  for (const [name, node] of Object.entries(schema.$defs ?? {})) out.push(...section(name, node));
  return `${out.join('\n').trimEnd()}\n`;
}
