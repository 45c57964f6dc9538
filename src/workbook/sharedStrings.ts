/** `xl/sharedStrings.xml`: the workbook's string table, rich text flattened to plain text. */
import { decodeOoxmlString } from './ooxmlString.js';
import { parseXml } from './xml.js';

/** Reads the table in order; rich-text runs are concatenated and phonetic (`<rPh>`) runs ignored. */
export function parseSharedStrings(xml: Uint8Array | string, part: string): string[] {
  const strings: string[] = [];
  let current = '';
  let inItem = false;
  let inText = false;
  let phoneticDepth = 0;
  parseXml(
    xml,
    {
      open(name) {
        if (name === 'si') {
          inItem = true;
          current = '';
        } else if (name === 'rPh') phoneticDepth++;
        else if (name === 't' && inItem && phoneticDepth === 0) inText = true;
      },
      close(name) {
        if (name === 'si') {
          strings.push(decodeOoxmlString(current));
          inItem = false;
        } else if (name === 'rPh') phoneticDepth--;
        else if (name === 't') inText = false;
      },
      text(text) {
        if (inText) current += text;
      },
    },
    part,
  );
  return strings;
}
