import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bind, type Out, t } from '../../src/api/binding.js';
import { ApiError } from '../../src/api/outcomes.js';

/** Asserts that binding fails with exactly `message`. */
function fails(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
    assert.equal(err.message, message);
    return true;
  });
}

describe('binder: names and leniency', () => {
  const Spec = t.object({
    ApplicationKey: t.string(),
    RecordId: t.int().optional(),
    Rate: t.number().optional(),
    Save: t.bool().optional(),
    Note: t.string().optional(),
  });

  test('property names match case-insensitively and come out in the declared spelling', () => {
    const out = bind(Spec, { applicationkey: 'k', RECORDID: 3, rAtE: 0.5 });
    assert.deepEqual(out, { ApplicationKey: 'k', RecordId: 3, Rate: 0.5, Save: undefined, Note: undefined });
  });

  test('a number may arrive as a string and a string as a number', () => {
    const out = bind(Spec, {
      ApplicationKey: 12345,
      RecordId: '12',
      Rate: ' 1.5e3 ',
      Save: 'True',
      Note: true,
    });
    assert.equal(out.ApplicationKey, '12345');
    assert.equal(out.RecordId, 12);
    assert.equal(out.Rate, 1500);
    assert.equal(out.Save, true);
    assert.equal(out.Note, 'true');
  });

  test('empty string and null mean no value; unknown properties are ignored', () => {
    const out = bind(Spec, {
      ApplicationKey: 'k',
      RecordId: '',
      Rate: null,
      Extra: { deep: [1] },
      __proto__x: 1,
    });
    assert.equal(out.RecordId, undefined);
    assert.equal(out.Rate, undefined);
    assert.equal('Extra' in out, false);
  });

  test('missing required property → exact message', () => {
    fails(() => bind(Spec, {}), "The required property 'ApplicationKey' is missing.");
    fails(() => bind(Spec, { ApplicationKey: '' }), "The required property 'ApplicationKey' is missing.");
    fails(() => bind(Spec, { ApplicationKey: null }), "The required property 'ApplicationKey' is missing.");
  });

  test('wrong types → exact message naming the property', () => {
    fails(
      () => bind(Spec, { ApplicationKey: 'k', RecordId: 'abc' }),
      "The property 'RecordId' must be an integer.",
    );
    fails(
      () => bind(Spec, { ApplicationKey: 'k', RecordId: 1.5 }),
      "The property 'RecordId' must be an integer.",
    );
    fails(() => bind(Spec, { ApplicationKey: 'k', Rate: '1,5' }), "The property 'Rate' must be a number.");
    fails(
      () => bind(Spec, { ApplicationKey: 'k', Rate: 'Infinity' }),
      "The property 'Rate' must be a number.",
    );
    fails(() => bind(Spec, { ApplicationKey: 'k', Rate: '0x10' }), "The property 'Rate' must be a number.");
    fails(
      () => bind(Spec, { ApplicationKey: 'k', Save: 'yes' }),
      "The property 'Save' must be true or false.",
    );
    fails(() => bind(Spec, { ApplicationKey: { a: 1 } }), "The property 'ApplicationKey' must be a string.");
    fails(() => bind(Spec, { ApplicationKey: ['k'] }), "The property 'ApplicationKey' must be a string.");
  });

  test('a duplicated name in two casings: the later one wins', () => {
    assert.equal(bind(Spec, { applicationKey: 'a', ApplicationKey: 'b' }).ApplicationKey, 'b');
  });

  test('body: absent or null is {}, non-objects are refused', () => {
    const Empty = t.object({ Note: t.string().optional() });
    assert.deepEqual(bind(Empty, undefined), { Note: undefined });
    assert.deepEqual(bind(Empty, null), { Note: undefined });
    fails(() => bind(Empty, [1]), 'The request body must be a JSON object.');
    fails(() => bind(Empty, 'text'), 'The request body must be a JSON object.');
    fails(() => bind(Empty, 42), 'The request body must be a JSON object.');
  });

  test('bool accepts 1/0 and their text, nothing else numeric', () => {
    const B = t.object({ B: t.bool() });
    assert.equal(bind(B, { B: 1 }).B, true);
    assert.equal(bind(B, { B: '0' }).B, false);
    assert.equal(bind(B, { B: ' FALSE ' }).B, false);
    fails(() => bind(B, { B: 2 }), "The property 'B' must be true or false.");
  });
});

