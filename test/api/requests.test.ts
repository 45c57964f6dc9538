import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bind } from '../../src/api/binding.js';
import { ApiError } from '../../src/api/outcomes.js';
import * as requests from '../../src/api/requests.js';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err.message;
    throw err;
  }
  return 'no error';
}

describe('request specs (spec §2, §5–§9)', () => {
  test('CloseDedicatedSession: the seed page’s sample body', () => {
    const out = bind(requests.CloseDedicatedSessionRequest, {
      SessionId: '25eae3ae-755e-4b3c-aa48-d7f096f6a2a7',
      ApplicationKey: 'a4dcfb4f0464453b928ce1d6bcfb6aa3',
    });
    assert.deepEqual(out, {
      ApplicationKey: 'a4dcfb4f0464453b928ce1d6bcfb6aa3',
      SessionId: '25eae3ae-755e-4b3c-aa48-d7f096f6a2a7',
    });
    assert.equal(
      message(() => bind(requests.CloseDedicatedSessionRequest, { ApplicationKey: 'k' })),
      "The required property 'SessionId' is missing.",
    );
  });

  test('GetResult: inputs, outputs, goal-seek defaults, null cells are blank', () => {
    const out = bind(requests.GetResultRequest, {
      applicationKey: 'k',
      inputs: [{ ref: 'LoanAmount', value: [[{ value: '400000' }, null]] }],
      outputs: ['MonthlyPayment'],
      goalSeek: {
        enabled: true,
        targetRef: 'MonthlyPayment',
        changingRef: 'LoanAmount',
        targetValue: '3000',
        maxChange: 1,
      },
      saveInformation: { save: 'true', recordId: '12' },
      fileVersion: '2',
    });
    assert.deepEqual(out.Inputs, [
      { Ref: 'LoanAmount', Value: [[{ Value: '400000' }, { Value: undefined }]] },
    ]);
    assert.deepEqual(out.GoalSeek, {
      Enabled: true,
      TargetRef: 'MonthlyPayment',
      ChangingRef: 'LoanAmount',
      TargetValue: 3000,
      MaxIterations: 1000,
      MaxChange: 1,
    });
    assert.equal(out.SaveInformation?.RecordId, 12);
    assert.equal(out.FileVersion, 2);
    assert.equal(out.SessionId, undefined);
    const minimal = bind(requests.GetResultRequest, { ApplicationKey: 'k' });
    assert.deepEqual(minimal.Inputs, []);
    assert.deepEqual(minimal.Outputs, []);
    assert.equal(
      bind(requests.GetResultRequest, { ApplicationKey: 'k', GoalSeek: {} }).GoalSeek?.MaxChange,
      0.001,
    );
  });

  test('GetBatchResults: items carry Id and Request', () => {
    const out = bind(requests.GetBatchResultsRequest, {
      ApplicationKey: 'k',
      Requests: [{ Id: '1', Request: { Inputs: [{ Ref: 'A1', Value: [[{ Value: 1 }]] }], Outputs: ['B1'] } }],
    });
    assert.equal(out.Requests[0]?.Id, 1);
    assert.deepEqual(out.Requests[0]?.Request.Outputs, ['B1']);
    assert.equal(
      message(() => bind(requests.GetBatchResultsRequest, { ApplicationKey: 'k', Requests: [{ Id: 1 }] })),
      "The required property 'Requests[0].Request' is missing.",
    );
  });

  test('GetToken and /connect/token', () => {
    assert.deepEqual(bind(requests.GetTokenRequest, { clientidentifier: 'id', clientsecret: 's' }), {
      ClientIdentifier: 'id',
      ClientSecret: 's',
    });
    assert.equal(
      message(() => bind(requests.GetTokenRequest, { ClientIdentifier: 'id' })),
      "The required property 'ClientSecret' is missing.",
    );
    assert.equal(
      bind(requests.ConnectTokenRequest, {
        grant_type: 'client_credentials',
        client_id: 'a',
        client_secret: 'b',
      }).client_id,
      'a',
    );
  });

  test('CreateApplication: base64 file, AccessType enum with a Restricted default', () => {
    const out = bind(requests.CreateApplicationRequest, {
      ApplicationName: 'Loan',
      FileName: 'loan.xlsx',
      FileContent: Buffer.from('PK').toString('base64'),
    });
    assert.deepEqual(out.FileContent, Buffer.from('PK'));
    assert.equal(out.AccessType, 1);
    assert.equal(
      message(() =>
        bind(requests.CreateApplicationRequest, {
          ApplicationName: 'a',
          FileName: 'b',
          FileContent: 'UEs=',
          AccessType: 5,
        }),
      ),
      "The property 'AccessType' must be one of 0, 1 or 2.",
    );
    assert.equal(bind(requests.UpdateApplicationRequest, { ApplicationId: 'g' }).FileContent, undefined);
  });

  test('GetApplicationData: filters, sort and paging', () => {
    const out = bind(requests.GetApplicationDataRequest, {
      ApplicationId: 'g',
      Filters: [{ Column: 'Amount', Operator: '6', Value: 1000 }],
      SortInformation: { Column: 'EntryDate' },
      PaginationInformation: { PageSize: 20 },
    });
    assert.deepEqual(out.Filters, [{ Column: 'Amount', Operator: 6, Value: '1000' }]);
    assert.deepEqual(out.SortInformation, { Column: 'EntryDate', Direction: 0 });
    assert.deepEqual(out.PaginationInformation, { PageSize: 20, CurrentPageIndex: 0 });
    assert.equal(
      message(() =>
        bind(requests.GetApplicationDataRequest, {
          ApplicationId: 'g',
          Filters: [{ Column: 'a', Operator: 8 }],
        }),
      ),
      "The property 'Filters[0].Operator' must be one of 0, 1, 2, 3, 4, 5, 6 or 7.",
    );
  });

  test('records and users', () => {
    assert.equal(bind(requests.GetRecordRequest, { ApplicationKey: 'k', RecordId: '9' }).RecordId, 9);
    assert.equal(bind(requests.DeleteRecordRequest, { ApplicationKey: 'k', RecordId: 9 }).RecordId, 9);
    const user = bind(requests.CreateUserRequest, { UserName: 'ann', GroupId: ['1', 2] });
    assert.deepEqual(user.GroupId, [1, 2]);
    assert.equal(user.IsActive, true);
    assert.equal(bind(requests.UpdateUserRequest, { UserName: 'ann' }).IsActive, undefined);
  });

  test('every exported request spec documents itself as an object schema', () => {
    for (const [name, spec] of Object.entries(requests)) {
      if (typeof spec !== 'object' || spec === null || !('shape' in spec)) continue;
      const schema = spec.schema();
      assert.equal(schema.type, 'object', name);
    }
  });
});
