/**
 * The worker thread entry: one engine, one `WorkerState`, one request at a time. It adopts
 * the wasm module compiled by the main thread, says it is ready (a response with id 0) and
 * then answers every `WorkerEnvelope` with a `WorkerResponse`. Failures travel as data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptIronCalcModule } from '../engine/ironcalc/wasmRuntime.js';
import type { WorkerEnvelope, WorkerFailure, WorkerResponse } from './protocol.js';
import { JobFailure, WorkerState } from './workerState.js';

/** What the pool passes in `workerData`. */
export interface WorkerData {
  readonly wasmModule: WebAssembly.Module;
}

const port = parentPort;
if (!port) throw new Error('compute/worker.ts must run in a worker thread.');

adoptIronCalcModule((workerData as WorkerData).wasmModule);
const state = await WorkerState.create();

// Requests arrive one at a time (the pool waits for each answer), but keep a chain anyway so
// that two overlapping requests could never interleave inside the engine.
let chain: Promise<void> = Promise.resolve();
port.on('message', (msg: WorkerEnvelope) => {
  chain = chain.then(() => answer(msg));
});
// Job ids start at 1, so id 0 can announce that the engine is up.
port.postMessage({ id: 0, ok: true, value: 'ready', engineMs: 0 } satisfies WorkerResponse);

async function answer(msg: WorkerEnvelope): Promise<void> {
  const started = performance.now();
  let response: WorkerResponse;
  try {
    const value = await state.handle(msg);
    const engineMs = performance.now() - started;
    // Tells the pool's result cache whether this answer may be reused for an identical call.
    const volatile = msg.op === 'calculate' && !msg.session ? state.isVolatile(msg.version.key) : undefined;
    response = { id: msg.id, ok: true, value, engineMs, ...(volatile === undefined ? {} : { volatile }) };
  } catch (err) {
    response = { id: msg.id, ok: false, failure: toFailure(err), engineMs: performance.now() - started };
  }
  try {
    port?.postMessage(response);
  } catch (err) {
    // A value that cannot be cloned must not leave the pool waiting for an answer.
    const failure = toFailure(err);
    port?.postMessage({
      id: msg.id,
      ok: false,
      failure,
      engineMs: response.engineMs,
    } satisfies WorkerResponse);
  }
}

/** Known failures pass through; anything else is a bug whose details stay in the log. */
function toFailure(err: unknown): WorkerFailure {
  if (err instanceof JobFailure) return err.failure;
  console.error('sheetport compute worker: unexpected error', err);
  return { code: 'INTERNAL', message: 'The calculation failed because of an internal error.' };
}