describe('binder: constraints and defaults', () => {
  test('ranges and enums are phrased in the message', () => {
    const S = t.object({
      Access: t.int({ oneOf: [0, 1, 2] }).optional(),
      Max: t.int({ min: 1 }).optional(),
      Page: t.int({ min: 0, max: 10 }).optional(),
      Change: t.number({ min: 0 }).optional(),
    });
    fails(() => bind(S, { Access: 3 }), "The property 'Access' must be one of 0, 1 or 2.");
    fails(() => bind(S, { Max: '0' }), "The property 'Max' must be an integer of at least 1.");
    fails(() => bind(S, { Page: 11 }), "The property 'Page' must be an integer from 0 to 10.");
    fails(() => bind(S, { Change: -1 }), "The property 'Change' must be a number of at least 0.");
    fails(() => bind(S, { Max: 2 ** 60 }), "The property 'Max' must be an integer of at least 1.");
    assert.equal(bind(S, { Access: '2' }).Access, 2);
    assert.equal(bind(S, { Max: '12.0' }).Max, 12);
  });

  test('defaults fill absent, null and empty-string values; array defaults are fresh copies', () => {
    const S = t.object({ N: t.int().default(1000), L: t.array(t.string()).default([]) });
    const a = bind(S, {});
    a.L.push('x'); // a handler mutating its default must not change the next request's
    assert.deepEqual(bind(S, {}), { N: 1000, L: [] });
    assert.deepEqual(bind(S, { n: '', l: null }), { N: 1000, L: [] });
    assert.equal(bind(S, { N: 5 }).N, 5);
  });

  test('maxItems', () => {
    const S = t.object({ L: t.array(t.int(), { maxItems: 2 }) });
    fails(() => bind(S, { L: [1, 2, 3] }), "The property 'L' must be an array of at most 2 items.");
  });

  test('base64 decodes, rejects what is not base64', () => {
    const S = t.object({ FileContent: t.base64() });
    assert.deepEqual(
      bind(S, { filecontent: Buffer.from('PK\x03\x04').toString('base64') }).FileContent,
      Buffer.from('PK\x03\x04'),
    );
    assert.deepEqual(bind(S, { FileContent: 'UEsD\r\nBA==' }).FileContent, Buffer.from('PK\x03\x04'));
    fails(
      () => bind(S, { FileContent: 'not base64!' }),
      "The property 'FileContent' must be base64-encoded data.",
    );
    fails(() => bind(S, { FileContent: 12 }), "The property 'FileContent' must be base64-encoded data.");
  });

  test('scalar keeps string/number/boolean and refuses structures', () => {
    const S = t.object({ V: t.scalar().optional() });
    assert.equal(bind(S, { V: '10%' }).V, '10%');
    assert.equal(bind(S, { V: 0 }).V, 0);
    assert.equal(bind(S, { V: false }).V, false);
    assert.equal(bind(S, { V: '' }).V, undefined);
    fails(() => bind(S, { V: [1] }), "The property 'V' must be a string, number, boolean or null.");
  });
});

