/** `xl/styles.xml`: only what the model needs, the number format of each cell style. */
import { builtinNumberFormat } from './numberFormats.js';
import { parseXml } from './xml.js';

/** The number format code of each cell style (`cellXfs` index → code). */
export function parseStyles(xml: Uint8Array | string, part: string): string[] {
  const custom = new Map<number, string>();
  const xfFormatIds: number[] = [];
  let section = '';
  parseXml(
    xml,
    {
      open(name, attrs) {
        if (name === 'numFmts' || name === 'cellXfs') section = name;
        else if (name === 'numFmt' && section === 'numFmts') {
          const id = Number(attrs.numFmtId);
          if (Number.isInteger(id) && attrs.formatCode !== undefined) custom.set(id, attrs.formatCode);
        } else if (name === 'xf' && section === 'cellXfs') {
          const id = Number(attrs.numFmtId ?? 0);
          xfFormatIds.push(Number.isInteger(id) ? id : 0);
        }
      },
      close(name) {
        if (name === section) section = '';
      },
      text() {},
    },
    part,
  );
  // A custom entry wins even for a built-in id: that is what Excel displays.
  return xfFormatIds.map((id) => custom.get(id) ?? builtinNumberFormat(id));
}
