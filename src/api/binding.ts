/**
 * Lenient request binding (spec §1), declared once per method:
 *
 * ```ts
 * const CloseRequest = t.object({ ApplicationKey: t.string(), SessionId: t.string() });
 * type CloseRequest = Out<typeof CloseRequest>;          // { ApplicationKey: string; SessionId: string }
 * const req = bind(CloseRequest, { applicationkey: 'a4dc…', sessionId: 25 });  // SessionId: '25'
 * ```
 *
 * Rules, as ASP.NET binds: property names match case-insensitively (the declared spelling is
 * used in the result and in messages); a number may arrive as a string and a string as a number;
 * `null`, an absent property and `""` all mean "no value"; unknown properties are ignored.
 * A field is required unless `.optional()` or `.default(v)`. The first problem found becomes an
 * `ApiError` naming the full property path (`Inputs[0].Value[1][0].Value`).
 *
 * Speed: binding runs on every request, so specs are compiled to closures once; the success path
 * allocates only the result, and paths are built only when something fails.
 */
import { ApiError } from './outcomes.js';

/** A JSON Schema fragment, used only to document the API (`/openapi.json`). */
export type JsonSchema = Record<string, unknown>;

/** Thrown inside the binder; containers prepend their segment on the way out. Not an Error: no stack to capture. */
class BindFailure {
  /** Innermost segment first. */
  readonly path: (string | number)[] = [];
  constructor(
    readonly missing: boolean,
    readonly expected: string,
  ) {}
}

function invalid(expected: string): BindFailure {
  return new BindFailure(false, expected);
}

function within(err: unknown, segment: string | number): unknown {
  if (err instanceof BindFailure) err.path.push(segment);
  return err;
}

/**
 * One property's spec: how to convert a present value to `T`, whether it is required, its
 * default and its documentation. `Present` says whether the bound result always has it.
 * Immutable: `.optional()`, `.default()` and `.describe()` return new specs.
 */
export class Field<T, Present extends boolean = true> {
  /** Type-level only: the bound value's type. */
  declare readonly __out: T;
  /** Type-level only: whether the bound object always has the property. */
  declare readonly __present: Present;

  constructor(
    /** Converts a value that is neither null, undefined nor `""`; throws `BindFailure`. */
    readonly convert: (value: unknown) => T,
    private readonly baseSchema: () => JsonSchema,
    readonly required = true,
    readonly hasDefault = false,
    readonly defaultValue: T | undefined = undefined,
    readonly description: string | undefined = undefined,
  ) {}

  /** The property may be absent; the bound object then has it `undefined`. */
  optional(): Field<T, false> {
    return this.with<T, false>({ required: false, hasDefault: false, defaultValue: undefined });
  }

  /** The property may be absent; the bound object then has `value` (arrays/objects copied per request). */
  default(value: T): Field<T, true> {
    return this.with<T, true>({ required: false, hasDefault: true, defaultValue: value });
  }

  /** Documentation shown in `/openapi.json`. */
  describe(text: string): Field<T, Present> {
    return this.with<T, Present>({ description: text });
  }

  /** Binds one raw value (absent/null/`""` handled here, once for every kind). */
  bind(value: unknown): T | undefined {
    if (value === undefined || value === null || value === '') {
      if (this.hasDefault) return copyDefault(this.defaultValue);
      if (this.required) throw new BindFailure(true, '');
      return undefined;
    }
    return this.convert(value);
  }

  /** JSON Schema for documentation. */
  schema(): JsonSchema {
    const s = { ...this.baseSchema() };
    if (this.description !== undefined) s.description = this.description;
    if (this.hasDefault) s.default = this.defaultValue;
    return s;
  }

  /** Clones keeping the subclass (an object spec keeps its `shape`). */
  private with<T2, P2 extends boolean>(changes: Partial<Field<T2, P2>>): Field<T2, P2> {
    return Object.assign(Object.create(Object.getPrototypeOf(this)), this, changes);
  }
}

function copyDefault<T>(value: T): T {
  if (Array.isArray(value)) return value.slice() as T;
  if (typeof value === 'object' && value !== null) return { ...value };
  return value;
}

