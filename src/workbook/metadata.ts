/**
 * `xl/metadata.xml`: which `cm` (cell metadata) indices mark dynamic-array formulas.
 * A `<c cm="k">` points at the k-th `<bk>` of `<cellMetadata>` (1-based); its `<rc t v>` names
 * a metadata type (1-based) and a 0-based block of that type's `<futureMetadata>`, which for
 * `XLDAPR` carries `<xda:dynamicArrayProperties fDynamic="1">`.
 */
import { parseXml } from './xml.js';

/** The set of `cm` values whose formulas are dynamic arrays. */
export function parseDynamicArrayMetadata(xml: Uint8Array | string, part: string): Set<number> {
  const typeNames: string[] = [];
  const dynamicBlocks = new Map<string, Set<number>>();
  const cellBlocks: { t: number; v: number }[][] = [];
  let futureName: string | undefined;
  let futureIndex = -1;
  let inCellMetadata = false;
  parseXml(
    xml,
    {
      open(name, attrs) {
        if (name === 'metadataType') typeNames.push(attrs.name ?? '');
        else if (name === 'futureMetadata') {
          futureName = attrs.name ?? '';
          futureIndex = -1;
        } else if (name === 'cellMetadata') inCellMetadata = true;
        else if (name === 'bk') {
          if (futureName !== undefined) futureIndex++;
          else if (inCellMetadata) cellBlocks.push([]);
        } else if (name === 'dynamicArrayProperties' && futureName !== undefined) {
          if (attrs.fDynamic === '1' || attrs.fDynamic === 'true') {
            const set = dynamicBlocks.get(futureName) ?? new Set<number>();
            set.add(futureIndex);
            dynamicBlocks.set(futureName, set);
          }
        } else if (name === 'rc' && inCellMetadata) {
          cellBlocks[cellBlocks.length - 1]?.push({ t: Number(attrs.t), v: Number(attrs.v) });
        }
      },
      close(name) {
        if (name === 'futureMetadata') futureName = undefined;
        else if (name === 'cellMetadata') inCellMetadata = false;
      },
      text() {},
    },
    part,
  );
  const dynamic = new Set<number>();
  cellBlocks.forEach((records, i) => {
    for (const { t, v } of records) {
      const typeName = typeNames[t - 1];
      if (typeName !== undefined && dynamicBlocks.get(typeName)?.has(v)) dynamic.add(i + 1);
    }
  });
  return dynamic;
}
