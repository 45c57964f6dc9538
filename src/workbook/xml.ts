/**
 * A small, fast, non-validating SAX-style XML parser for OOXML parts.
 *
 * Safety: any DTD (`<!DOCTYPE`, `<!ENTITY`) is refused outright, so no entity is ever
 * defined, expanded or fetched; only the five predefined entities and numeric character
 * references are decoded. Namespace prefixes are dropped from element and attribute names
 * (`x:c` → `c`, `r:id` → `id`), which also makes strict-OOXML files read like transitional ones.
 */
import { WorkbookError } from './errors.js';

/** Attributes of one element, keyed by local name (prefix removed; `xmlns` declarations left out). */
export type XmlAttrs = Record<string, string>;

/** Receives the document as a stream of events. Self-closing elements give `open` then `close`. */
export interface XmlHandler {
  open(name: string, attrs: XmlAttrs): void;
  close(name: string): void;
  /** Character data (entities decoded, CDATA included), in one or more pieces. */
  text(text: string): void;
}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQUALS = 61;
const DQUOTE = 34;
const SQUOTE = 39;

const MAX_DEPTH = 1000;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const utf8 = new TextDecoder('utf-8');
const ATTR_WHITESPACE = /[\t\n]/g;

/** Decodes a part's bytes: UTF-8 unless a BOM or the first bytes say UTF-16. */
export function decodeXml(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === LT && b1 === 0))
    return new TextDecoder('utf-16le').decode(bytes);
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0 && b1 === LT))
    return new TextDecoder('utf-16be').decode(bytes);
  return utf8.decode(bytes);
}

/** Parses one part, calling `handler` for each event; throws WorkbookError BAD_XML or DTD_FORBIDDEN. */
export function parseXml(input: Uint8Array | string, handler: XmlHandler, part: string): void {
  const decoded = typeof input === 'string' ? input : decodeXml(input);
  // XML end-of-line handling: the parser sees only \n.
  const s = decoded.includes('\r') ? decoded.replace(/\r\n?/g, '\n') : decoded;
  const n = s.length;
  const stack: string[] = [];
  const localNames = new Map<string, string>();
  const local = (qname: string): string => {
    let name = localNames.get(qname);
    if (name === undefined) {
      const colon = qname.indexOf(':');
      name = colon < 0 ? qname : qname.slice(colon + 1);
      localNames.set(qname, name);
    }
    return name;
  };
  const fail = (what: string, at: number): WorkbookError => badXml(part, what, s, at);
  let rootDone = false;
  let i = 0;

  while (i < n) {
    const lt = s.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const raw = s.slice(i, textEnd);
      if (stack.length > 0) handler.text(raw.includes('&') ? decodeEntities(raw, fail, i) : raw);
      else if (raw.trim() !== '') throw fail('text appears outside the root element', i);
    }
    if (lt < 0) break;
    const c = s.charCodeAt(lt + 1);

    if (c === SLASH) {
      const gt = s.indexOf('>', lt + 2);
      if (gt < 0) throw fail('a closing tag is not terminated', lt);
      const qname = s.slice(lt + 2, gt).trimEnd();
      const open = stack.pop();
      if (open === undefined) throw fail(`the closing tag </${qname}> has no opening tag`, lt);
      if (open !== qname) throw fail(`the element <${open}> is closed by </${qname}>`, lt);
      handler.close(local(qname));
      if (stack.length === 0) rootDone = true;
      i = gt + 1;
      continue;
    }

    if (c === BANG) {
      if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt + 4);
        if (end < 0) throw fail('a comment is not terminated', lt);
        i = end + 3;
      } else if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end < 0) throw fail('a CDATA section is not terminated', lt);
        if (stack.length === 0) throw fail('a CDATA section appears outside the root element', lt);
        handler.text(s.slice(lt + 9, end));
        i = end + 3;
      } else {
        const decl = s.slice(lt + 2, lt + 9).toUpperCase();
        if (decl.startsWith('DOCTYPE') || decl.startsWith('ENTITY')) {
          throw new WorkbookError(
            'DTD_FORBIDDEN',
            `The part ${part} contains a document type declaration (DTD), which workbooks never need and which is refused because it could expand entities or read other files.`,
            part,
          );
        }
        throw fail('it contains an unknown <! declaration', lt);
      }
      continue;
    }

    if (c === QUESTION) {
      const end = s.indexOf('?>', lt + 2);
      if (end < 0) throw fail('a processing instruction is not terminated', lt);
      i = end + 2;
      continue;
    }

    // Start tag: name, attributes, then `>` or `/>`.
    let p = lt + 1;
    while (p < n) {
      const ch = s.charCodeAt(p);
      if (ch === GT || ch === SLASH || ch <= 32) break;
      p++;
    }
    if (p === lt + 1) throw fail('a "<" does not start a tag', lt);
    if (rootDone) throw fail('there is more than one root element', lt);
    const qname = s.slice(lt + 1, p);
    const attrs: XmlAttrs = {};
    let selfClosing = false;
    for (;;) {
      while (p < n && s.charCodeAt(p) <= 32) p++;
      const ch = s.charCodeAt(p);
      if (ch === GT) {
        p++;
        break;
      }
      if (ch === SLASH) {
        if (s.charCodeAt(p + 1) !== GT) throw fail(`the tag <${qname}> is malformed`, p);
        selfClosing = true;
        p += 2;
        break;
      }
      if (p >= n) throw fail(`the tag <${qname}> is not terminated`, lt);
      const nameStart = p;
      while (p < n) {
        const a = s.charCodeAt(p);
        if (a === EQUALS || a <= 32 || a === GT || a === SLASH) break;
        p++;
      }
      const attrName = s.slice(nameStart, p);
      while (p < n && s.charCodeAt(p) <= 32) p++;
      if (s.charCodeAt(p) !== EQUALS) throw fail(`the attribute ${attrName} of <${qname}> has no value`, p);
      p++;
      while (p < n && s.charCodeAt(p) <= 32) p++;
      const quote = s.charCodeAt(p);
      if (quote !== DQUOTE && quote !== SQUOTE) {
        throw fail(`the attribute ${attrName} of <${qname}> is not quoted`, p);
      }
      const end = s.indexOf(quote === DQUOTE ? '"' : "'", p + 1);
      if (end < 0) throw fail(`the attribute ${attrName} of <${qname}> is not terminated`, p);
      let value = s.slice(p + 1, end);
      if (value.includes('<')) throw fail(`the attribute ${attrName} of <${qname}> contains "<"`, p);
      p = end + 1;
      if (attrName === 'xmlns' || attrName.startsWith('xmlns:')) continue;
      // Attribute-value normalisation: literal tabs and newlines read as spaces.
      if (value.includes('\n') || value.includes('\t')) value = value.replace(ATTR_WHITESPACE, ' ');
      if (value.includes('&')) value = decodeEntities(value, fail, p);
      attrs[local(attrName)] = value;
    }
    const name = local(qname);
    handler.open(name, attrs);
    if (selfClosing) {
      handler.close(name);
      if (stack.length === 0) rootDone = true;
    } else {
      // OOXML nests a few dozen levels at most; a deeper document is an attack on memory.
      if (stack.length >= MAX_DEPTH) throw fail(`elements nest deeper than ${MAX_DEPTH} levels`, lt);
      stack.push(qname);
    }
    i = p;
  }

  if (stack.length > 0) throw fail(`it ends before the element <${stack[stack.length - 1]}> is closed`, n);
  if (!rootDone) throw fail('it contains no element', 0);
}

