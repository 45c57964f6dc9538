/**
 * CPU and memory figures from Linux's /proc, read from outside the measured process so reading
 * costs it nothing: how busy the server (and its main thread) was, how busy the load generator
 * was, and how much of the machine other processes took meanwhile. Elsewhere every figure is NaN.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = clockTicks();

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** utime + stime of one /proc stat file, in ticks (the command name may contain spaces). */
function statTicks(file: string): number {
  try {
    const text = readFileSync(file, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

/** Busy ticks of the whole machine, summed over cores. */
function systemBusyTicks(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return [user, nice, system, irq, softirq, steal].reduce<number>((a, b) => a + (b ?? 0), 0);
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of a process in bytes. */
export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Names and busy ticks of a process's threads (worker threads, libuv pool, GC helpers). */
export function threadTicks(pid: number): { tid: number; name: string; ticks: number }[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => ({
      tid: Number(tid),
      name: readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(),
      ticks: statTicks(`/proc/${pid}/task/${tid}/stat`),
    }));
  } catch {
    return [];
  }
}

/** CPU use during one interval, in percent of one core (200 = both cores of this machine). */
export interface CpuUse {
  /** The whole server process: HTTP thread, calculation workers, GC and I/O threads. */
  readonly server: number;
  /** The server's main (HTTP) thread alone. */
  readonly serverMain: number;
  /** This process: the load generator. */
  readonly loadgen: number;
  /** Everything else on the machine: the noise in these figures. */
  readonly other: number;
}

interface Snapshot {
  readonly at: number;
  readonly server: number;
  readonly serverMain: number;
  readonly self: number;
  readonly system: number;
}

/** Takes a snapshot now; `stop()` on the result gives the CPU use since then. */
export function startCpuMeter(serverPid: number): { stop(): CpuUse } {
  const snap = (): Snapshot => ({
    at: performance.now(),
    server: statTicks(`/proc/${serverPid}/stat`),
    serverMain: statTicks(`/proc/${serverPid}/task/${serverPid}/stat`),
    self: statTicks('/proc/self/stat'),
    system: systemBusyTicks(),
  });
  const begin = snap();
  return {
    stop() {
      const end = snap();
      const seconds = (end.at - begin.at) / 1000;
      const pct = (ticks: number) => (100 * ticks) / TICKS_PER_SECOND / seconds;
      const server = pct(end.server - begin.server);
      const loadgen = pct(end.self - begin.self);
      return {
        server,
        serverMain: pct(end.serverMain - begin.serverMain),
        loadgen,
        other: Math.max(0, pct(end.system - begin.system) - server - loadgen),
      };
    },
  };
}
