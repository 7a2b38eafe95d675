/**
 * A minimal LSP client for timing the bundled server (dist/server.js over stdio, as the editor runs it).
 * Unlike the test client it counts every publishDiagnostics, so a measurement waits for the *next* publish
 * after an edit (the fresh one), not for diagnostics already on screen.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SERVER_NODE_ARGS } from '../common/src/serverProcess';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const SERVER_JS = join(__dirname, '..', 'dist', 'server.js');

export class BenchClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  private readonly waiters = new Map<string, { minVersion: number; resolve: (at: number) => void }[]>();
  private unclaimed: { p: PublishDiagnosticsParams; at: number }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly versions = new Map<string, number>();
  private readonly logWaiters = new Set<{ pattern: RegExp; resolve: (message: string) => void }>();
  private readonly publishListeners = new Set<(p: PublishDiagnosticsParams, at: number) => void>();
  readonly started = performance.now();
  /** Every publication's uri, version and arrival time, in order. */
  readonly published: { uri: string; version?: number; at: number }[] = [];

  /**
   * By default our bundled server on this Node; `server` starts another one (bench/anchors: another Node, or
   * yaml-language-server) and `configuration` answers its workspace/configuration items.
   */
  constructor(server?: { node: string; args: string[]; configuration?: (items: { section?: string }[]) => unknown[] }) {
    // BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof`) profiles the server while the bench drives it.
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const [node, args] = server ? [server.node, server.args] : [process.execPath, [...SERVER_NODE_ARGS, ...nodeArgs, SERVER_JS, '--stdio']];
    this.process = spawn(node, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      // A waiter for version v takes the first publish for v or later; a publish without a version counts for any.
      // Publishes nobody waits for yet are kept (two can arrive in one chunk, before the next waiter exists).
      const at = performance.now();
      this.published.push({ uri: p.uri, version: p.version, at });
      for (const l of [...this.publishListeners]) l(p, at);
      const ws = this.waiters.get(p.uri) ?? [];
      const i = ws.findIndex((w) => fits(p, w.minVersion));
      if (i >= 0) ws.splice(i, 1)[0].resolve(at);
      else this.unclaimed.push({ p, at });
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => server?.configuration?.(p.items) ?? [{}]);
    this.connection.onNotification('window/logMessage', (m: { message: string }) => {
      for (const w of [...this.logWaiters]) if (w.pattern.test(m.message)) w.resolve(m.message);
    });
    this.connection.listen();
  }

  /** Milliseconds from spawning the process to the initialize result. */
  async initialize(rootUri: string | null = null): Promise<number> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      // Completion lists may share an edit range, as VS Code's client declares (LSP 3.17 itemDefaults).
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: {}, completion: { completionList: { itemDefaults: ['editRange'] } } },
      },
      initializationOptions: {},
    });
    const ms = performance.now() - this.started;
    await this.connection.sendNotification('initialized', {});
    return ms;
  }

  /**
   * Resolves with the arrival time (performance.now()) of the next publishDiagnostics for `uri` about the
   * document's next version or later (register before sending the triggering message), so a late publish for
   * an older version doesn't count as fresh. Pass `minVersion` to wait for another publish about the current
   * version (the slow pass after the fast one).
   */
  nextDiagnostics(uri: string, minVersion = (this.versions.get(uri) ?? 0) + 1, timeoutMs = 120000): Promise<number> {
    // Already here? (Older versions' leftovers are dropped: they can never be fresh again.)
    this.unclaimed = this.unclaimed.filter((u) => u.p.uri !== uri || fits(u.p, minVersion));
    const early = this.unclaimed.findIndex((u) => u.p.uri === uri);
    if (early >= 0) return Promise.resolve(this.unclaimed.splice(early, 1)[0].at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.timers.add(timer);
      const list = this.waiters.get(uri) ?? [];
      list.push({ minVersion, resolve: (at) => (clearTimeout(timer), this.timers.delete(timer), resolve(at)) });
      this.waiters.set(uri, list);
    });
  }

  /** The arrival time of the next publication (from now on) that satisfies `pred`, e.g. one holding a given code. */
  nextPublishWhere(pred: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 300000): Promise<number> {
    return new Promise((resolve, reject) => {
      const listener = (p: PublishDiagnosticsParams, at: number) => {
        if (!pred(p)) return;
        this.publishListeners.delete(listener);
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve(at);
      };
      const timer = setTimeout(() => (this.publishListeners.delete(listener), reject(new Error(`no matching diagnostics within ${timeoutMs} ms`))), timeoutMs);
      this.timers.add(timer); // cleared by shutdown() like the other waiters
      this.publishListeners.add(listener);
    });
  }

  async open(uri: string, text: string, languageId = 'yaml'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** An incremental change, as VS Code sends it while typing. */
  async edit(uri: string, line: number, character: number, deleteChars: number, insert: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + deleteChars } }, text: insert }],
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** The next log message (window/logMessage) matching `pattern`, or undefined after `timeoutMs`. */
  nextLog(pattern: RegExp, timeoutMs: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      const waiter = {
        pattern,
        resolve: (message: string | undefined) => {
          clearTimeout(timer);
          this.timers.delete(timer);
          this.logWaiters.delete(waiter);
          resolve(message);
        },
      };
      const timer = setTimeout(() => waiter.resolve(undefined), timeoutMs);
      this.timers.add(timer);
      this.logWaiters.add(waiter);
    });
  }

  /** Resident set size of the server process in MB (Linux /proc); `VmHWM` for its peak so far. */
  rssMb(field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | undefined {
    try {
      const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${this.process.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** CPU time of the server's main thread so far, in ms (Linux /proc schedstat: ns on the CPU), or NaN. */
  mainThreadCpuMs(): number {
    try {
      return Number(readFileSync(`/proc/${this.process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    } catch {
      return NaN;
    }
  }

  /**
   * RSS once it has stopped falling for a second (at most 5 s): V8 returns the pages a collection freed to the OS
   * on a background thread, a few hundred ms after the collection. Polled: the kernel announces nothing.
   */
  async settledRssMb(): Promise<number | undefined> {
    let low = this.rssMb();
    for (let i = 0, still = 0; i < 50 && still < 10 && low !== undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = this.rssMb();
      if (now === undefined) break;
      still = now < low ? 0 : still + 1;
      low = Math.min(low, now);
    }
    return low;
  }

  async shutdown(): Promise<void> {
    for (const t of this.timers) clearTimeout(t); // waiters nobody awaits any more
    this.timers.clear();
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => (this.process.kill('SIGKILL'), resolve()), 15000);
        this.process.once('exit', () => (clearTimeout(t), resolve()));
      });
    }
  }
}

function fits(p: PublishDiagnosticsParams, minVersion: number): boolean {
  return p.version === undefined || p.version === null || p.version >= minVersion;
}
