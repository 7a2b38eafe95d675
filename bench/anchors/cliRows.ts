/**
 * Whole-process figures for the CLI rows: `node dist/cli.js check`, the AsyncAPI CLI's `asyncapi validate`, and
 * @asyncapi/parser in a process of its own. CPU time is the child's user + system time (bash's `times`): on a
 * shared machine it is the figure that means something; wall time is printed beside it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { CACHE, type Anchors } from './install';

export interface ProcessTime {
  wallMs: number;
  cpuMs: number;
  status: number | null;
}

/** Runs `node args…` to its end (output discarded) and returns its wall and CPU time. */
export function wholeProcess(node: string, args: string[], env: NodeJS.ProcessEnv = process.env): ProcessTime {
  const t = performance.now();
  // `times` prints the shell's own times, then its children's: "0m0.270s 0m0.040s".
  const r = spawnSync('bash', ['-c', '"$@" >/dev/null 2>&1; s=$?; times; exit $s', 'bash', node, ...args], { encoding: 'utf8', env });
  const wallMs = performance.now() - t;
  const children = r.stdout.trim().split('\n')[1] ?? '';
  const cpuMs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
  return { wallMs, cpuMs, status: r.status };
}

/**
 * The AsyncAPI CLI with its usage metrics off (they would be sent over the network, which this machine has not,
 * and are not what is compared), through a config file of its own in the cache rather than `~/.asyncapi-analytics`.
 */
export function asyncapiValidate(anchors: Anchors, file: string): ProcessTime {
  const config = join(CACHE, 'asyncapi-analytics.json');
  writeFileSync(config, JSON.stringify({ analyticsEnabled: 'false', infoMessageShown: 'true', userID: 'specsocket-bench' }));
  return wholeProcess(anchors.node, [anchors.asyncapiBin, 'validate', file], { ...process.env, ASYNCAPI_METRICS_CONFIG_PATH: config });
}

export interface ParserRun {
  load: number;
  first: { wall: number; cpu: number };
  warm?: { wall: number; cpu: number };
  processCpu: number;
}

/** @asyncapi/parser parsing `files` `runs` times over in one process; with the process's own wall and CPU time. */
export function parserInProcess(anchors: Anchors, files: string[], runs: number): { run: ParserRun; process: ProcessTime } {
  const script = join(__dirname, 'parserRun.mjs');
  const r = spawnSync(anchors.node, [script, anchors.parserDir, String(runs), ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`parserRun failed: ${r.stderr.slice(0, 500)}`);
  const run = JSON.parse(r.stdout.trim().split('\n').pop()!) as ParserRun;
  return { run, process: wholeProcess(anchors.node, [script, anchors.parserDir, '1', ...files]) };
}
