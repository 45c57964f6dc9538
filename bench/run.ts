/**
 * `npm run bench`: builds the project (the npm script does), starts the compiled server in its
 * own process on loopback, publishes the three generated workbooks through the API and
 * measures each for a bounded time against the raw engine baseline. Prints a table and writes
 * it as JSON to bench/results/<ISO timestamp>.json. See README.md, "Performance".
 *
 *   npm run bench -- [--models small,medium,large] [--seconds 3] [--cpu-prof]
 *
 * SHEETPORT_* variables in the environment reach the server; the benchmark turns the rate
 * limit off and raises the session limits (its one client opens more than 100 sessions).
 */
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchApi } from './api.js';
import { benchCacheOff, RESULT_CACHE_VARIABLE, resultCacheSupported } from './cache.js';
import {
  applyTargets,
  type BenchReport,
  formatTable,
  type ModelFacts,
  type Row,
  writeReport,
} from './report.js';
import { benchModel, type ModelPlan } from './scenarios.js';
import { startServer } from './serverProcess.js';
import { benchModels } from './workbooks.js';

const PLANS: Record<string, ModelPlan> = {
  small: {
    publishes: 5,
    sessions: 100,
    batches: [{ items: 1000 }, { items: 10_000, budgetSeconds: 60 }],
    repeated: true,
  },
  medium: { publishes: 2, sessions: 64, batches: [{ items: 1000 }], repeated: true },
  large: { publishes: 1, sessions: 32, batches: [{ items: 1000 }], repeated: false },
};

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'small,medium,large' },
    seconds: { type: 'string', default: '3' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
if (!(seconds > 0)) throw new Error('--seconds must be a positive number.');
const wanted = new Set(values.models.split(','));
const models = benchModels().filter((m) => wanted.has(m.name));
if (models.length === 0) throw new Error('--models names none of small, medium, large.');

const startedAt = new Date().toISOString();
const t0 = performance.now();
const loadAverageAtStart = loadavg();
const log = (line: string) =>
  process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

const cacheSupported = resultCacheSupported();
const serverEnv: Record<string, string> = {
  SHEETPORT_RATE_LIMIT: 'off',
  SHEETPORT_MAX_SESSIONS_PER_CLIENT: '100000',
  SHEETPORT_MAX_SESSIONS_PER_APPLICATION: '100000',
};
const profileDir = join(tmpdir(), `sheetport-bench-profile-${startedAt.replace(/[:.]/g, '-')}`);
const nodeArgs = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];

const server = await startServer({ env: serverEnv, nodeArgs });
const api = new BenchApi(server.url);
const rows: Row[] = [];
const facts: ModelFacts[] = [];
const notes: string[] = [];
try {
  log(`server pid ${server.pid} at ${server.url} (node dist/cli/main.js serve)`);
  await api.login(server.client.identifier, server.client.secret);
  for (const model of models) {
    const plan = PLANS[model.name];
    if (!plan) continue;
    const ctx = { server, api, seconds, warmSeconds: 1, batchBudgetSeconds: 10, log };
    const result = await benchModel(ctx, model, plan);
    rows.push(...result.rows);
    facts.push(result.facts);
  }
} finally {
  api.close();
  await server.stop();
}
if (values['cpu-prof'])
  notes.push(`CPU profiles of the server's threads: ${profileDir} (npx tsx bench/profileTop.ts FILE)`);

// The main run keeps the server's default result cache (unique calls never hit it); the
// small model's repeated calls run again with it off, to show what it saves.
if (cacheSupported) {
  const repeated = models.filter((m) => m.name === 'small');
  rows.push(...(await benchCacheOff(repeated, seconds, serverEnv, log)));
} else {
  // HOOK: this build has no result cache; bench/cache.ts measures it once dist/config.js has the switch.
  notes.push(
    `Result cache: not measured, the server has no ${RESULT_CACHE_VARIABLE} switch (hook: bench/cache.ts).`,
  );
}

applyTargets(rows);
const report: BenchReport = {
  startedAt,
  durationSeconds: (performance.now() - t0) / 1000,
  machine: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    loadAverageAtStart,
    loadAverageAtEnd: loadavg(),
  },
  settings: {
    seconds,
    models: [...wanted],
    plans: PLANS,
    serverEnv,
    inheritedEnv: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('SHEETPORT_'))),
    cacheSupported,
  },
  models: facts,
  rows,
  notes: [
    `Load average (1/5/15 min) at start ${loadAverageAtStart.map((x) => x.toFixed(2)).join('/')}, ` +
      `at end ${loadavg()
        .map((x) => x.toFixed(2))
        .join('/')} on ${cpus().length} cores.`,
    ...notes,
  ],
};
process.stdout.write(`\n${formatTable(report)}\n`);
process.stdout.write(`\nWritten to ${writeReport(report)} (${report.durationSeconds.toFixed(0)} s)\n`);