/** The properties of an object spec. */
export type Shape = { readonly [name: string]: Field<unknown, boolean> };

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The bound type of a spec (like TypeBox's `Static`). */
export type Out<F> = F extends Field<infer T, boolean> ? T : never;

/** The bound type of an object shape: present properties required, the others optional. */
export type ObjectOut<S extends Shape> = Simplify<
  { -readonly [K in keyof S as S[K] extends Field<unknown, true> ? K : never]: Out<S[K]> } & {
    -readonly [K in keyof S as S[K] extends Field<unknown, true> ? never : K]?: Out<S[K]>;
  }
>;

/** An object spec; `shape` lets the framework inspect declared properties (e.g. ApplicationKey). */
export class ObjectField<S extends Shape> extends Field<ObjectOut<S>> {
  constructor(readonly shape: S) {
    super(objectConverter(shape) as (value: unknown) => ObjectOut<S>, () => objectSchema(shape));
  }
}

function objectConverter(shape: Shape): (value: unknown) => Record<string, unknown> {
  const names = Object.keys(shape);
  const fields = names.map((name) => shape[name] as Field<unknown, boolean>);
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  names.forEach((name, i) => {
    exact.set(name, i);
    folded.set(name.toLowerCase(), i);
  });
  const count = names.length;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('an object');
    const source = value as Record<string, unknown>;
    const found: unknown[] = new Array(count);
    // Exact spelling first: the common case costs no toLowerCase. Case variants: last one wins.
    for (const key of Object.keys(source)) {
      const i = exact.get(key) ?? folded.get(key.toLowerCase());
      if (i !== undefined) found[i] = source[key];
    }
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const name = names[i] as string;
      try {
        out[name] = (fields[i] as Field<unknown, boolean>).bind(found[i]);
      } catch (err) {
        throw within(err, name);
      }
    }
    return out;
  };
}

function objectSchema(shape: Shape): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(shape)) {
    properties[name] = field.schema();
    if (field.required) required.push(name);
  }
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
}

/** Numeric text in invariant form: `12`, ` -1.5 `, `1e-7`, `.5`. No hex, no `Infinity`, no separators. */
const NUMERIC_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
  return undefined;
}

/** Range constraints for numbers; `oneOf` lists the only allowed values (enums). */
export interface NumberOptions {
  readonly min?: number;
  readonly max?: number;
  readonly oneOf?: readonly number[];
}

