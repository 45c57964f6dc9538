import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifySecret } from '../../src/auth/secrets.js';
import {
  checkedUserName,
  createUser,
  deleteUser,
  resolveActingUser,
  UserError,
  updateUser,
} from '../../src/users/userDirectory.js';
import { openRaw, openTempStore, type TempStore } from '../store/helpers.js';

/** Asserts that `work` fails with a UserError of `kind`, and returns its detail. */
async function userError(work: Promise<unknown>, kind: UserError['kind']) {
  try {
    await work;
  } catch (err) {
    assert.ok(err instanceof UserError, String(err));
    assert.equal(err.kind, kind, err.message);
    assert.match(err.message, /^The .*\.$/);
    return err.detail;
  }
  assert.fail(`expected a UserError '${kind}'`);
}

describe('users directory', () => {
  let t: TempStore;
  let siteId: string;
  before(async () => {
    t = await openTempStore();
    siteId = (await t.store.createSite('Directory')).id;
  });
  after(async () => {
    await t.cleanup();
  });

  it('checks UserName: trimmed, 1–100 characters, no control characters', () => {
    assert.equal(checkedUserName('  ann  '), 'ann');
    assert.equal(checkedUserName('x'.repeat(100)), 'x'.repeat(100));
    for (const bad of ['', '   ', 'x'.repeat(101), 'a\nb', 'tab\there', 'del\u007f']) {
      assert.throws(
        () => checkedUserName(bad),
        (err: unknown) =>
          err instanceof UserError && err.detail.kind === 'invalid' && err.detail.field === 'UserName',
        JSON.stringify(bad),
      );
    }
  });

  it('creates a user, storing only a scrypt hash of the password', async () => {
    const user = await createUser(t.store, siteId, ' Ann ', {
      firstName: ' Ann ',
      emailAddress: 'ann@example.com',
      password: 'correct horse',
      groupIds: [3, 1, 3],
    });
    assert.equal(user.userName, 'Ann');
    assert.equal(user.firstName, 'Ann');
    assert.deepEqual(user.groupIds, [3, 1], 'duplicates dropped, order kept');
    await t.store.close();
    const raw = openRaw(t.file);
    let hash: string;
    try {
      hash = (
        raw.prepare('select password_hash from users where id = ?').get(user.id) as { password_hash: string }
      ).password_hash;
    } finally {
      raw.close();
      await t.reopen();
    }
    assert.match(hash, /^\$scrypt\$/);
    assert.doesNotMatch(hash, /correct horse/);
    assert.equal(await verifySecret('correct horse', hash), true);
    assert.equal(await verifySecret('wrong horse!', hash), false);
  });

  it('refuses a taken name ignoring case', async () => {
    await createUser(t.store, siteId, 'Bea', {});
    assert.deepEqual(await userError(createUser(t.store, siteId, 'BEA', {}), 'taken'), {
      kind: 'taken',
      userName: 'BEA',
    });
  });

  it('refuses bad fields naming the property', async () => {
    const cases: [Parameters<typeof createUser>[3], string][] = [
      [{ emailAddress: 'not-an-email' }, 'EmailAddress'],
      [{ emailAddress: 'a@b' }, 'EmailAddress'],
      [{ emailAddress: 'a b@example.com' }, 'EmailAddress'],
      [{ emailAddress: `${'a'.repeat(250)}@example.com` }, 'EmailAddress'],
      [{ password: 'short' }, 'Password'],
      [{ password: 'x'.repeat(1025) }, 'Password'],
      [{ firstName: 'x'.repeat(101) }, 'FirstName'],
      [{ lastName: 'a\u0000b' }, 'LastName'],
      [{ roleId: -1 }, 'RoleId'],
      [{ groupIds: [1, -2] }, 'GroupId'],
    ];
    for (const [input, field] of cases) {
      const detail = await userError(createUser(t.store, siteId, 'Checked', input), 'invalid');
      assert.equal(detail.kind === 'invalid' && detail.field, field, JSON.stringify(input));
    }
    assert.equal(await t.store.getUserByName(siteId, 'Checked'), null, 'nothing was created');
  });

  it('updates only given fields; an unknown user is unknown', async () => {
    await createUser(t.store, siteId, 'Cid', { firstName: 'Cid', roleId: 1 });
    const updated = await updateUser(t.store, siteId, 'cid', { lastName: 'Moss', password: 'new password' });
    assert.equal(updated.firstName, 'Cid');
    assert.equal(updated.lastName, 'Moss');
    assert.equal(updated.roleId, 1);
    await userError(updateUser(t.store, siteId, 'nobody', { lastName: 'x' }), 'unknown');
  });

  it('deletes and returns the deleted user; deleting again is unknown', async () => {
    const created = await createUser(t.store, siteId, 'Dee', {});
    assert.equal((await deleteUser(t.store, siteId, 'DEE')).id, created.id);
    await userError(deleteUser(t.store, siteId, 'Dee'), 'unknown');
  });

  it('resolves the acting user: none, active, unknown, inactive, another site', async () => {
    assert.equal(await resolveActingUser(t.store, siteId, undefined), null);
    assert.equal(await resolveActingUser(t.store, siteId, '  '), null);
    const eve = await createUser(t.store, siteId, 'Eve', {});
    assert.deepEqual(await resolveActingUser(t.store, siteId, ' eve '), eve);
    assert.deepEqual(await userError(resolveActingUser(t.store, siteId, 'Zed'), 'unknown'), {
      kind: 'unknown',
      userName: 'Zed',
    });
    await updateUser(t.store, siteId, 'Eve', { isActive: false });
    const inactive = await userError(resolveActingUser(t.store, siteId, 'EVE'), 'inactive');
    assert.deepEqual(inactive, { kind: 'inactive', userName: 'Eve' }, 'named as stored');
    const other = await t.store.createSite('Other directory');
    await userError(resolveActingUser(t.store, other.id, 'Ann'), 'unknown');
  });
});
