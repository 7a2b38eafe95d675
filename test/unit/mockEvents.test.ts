/** The mock's JSON lines: what cliMock writes, MockProcess reads back as the same event; anything else is a log line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMockLine, encodeMockLine, type MockLine } from '../../common/src/mockEvents';

test('every kind of line round-trips through encode and decode, one line each', () => {
  const lines: MockLine[] = [
    { event: 'listening', url: 'ws://127.0.0.1:8001', port: 8001, server: 'local', protocol: 'ws', token: 't' },
    { event: 'log', message: 'client connected' },
    { event: 'error', message: 'port in use: listen EADDRINUSE' },
    { event: 'stopped' },
  ];
  for (const line of lines) {
    const text = encodeMockLine(line);
    assert.equal(text.indexOf('\n'), text.length - 1, 'one line');
    assert.deepEqual(decodeMockLine(text.trimEnd()), line);
  }
});

test('what is not one of its lines decodes to nothing (the reader shows it as a log line)', () => {
  for (const text of ['', 'plain text', '[1]', 'null', '{"event":"listening","url":"ws://x"}', '{"event":"log"}', '{"event":"other","message":"m"}']) {
    assert.equal(decodeMockLine(text), undefined, text);
  }
});
