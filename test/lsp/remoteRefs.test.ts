/**
 * http(s) `$ref`s: with `specsocket.resolveRemoteRefs` off nothing is fetched and an information diagnostic says
 * so; with it on, the server fetches the target (here from a real HTTP server on loopback) and validates against it.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LspClient, messageText } from '../helpers/lspClient';

let http: Server;
let base = '';
const requests: string[] = [];
/** Resolves when the HTTP server has been asked for `path`. */
const requested = (path: string) =>
  requests.includes(path) ? Promise.resolve() : new Promise<void>((r) => http.on('request', (req) => req.url === path && r()));

before(async () => {
  http = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/common.yaml')
      res
        .writeHead(200, { 'content-type': 'application/yaml' })
        .end('components:\n  messages:\n    Hello:\n      payload:\n        type: string\n  schemas:\n    Count:\n      type: integer\n');
    else res.writeHead(404).end('not here');
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => http.close(() => r())));

const spec = (ref: string) =>
  `asyncapi: 3.0.0\ninfo:\n  title: Remote\n  version: 1.0.0\nchannels:\n  a:\n    address: /a\n    messages:\n      hello:\n        $ref: '${ref}'\n`;

test('off (the default): nothing is fetched and an information diagnostic says how to turn it on', async () => {
  const client = new LspClient({ resolveRemoteRefs: false });
  try {
    await client.initialize();
    const uri = 'file:///tmp/specsocket-remote/off.yaml';
    await client.open(uri, spec(`${base}/common.yaml#/components/messages/Hello`));
    const diags = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'remote-ref-not-fetched'));
    const notice = diags.find((x) => x.code === 'remote-ref-not-fetched')!;
    assert.equal(notice.severity, 3);
    assert.equal(notice.range.start.line, 9);
    assert.match(messageText(notice.message), /resolveRemoteRefs/);
    assert.deepEqual(requests, []);
  } finally {
    await client.shutdown();
  }
});

test('on: the target is fetched and checked — its schema applies, a missing pointer is an error at the $ref', async () => {
  const client = new LspClient({ resolveRemoteRefs: true });
  try {
    await client.initialize();
    const good = 'file:///tmp/specsocket-remote/good.yaml';
    const fetched = requested('/common.yaml');
    // The example can only be found wrong with the fetched schema (an integer): proof the content was used.
    await client.open(
      good,
      `asyncapi: 3.0.0\ninfo:\n  title: Remote\n  version: 1.0.0\nchannels:\n  a:\n    address: /a\n    messages:\n      count:\n        payload:\n          $ref: '${base}/common.yaml#/components/schemas/Count'\n        examples:\n          - payload: not a number\n`,
    );
    await fetched;
    const checked = await client.waitForDiagnostics(good, (d) => d.some((x) => x.code === 'asyncapi3-message-examples'));
    assert.ok(!checked.some((x) => x.code === 'remote-ref-not-fetched'), JSON.stringify(checked));

    const bad = 'file:///tmp/specsocket-remote/bad.yaml';
    await client.open(bad, spec(`${base}/common.yaml#/components/messages/Missing`));
    const diags = await client.waitForDiagnostics(bad, (d) => d.some((x) => x.code === 'invalid-ref'));
    const err = diags.find((x) => x.code === 'invalid-ref')!;
    assert.equal(err.range.start.line, 9);
    assert.match(messageText(err.message), /Missing/);

    const gone = 'file:///tmp/specsocket-remote/gone.yaml';
    await client.open(gone, spec(`${base}/nothing.yaml#/x`));
    const notFetched = await client.waitForDiagnostics(gone, (d) =>
      d.some((x) => x.code === 'remote-ref-not-fetched' && /could not be fetched/.test(messageText(x.message))),
    );
    assert.ok(notFetched.length > 0);
  } finally {
    await client.shutdown();
  }
});
