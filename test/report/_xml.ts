/**
 * A deliberately small, strict XML reader for the JUnit tests: elements, attributes, text and
 * the five entities plus numeric references. Throws on anything malformed (unbalanced tags, a raw
 * `<` or `&` in text or attributes, characters XML 1.0 forbids) so the tests prove well-formedness.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(raw))
    throw new Error(`unescaped markup in ${JSON.stringify(raw)}`);
  return raw.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_m, e: string) =>
    e.startsWith('#x') || e.startsWith('#X')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(parseInt(e.slice(1), 10))
        : (ENTITIES[e] ?? ''),
  );
}

/** Parses a document into its root element. */
export function parseXml(xml: string): XmlElement {
  // eslint-disable-next-line no-control-regex -- the control characters XML forbids are what it looks for
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('forbidden control character');
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+="[^"]*")*)\s*(\/?)>/g;
  const stack: XmlElement[] = [{ name: '#document', attrs: {}, children: [], text: '' }];
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const top = stack[stack.length - 1]!;
    top.text += decode(body.slice(last, m.index));
    last = tag.lastIndex;
    const [, close, name, rawAttrs, selfClose] = m as unknown as [string, string, string, string, string];
    if (close) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs.matchAll(/([\w.-]+)="([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    const el: XmlElement = { name, attrs, children: [], text: '' };
    top.children.push(el);
    if (!selfClose) stack.push(el);
  }
  if (body.slice(last).trim() !== '') throw new Error('trailing content');
  if (stack.length !== 1 || stack[0]!.children.length !== 1) throw new Error('unbalanced document');
  return stack[0]!.children[0]!;
}

/** Every descendant element named `name`, in document order. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}
