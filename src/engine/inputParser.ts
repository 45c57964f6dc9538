/**
 * Reads an input value the way Excel reads what a person types into a General cell
 * (spec/API.md §4): numbers, percentages, currency, dates and times in the request culture,
 * TRUE/FALSE and error literals. The recognition itself is numfmt's Excel-mode parser,
 * whose rules were taken from Excel; this file adds what it leaves out (errors, `=`, the
 * quote prefix, cultures, the 1904 date system) and names the format Excel would apply.
 */
import { getLocale, parseValue } from 'numfmt';
import { BUILTIN_NUMBER_FORMATS } from '../workbook/numberFormats.js';
import type { InputValue, ParsedInput } from './types.js';

/** Options for {@link parseInput}. */
export interface ParseInputOptions {
  /** The workbook uses the 1904 date system: date serials count from 1/1/1904. */
  readonly date1904?: boolean;
}

const DEFAULT_CULTURE = 'en-US';

// The error literals Excel accepts as typed constants. The dynamic-array errors (#SPILL!,
// #CALC!, ...) are left out: we are not sure Excel accepts them typed, so they stay text.
const ERROR_LITERALS: ReadonlySet<string> = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
]);

// numfmt's parser reports built-in format ids; dates use the en-US codes in every culture because
// Text is always rendered en-US (displayText.ts).
const IMPLIED_FORMATS = BUILTIN_NUMBER_FORMATS;

// Format ids whose value is a calendar date (shifted in 1904 workbooks); times stay as they are.
const DATE_FORMAT_IDS: ReadonlySet<number> = new Set([14, 15, 16, 17, 22]);
const DAYS_1904 = 1462;

// Cultures numfmt lacks a territory for, mapped to one with the same day/month order.
const CULTURE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['en-IN', 'en-GB'],
  ['en-NZ', 'en-AU'],
  ['en-ZA', 'en-GB'],
  ['en-SG', 'en-GB'],
  ['en-MY', 'en-GB'],
]);

const SPACES = /[ \u00a0\u202f]/;
const SPACE_BETWEEN_DIGITS = /(?<=\d)[ \u00a0\u202f](?=\d)/g;

interface Culture {
  /** The numfmt locale tag to parse with. */
  readonly tag: string;
  /** The grouping separator is a space of some kind (fr-FR: U+202F), which people type as U+0020. */
  readonly spaceGroup: string | null;
}

const MAX_CULTURES = 200;
const cultures = new Map<string, Culture>();

/** Resolves a culture name (`en-US`, `de_de`, `fr`) to a numfmt locale; unknown names mean en-US. */
function resolveCulture(name: string | undefined): Culture {
  const key = name ?? DEFAULT_CULTURE;
  let culture = cultures.get(key);
  if (culture !== undefined) return culture;
  culture = lookupCulture(key);
  if (cultures.size >= MAX_CULTURES) cultures.clear();
  cultures.set(key, culture);
  return culture;
}

function lookupCulture(name: string): Culture {
  const m = /^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}))?$/.exec(name.trim());
  const lang = m?.[1];
  if (m === null || lang === undefined) return { tag: DEFAULT_CULTURE, spaceGroup: null };
  let tag = m[2] === undefined ? lang.toLowerCase() : `${lang.toLowerCase()}-${m[2].toUpperCase()}`;
  tag = CULTURE_ALIASES.get(tag) ?? tag;
  let data: ReturnType<typeof getLocale>;
  try {
    data = getLocale(tag);
  } catch {
    data = undefined;
  }
  if (data === undefined) return { tag: DEFAULT_CULTURE, spaceGroup: null };
  return { tag, spaceGroup: SPACES.test(data.group) ? data.group : null };
}

const EMPTY: ParsedInput = Object.freeze({ value: Object.freeze({ kind: 'empty' as const }) });
const TRUE: ParsedInput = Object.freeze({ value: Object.freeze({ kind: 'boolean' as const, value: true }) });
const FALSE: ParsedInput = Object.freeze({
  value: Object.freeze({ kind: 'boolean' as const, value: false }),
});

/** Reads one input value as Excel reads typed text, in `culture` (default en-US). */
export function parseInput(v: InputValue, culture?: string, opts?: ParseInputOptions): ParsedInput {
  if (v === null || v === '') return EMPTY;
  if (typeof v === 'boolean') return v ? TRUE : FALSE;
  if (typeof v === 'number') {
    // JSON cannot carry these, but a caller can; Excel would have nothing but an error for them.
    if (!Number.isFinite(v)) return { value: { kind: 'error', value: '#NUM!' } };
    return { value: { kind: 'number', value: v === 0 ? 0 : v } };
  }
  return parseText(v, resolveCulture(culture), opts?.date1904 === true);
}

function text(s: string): ParsedInput {
  return { value: { kind: 'text', value: s } };
}

function parseText(raw: string, culture: Culture, date1904: boolean): ParsedInput {
  const first = raw.charCodeAt(0);
  // A formula is never created from input (no formula injection): it stays text.
  if (first === 61 /* = */) return text(raw);
  // Excel's quote prefix: the apostrophe is not part of the value and forces text.
  if (first === 39 /* ' */) return text(raw.slice(1));

  const s = raw.trim();
  if (s === '') return text(raw);
  if (s.charCodeAt(0) === 35 /* # */) {
    // Excel takes error literals in any case and stores them upper-cased.
    const code = s.toUpperCase();
    return ERROR_LITERALS.has(code) ? { value: { kind: 'error', value: code } } : text(raw);
  }

  const input = culture.spaceGroup === null ? s : s.replace(SPACE_BETWEEN_DIGITS, culture.spaceGroup);
  let parsed: ReturnType<typeof parseValue>;
  try {
    parsed = parseValue(input, { locale: culture.tag });
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) return text(raw);
  if (typeof parsed.value === 'boolean') return parsed.value ? TRUE : FALSE;

  let value = parsed.value === 0 ? 0 : parsed.value;
  const id = parsed.formatId;
  if (id !== undefined && date1904 && DATE_FORMAT_IDS.has(id)) {
    value -= DAYS_1904;
    // Days before 1/1/1904 do not exist in a 1904 workbook; Excel keeps such input as text.
    if (value < 0) return text(raw);
  }
  const impliedFormat = id === undefined ? undefined : IMPLIED_FORMATS.get(id);
  const result: { value: { kind: 'number'; value: number }; impliedFormat?: string } = {
    value: { kind: 'number', value },
  };
  if (impliedFormat !== undefined) result.impliedFormat = impliedFormat;
  return result;
}
