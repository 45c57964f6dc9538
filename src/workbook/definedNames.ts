/** Turns raw `<definedName>` entries into model names, telling references from constants and formulas. */
import { tokenize } from '@borgar/fx';
import type { DefinedName } from './model.js';

type Token = { type: string; value: string };

const LITERALS = new Set(['number', 'string', 'bool', 'error']);
const ARRAY_PUNCTUATION = new Set(['{', '}', ',', ';', '-', '+']);

/** reference: a single area (`Sheet1!$A$1:$B$2`); constant: a literal or array literal; formula: the rest. */
export function classifyDefinedName(formula: string): DefinedName['kind'] {
  let tokens: Token[];
  try {
    tokens = (tokenize(formula, { allowTernary: false }) as Token[]).filter(
      (t) => t.type !== 'whitespace' && t.type !== 'newline',
    );
  } catch {
    return 'formula';
  }
  const [first, second] = tokens;
  if (first === undefined) return 'formula';
  if (tokens.length === 1) {
    if (first.type === 'range' || first.type === 'range_beam') return 'reference';
    if (LITERALS.has(first.type)) return 'constant';
    return 'formula';
  }
  if (
    tokens.length === 2 &&
    first.type === 'operator' &&
    (first.value === '-' || first.value === '+') &&
    second?.type === 'number'
  ) {
    return 'constant';
  }
  if (first.type === 'operator' && first.value === '{' && tokens[tokens.length - 1]?.value === '}') {
    const literalOnly = tokens.every(
      (t) => LITERALS.has(t.type) || (t.type === 'operator' && ARRAY_PUNCTUATION.has(t.value)),
    );
    if (literalOnly) return 'constant';
  }
  return 'formula';
}
