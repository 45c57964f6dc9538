import type { CalculationResult } from '../../compute/protocol.js';
import { MAX_RECORD_ID, type SaveRequest } from '../../records/recordService.js';
import { versionKey } from '../../sessions/versionKey.js';
import type { Application } from '../../store/types.js';
import { ApiError } from '../outcomes.js';
import { recordsOf, recordsWork } from '../records.js';
import { GetResultRequest, type SaveInformation } from '../requests.js';
import { defineMethod, type MethodContext } from '../route.js';
import { type CalculationProps, toCalculationProps, toJob } from './calculationWire.js';
import { gatedApplication, pickVersion, principalOf, sessionIdOf, translated } from './resolve.js';

/** `POST /Api/Applications/GetResult`: one calculation, stateless or in a dedicated session (spec §5, §7). */
export const getResult = defineMethod({
  path: '/Api/Applications/GetResult',
  auth: 'tokenIfRestricted',
  request: GetResultRequest,
  bodyLimit: 8 * 1024 * 1024,
  summary: 'Calculates the application with the given inputs and returns the requested outputs.',
  description:
    'Without SessionId the calculation starts from the published workbook and leaves nothing behind; ' +
    'with one it runs in that dedicated session and its inputs stay. Optional goal seek. ' +
    'SaveInformation.Save saves the calculated names as a record (a new one, or RecordId updated) ' +
    'and the answer carries its RecordId.',
  failureProps: { Outputs: [], GoalSeek: null, Message: null },
  handler: async (input, ctx): Promise<CalculationProps & { Message: string | null; RecordId?: number }> => {
    const app = gatedApplication(ctx);
    const info = input.SaveInformation;
    // Users and the record to update are checked first: a refused save costs no calculation.
    const save = info?.Save ? await prepareSave(ctx, app, info) : undefined;
    const job = { ...toJob(input), ...(save ? { readNames: true } : {}) };
    const culture = input.CultureName;
    const result = await translated(ctx, () => {
      if (input.SessionId === undefined) {
        const key = versionKey(app.id, pickVersion(app, input.FileVersion));
        return ctx.deps.compute.calculate(key, job, { culture });
      }
      const sessionId = sessionIdOf(input.SessionId);
      return ctx.deps.sessions.calculate(sessionId, principalOf(ctx), app, job, culture);
    });
    for (const message of result.messages) ctx.notice('CalculationNotice', { message });
    const props = { ...toCalculationProps(result), Message: null };
    if (!save) return props;
    return { ...props, RecordId: await saveRecord(ctx, app, save, result) };
  },
});

/** SaveInformation → a checked save request (users exist and are active, the record exists). */
async function prepareSave(
  ctx: MethodContext,
  app: Application,
  info: SaveInformation,
): Promise<SaveRequest> {
  // Anyone may calculate an Unrestricted application, but overwriting a saved record needs a
  // token of the application's site (the gate already refused other sites' tokens).
  if (info.RecordId !== undefined && ctx.principal === null) throw new ApiError('InvalidToken');
  for (const [property, value] of [
    ['SetRecordStatusIndex', info.SetRecordStatusIndex],
    ['SetGroupId', info.SetGroupId],
  ] as const) {
    // Stored as 32-bit integers (PostgreSQL `integer`); statuses and groups are never negative.
    if (value !== undefined && (value < 0 || value > MAX_RECORD_ID))
      throw new ApiError('PropertyInvalid', {
        property: `SaveInformation.${property}`,
        expected: `an integer from 0 to ${MAX_RECORD_ID}`,
      });
  }
  const request: SaveRequest = {
    ...(info.RecordId === undefined ? {} : { recordId: info.RecordId }),
    ...(info.UserName === undefined ? {} : { userName: info.UserName }),
    ...(info.SetRecordStatusIndex === undefined ? {} : { statusIndex: info.SetRecordStatusIndex }),
    ...(info.SetGroupId === undefined ? {} : { groupId: info.SetGroupId }),
    ...(info.SetAssignedUserName === undefined ? {} : { assignedUserName: info.SetAssignedUserName }),
  };
  return recordsWork(() => recordsOf(ctx).prepare(app.siteId, app, request));
}

async function saveRecord(
  ctx: MethodContext,
  app: Application,
  save: SaveRequest,
  result: CalculationResult,
): Promise<number> {
  const outcome = await recordsWork(() => recordsOf(ctx).save(app.siteId, app, save, result.names ?? []));
  for (const name of outcome.skippedNames) ctx.notice('RecordNameSkipped', { name });
  return outcome.record.id;
}
