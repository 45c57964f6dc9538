/**
 * The top frames of a V8 .cpuprofile (as `npm run bench -- --cpu-prof` writes one per server
 * thread), by self time or, with --inclusive, by time including callees: where the server
 * spends its time under load.
 *
 *   npx tsx bench/profileTop.ts FILE.cpuprofile [count=25] [--inclusive]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const args = process.argv.slice(2);
const inclusive = args.includes('--inclusive');
const [file, countText = '25'] = args.filter((a) => a !== '--inclusive');
if (!file) {
  process.stderr.write('Usage: npx tsx bench/profileTop.ts FILE.cpuprofile [count] [--inclusive]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const frameOf = new Map<number, string>();
const parentOf = new Map<number, number>();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    ? `${url.replace(/^file:\/\/.*?\/(node_modules|dist|src)\//, '$1/')}:${lineNumber + 1}`
    : '';
  frameOf.set(node.id, `${functionName || '(anonymous)'} ${where}`.trim());
  for (const child of node.children ?? []) parentOf.set(child, node.id);
}
const time = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  // Inclusive: every distinct frame on the sampled stack gets the sample once (recursion counts once).
  const frames = new Set<string>();
  for (
    let node: number | undefined = id;
    node !== undefined;
    node = inclusive ? parentOf.get(node) : undefined
  )
    frames.add(frameOf.get(node) ?? '?');
  for (const frame of frames) time.set(frame, (time.get(frame) ?? 0) + dt);
});
const top = [...time.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(countText));
process.stdout.write(
  `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${inclusive ? 'inclusive' : 'self'} time\n`,
);
for (const [frame, us] of top)
  process.stdout.write(
    `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${frame}\n`,
  );
