/**
 * The scenarios run on each model, in order: publish, raw engine baseline, warm-up and a
 * correctness check, stateless GetResult at 1 and 32 connections, repeated identical calls,
 * dedicated sessions (open time, memory, calls at 1 and 32 connections), GetBatchResults.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type BenchApi, getBatchResults, getResult } from './api.js';
import type { BaselineResult } from './baseline.js';
import { REPEATED_DISTINCT, REPEATED_FIRST } from './cache.js';
import { type BenchRequest, type LoadResult, runLoad } from './loadgen.js';
import { rssBytes, startCpuMeter } from './procStats.js';
import { batchScenario, type ModelFacts, OPEN_SESSION, type Row, STATELESS } from './report.js';
import { hitRateText, type ScenarioCounters, withCounters } from './serverMetrics.js';
import type { ServerProcess } from './serverProcess.js';
import { summarize } from './stats.js';
import type { BenchModel } from './workbooks.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;

/** Shared settings of one run. */
export interface BenchContext {
  readonly server: ServerProcess;
  readonly api: BenchApi;
  /** Length of each load scenario. */
  readonly seconds: number;
  readonly warmSeconds: number;
  /** A batch scenario whose estimated time exceeds this runs with fewer items (noted in its row). */
  readonly batchBudgetSeconds: number;
  readonly log: (line: string) => void;
}

/** What to run on one model. */
export interface ModelPlan {
  /** CreateApplication calls to time (the last one's application is measured). */
  readonly publishes: number;
  /** Sessions opened for the open-time and memory figures (the first 32 take the load). */
  readonly sessions: number;
  /** GetBatchResults sizes, each run for about `seconds` (at least once); a budget overrides the run's. */
  readonly batches: readonly { readonly items: number; readonly budgetSeconds?: number }[];
  /** Also measure repeated identical calls (what a result cache would serve). */
  readonly repeated: boolean;
}

/** The call number the API and the baseline both compute, to check they agree. */
const CHECK_CALL = 7;
/** Call numbers of the load scenarios start here, so no load call repeats the warm-up's. */
let nextCall = 1_000;

const mb = (bytes: number) => bytes / 1024 / 1024;

/** A load run with what the server's counters said about it. */
type Measured = LoadResult & ScenarioCounters;

/** Starts `connections` loops sending `request(i, conn)` for `seconds`. */
type Load = (
  connections: number,
  request: (i: number, conn: number) => BenchRequest,
  seconds?: number,
) => Promise<Measured>;

function loadRow(model: string, scenario: string, r: Measured, baseline: number, note?: string): Row {
  return {
    model,
    scenario,
    connections: r.connections,
    n: r.ok,
    throughput: r.throughput,
    unit: 'req/s',
    p50: r.latency.p50,
    p99: r.latency.p99,
    ratio: r.throughput / baseline,
    errors: r.errors,
    cpu: r.cpu,
    engineBusy: r.engineBusy,
    note: [note, r.firstError].filter(Boolean).join('; ') || undefined,
  };
}

async function baseline(model: BenchModel, seconds: number): Promise<BaselineResult> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/baseline.ts', model.name, String(seconds), String(CHECK_CALL)],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as BaselineResult;
}

