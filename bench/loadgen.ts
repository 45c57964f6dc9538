/**
 * A small closed-loop load generator on node:http: a fixed number of keep-alive connections,
 * each sending its next request as soon as the previous answer has arrived in full, for a
 * bounded time. node:http rather than fetch: fetch (undici through WHATWG streams) costs the
 * generator several times more CPU per request, and on a 2-core machine every cycle the
 * generator burns is taken from the server it measures. An answer counts only when it is
 * HTTP 200 with `"Success":true`; anything else is an error, reported with its first message.
 */
import http from 'node:http';
import { type CpuUse, startCpuMeter } from './procStats.js';
import { type LatencySummary, summarize } from './stats.js';

/** One request: path and JSON body text. */
export interface BenchRequest {
  readonly path: string;
  readonly body: string;
}

/** What a load run measured. */
export interface LoadResult {
  readonly connections: number;
  /** Successful answers. */
  readonly ok: number;
  readonly errors: number;
  readonly firstError?: string;
  /** From the first request to the last answer (requests in flight at the deadline are awaited). */
  readonly elapsedMs: number;
  /** Successful answers per second. */
  readonly throughput: number;
  readonly latency: LatencySummary;
  readonly cpu: CpuUse;
}

/** Options of one load run. */
export interface LoadOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly connections: number;
  /** No request starts after this long; those in flight finish. */
  readonly durationMs: number;
  /** Request number `i` (unique across the run), sent on connection `conn`. */
  readonly request: (i: number, conn: number) => BenchRequest;
  /** The server's pid, for its CPU use during the run. */
  readonly serverPid: number;
  /** Stop early after this many requests have been started. */
  readonly maxRequests?: number;
}

/** A reply as text. */
export interface Reply {
  readonly status: number;
  readonly text: string;
}

/** POSTs a JSON body over `agent` and resolves with the whole answer. */
export function post(agent: http.Agent, url: URL, token: string, req: BenchRequest): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const out = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: req.path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(req.body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(req.body);
  });
}

/** True for an HTTP 200 envelope with Success true (no JSON.parse: the generator stays cheap). */
export function succeeded(reply: Reply): boolean {
  return reply.status === 200 && reply.text.includes('"Success":true');
}

/** Why a reply failed, in one line. */
export function failureText(reply: Reply): string {
  try {
    const body = JSON.parse(reply.text) as { Messages?: string[] };
    return `HTTP ${reply.status}: ${(body.Messages ?? []).join(' ') || reply.text.slice(0, 200)}`;
  } catch {
    return `HTTP ${reply.status}: ${reply.text.slice(0, 200)}`;
  }
}

/** Runs `connections` closed loops against the server for `durationMs` and summarises them. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { connections, durationMs, maxRequests = Number.POSITIVE_INFINITY } = options;
  const url = new URL(options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const meter = startCpuMeter(options.serverPid);
  const start = performance.now();
  const deadline = start + durationMs;
  const loop = async (conn: number): Promise<void> => {
    while (performance.now() < deadline && next < maxRequests) {
      const i = next++;
      const t0 = performance.now();
      try {
        const reply = await post(agent, url, options.token, options.request(i, conn));
        if (succeeded(reply)) latencies.push(performance.now() - t0);
        else {
          errors++;
          firstError ??= failureText(reply);
        }
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, conn) => loop(conn)));
  const elapsedMs = performance.now() - start;
  const cpu = meter.stop();
  agent.destroy();
  return {
    connections,
    ok: latencies.length,
    errors,
    firstError,
    elapsedMs,
    throughput: latencies.length / (elapsedMs / 1000),
    latency: summarize(latencies),
    cpu,
  };
}
