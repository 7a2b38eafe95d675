/**
 * Replay overhead per step (issue 18): a session of N send/expect pairs replayed by the runner over the real `ws`
 * transport against a loopback echo peer, next to the same conversation written by hand (send, await the answer)
 * on the same transport. The difference per step is what the runner adds (matching, validation, partial match,
 * variables); CPU time of this process, since the machine is shared. Figures only.
 * Run: node --import tsx bench/sessionReplay.ts
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { WebSocketServer } from 'ws';
import { runSession } from '../common/src/sessions/runner';
import type { SessionFile } from '../common/src/sessions/format';
import type { TryItModel } from '../common/src/tryItModel';
import { sessionWire } from '../transports/src/sessionWire';
import { WsTransport } from '../transports/src/ws';

const STEPS = 500;
const ROUNDS = 5;

interface Figures {
  cpu: number;
  wall: number;
}

function middle(xs: Figures[]): Figures {
  const byCpu = [...xs].sort((a, b) => a.cpu - b.cpu);
  return byCpu[Math.floor(byCpu.length / 2)]!;
}

/** The conversation written by hand: send, then await the answer. */
async function byHand(t: WsTransport): Promise<void> {
  for (let n = 0; n < STEPS; n++) {
    const answer = new Promise<void>((resolve) => {
      const sub = t.onEvent((e) => e.type === 'frame' && e.direction === 'in' && (sub.dispose(), resolve()));
    });
    await t.send({ data: JSON.stringify({ type: 'echo', n }) });
    await answer;
  }
}

function model(url: string): TryItModel {
  const payload = { type: 'object', required: ['type', 'n'], properties: { type: { const: 'echo' }, n: { type: 'integer' } } };
  const message = (id: string) => ({ id, payload, examples: [], discriminators: [{ property: 'type', values: ['echo'] }] });
  return {
    uri: 'file:///bench.yaml',
    kind: 'asyncapi',
    version: '3.0.0',
    describesServer: true,
    problems: [],
    servers: [{ name: 'local', url, protocol: 'ws', transport: 'ws', variables: [], security: [] }],
    channels: [
      {
        id: 'echo',
        address: '/',
        parameters: [],
        query: [],
        headers: [],
        servers: [],
        operations: [
          { id: 'say', rawAction: 'receive', clientDirection: 'send', messages: [message('say')] },
          { id: 'hear', rawAction: 'send', clientDirection: 'receive', messages: [message('hear')] },
        ],
      },
    ],
  };
}

async function main(): Promise<void> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  server.on('connection', (s) => s.on('message', (d) => s.send(d.toString())));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const m = model(url);

  const handRun = (t: WsTransport) => byHand(t);
  const steps: SessionFile['steps'] = [];
  for (let n = 0; n < STEPS; n++) steps.push({ send: 'say', payload: { type: 'echo', n } }, { expect: 'hear', match: { n } });
  const session: SessionFile = { session: 1, spec: 'bench.yaml', channel: 'echo', steps };
  let status = '';
  const runnerRun = async (t: WsTransport) => {
    const result = await runSession(session, 'bench', {
      model: m,
      target: { server: m.servers[0]!, channel: m.channels[0] },
      wire: sessionWire(t, 'ws'),
      env: {},
    });
    status = result.status;
  };
  // Alternating rounds after a warm-up of each (the JIT), the median of each kept.
  const hand: Figures[] = [];
  const runner: Figures[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const h = await measure(url, handRun);
    const r = await measure(url, runnerRun);
    if (round === 0) continue;
    hand.push(h);
    runner.push(r);
  }
  const [byHandMedian, replayed] = [middle(hand), middle(runner)];
  server.close();
  const per = (x: number) => `${((x / STEPS) * 1000).toFixed(0)} µs`;
  console.log(`session replay, ${STEPS} send+expect pairs over ws on loopback (${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}), replay ${status}:`);
  console.log(`  by hand: ${per(byHandMedian.cpu)} CPU, ${per(byHandMedian.wall)} wall per pair (median of ${ROUNDS} rounds)`);
  console.log(`  runner:  ${per(replayed.cpu)} CPU, ${per(replayed.wall)} wall per pair`);
  console.log(`  overhead of the runner: ${per(replayed.cpu - byHandMedian.cpu)} CPU per pair (two steps)`);
}

/** CPU and wall ms of this process (the peer runs in it too, the same in both runs). */
async function measure(url: string, run: (t: WsTransport) => Promise<void>): Promise<Figures> {
  const t = new WsTransport({ transport: 'ws', url, query: {}, headers: {} });
  await t.connect();
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await run(t);
  const c = process.cpuUsage(c0);
  const wall = performance.now() - w0;
  await t.close();
  return { cpu: (c.user + c.system) / 1000, wall };
}

void main();
