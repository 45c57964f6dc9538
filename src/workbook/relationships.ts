/** Package relationships (`_rels/*.rels`): how parts find each other, never by hard-coded paths. */
import { parseXml } from './xml.js';

/** One `<Relationship>`, its target resolved to a part name. */
export interface Relationship {
  readonly id: string;
  /** The full relationship type URI (transitional or strict namespace). */
  readonly type: string;
  /** For internal targets, the resolved part name without a leading `/` (`xl/worksheets/sheet1.xml`). */
  readonly target: string;
  readonly external: boolean;
}

/** The relationships part belonging to `part`; `''` is the package itself (`_rels/.rels`). */
export function relsPartFor(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the part that owns the relationship. */
export function resolveTarget(source: string, target: string): string {
  const clean = target.replace(/\\/g, '/').replace(/[#?].*$/, '');
  const base = clean.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const seg of clean.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') base.pop();
    else base.push(seg);
  }
  return base.join('/');
}

/** True when the relationship type ends with `/kind` (works for transitional and strict URIs). */
export function isRelType(rel: Relationship, kind: string): boolean {
  return rel.type.endsWith(`/${kind}`);
}

/** Parses a `.rels` part; `source` is the part whose relationships these are (`''` for the package). */
export function parseRelationships(
  xml: Uint8Array | string,
  relsPart: string,
  source: string,
): Relationship[] {
  const rels: Relationship[] = [];
  parseXml(
    xml,
    {
      open(name, attrs) {
        if (name !== 'Relationship') return;
        const target = attrs.Target ?? '';
        const external = attrs.TargetMode === 'External';
        rels.push({
          id: attrs.Id ?? '',
          type: attrs.Type ?? '',
          target: external ? target : resolveTarget(source, target),
          external,
        });
      },
      close() {},
      text() {},
    },
    relsPart,
  );
  return rels;
}
