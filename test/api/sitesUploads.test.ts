/** `/Api/Sites/*` uploads (spec §9): metadata checks and hostile files, through real loopback HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness, type TestClient } from '../server/harness.js';
import { packageParts, zipParts } from '../workbook/helpers.js';
import { appCount, assertFailure, assertSuccess, b64, createApp, EMPTY_GUID } from './sitesHelpers.js';

const BODY_LIMIT = 512 * 1024;

describe('/Api/Sites/* uploads', () => {
  let h: Harness;
  let site1: TestClient;

  before(async () => {
    // A small body limit, so the 413 test needs no huge body; every upload here is far smaller.
    h = await startHarness({ bodyLimitBytes: BODY_LIMIT });
    site1 = await h.client();
  });
  after(async () => {
    await h?.stop({ cleanup: true });
  });

  const create = (token: string, props: Record<string, unknown> = {}) => createApp(h, token, props);
  const count = () => appCount(h);

  test('ApplicationName, FileName and AccessType are checked before anything is published', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [
        { ApplicationName: '   ' },
        "The property 'ApplicationName' must be a name of 1 to 200 characters without control characters.",
      ],
      [
        { ApplicationName: 'x'.repeat(201) },
        "The property 'ApplicationName' must be a name of 1 to 200 characters without control characters.",
      ],
      [{ ApplicationName: '' }, "The required property 'ApplicationName' is missing."],
      [{ FileName: null }, "The required property 'FileName' is missing."],
      [
        { FileName: 'C:\\fakepath\\' },
        "The property 'FileName' must be a file name such as Loan.xlsx, of at most 255 characters without control characters.",
      ],
      [
        { FileName: 'a\u0000b.xlsx' },
        "The property 'FileName' must be a file name such as Loan.xlsx, of at most 255 characters without control characters.",
      ],
      [{ AccessType: 7 }, "The property 'AccessType' must be one of 0, 1 or 2."],
    ];
    for (const [props, message] of cases) {
      const reply = await create(site1.token, props);
      assertFailure(reply, message);
      assert.equal(reply.body.ApplicationKey, null);
      assert.equal(reply.body.ApplicationId, EMPTY_GUID);
    }
    assert.equal(await count(), before, 'nothing stored');

    // A browser-style path is reduced to its file name; any extension is only metadata.
    const created = await create(site1.token, { FileName: 'C:\\fakepath\\Loan model.XLSM' });
    assertSuccess(created);
    const download = await h.post(
      '/Api/Sites/DownloadExcelFile',
      { applicationid: created.body.ApplicationId },
      site1.token,
    );
    assert.equal(download.body.Name, 'Loan model.XLSM');
  });

  describe('hostile uploads: one clear sentence, nothing stored', () => {
    const basic = () =>
      packageParts({ sheets: [{ name: 'Sheet1', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });

    const zipBomb = (): Uint8Array => {
      const parts = basic();
      parts['xl/media/padding.bin'] = new Uint8Array(20 * 1024 * 1024); // inflates 1000:1
      return zipParts(parts, 9);
    };
    const withDtd = (): Uint8Array => {
      const parts = basic();
      parts['xl/workbook.xml'] =
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;">]>' +
        '<workbook><sheets><sheet name="&lol1;" sheetId="1" r:id="rId1"/></sheets></workbook>';
      return zipParts(parts);
    };
    const tooManyCells = (): Uint8Array => {
      // 39 sheets of 261,920 empty cells: each part stays under the 1 MiB the ratio check
      // exempts, so the file is refused by its cell count (10,000,000), not as a zip bomb.
      const sheetXml = `<row>${'<c/>'.repeat(16_370)}</row>`.repeat(16);
      const sheets = Array.from({ length: 39 }, (_, i) => ({ name: `S${i + 1}`, xml: sheetXml }));
      return zipParts(packageParts({ sheets }), 6);
    };

    const cases: [string, () => unknown, RegExp | string][] = [
      ['not base64', () => 'this is not base64!', "The property 'FileContent' must be base64-encoded data."],
      ['an empty string', () => '', "The required property 'FileContent' is missing."],
      ['zero bytes', () => '  ', 'The file is not a valid .xlsx workbook: the file is empty.'],
      [
        'not a zip',
        () => b64(Buffer.from('name,amount\nrent,1200\n')),
        'The file is not a valid .xlsx workbook: it is not a zip archive.',
      ],
      ['a zip bomb', () => b64(zipBomb()), /xl\/media\/padding\.bin .*zip bomb\.$/],
      [
        'an XML part with a DTD and entities',
        () => b64(withDtd()),
        /xl\/workbook\.xml contains a document type declaration/,
      ],
      [
        'absurdly many cells',
        () => b64(tooManyCells()),
        'The workbook has more than 10,000,000 cells, the limit for one workbook.',
      ],
    ];

    for (const [name, content, message] of cases) {
      test(name, async () => {
        const fileContent = content();
        const before = await count();
        const reply = await create(site1.token, { ApplicationName: name, FileContent: fileContent });
        assertFailure(reply, message);
        assert.equal(reply.body.ApplicationId, EMPTY_GUID);
        assert.equal(await count(), before, 'no application stored');

        // The same file as an update publishes no new version.
        const app = (await create(site1.token, { ApplicationName: `${name} (update)` })).body;
        const update = await h.post(
          '/Api/Sites/UpdateApplication',
          { ApplicationId: app.ApplicationId, FileContent: fileContent },
          site1.token,
        );
        // An empty FileContent on an update means "no new file" (spec §1: "" is null).
        if (fileContent === '') assertSuccess(update);
        else assertFailure(update, message);
        const stored = await h.server.store.getApplicationById(h.siteId, app.ApplicationId);
        assert.equal(stored?.latestVersion, 1);
      });
    }

    test('a body over the server limit answers 413 with the envelope', async () => {
      const before = await count();
      const reply = await create(site1.token, { Notes: 'x'.repeat(BODY_LIMIT + 1) });
      assert.equal(reply.status, 413);
      assert.deepEqual(reply.body, {
        Success: false,
        InvalidToken: false,
        Messages: ['The request body is larger than the limit of 512 KiB.'],
        ApplicationKey: null,
        ApplicationId: EMPTY_GUID,
      });
      assert.equal(await count(), before);
    });
  });
});