function joinOr(values: readonly number[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

function numberPhrase(noun: string, opts: NumberOptions): string {
  if (opts.oneOf) return `one of ${joinOr(opts.oneOf)}`;
  const article = noun === 'integer' ? 'an' : 'a';
  if (opts.min !== undefined && opts.max !== undefined)
    return `${article} ${noun} from ${opts.min} to ${opts.max}`;
  if (opts.min !== undefined) return `${article} ${noun} of at least ${opts.min}`;
  if (opts.max !== undefined) return `${article} ${noun} of at most ${opts.max}`;
  return `${article} ${noun}`;
}

function numberField(integer: boolean, opts: NumberOptions): Field<number> {
  const expected = numberPhrase(integer ? 'integer' : 'number', opts);
  const { min = -Infinity, max = Infinity, oneOf } = opts;
  const convert = (value: unknown): number => {
    const n = toNumber(value);
    if (n === undefined || n < min || n > max) throw invalid(expected);
    if (integer && !Number.isSafeInteger(n)) throw invalid(expected);
    if (oneOf && !oneOf.includes(n)) throw invalid(expected);
    return n;
  };
  const schema: JsonSchema = { type: integer ? 'integer' : 'number' };
  if (opts.min !== undefined) schema.minimum = opts.min;
  if (opts.max !== undefined) schema.maximum = opts.max;
  if (oneOf) schema.enum = [...oneOf];
  return new Field(convert, () => schema);
}

function stringField(): Field<string> {
  return new Field(
    (value) => {
      if (typeof value === 'string') return value;
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      throw invalid('a string');
    },
    () => ({ type: 'string' }),
  );
}

function boolField(): Field<boolean> {
  return new Field(
    (value) => {
      if (typeof value === 'boolean') return value;
      if (value === 1 || value === 0) return value === 1;
      if (typeof value === 'string') {
        const text = value.trim().toLowerCase();
        if (text === 'true' || text === '1') return true;
        if (text === 'false' || text === '0') return false;
      }
      throw invalid('true or false');
    },
    () => ({ type: 'boolean' }),
  );
}

/** A cell value as sent: string, number or boolean (null/`""` arrive as "no value"). */
export type Scalar = string | number | boolean;

function scalarField(): Field<Scalar> {
  return new Field(
    (value) => {
      if (typeof value === 'string' || typeof value === 'boolean') return value;
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw invalid('a string, number, boolean or null');
    },
    () => ({ anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true }),
  );
}

/** Standard or URL-safe alphabet, padding optional, whitespace ignored (as .NET's FromBase64String). */
const BASE64 = /^[A-Za-z0-9+/\-_\s]*={0,2}\s*$/;

function base64Field(): Field<Buffer> {
  return new Field(
    (value) => {
      if (typeof value !== 'string' || !BASE64.test(value)) throw invalid('base64-encoded data');
      return Buffer.from(value, 'base64');
    },
    () => ({ type: 'string', format: 'byte' }),
  );
}

function arrayField<T>(of: Field<T, boolean>, opts: { readonly maxItems?: number }): Field<T[]> {
  const { maxItems } = opts;
  const expected = maxItems === undefined ? 'an array' : `an array of at most ${maxItems} items`;
  return new Field(
    (value) => {
      if (!Array.isArray(value) || (maxItems !== undefined && value.length > maxItems))
        throw invalid(expected);
      const out = new Array<T>(value.length);
      for (let i = 0; i < value.length; i++) {
        try {
          out[i] = of.bind(value[i]) as T;
        } catch (err) {
          throw within(err, i);
        }
      }
      return out;
    },
    () =>
      maxItems === undefined
        ? { type: 'array', items: of.schema() }
        : { type: 'array', items: of.schema(), maxItems },
  );
}

/** Spec builders (the binder's equivalent of TypeBox's `Type`). */
export const t = {
  /** Text; numbers and booleans are accepted and turned into their text. */
  string: stringField,
  /** A safe integer; numeric text accepted. */
  int: (opts: NumberOptions = {}): Field<number> => numberField(true, opts),
  /** A finite number; numeric text accepted. */
  number: (opts: NumberOptions = {}): Field<number> => numberField(false, opts),
  /** `true`/`false`; also `"true"`/`"False"`, `1`/`0` and `"1"`/`"0"`. */
  bool: boolField,
  /** A string, number or boolean as sent (a cell value). */
  scalar: scalarField,
  /** Base64 text decoded to bytes. */
  base64: base64Field,
  /** Any JSON value, untouched (use sparingly: nothing is checked). */
  any: (): Field<unknown> =>
    new Field(
      (value) => value,
      () => ({}),
    ),
  /** An array whose items follow `of`; `maxItems` rejects longer arrays. */
  array: <T>(of: Field<T, boolean>, opts: { readonly maxItems?: number } = {}): Field<T[]> =>
    arrayField(of, opts),
  /** An object with the declared properties; others are ignored. */
  object: <S extends Shape>(shape: S): ObjectField<S> => new ObjectField(shape),
};

function formatPath(reversed: readonly (string | number)[]): string {
  let path = '';
  for (let i = reversed.length - 1; i >= 0; i--) {
    const segment = reversed[i];
    path += typeof segment === 'number' ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  }
  return path;
}

/**
 * Binds a request body to an object spec. An absent or `null` body counts as `{}`; any other
 * non-object body, a missing required property or a value of the wrong type throws `ApiError`.
 */
export function bind<S extends Shape>(spec: ObjectField<S>, body: unknown): ObjectOut<S> {
  if (body === undefined || body === null) return bindChecked(spec, {});
  if (typeof body !== 'object' || Array.isArray(body)) throw new ApiError('BodyNotObject');
  return bindChecked(spec, body);
}

function bindChecked<S extends Shape>(spec: ObjectField<S>, body: object): ObjectOut<S> {
  try {
    return spec.convert(body);
  } catch (err) {
    if (!(err instanceof BindFailure)) throw err;
    const property = formatPath(err.path);
    throw err.missing
      ? new ApiError('PropertyMissing', { property })
      : new ApiError('PropertyInvalid', { property, expected: err.expected });
  }
}
