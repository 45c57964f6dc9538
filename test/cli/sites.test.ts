/**
 * `sheetport site create|list` and `client create --site/--impersonation` as processes, then a
 * served data directory where each site's client reaches only its own site's users.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sheetport, startServe } from './cliProcess.js';

/** Runs the CLI expecting it to fail; returns exit code and stderr. */
async function failing(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  try {
    await sheetport(...args);
  } catch (err) {
    return err as { code: number; stderr: string; stdout: string };
  }
  assert.fail(`sheetport ${args.join(' ')} succeeded`);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('CLI: sites and their clients', () => {
  let data: string;
  before(() => {
    data = mkdtempSync(join(tmpdir(), 'sheetport-sites-'));
  });
  after(() => {
    rmSync(data, { recursive: true, force: true });
  });

  it('creates and lists sites, and clients of a chosen site with or without impersonation', async () => {
    const acme = JSON.parse((await sheetport('site', 'create', '--name', ' Acme ', '--data', data)).stdout);
    assert.match(acme.SiteId, GUID);
    assert.equal(acme.Name, 'Acme');
    const beta = JSON.parse((await sheetport('site', 'create', '--name', 'Beta', '--data', data)).stdout);

    const sites = JSON.parse((await sheetport('site', 'list', '--data', data)).stdout);
    assert.deepEqual(
      sites.map((s: { SiteId: string; Name: string }) => [s.SiteId, s.Name]),
      [
        [acme.SiteId, 'Acme'],
        [beta.SiteId, 'Beta'],
      ],
    );
    assert.ok(!Number.isNaN(Date.parse(sites[0].Created)));

    const plain = JSON.parse(
      (await sheetport('client', 'create', '--site', beta.SiteId, '--name', 'b', '--data', data)).stdout,
    );
    assert.deepEqual([plain.SiteId, plain.AllowImpersonation], [beta.SiteId, false]);
    assert.match(plain.ClientIdentifier, /^[0-9a-f]{32}$/);
    const acting = JSON.parse(
      (
        await sheetport(
          'client',
          'create',
          '--site',
          beta.SiteId.toUpperCase(),
          '--impersonation',
          '--data',
          data,
        )
      ).stdout,
    );
    assert.deepEqual([acting.SiteId, acting.AllowImpersonation], [beta.SiteId, true]);
    const byDefault = JSON.parse((await sheetport('client', 'create', '--data', data)).stdout);
    assert.equal(byDefault.SiteId, acme.SiteId, 'without --site: the oldest site');
  });

  it('refuses an unknown site, a missing or bad name and a bad action clearly', async () => {
    const unknown = await failing('client', 'create', '--site', 'no-such-site', '--data', data);
    assert.equal(unknown.code, 1);
    assert.equal(
      unknown.stderr,
      "There is no site with the id 'no-such-site'; `sheetport site list` shows the sites.\n",
    );
    assert.equal(unknown.stdout, '');

    const noName = await failing('site', 'create', '--data', data);
    assert.deepEqual([noName.code, noName.stderr], [2, 'site create needs --name NAME.\n']);
    const blank = await failing('site', 'create', '--name', '  ', '--data', data);
    assert.deepEqual(
      [blank.code, blank.stderr],
      [2, '--name must be 1 to 200 characters without control characters.\n'],
    );
    const bad = await failing('site', 'delete', '--data', data);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^sheetport site create --name NAME/);
    const count = JSON.parse((await sheetport('site', 'list', '--data', data)).stdout).length;
    assert.equal(count, 2, 'no failed command created a site');
  });

  it('a served data directory keeps each site’s users to its own clients', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sheetport-sites-serve-'));
    const siteA = JSON.parse((await sheetport('site', 'create', '--name', 'A', '--data', dir)).stdout);
    const siteB = JSON.parse((await sheetport('site', 'create', '--name', 'B', '--data', dir)).stdout);
    const clientA = JSON.parse(
      (await sheetport('client', 'create', '--site', siteA.SiteId, '--data', dir)).stdout,
    );
    const clientB = JSON.parse(
      (await sheetport('client', 'create', '--site', siteB.SiteId, '--data', dir)).stdout,
    );
    const server = await startServe(dir);
    const { post } = server;
    try {
      const token = async (c: { ClientIdentifier: string; ClientSecret: string }) =>
        (await post('/Api/Auth/GetToken', c)).AccessToken as string;
      const tokenA = await token(clientA);
      const tokenB = await token(clientB);

      assert.equal((await post('/Api/Sites/CreateUser', { UserName: 'ann' }, tokenA)).Success, true);
      const list = await post('/Api/Sites/GetApplicationList', { UserName: 'ann' }, tokenB);
      assert.deepEqual(list.Messages, ["The user 'ann' does not exist on this site."]);
      const sameName = await post('/Api/Sites/CreateUser', { UserName: 'ANN' }, tokenB);
      assert.equal(sameName.Success, true, 'the name is free in site B');
      assert.equal((await post('/Api/Sites/GetApplicationList', { UserName: 'Ann' }, tokenA)).Success, true);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
