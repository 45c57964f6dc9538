/** `/Api/Sites/CreateUser|UpdateUser|DeleteUser` and the users of GetApplicationList, over real HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, LOAN_WORKBOOK, startHarness, type TestClient } from '../server/harness.js';
import { assertFailure, assertSuccess, EMPTY_GUID, INVALID_TOKEN } from './sitesHelpers.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('/Api/Sites/* users', () => {
  let h: Harness;
  let admin: TestClient;
  before(async () => {
    h = await startHarness();
    admin = await h.client();
  });
  after(async () => {
    await h?.stop({ cleanup: true });
  });

  const call = (method: string, body: Record<string, unknown>, token: string | undefined = admin.token) =>
    h.post(`/Api/Sites/${method}`, body, token);

  test('CreateUser creates a user with every field, answering UserId and Created.', async () => {
    const reply = await call('CreateUser', {
      UserName: 'ann.smith',
      FirstName: 'Ann',
      LastName: 'Smith',
      EmailAddress: 'ann@example.com',
      Password: 'correct horse battery',
      RoleId: 2,
      GroupId: [10, 20],
    });
    assertSuccess(reply);
    assert.deepEqual(reply.body.Messages, []);
    assert.match(reply.body.UserId, GUID);
    assert.equal(reply.body.MethodResponse, 'Created.');
    const user = await h.server.store.getUserByName(h.siteId, 'ANN.SMITH');
    assert.deepEqual(user && { ...user, created: 0, updated: 0 }, {
      id: reply.body.UserId,
      siteId: h.siteId,
      userName: 'ann.smith',
      firstName: 'Ann',
      lastName: 'Smith',
      emailAddress: 'ann@example.com',
      roleId: 2,
      groupIds: [10, 20],
      isActive: true,
      created: 0,
      updated: 0,
    });
  });

  test('binding is lenient: miscased names, numbers and booleans as strings', async () => {
    const reply = await call('CreateUser', {
      username: 'bob',
      roleid: '3',
      groupId: ['4'],
      isactive: 'false',
    });
    assertSuccess(reply);
    const bob = await h.server.store.getUserByName(h.siteId, 'bob');
    assert.deepEqual([bob?.roleId, bob?.groupIds, bob?.isActive], [3, [4], false]);
  });

  test('a taken name (ignoring case) is refused with the empty Guid and Failed.', async () => {
    await call('CreateUser', { UserName: 'Carol' });
    const reply = await call('CreateUser', { UserName: 'CAROL' });
    assertFailure(reply, "The user name 'CAROL' is already taken on this site.");
    assert.equal(reply.body.UserId, EMPTY_GUID);
    assert.equal(reply.body.MethodResponse, 'Failed.');
  });

  test('bad input gets one clear sentence naming the property', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, "The required property 'UserName' is missing."],
      [{ UserName: '' }, "The required property 'UserName' is missing."],
      [
        { UserName: 'x'.repeat(101) },
        "The property 'UserName' must be a name of 1 to 100 characters without control characters.",
      ],
      [
        { UserName: 'line\nbreak' },
        "The property 'UserName' must be a name of 1 to 100 characters without control characters.",
      ],
      [
        { UserName: 'dan', EmailAddress: 'dan-at-example' },
        "The property 'EmailAddress' must be an email address such as ann@example.com.",
      ],
      [{ UserName: 'dan', Password: 'short' }, "The property 'Password' must be 8 to 1024 characters long."],
      [{ UserName: 'dan', RoleId: 'admin' }, /^The property 'RoleId' must be /],
      [{ UserName: 'dan', GroupId: 5 }, /^The property 'GroupId' must be /],
    ] as [Record<string, unknown>, string][];
    for (const [body, message] of cases) {
      const reply = await call('CreateUser', body);
      assertFailure(reply, message);
      assert.equal(reply.body.UserId, EMPTY_GUID);
    }
    assert.equal(await h.server.store.getUserByName(h.siteId, 'dan'), null);
  });

  test('UpdateUser changes only what is sent; an unknown user is named', async () => {
    const created = await call('CreateUser', { UserName: 'Eve', FirstName: 'Eve', RoleId: 1 });
    const reply = await call('UpdateUser', {
      UserName: 'eve',
      LastName: 'Adams',
      Password: 'another secret',
    });
    assertSuccess(reply);
    assert.deepEqual([reply.body.UserId, reply.body.MethodResponse], [created.body.UserId, 'Updated.']);
    const eve = await h.server.store.getUserByName(h.siteId, 'Eve');
    assert.deepEqual([eve?.firstName, eve?.lastName, eve?.roleId], ['Eve', 'Adams', 1]);

    const unknown = await call('UpdateUser', { UserName: 'nobody', LastName: 'x' });
    assertFailure(unknown, "The user 'nobody' does not exist on this site.");
    assert.deepEqual([unknown.body.UserId, unknown.body.MethodResponse], [EMPTY_GUID, 'Failed.']);
    assertFailure(
      await call('UpdateUser', { UserName: 'Eve', EmailAddress: 'nope' }),
      "The property 'EmailAddress' must be an email address such as ann@example.com.",
    );
  });

  test('DeleteUser removes the user and frees the name', async () => {
    const created = await call('CreateUser', { UserName: 'Finn' });
    const reply = await call('DeleteUser', { UserName: 'FINN' });
    assertSuccess(reply);
    assert.deepEqual([reply.body.UserId, reply.body.MethodResponse], [created.body.UserId, 'Deleted.']);
    assert.equal(await h.server.store.getUserByName(h.siteId, 'Finn'), null);
    assertFailure(
      await call('DeleteUser', { UserName: 'Finn' }),
      "The user 'Finn' does not exist on this site.",
    );
    assertSuccess(await call('CreateUser', { UserName: 'finn' }));
  });

  test('every users method needs a token', async () => {
    for (const method of ['CreateUser', 'UpdateUser', 'DeleteUser']) {
      for (const token of [undefined, 'A'.repeat(43)]) {
        const reply = await h.post(`/Api/Sites/${method}`, { UserName: 'Gus' }, token);
        assert.equal(reply.status, 200);
        assert.deepEqual(
          [reply.body.Success, reply.body.InvalidToken, reply.body.Messages],
          [false, true, [INVALID_TOKEN]],
          method,
        );
      }
    }
    assert.equal(await h.server.store.getUserByName(h.siteId, 'Gus'), null);
  });

  test('GetApplicationList: no user, an active user, an unknown user, an inactive user', async () => {
    await h.publish(LOAN_WORKBOOK, { name: 'Listed' });
    const list = (userName?: string) =>
      call('GetApplicationList', userName === undefined ? {} : { UserName: userName });
    assertSuccess(await list());
    await call('CreateUser', { UserName: 'Hal' });
    const asHal = await list('hal');
    assertSuccess(asHal);
    assert.ok(
      asHal.body.ApplicationList.some((a: { ApplicationName: string }) => a.ApplicationName === 'Listed'),
    );

    const unknown = await list('Ivy');
    assertFailure(unknown, "The user 'Ivy' does not exist on this site.");
    assert.deepEqual(unknown.body.ApplicationList, []);

    await call('UpdateUser', { UserName: 'Hal', IsActive: false });
    assertFailure(await list('HAL'), "The user 'Hal' is not active.");
    await call('UpdateUser', { UserName: 'Hal', IsActive: true });
    assertSuccess(await list('HAL'));
  });
});