describe('binder: nested paths', () => {
  const Spec = t.object({
    Inputs: t.array(
      t.object({ Ref: t.string(), Value: t.array(t.array(t.object({ Value: t.scalar().optional() }))) }),
    ),
    GoalSeek: t
      .object({ Enabled: t.bool().default(false), MaxIterations: t.int({ min: 1 }).default(1000) })
      .optional(),
    Requests: t
      .array(t.object({ Id: t.int(), Request: t.object({ Outputs: t.array(t.string()) }) }))
      .optional(),
  });

  test('binds nested objects and arrays leniently', () => {
    const out = bind(Spec, {
      inputs: [{ REF: 'LoanAmount', value: [[{ value: '400000' }], [{ VALUE: 5 }]] }],
      goalseek: { enabled: 'true' },
      requests: [{ id: '7', request: { outputs: ['MonthlyPayment', 42] } }],
    });
    assert.deepEqual(out, {
      Inputs: [{ Ref: 'LoanAmount', Value: [[{ Value: '400000' }], [{ Value: 5 }]] }],
      GoalSeek: { Enabled: true, MaxIterations: 1000 },
      Requests: [{ Id: 7, Request: { Outputs: ['MonthlyPayment', '42'] } }],
    });
  });

  test('errors name the full path', () => {
    fails(() => bind(Spec, { Inputs: [{ Value: [] }] }), "The required property 'Inputs[0].Ref' is missing.");
    fails(
      () => bind(Spec, { Inputs: [{ Ref: 'A1', Value: [[{}], [{ Value: 1 }, { Value: {} }]] }] }),
      "The property 'Inputs[0].Value[1][1].Value' must be a string, number, boolean or null.",
    );
    fails(() => bind(Spec, { Inputs: {} }), "The property 'Inputs' must be an array.");
    fails(
      () => bind(Spec, { Inputs: [], GoalSeek: { MaxIterations: 0 } }),
      "The property 'GoalSeek.MaxIterations' must be an integer of at least 1.",
    );
    fails(() => bind(Spec, { Inputs: [], GoalSeek: 'on' }), "The property 'GoalSeek' must be an object.");
    fails(
      () => bind(Spec, { Inputs: [], Requests: [{ Id: 1, Request: { Outputs: ['A1', null] } }] }),
      "The required property 'Requests[0].Request.Outputs[1]' is missing.",
    );
  });

  test('the bound type is inferred from the spec', () => {
    type Bound = Out<typeof Spec>;
    const out: Bound = bind(Spec, { Inputs: [] });
    // Compile-time checks: required keys are present, optional ones may be undefined.
    const refs: string[] = out.Inputs.map((i) => i.Ref);
    const iterations: number | undefined = out.GoalSeek?.MaxIterations;
    assert.deepEqual(refs, []);
    assert.equal(iterations, undefined);
  });
});

describe('binder: documentation schema', () => {
  test('object specs describe properties, required names, defaults and descriptions', () => {
    const S = t.object({
      Key: t.string().describe('The key.'),
      N: t.int({ min: 1 }).default(5),
      L: t.array(t.number()).optional(),
    });
    assert.deepEqual(S.schema(), {
      type: 'object',
      properties: {
        Key: { type: 'string', description: 'The key.' },
        N: { type: 'integer', minimum: 1, default: 5 },
        L: { type: 'array', items: { type: 'number' } },
      },
      required: ['Key'],
    });
  });
});

describe('binder: speed', () => {
  test('binds a 1,000-cell GetResult-shaped body in well under a millisecond per 100 cells', () => {
    const Spec = t.object({
      ApplicationKey: t.string(),
      Inputs: t.array(
        t.object({ Ref: t.string(), Value: t.array(t.array(t.object({ Value: t.scalar().optional() }))) }),
      ),
      Outputs: t.array(t.string()),
    });
    const row = Array.from({ length: 10 }, (_, i) => ({ Value: i % 2 ? String(i) : i }));
    const body = {
      ApplicationKey: 'a4dcfb4f0464453b928ce1d6bcfb6aa3',
      Inputs: Array.from({ length: 10 }, (_, i) => ({
        Ref: `Sheet1!A${i}`,
        Value: Array.from({ length: 10 }, () => row),
      })),
      Outputs: Array.from({ length: 50 }, (_, i) => `Out${i}`),
    };
    for (let i = 0; i < 200; i++) bind(Spec, body); // warm up
    const runs = 1000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) bind(Spec, body);
    const perCallMs = Number(process.hrtime.bigint() - start) / 1e6 / runs;
    // Generous bound so slow CI machines pass; typical is ~0.05 ms.
    assert.ok(perCallMs < 2, `bind took ${perCallMs.toFixed(3)} ms per call`);
  });
});
