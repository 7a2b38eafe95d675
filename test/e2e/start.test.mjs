// `npm start` as a new user runs it (the README's second command): the examples' mocks listen, the browser VS Code
// answers at the printed URL, and Ctrl+C (SIGINT to the whole process group, as a terminal sends it) stops
// everything quietly and frees every port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from './codeServer.mjs';

const root = resolve(import.meta.dirname, '..', '..');

/** Lines of a stream, as they come; resolves with all of them once `until` matches one. */
function readUntil(stream, until, timeoutMs, what) {
  return new Promise((resolvePromise, reject) => {
    let buf = '';
    const lines = [];
    const timer = setTimeout(() => reject(new Error(`${what} not seen within ${timeoutMs} ms:\n${lines.join('\n')}${buf}`)), timeoutMs);
    stream.on('data', (d) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (until.test(lines.at(-1))) {
          clearTimeout(timer);
          resolvePromise(lines);
        }
      }
    });
  });
}

const accepts = (port) =>
  new Promise((res) => {
    const c = createConnection({ host: '127.0.0.1', port }, () => (c.destroy(), res(true)));
    c.once('error', () => res(false));
  });
const isFree = (port) =>
  new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });

test('npm start: seven mocks and the browser VS Code come up; Ctrl+C stops them all quietly', { timeout: 600_000 }, async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(root, 'scripts/start.mjs')], {
    cwd: root,
    env: { ...process.env, SPECSOCKET_START_BROWSER: '1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the SIGINT below reaches every child as a terminal's would
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d.toString()));
  const exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
  try {
    const lines = await readUntil(child.stdout, /^Ctrl\+C stops/, 540_000, 'the ready line');
    const mocks = lines.filter((l) => /^ {2}\S+\.(ya?ml)\s/.test(l));
    assert.equal(mocks.length, 7, lines.join('\n'));
    const ports = mocks.map((l) => {
      const m = l.match(/(?:ws|http|https|wss|mqtt):\/\/127\.0\.0\.1:(\d+)/);
      assert.ok(m, `a mock that did not start: ${l}`);
      return Number(m[1]);
    });
    for (const p of ports) assert.ok(await accepts(p), `a mock listens on ${p}`);
    const url = lines.find((l) => l.startsWith('VS Code (code-server)'))?.match(/http:\/\/\S+/)?.[0];
    assert.ok(url?.startsWith(`http://127.0.0.1:${port}/?folder=`), lines.join('\n'));
    const page = await fetch(url);
    assert.equal(page.status, 200);
    process.kill(-child.pid, 'SIGINT');
    const { code } = await exited;
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error:|at .*\.js:\d+/, 'stopping is quiet');
    for (const p of [...ports, port]) assert.ok(await isFree(p), `port ${p} is free after Ctrl+C`);
  } finally {
    if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  }
});