/** Runs every scenario of `plan` on `model`; returns its rows and facts. */
export async function benchModel(
  ctx: BenchContext,
  model: BenchModel,
  plan: ModelPlan,
): Promise<{ rows: Row[]; facts: ModelFacts }> {
  const { server, api, log } = ctx;
  const rows: Row[] = [];
  const load: Load = async (connections, request, seconds = ctx.seconds) => {
    const first = nextCall;
    nextCall += 10_000_000;
    const { result, counters } = await withCounters(server.url, () =>
      runLoad({
        baseUrl: server.url,
        token: api.token,
        serverPid: server.pid,
        connections,
        durationMs: seconds * 1000,
        request: (i, conn) => request(first + i, conn),
      }),
    );
    return { ...result, ...counters };
  };

  log(`${model.name}: publishing (${plan.publishes}×)`);
  const publishTimes: number[] = [];
  let key = '';
  for (let p = 0; p < plan.publishes; p++) {
    const t = performance.now();
    key = await api.publish(model, String(p + 1));
    publishTimes.push(performance.now() - t);
  }
  const pub = summarize(publishTimes);
  rows.push({
    model: model.name,
    scenario: 'publish (CreateApplication)',
    connections: 1,
    n: pub.n,
    throughput: null,
    unit: '',
    p50: pub.p50,
    p99: pub.p99,
    ratio: null,
    errors: 0,
  });

  log(`${model.name}: raw engine baseline (${ctx.seconds} s, own process)`);
  const base = await baseline(model, ctx.seconds);
  rows.push({
    model: model.name,
    scenario: 'raw engine, 1 core, in-process',
    connections: 0,
    n: base.iterations,
    throughput: base.cpuThroughput,
    unit: 'req/s',
    p50: base.latency.p50,
    p99: base.latency.p99,
    ratio: 1,
    errors: 0,
    note: `rate per CPU-second of the loop (wall clock: ${base.throughput.toFixed(1)}/s)`,
  });
  // The baseline's rate per CPU-second is one core's worth of work even on a busy machine.
  const baseRate = base.cpuThroughput;

  log(`${model.name}: warm-up (templates load in every worker)`);
  await load(4, (i) => getResult(model, key, i), ctx.warmSeconds);
  const apiValues = await api.outputValues(model, key, CHECK_CALL);
  const sorted = (values: Record<string, string>) => JSON.stringify(Object.entries(values).sort());
  const outputsMatch = sorted(apiValues) === sorted(base.check.values);
  if (!outputsMatch)
    log(`  API ${JSON.stringify(apiValues)} differs from the engine's ${JSON.stringify(base.check.values)}`);
  const rssAfterWarm = mb(rssBytes(server.pid));

  let stateless32: Measured | undefined;
  for (const connections of [1, 32]) {
    log(`${model.name}: GetResult stateless, ${connections} connection(s)`);
    const r = await load(connections, (i) => getResult(model, key, i));
    if (connections === 32) stateless32 = r;
    rows.push(loadRow(model.name, STATELESS, r, baseRate));
  }

  if (plan.repeated) {
    log(`${model.name}: GetResult, ${REPEATED_DISTINCT} identical calls repeated, 32 connections`);
    const r = await load(32, (i) => getResult(model, key, REPEATED_FIRST + (i % REPEATED_DISTINCT)));
    const note = `${REPEATED_DISTINCT} distinct calls; ${hitRateText(r.hitRate)}`;
    rows.push(loadRow(model.name, 'GetResult repeated', r, baseRate, note));
  }

  rows.push(...(await sessionScenarios(ctx, model, plan, key, baseRate, load)));

  for (const batch of plan.batches) {
    const apiRate = stateless32?.throughput ?? baseRate;
    rows.push(await batchRow(ctx, model, key, batch, apiRate, baseRate));
  }

  return {
    rows,
    facts: {
      model: model.name,
      description: model.description,
      formulas: model.formulas,
      bytes: model.bytes.length,
      baselineLoadMs: base.loadMs,
      outputsMatch,
      serverRssAfterWarmMb: rssAfterWarm,
    },
  };
}