function decodeEntities(raw: string, fail: (what: string, at: number) => WorkbookError, at: number): string {
  let out = '';
  let last = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', last)) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) throw fail('an "&" does not start an entity reference', at + amp);
    const name = raw.slice(amp + 1, semi);
    let decoded: string | undefined;
    if (name.charCodeAt(0) === 35 /* # */) {
      const hex = name.charCodeAt(1) === 120; /* x */
      const digits = name.slice(hex ? 2 : 1);
      const code =
        /^[0-9a-fA-F]+$/.test(digits) && (hex || /^[0-9]+$/.test(digits))
          ? Number.parseInt(digits, hex ? 16 : 10)
          : Number.NaN;
      if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
        throw fail(`the character reference &${name}; is not a valid character`, at + amp);
      }
      decoded = String.fromCodePoint(code);
    } else {
      decoded = Object.hasOwn(PREDEFINED, name) ? PREDEFINED[name] : undefined;
      // Never looked up anywhere else: DTD-defined entities do not exist here.
      if (decoded === undefined) throw fail(`the entity &${name}; is not defined`, at + amp);
    }
    out += raw.slice(last, amp) + decoded;
    last = semi + 1;
  }
  return out + raw.slice(last);
}

function badXml(part: string, what: string, s: string, at: number): WorkbookError {
  let line = 1;
  for (let k = s.indexOf('\n'); k >= 0 && k < at; k = s.indexOf('\n', k + 1)) line++;
  return new WorkbookError(
    'BAD_XML',
    `The part ${part} is not well-formed XML: ${what} (line ${line}).`,
    part,
  );
}
