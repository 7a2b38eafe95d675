/**
 * Runs `dist/cli.js mock --json` as a child process (so a mock can never take the extension host down) and
 * reports its JSON-line events. vscode-free: the command layer and tests use it alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { decodeMockLine, type MockEvent } from '../../../common/src/mockEvents';

export type { MockEvent };

export interface MockProcessOptions {
  cliPath: string;
  spec: string;
  server?: string;
  port?: number;
  intervalMs?: number;
  token: string;
  /** The largest message a client may send the mock (`specsocket.mock.maxPayloadBytes`). */
  maxPayloadBytes?: number;
  /** The Node binary; inside VS Code, the editor's own executable run as Node. */
  nodePath?: string;
}

export class MockProcess {
  private readonly child: ChildProcess;
  private readonly listeners: ((e: MockEvent) => void)[] = [];
  private stderr = '';
  listening: Extract<MockEvent, { event: 'listening' }> | undefined;

  constructor(options: MockProcessOptions) {
    const args = [options.cliPath, 'mock', options.spec, '--json', '--token', options.token];
    if (options.server) args.push('--server', options.server);
    if (options.port !== undefined) args.push('--port', String(options.port));
    if (options.intervalMs) args.push('--interval', String(options.intervalMs));
    if (options.maxPayloadBytes) args.push('--max-payload', String(options.maxPayloadBytes));
    this.child = spawn(options.nodePath ?? process.execPath, args, {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    this.child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        this.parse(line);
      }
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.child.on('exit', (code) => this.emit({ event: 'exit', code, stderr: this.stderr }));
    this.child.on('error', (e) => this.emit({ event: 'error', message: `Could not start the mock: ${e.message}` }));
  }

  onEvent(listener: (e: MockEvent) => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
  }

  /** Resolves with the listening event, or rejects with the mock's own words when it could not start. */
  ready(): Promise<Extract<MockEvent, { event: 'listening' }>> {
    if (this.listening) return Promise.resolve(this.listening);
    return new Promise((resolve, reject) => {
      const sub = this.onEvent((e) => {
        const outcome =
          e.event === 'listening'
            ? () => resolve(e)
            : e.event === 'error'
              ? () => reject(new Error(e.message))
              : e.event === 'exit'
                ? () => reject(new Error(`The mock exited (code ${e.code}) before listening. ${e.stderr}`.trim()))
                : undefined;
        if (outcome) {
          sub.dispose();
          outcome();
        }
      });
    });
  }

  /** Stops the mock and resolves once its process is gone (its port is free then). */
  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }

  private parse(line: string): void {
    const e = decodeMockLine(line);
    if (e?.event === 'listening') this.listening = e;
    this.emit(e ?? { event: 'log', message: line });
  }

  private emit(e: MockEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
