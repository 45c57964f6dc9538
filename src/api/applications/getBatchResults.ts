import { ComputeError } from '../../compute/pool.js';
import type { BatchItemResult } from '../../compute/protocol.js';
import { versionKey } from '../../sessions/versionKey.js';
import { ApiError } from '../outcomes.js';
import { GetBatchResultsRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { actingUserOf } from '../users.js';
import { type CalculationProps, toCalculationProps, toJob } from './calculationWire.js';
import { gatedApplication, principalOf, sessionIdOf, toApiError, translated } from './resolve.js';

/** One item's answer: the envelope of its own calculation. */
interface ItemResponse extends CalculationProps {
  Success: boolean;
  InvalidToken: boolean;
  Messages: string[];
}

/**
 * `POST /Api/Applications/GetBatchResults`: independent calculations from the same base state
 * (spec §5 decision); one failing item fails only its own Response.
 */
export const getBatchResults = defineMethod({
  path: '/Api/Applications/GetBatchResults',
  auth: 'tokenIfRestricted',
  request: GetBatchResultsRequest,
  summary: 'Runs many independent calculations of one application in one call.',
  failureProps: { Responses: [] },
  handler: async (input, ctx): Promise<{ Responses: { Id: number; Response: ItemResponse }[] }> => {
    const app = gatedApplication(ctx);
    // The user the batch acts for must exist and be active, as for GetResult's saves.
    await actingUserOf(ctx, input.UserName);
    const limit = ctx.config.batchMaxItems;
    if (input.Requests.length > limit)
      throw new ApiError('BatchTooLarge', { count: input.Requests.length, limit });

    // Items whose request is malformed (e.g. incomplete goal seek) fail alone, before any work.
    const refused = new Map<number, string>();
    const items: { id: number; job: ReturnType<typeof toJob> }[] = [];
    input.Requests.forEach((item, index) => {
      try {
        items.push({ id: index, job: toJob(item.Request) });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        refused.set(index, err.message);
      }
    });

    const results = await translated(ctx, () => {
      if (input.SessionId === undefined)
        return ctx.deps.compute.batch(versionKey(app.id, app.latestVersion), items);
      const sessionId = sessionIdOf(input.SessionId);
      return ctx.deps.sessions.batch(sessionId, principalOf(ctx), app, items);
    });
    const byIndex = new Map(results.map((r) => [r.id, r]));
    return {
      Responses: input.Requests.map((item, index) => ({
        Id: item.Id,
        Response: itemResponse(refused.get(index), byIndex.get(index), ctx),
      })),
    };
  },
});

function itemResponse(
  refusal: string | undefined,
  result: BatchItemResult | undefined,
  ctx: Parameters<typeof toApiError>[1],
): ItemResponse {
  if (result?.result) {
    return {
      Success: true,
      InvalidToken: false,
      Messages: result.result.messages,
      ...toCalculationProps(result.result),
    };
  }
  let message = refusal ?? 'The calculation did not run.';
  if (result?.error) {
    const mapped = toApiError(new ComputeError(result.error.code, result.error.message), ctx);
    message = mapped instanceof ApiError ? mapped.message : result.error.message;
  }
  return { Success: false, InvalidToken: false, Messages: [message], Outputs: [], GoalSeek: null };
}
