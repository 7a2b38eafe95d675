/**
 * BaseTransport settles every transport's connect() in one place (issue 14 review): the first failure before open
 * rejects it with that failure's words, later ones are not told again, and a failure after open is an error event
 * that rejects nothing. A minimal transport drives it, as ws/STOMP/MQTT/SSE/Socket.IO do with their libraries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BaseTransport } from '../../transports/src/baseTransport';
import type { Failure } from '../../transports/src/describe';
import type { TransportEvent } from '../../transports/src/transport';

class Scripted extends BaseTransport {
  readonly hooks: boolean[] = [];
  constructor(private readonly script: (t: Scripted) => void) {
    super({ transport: 'ws', url: 'ws://127.0.0.1:9', query: {}, headers: {} });
  }
  connect(): Promise<void> {
    this.beginConnect();
    return this.connection(() => this.script(this));
  }
  open(): void {
    this.opened();
  }
  failWith(f: Failure): void {
    this.fail(f);
  }
  protected override failed(beforeOpen: boolean): void {
    this.hooks.push(beforeOpen);
  }
  send(): Promise<unknown> {
    return Promise.resolve(undefined);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function errorsOf(t: Scripted): string[] {
  const out: string[] = [];
  t.onEvent((e: TransportEvent) => e.type === 'error' && out.push(e.message));
  return out;
}

test('a failure before open rejects connect() with its words, once; a second failure is not told', async () => {
  const t = new Scripted((s) => {
    s.failWith({ kind: 'refused', message: 'Connection refused by 127.0.0.1:9.' });
    s.failWith({ kind: 'closed', message: 'Closed with code 1006.' });
  });
  const errors = errorsOf(t);
  await assert.rejects(t.connect(), { name: 'TransportError', message: 'Connection refused by 127.0.0.1:9.', kind: 'refused' });
  assert.deepEqual(errors, ['Connection refused by 127.0.0.1:9.']);
  assert.deepEqual(t.hooks, [true]);
});

test('a failure after open is an error event and rejects nothing; the next connect() starts afresh', async () => {
  const t = new Scripted((s) => s.open());
  const errors = errorsOf(t);
  await t.connect();
  t.failWith({ kind: 'closed', message: 'The broker closed the connection.' });
  assert.deepEqual(errors, ['The broker closed the connection.']);
  assert.deepEqual(t.hooks, [false]);
  await t.connect();
  t.failWith({ kind: 'closed', message: 'Again.' });
  assert.deepEqual(errors, ['The broker closed the connection.', 'Again.']);
});

test('a failure arriving later (a refused subscription after CONNACK) still rejects a pending connect()', async () => {
  let later: (() => void) | undefined;
  const t = new Scripted((s) => (later = () => s.failWith({ kind: 'protocol', message: 'The broker refused a subscription.' })));
  const connecting = t.connect();
  later!();
  await assert.rejects(connecting, /refused a subscription/);
});