async function sessionScenarios(
  ctx: BenchContext,
  model: BenchModel,
  plan: ModelPlan,
  key: string,
  baselineRate: number,
  load: Load,
): Promise<Row[]> {
  const { api, server, log } = ctx;
  const rows: Row[] = [];
  log(`${model.name}: opening ${plan.sessions} sessions one after another`);
  await settle();
  const rssBefore = rssBytes(server.pid);
  const sessions: string[] = [];
  const openTimes: number[] = [];
  const meter = startCpuMeter(server.pid);
  const started = performance.now();
  const { counters } = await withCounters(server.url, async () => {
    for (let s = 0; s < plan.sessions; s++) {
      const t = performance.now();
      sessions.push(await api.openSession(key));
      openTimes.push(performance.now() - t);
    }
  });
  const openElapsed = performance.now() - started;
  const openCpu = meter.stop();
  await settle();
  const perSession = mb(rssBytes(server.pid) - rssBefore) / plan.sessions;
  const opens = summarize(openTimes);
  rows.push({
    model: model.name,
    scenario: OPEN_SESSION,
    connections: 1,
    n: opens.n,
    throughput: opens.n / (openElapsed / 1000),
    unit: 'opens/s',
    p50: opens.p50,
    p99: opens.p99,
    ratio: null,
    errors: 0,
    cpu: openCpu,
    engineBusy: counters.engineBusy,
    note: `memory ${perSession.toFixed(2)} MB per open session (server RSS delta / ${plan.sessions})`,
  });

  await load(32, (i, conn) => getResult(model, key, i, sessions[conn % sessions.length]), ctx.warmSeconds);
  for (const connections of [1, 32]) {
    const spread = Math.min(connections, sessions.length);
    log(`${model.name}: GetResult in sessions, ${connections} connection(s) over ${spread} session(s)`);
    const r = await load(connections, (i, conn) => getResult(model, key, i, sessions[conn % spread]));
    rows.push(
      loadRow(model.name, 'GetResult in sessions', r, baselineRate, `${spread} session(s), inputs kept`),
    );
  }
  log(`${model.name}: closing ${sessions.length} sessions`);
  for (const id of sessions) await api.closeSession(key, id);
  return rows;
}

/** Lets the server's GC and allocator settle before a memory reading. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 500));
}

async function batchRow(
  ctx: BenchContext,
  model: BenchModel,
  key: string,
  batch: ModelPlan['batches'][number],
  apiRate: number,
  baselineRate: number,
): Promise<Row> {
  const { api, server, log } = ctx;
  const wanted = batch.items;
  const budget = batch.budgetSeconds ?? ctx.batchBudgetSeconds;
  // Items cost about what single calls do: keep one batch within the time budget.
  const items = Math.min(wanted, Math.max(10, Math.floor(apiRate * budget)));
  const note =
    items < wanted
      ? `${wanted} items would take ~${(wanted / apiRate).toFixed(0)} s at the measured rate: capped to fit ${budget} s`
      : undefined;
  log(`${model.name}: GetBatchResults, ${items} items`);
  const times: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const meter = startCpuMeter(server.pid);
  const started = performance.now();
  const { counters } = await withCounters(server.url, async () => {
    do {
      const request = getBatchResults(model, key, items, nextCall);
      nextCall += items;
      const t = performance.now();
      const answer = await api.send(request);
      times.push(performance.now() - t);
      const reply = api.parse<{ Responses: { Response: { Success: boolean; Messages: string[] } }[] }>(
        request.path,
        answer,
      );
      const failed = reply.Responses.filter((r) => !r.Response.Success);
      errors += failed.length + (reply.Responses.length === items ? 0 : 1);
      firstError ??= failed[0]?.Response.Messages.join(' ');
    } while (performance.now() - started < ctx.seconds * 1000 && times.length < 5);
  });
  const cpu = meter.stop();
  const total = times.reduce((a, b) => a + b, 0);
  const rate = (items * times.length) / (total / 1000);
  const latency = summarize(times);
  return {
    model: model.name,
    scenario: batchScenario(items),
    connections: 1,
    n: times.length,
    throughput: rate,
    unit: 'items/s',
    p50: latency.p50,
    p99: latency.p99,
    ratio: rate / baselineRate,
    errors,
    cpu,
    engineBusy: counters.engineBusy,
    note: [note, firstError].filter(Boolean).join('; ') || undefined,
  };
}
