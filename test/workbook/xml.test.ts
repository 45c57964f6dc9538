import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeXml, parseXml, type XmlAttrs } from '../../src/workbook/xml.js';
import { assertWorkbookError } from './helpers.js';

type Event = ['open', string, XmlAttrs] | ['close', string] | ['text', string];

function events(xml: string | Uint8Array): Event[] {
  const out: Event[] = [];
  parseXml(
    xml,
    {
      open: (name, attrs) => out.push(['open', name, attrs]),
      close: (name) => out.push(['close', name]),
      text: (text) => out.push(['text', text]),
    },
    'test.xml',
  );
  return out;
}

function textOf(xml: string): string {
  return events(xml)
    .filter((e): e is ['text', string] => e[0] === 'text')
    .map((e) => e[1])
    .join('');
}

describe('xml parser', () => {
  it('reports elements, attributes and text in document order', () => {
    assert.deepEqual(events('<?xml version="1.0"?>\n<a x="1" y=\'two\'><b/>hi<c z = "3" >t</c></a>'), [
      ['open', 'a', { x: '1', y: 'two' }],
      ['open', 'b', {}],
      ['close', 'b'],
      ['text', 'hi'],
      ['open', 'c', { z: '3' }],
      ['text', 't'],
      ['close', 'c'],
      ['close', 'a'],
    ]);
  });

  it('strips namespace prefixes and drops xmlns declarations', () => {
    assert.deepEqual(events('<x:a xmlns:x="urn:x" xmlns="urn:d" r:id="rId1"><x:c/></x:a>'), [
      ['open', 'a', { id: 'rId1' }],
      ['open', 'c', {}],
      ['close', 'c'],
      ['close', 'a'],
    ]);
  });

  it('decodes the five predefined entities and numeric character references', () => {
    assert.equal(textOf('<a>&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x1F600;</a>'), `<>&"' AB\u{1F600}`);
    const [open] = events('<a v="1 &lt; 2 &amp;&#10;x"/>');
    assert.deepEqual(open, ['open', 'a', { v: '1 < 2 &\nx' }]);
  });

  it('keeps CDATA verbatim and skips comments and processing instructions', () => {
    assert.equal(textOf('<a><!-- <b> --><![CDATA[<b>&amp;</b>]]><?pi data?>z</a>'), '<b>&amp;</b>z');
  });

  it('normalises line ends in text and whitespace in attributes', () => {
    assert.equal(textOf('<a>1\r\n2\r3</a>'), '1\n2\n3');
    assert.deepEqual(events('<a v="x\ty\nz"/>')[0], ['open', 'a', { v: 'x y z' }]);
  });

  it('decodes UTF-16 with a byte order mark and UTF-8 with one', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>é</a>', 'utf16le')]);
    assert.equal(decodeXml(utf16), '<a>é</a>');
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>é</a>')]);
    assert.equal(textOf(decodeXml(utf8)), 'é');
  });

  it('refuses a DTD without expanding anything (billion laughs)', () => {
    const seen: string[] = [];
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    assertWorkbookError(
      () =>
        parseXml(
          lol,
          { open: (n) => seen.push(n), close() {}, text: (t) => seen.push(t) },
          'xl/workbook.xml',
        ),
      'DTD_FORBIDDEN',
      /xl\/workbook\.xml/,
    );
    assert.deepEqual(seen, []);
  });

  it('refuses an external entity and never reads the file', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    assertWorkbookError(() => events(xxe), 'DTD_FORBIDDEN');
    assertWorkbookError(() => events('<r><!ENTITY x "y"></r>'), 'DTD_FORBIDDEN');
    assertWorkbookError(() => events('<!doctype r><r/>'), 'DTD_FORBIDDEN');
  });

  it('treats an undefined entity as malformed instead of looking it up', () => {
    assertWorkbookError(() => events('<r>&x;</r>'), 'BAD_XML', /&x;/);
    assertWorkbookError(() => events('<r>&#0;</r>'), 'BAD_XML');
    assertWorkbookError(() => events('<r>a & b</r>'), 'BAD_XML');
  });

  it('rejects malformed documents with the part name and line', () => {
    const err = assertWorkbookError(() => events('<a>\n<b>\n</a>'), 'BAD_XML', /test\.xml.*line 3/);
    assert.equal(err.part, 'test.xml');
    assertWorkbookError(() => events('<a><b></a>'), 'BAD_XML');
    assertWorkbookError(() => events('<a>'), 'BAD_XML', /<a>/);
    assertWorkbookError(() => events('<a x="1></a>'), 'BAD_XML');
    assertWorkbookError(() => events('<a x=1/>'), 'BAD_XML');
    assertWorkbookError(() => events('<a/><b/>'), 'BAD_XML');
    assertWorkbookError(() => events('</a>'), 'BAD_XML');
    assertWorkbookError(() => events('text<a/>'), 'BAD_XML');
    assertWorkbookError(() => events(''), 'BAD_XML');
    assertWorkbookError(() => events('<a><!-- open</a>'), 'BAD_XML');
    assertWorkbookError(
      () => events(`${'<a>'.repeat(1001)}${'</a>'.repeat(1001)}`),
      'BAD_XML',
      /deeper than 1000/,
    );
  });

  it('parses a 100k-cell sheet quickly', () => {
    const rows: string[] = [];
    for (let r = 1; r <= 50_000; r++)
      rows.push(
        `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"><f>A${r}*2</f><v>${r * 2}</v></c></row>`,
      );
    const xml = `<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`;
    let opens = 0;
    const start = performance.now();
    parseXml(xml, { open: () => opens++, close() {}, text() {} }, 'big.xml');
    const ms = performance.now() - start;
    assert.equal(opens, 2 + 50_000 * 6);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });
});
