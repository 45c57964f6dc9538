import { tokenize } from '@borgar/fx/xlsx';
import type { DefinedName } from '../../workbook/model.js';
import { SCALAR_FUNCTIONS } from './scalarFunctions.js';

/** A named LAMBDA (`cal_month = LAMBDA(m, …)`), inlined at each call as LET. */
export interface LambdaName {
  readonly params: readonly string[];
  readonly body: string;
}

interface Tok {
  readonly type: string;
  readonly value: string;
}

const MAX_INLINE_DEPTH = 8;

/**
 * Rewrites Excel formulas into the dialect IronCalc evaluates like Excel:
 * - calls of named LAMBDAs become `LET(param, arg, …, body)` (IronCalc names are references only);
 * - in legacy (non-spilling) formulas, a multi-cell range in a single-value position gets `@`,
 *   Excel's implicit intersection, instead of spilling;
 * - `_xlfn.SINGLE(x)` is Excel's saved form of `@x`; `_xlpm.` parameter prefixes are dropped.
 */
export class FormulaRewriter {
  readonly #lambdas: Map<string, LambdaName>;
  readonly #multiCellNames: Set<string>;

  constructor(names: readonly DefinedName[], multiCellNames: Iterable<string>) {
    this.#lambdas = new Map();
    for (const n of names) {
      const lambda = parseLambda(n.formula);
      if (lambda) this.#lambdas.set(n.name.toUpperCase(), lambda);
    }
    this.#multiCellNames = new Set([...multiCellNames].map((n) => n.toUpperCase()));
  }

  /** The LAMBDA names, which must not be defined as names in the engine. */
  isLambdaName(name: string): boolean {
    return this.#lambdas.has(name.toUpperCase());
  }

  /** Rewrites one cell formula (without `=`); `legacy` is true for non-array, non-dynamic cells. */
  rewrite(formula: string, legacy: boolean): string {
    let text = formula.replaceAll('_xlpm.', '');
    if (this.#lambdas.size > 0) {
      for (let depth = 0; depth < MAX_INLINE_DEPTH; depth++) {
        const next = this.#inlineLambdas(text);
        if (next === text) break;
        text = next;
      }
    }
    return legacy ? this.#intersect(text) : text.replace(/_xlfn\.SINGLE\(/gi, '@(');
  }

  #inlineLambdas(formula: string): string {
    const toks = lex(formula);
    let changed = false;
    const out: string[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i] as Tok;
      const lambda = t.type === 'func' ? this.#lambdas.get(stripPrefix(t.value).toUpperCase()) : undefined;
      if (!lambda) {
        out.push(t.value);
        continue;
      }
      const call = callArguments(toks, i + 1);
      if (!call) {
        out.push(t.value);
        continue;
      }
      const pairs = lambda.params.flatMap((p, k) => [p, call.args[k]?.trim() || '0']);
      out.push(pairs.length > 0 ? `LET(${pairs.join(',')},${lambda.body})` : `(${lambda.body})`);
      i = call.end;
      changed = true;
    }
    return changed ? out.join('') : formula;
  }

  /** Adds `@` to ranges that stand where one value is expected in a legacy formula. */
  #intersect(formula: string): string {
    const toks = lex(formula);
    // One frame per open parenthesis: does everything enclosing it take single values?
    const scalar: boolean[] = [];
    let pendingFunc: string | null = null;
    const out: string[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i] as Tok;
      const inScalar = scalar.every(Boolean);
      if (t.type === 'func') {
        const name = stripPrefix(t.value).toUpperCase();
        if (name === 'SINGLE') {
          pendingFunc = '@';
          out.push('@');
          continue;
        }
        pendingFunc = name;
        out.push(t.value);
        continue;
      }
      if (t.type === 'operator' && t.value === '(') {
        scalar.push(pendingFunc === null || pendingFunc === '@' || SCALAR_FUNCTIONS.has(pendingFunc));
        pendingFunc = null;
      } else if (t.type === 'operator' && t.value === ')') scalar.pop();
      else if (inScalar && isMultiCell(t, this.#multiCellNames) && out.at(-1) !== '@') out.push('@');
      out.push(t.value);
    }
    return out.join('');
  }
}

function lex(formula: string): Tok[] {
  return tokenize(formula, { mergeRefs: true, allowTernary: false }) as Tok[];
}

function stripPrefix(name: string): string {
  return name.replace(/^(_xlfn\.|_xlws\.)+/i, '');
}

function isMultiCell(t: Tok, multiCellNames: ReadonlySet<string>): boolean {
  if (t.type === 'range_beam') return true;
  if (t.type === 'range') return t.value.includes(':');
  if (t.type === 'range_named') return multiCellNames.has(t.value.toUpperCase());
  return false;
}

/** The arguments of a call whose `(` is at index `open`, split at top-level commas. */
function callArguments(toks: readonly Tok[], open: number): { args: string[]; end: number } | null {
  if (toks[open]?.value !== '(') return null;
  const args: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = open + 1; i < toks.length; i++) {
    const t = toks[i] as Tok;
    if (t.type === 'operator' && t.value === '(') depth++;
    if (t.type === 'operator' && t.value === ')') {
      if (depth === 0) {
        if (current.trim() !== '' || args.length > 0) args.push(current);
        return { args, end: i };
      }
      depth--;
    }
    if (depth === 0 && t.type === 'operator' && t.value === ',') {
      args.push(current);
      current = '';
      continue;
    }
    current += t.value;
  }
  return null;
}

/** `LAMBDA(a, b, body)` → params and body; null for any other definition. */
export function parseLambda(definition: string): LambdaName | null {
  const text = definition.trim().replace(/^=/, '').replaceAll('_xlpm.', '');
  const toks = lex(text);
  const head = toks[0];
  if (head?.type !== 'func' || stripPrefix(head.value).toUpperCase() !== 'LAMBDA') return null;
  const call = callArguments(toks, 1);
  if (!call || call.end !== toks.length - 1 || call.args.length === 0) return null;
  const body = call.args.at(-1) as string;
  return { params: call.args.slice(0, -1).map((p) => p.trim()), body };
}
