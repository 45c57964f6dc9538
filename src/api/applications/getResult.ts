import { versionKey } from '../../sessions/versionKey.js';
import { GetResultRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { type CalculationProps, toCalculationProps, toJob } from './calculationWire.js';
import { gatedApplication, pickVersion, principalOf, sessionIdOf, translated } from './resolve.js';

/** `POST /Api/Applications/GetResult`: one calculation, stateless or in a dedicated session (spec §5). */
export const getResult = defineMethod({
  path: '/Api/Applications/GetResult',
  auth: 'tokenIfRestricted',
  request: GetResultRequest,
  bodyLimit: 8 * 1024 * 1024,
  summary: 'Calculates the application with the given inputs and returns the requested outputs.',
  description:
    'Without SessionId the calculation starts from the published workbook and leaves nothing behind; ' +
    'with one it runs in that dedicated session and its inputs stay. Optional goal seek.',
  failureProps: { Outputs: [], GoalSeek: null, Message: null },
  handler: async (input, ctx): Promise<CalculationProps & { Message: string | null }> => {
    const app = gatedApplication(ctx);
    const job = toJob(input);
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
    if (input.SaveInformation?.Save) ctx.notice('SaveNotSupported');
    return { ...toCalculationProps(result), Message: null };
  },
});
