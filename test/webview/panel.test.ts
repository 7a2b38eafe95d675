/**
 * The built webview (dist/webview) in headless Chromium, with a stand-in for acquireVsCodeApi that relays
 * messages to a real TryItController in this process, connected to a real `ws` server.
 * Run `npm run build` first. Screenshots go to docs/images/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { webviewHtml } from '../../client/src/tryit/webviewHtml';
import type { HostToWebview, WebviewToHost } from '../../common/src/webviewMessages';
import { echoModel, hostFor, Posts, startPeer, TryItController } from '../helpers/tryItHost';
import { modelOf } from '../helpers/tryItModels';
import { serviceWith } from '../helpers/fixtures';
import { TWO_SESSIONS } from '../helpers/fernTwoSessions';
import { createTransport } from '../../transports/src';
import { startMock } from '../../mock/src/mockServer';

// Page functions run in the browser, but this file is type-checked for Node: name the few browser globals used.
declare const window: { postMessage(m: unknown, origin: string): void; pwned?: number; cspViolations?: number };
declare const document: { querySelector(s: string): { textContent: string | null; value?: string } | null; querySelectorAll(s: string): { length: number } };

const ROOT = join(__dirname, '..', '..');
/** The README's pictures are refreshed by `npm run screenshots`; an ordinary test run keeps them out of the tree. */
const PICTURES = process.env.SPECSOCKET_SCREENSHOTS ? join(ROOT, 'docs', 'images') : mkdtempSync(join(tmpdir(), 'specsocket-webview-shots-'));
const DIST = join(ROOT, 'dist', 'webview');
const NONCE = 'test-nonce-0123456789';
const STAND_IN = `
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.toHost(JSON.stringify(m)),
    getState: () => state,
    setState: (s) => { state = s; },
  });
  document.addEventListener('securitypolicyviolation', (e) => (window.cspViolations = (window.cspViolations || 0) + 1));
`;

let http: Server;
let origin: string;
let context: BrowserContext;
let page: Page;
let peer: Awaited<ReturnType<typeof startPeer>>;
let controller: TryItController;
let posts: Posts;
let host: ReturnType<typeof hostFor>;
const dirs: string[] = [];
/** Session files Record wrote. */
const saved: string[] = [];
/** Set when the tests are over: the host may still post (a last batch, dispose) while the browser closes. */
let closing = false;

/** Posts a host message into the page, as VS Code's webview.postMessage does; a failure fails the run unless closing. */
function deliver(m: HostToWebview): void {
  page
    .evaluate((msg) => window.postMessage(msg, '*'), m)
    .catch((e: unknown) => {
      if (!closing) throw e;
    });
}

function serve(): Promise<void> {
  const types: Record<string, string> = { js: 'text/javascript', css: 'text/css', ttf: 'font/ttf' };
  http = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/') {
      const html = webviewHtml({ cspSource: origin, nonce: NONCE, scriptUri: `${origin}/main.js`, styleUri: `${origin}/tryit.css` })
        .replace('</head>', `<link rel="stylesheet" href="${origin}/theme.css">\n</head>`)
        .replace(`<script nonce="${NONCE}" src=`, `<script nonce="${NONCE}" src="${origin}/stand-in.js"></script>\n<script nonce="${NONCE}" src=`);
      return res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    }
    if (path === '/stand-in.js') return res.writeHead(200, { 'content-type': types.js }).end(STAND_IN);
    const file = path.startsWith('/theme') ? join(__dirname, path === '/theme.css' ? 'theme-dark.css' : 'theme-light.css') : join(DIST, path.slice(1));
    if (!existsSync(file)) return res.writeHead(404).end();
    return res.writeHead(200, { 'content-type': types[file.split('.').pop()!] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) =>
    http.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

before(async () => {
  assert.ok(existsSync(join(DIST, 'main.js')), 'dist/webview/main.js is missing: run `npm run build` first');
  await serve();
  peer = await startPeer();
  posts = new Posts();
  const toPage: HostToWebview[] = [];
  let pageReady = false;
  host = hostFor(posts, {
    batchMs: 50, // as in the product
    createTransport, // every transport, as in the product
    reconnect: { initialDelayMs: 30_000, maxDelayMs: 60_000 }, // long enough to see the countdown and cancel it
    // Session files as written by Record (the spec's text for Add as example is the echo model's: none).
    files: { saveSession: async (_spec, name, text) => (saved.push(text), `file:///${name}`), readText: async () => '', applyInserts: async () => false },
    post: (m) => {
      posts.push(m);
      if (pageReady) deliver(m);
      else toPage.push(m);
    },
  });
  const model = echoModel(peer.url);
  controller = new TryItController(model.uri, host);
  controller.setModel(model);

  const home = mkdtempSync(join(tmpdir(), 'specsocket-chromium-'));
  dirs.push(home);
  context = await chromium.launchPersistentContext(join(home, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_DATA_HOME: join(home, 'data') },
    viewport: { width: 1100, height: 760 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.exposeFunction('toHost', (json: string) => {
    const m = JSON.parse(json) as WebviewToHost;
    if (m.type === 'ready') {
      pageReady = true;
      for (const queued of toPage.splice(0)) deliver(queued);
    }
    void controller.handle(m);
  });
  await page.goto(origin + '/');
});

after(async () => {
  closing = true;
  controller?.dispose();
  await context?.close();
  await peer?.close();
  http?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('connect → send an example → the log shows the matched message, the invalid one and "not in spec"', async () => {
  await page.getByRole('combobox', { name: 'Server', exact: true }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'port', exact: true }).inputValue(), peer.url.split(':').pop());
  await page.getByRole('button', { name: 'Connect' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Connected to ${peer.url}/echo` })
    .waitFor();

  await page.getByRole('listbox', { name: 'Messages the client may send' }).selectOption('sendPing/ping');
  await page.waitForFunction(() => document.querySelector('textarea.editor')?.value?.includes('"ping"'));
  await page.getByText('Valid ping').waitFor();
  await page.getByRole('button', { name: 'Send (Ctrl+Enter)' }).click();

  const log = page.getByRole('listbox', { name: 'Frames' });
  await log.locator('.chip.matched', { hasText: 'pong' }).waitFor();
  await log.locator('.chip.invalid', { hasText: 'pong' }).waitFor();
  await log.locator('.chip.unknown', { hasText: 'not in spec' }).waitFor();
  assert.equal(await log.locator('.entry.dir-out').count(), 1);
  // The sent row names its message, as received rows do.
  assert.equal(await log.locator('.entry.dir-out .chip.matched').textContent(), 'ping');
  assert.deepEqual(await page.locator('.counters > span').allTextContents(), [' 2', ' 1', ' 1']);

  // The invalid frame's detail lists the violation; its link reveals the schema in the spec.
  await log.locator('.entry', { has: page.locator('.chip.invalid') }).click();
  await page.locator('.detail .violations').getByText('/n').waitFor();
  await page.locator('.detail .violations a').click();
  await page.waitForFunction(() => true);
  assert.deepEqual(host.revealed.at(-1), { uri: 'file:///spec.yaml', line: 30, character: 4 });
  await page.locator('.detail').getByText('"one"').waitFor();
  await page.screenshot({ path: join(PICTURES, 'try-it-panel.png') });
  // The same panel in a light theme: only the injected variables change.
  await page.evaluate(`new Promise((resolve) => {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '${origin}/theme-light.css', id: 'light', onload: resolve });
    document.head.append(link);
  })`);
  await page.screenshot({ path: join(PICTURES, 'try-it-panel-light.png') });
  await page.evaluate(`document.getElementById('light').remove()`);
});

test('received content is only ever text, and the strict CSP is never violated', async () => {
  peer.sockets[0]!.send('<img src=x onerror="window.pwned=1"><b>bold</b>');
  const row = page.getByRole('listbox', { name: 'Frames' }).locator('.entry', { hasText: '<img src=x' });
  await row.waitFor();
  await row.click();
  await page.locator('.detail pre').filter({ hasText: '<b>bold</b>' }).waitFor();
  assert.equal(await page.locator('#app img, #app b').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.evaluate(() => window.cspViolations ?? 0), 0);
});

test('a binary frame is shown as hex and base64', async () => {
  peer.sockets[0]!.send(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x41]));
  const row = page.getByRole('listbox', { name: 'Frames' }).locator('.entry', { hasText: 'binary, 6 bytes' });
  await row.waitFor();
  await row.click();
  await page.locator('.detail pre').filter({ hasText: '00000000  de ad be ef 00 41' }).waitFor();
  await page.getByRole('radio', { name: 'base64' }).check();
  await page.locator('.detail pre').filter({ hasText: '3q2+7wBB' }).waitFor();
});

test('a WebSocket ping is a control frame: hidden until "Control frames" is checked, and never "not in spec"', async () => {
  const log = page.getByRole('listbox', { name: 'Frames' });
  const ping = log.locator('.entry', { has: page.locator('.event', { hasText: /^ping$/ }) });
  peer.sockets[0]!.ping(Buffer.from('beat'));
  peer.sockets[0]!.send('after the ping');
  // Frames are logged and rendered in order: once the later frame shows, the ping has been through the filter.
  await log.locator('.entry', { hasText: 'after the ping' }).waitFor();
  assert.equal(await ping.count(), 0);
  const control = page.getByRole('checkbox', { name: 'Control frames' });
  await control.check();
  await ping.waitFor();
  assert.equal(await ping.locator('.chip').count(), 0);
  assert.match((await ping.textContent()) ?? '', /binary, 4 bytes/);
  await control.uncheck();
  await ping.waitFor({ state: 'detached' });
});

test('examples and a generated sample fill the editor; it validates as you type and still sends an invalid payload', async () => {
  const editor = page.getByRole('textbox', { name: 'Payload' });
  const fill = page.getByRole('combobox', { name: 'Fill the editor from an example or a generated sample' });
  await fill.selectOption({ label: 'Example: bare' });
  await page.waitForFunction(() => document.querySelector('textarea.editor')?.value === '{\n  "type": "ping"\n}');
  await page.getByRole('combobox', { name: 'Fill the editor from an example or a generated sample' }).selectOption({ label: 'Generated sample' });
  await page.waitForFunction(() => /"id": 0/.test(document.querySelector('textarea.editor')?.value ?? ''));
  await editor.fill('{"type": "pong"}');
  await page.locator('.validation .violations').getByText('/type').waitFor();
  await editor.fill('{"type": ');
  await page.getByText(/Not JSON/).waitFor();
  const sent = posts.next('log', (m) => m.entries.some((e) => e.direction === 'out' && e.text === '{"type": '));
  await editor.press('Control+Enter');
  await sent;
});

test('10,000 frames stay in a virtualized list; filters, pause and keyboard work', async () => {
  const counted = posts.next('log', (m) => m.counters.unknown >= 10_001);
  const started = Date.now();
  for (let i = 0; i < 10_000; i++) peer.sockets[0]!.send(JSON.stringify({ type: 'tick', seq: i }));
  const unknown = (await counted).counters.unknown;
  const hostMs = Date.now() - started;
  await page.waitForFunction((n) => document.querySelector('.counters > span:nth-child(2)')?.textContent === ` ${n}`, unknown);
  // A figure, not an assertion: how long 10,000 frames took from the peer to the rendered counters.
  console.log(`# 10,000 frames: host logged them in ${hostMs} ms, rendered in ${Date.now() - started} ms`);
  const rows = await page.locator('.viewport .entry').count();
  assert.ok(rows > 0 && rows < 100, `only visible rows are in the DOM (got ${rows})`);
  await page.locator('.viewport .entry', { hasText: '"seq":9999}' }).waitFor();

  await page.getByRole('combobox', { name: 'Filter by direction' }).selectOption('out');
  await page.waitForFunction(() => document.querySelectorAll('.viewport .entry').length === 2);
  await page.getByRole('combobox', { name: 'Filter by direction' }).selectOption('');
  await page.getByRole('searchbox', { name: 'Filter by text' }).fill('"seq":1234}');
  await page.waitForFunction(() => document.querySelectorAll('.viewport .entry').length === 1);
  await page.getByRole('searchbox', { name: 'Filter by text' }).fill('');

  const viewport = page.getByRole('listbox', { name: 'Frames' });
  await viewport.focus();
  await page.keyboard.press('Home');
  await page.getByRole('button', { name: 'Resume autoscroll' }).waitFor();
  assert.ok(await page.locator('.detail').isVisible());

  await page.getByRole('button', { name: 'Clear' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.viewport .entry').length === 0);
  assert.deepEqual(await page.locator('.counters > span').allTextContents(), [' 0', ' 0', ' 0']);
});

test('editing the spec refreshes the panel without dropping the connection', async () => {
  const changed = echoModel(peer.url);
  changed.channels[0]!.operations[0]!.messages[0]!.name = 'heartbeat';
  controller.setModel(changed);
  await page.getByRole('option', { name: 'heartbeat' }).waitFor();
  assert.match((await page.locator('.state').textContent()) ?? '', /Connected/);
  assert.equal(peer.sockets.length, 1);
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('status').filter({ hasText: 'Not connected' }).waitFor();
});

/** A port nothing listens on: a server's, closed again. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Logs a line after everything before it (the host logs in order): once it shows, the rows before it are in. */
async function logSettled(): Promise<void> {
  await controller.handle({ type: 'send', text: '{}' });
  await page.getByRole('listbox', { name: 'Frames' }).locator('.entry', { hasText: 'Not connected: connect first' }).last().waitFor();
}

async function clearLog(): Promise<void> {
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.viewport .entry').length === 0);
}

test('a refused connection is one line in the log, with no "Closed with code 1006"', async () => {
  await clearLog();
  const port = page.getByRole('textbox', { name: 'port', exact: true });
  const live = await port.inputValue();
  await port.fill(String(await deadPort()));
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.locator('.state-failed').waitFor();
  await logSettled();
  const log = page.getByRole('listbox', { name: 'Frames' });
  assert.deepEqual(await log.locator('.entry').count(), 2, (await log.textContent()) ?? '');
  assert.match((await log.locator('.entry.dir-error').first().textContent()) ?? '', /refused/i);
  assert.doesNotMatch((await log.textContent()) ?? '', /1006/);
  await port.fill(live);
});

test('a lost connection shows the reconnect countdown, and Cancel stops it; the log tells it on one row', async () => {
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('status').filter({ hasText: 'Connected to' }).waitFor();
  await clearLog();
  peer.sockets.at(-1)!.close(1012, 'restarting');
  await page
    .getByRole('status')
    .filter({ hasText: /Reconnecting in \d+ s \(attempt 1\)/ })
    .waitFor();
  await page.getByRole('button', { name: 'Cancel reconnect' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /cancelled/ })
    .waitFor();
  assert.equal(await page.getByRole('button', { name: 'Cancel reconnect' }).count(), 0);
  await page.getByRole('button', { name: 'Connect' }).waitFor();

  const log = page.getByRole('listbox', { name: 'Frames' });
  await log.locator('.entry', { hasText: /Reconnecting cancelled\. Closed with code 1012/ }).click();
  const details = page.getByLabel('What happened');
  await details.filter({ hasText: /Connection lost\. Closed with code 1012.*Reconnecting in 30\.0 s \(attempt 1\)/ }).waitFor();
  await page.screenshot({ path: join(PICTURES, 'try-it-reconnect-log.png') });
  await logSettled();
  assert.equal(await log.locator('.entry').count(), 2, (await log.textContent()) ?? '');
});

test('an empty required query parameter is shown at its field on Connect, and nothing connects until it is filled', async () => {
  const model = echoModel(peer.url);
  model.channels[0]!.query.push({ name: 'channel_id', schema: { type: 'string' }, required: true });
  controller.setModel(model);
  const field = page.getByRole('textbox', { name: 'channel_id', exact: true });
  await field.waitFor();
  const before = posts.all.length;
  const sockets = peer.sockets.length;
  await page.getByRole('button', { name: 'Connect' }).click();
  const error = page.locator('.field-error', { hasText: 'Required: fill it in before connecting.' });
  await error.waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await field.getAttribute('aria-describedby'), await error.getAttribute('id'));
  assert.ok(!posts.all.slice(before).some((m) => m.type === 'state' && m.state.kind === 'connecting'), 'no connection attempted');
  assert.equal(peer.sockets.length, sockets);
  await page.screenshot({ path: join(PICTURES, 'try-it-form-error.png') });

  await field.fill('42');
  await error.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('status').filter({ hasText: 'Connected to' }).waitFor();
  assert.equal(peer.urls.at(-1), '/echo?token=abc&channel_id=42');
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('status').filter({ hasText: 'Not connected' }).waitFor();
});

test("STOMP (against the spec's mock): MESSAGE rows show the destination and their message; CONNECTED gets no chip", async () => {
  const airy = modelOf(join(ROOT, 'examples', 'airy-stomp', 'asyncapi.yaml'));
  const mock = await startMock(airy, undefined, { token: 'panel-token', port: 0 });
  try {
    const served = { ...airy, servers: [{ ...airy.servers[0]!, name: 'Mock', url: mock.url, variables: [] }] };
    host.secrets.map.set('Mock/brokerLogin', 'guest:panel-token');
    controller.setModel(served);
    await page.getByRole('combobox', { name: 'Server', exact: true }).filter({ hasText: 'Mock' }).waitFor();
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('status').filter({ hasText: 'Connected to' }).waitFor();
    const log = page.getByRole('listbox', { name: 'Frames' });
    const message = log.locator('.entry', { has: page.locator('.event', { hasText: /^MESSAGE \/queue\/message$/ }) });
    await message.locator('.chip.matched', { hasText: /^message$/ }).waitFor();
    const connected = log.locator('.entry', { has: page.locator('.event', { hasText: /^CONNECTED$/ }) });
    assert.equal(await connected.count(), 1);
    assert.equal(await connected.locator('.chip').count(), 0);
    assert.equal(await log.locator('.chip.unknown').count(), 0);
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('status').filter({ hasText: 'Not connected' }).waitFor();
  } finally {
    await mock.close();
  }
});

test('STOMP: a destination the broker refuses stays marked refused, in its words, next to the ones it serves', async () => {
  const airy = modelOf(join(ROOT, 'examples', 'airy-stomp', 'asyncapi.yaml'));
  const mock = await startMock(airy, undefined, { token: 'panel-token', port: 0 });
  try {
    const nowhere = { ...airy.channels[0]!, id: '/queue/nowhere', address: '/queue/nowhere' };
    const served = { ...airy, servers: [{ ...airy.servers[0]!, name: 'Mock', url: mock.url, variables: [] }], channels: [...airy.channels, nowhere] };
    host.secrets.map.set('Mock/brokerLogin', 'guest:panel-token');
    controller.setModel(served);
    await page.getByRole('combobox', { name: 'Server', exact: true }).filter({ hasText: 'Mock' }).waitFor();
    await clearLog(); // the picture shows this connection's log only
    await page.getByRole('button', { name: 'Connect' }).click();
    const subscriptions = page.getByRole('list', { name: 'Subscriptions' });
    await subscriptions
      .locator('.sub-refused', { hasText: '/queue/nowhere: refused (Unknown destination: No channel of the spec has the address /queue/nowhere.)' })
      .waitFor();
    await subscriptions.locator('.sub-subscribed', { hasText: '/queue/message: subscribed' }).waitFor();
    // STOMP subscribes to every channel and these have no fields: a channel picker would change nothing.
    assert.equal(await page.getByRole('combobox', { name: 'Channel', exact: true }).count(), 0);
    await controller.handle({ type: 'disconnect' });
    await page.getByRole('status').filter({ hasText: 'Not connected' }).waitFor();
    // Still there after the connection is gone: it changes on the next Connect.
    assert.equal(await subscriptions.locator('.sub-refused').count(), 1);
    await page.screenshot({ path: join(PICTURES, 'try-it-subscriptions.png') });
  } finally {
    await mock.close();
  }
});

test('a ws subscribe message shows as asked, then refused in the server words, in the subscription list', async () => {
  controller.setModel(echoModel(peer.url));
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('status').filter({ hasText: 'Connected to' }).waitFor();
  try {
    await page.getByRole('textbox', { name: 'Payload' }).fill('{"type":"subscribe","channel":"nowhere"}');
    await page.getByRole('button', { name: 'Send (Ctrl+Enter)' }).click();
    const subscriptions = page.getByRole('list', { name: 'Subscriptions' });
    await subscriptions.locator('.sub-asked', { hasText: 'subscribe nowhere: sent, no answer yet' }).waitFor();
    peer.sockets.at(-1)!.send(JSON.stringify({ type: 'error', code: 'subscription_failed', message: 'unknown channel nowhere' }));
    await subscriptions.locator('.sub-refused', { hasText: 'subscribe nowhere: refused (subscription_failed: unknown channel nowhere)' }).waitFor();
  } finally {
    await controller.handle({ type: 'disconnect' });
  }
});

test('a receive-only 2.x spec: no direction toggle, and "no messages a client sends" instead of an empty list and an enabled Send', async () => {
  const model = echoModel(peer.url);
  model.version = '2.6.0';
  model.channels[0]!.operations.splice(0, 1); // only what the server sends is left
  controller.setModel(model);
  const nothing = page.getByText('No channel here has messages a client sends');
  await nothing.waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'Spec describes the server' }).isVisible(), false);
  assert.equal(await page.getByRole('listbox', { name: 'Messages the client may send' }).isVisible(), false);
  const send = page.locator('button#send'); // by id: a hidden button has no role to find it by
  assert.ok((await send.isDisabled()) && !(await send.isVisible()), 'no Send to press');
  controller.setModel(echoModel(peer.url));
  await nothing.waitFor({ state: 'hidden' });
  await page.getByRole('checkbox', { name: 'Spec describes the server' }).waitFor();
  assert.ok((await send.isEnabled()) && (await send.isVisible()));
});

test('a Fern example is one unit: picking it fills the query and path fields and the editor from the same session', async () => {
  const { service, uri } = serviceWith({
    'fern/definition/chat.yml': TWO_SESSIONS,
    'fern/definition/api.yml': 'name: chat\nenvironments:\n  Local: ws://127.0.0.1:1\n',
  });
  controller.setModel(service.tryItModel(uri('fern/definition/chat.yml'))!);
  try {
    const field = (name: string) => page.getByRole('textbox', { name, exact: true });
    // Before any pick: the first session's values, and nothing of the second (model_version is only there).
    await page.waitForFunction(() => document.querySelector('input[aria-label="model_id"]')?.value === 'listener');
    assert.deepEqual([await field('room').inputValue(), await field('model_version').inputValue()], ['lobby', '']);
    // The only message a client sends is in the second session: picking it brings that session's values along.
    await page.getByRole('listbox', { name: 'Messages the client may send' }).selectOption('publish/publish');
    await page.waitForFunction(() => document.querySelector('textarea.editor')?.value?.includes('Hello, v2.'));
    await page.waitForFunction(() => document.querySelector('input[aria-label="model_id"]')?.value === 'assistant');
    assert.deepEqual([await field('room').inputValue(), await field('model_version').inputValue()], ['support', '2']);
    // Typed over, then picked again by name: the example wins in every field.
    await field('model_id').fill('mine');
    await page.getByRole('combobox', { name: 'Fill the editor from an example or a generated sample' }).selectOption({ label: 'Example: Ask the v2 model' });
    await page.waitForFunction(() => document.querySelector('input[aria-label="model_id"]')?.value === 'assistant');
  } finally {
    controller.setModel(echoModel(peer.url));
  }
});

test('at 360 px wide the layout holds: nothing scrolls sideways, message names and chips are whole', async () => {
  const model = echoModel(peer.url);
  // Real APIs have long message names: these are what a narrow panel used to cut.
  model.channels[0]!.operations[0]!.messages[0]!.name = 'subscribeToPriceTicker';
  model.channels[0]!.operations[1]!.messages[0]!.name = 'priceTickerUpdateReceived';
  controller.setModel(model);
  await clearLog(); // the few rows of this test at the top, whatever the scroll left by earlier ones
  await page.setViewportSize({ width: 360, height: 760 });
  try {
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('status').filter({ hasText: 'Connected to' }).waitFor();
    await page.getByRole('listbox', { name: 'Messages the client may send' }).selectOption('sendPing/ping');
    await page.getByRole('combobox', { name: 'Fill the editor from an example or a generated sample' }).selectOption({ label: 'Example: simple' });
    await page.getByText('Valid subscribeToPriceTicker').waitFor();
    await page.getByRole('button', { name: 'Send (Ctrl+Enter)' }).click();
    const log = page.getByRole('listbox', { name: 'Frames' });
    await log.locator('.chip.unknown').last().waitFor();
    await page.screenshot({ path: join(PICTURES, 'try-it-panel-360.png') });
    assert.ok(await page.evaluate(`document.documentElement.scrollWidth <= 360`), 'no sideways scrolling');
    // Whole: a chip ends inside the log; the message list is as wide as its longest name.
    const cut = await page.evaluate(`[...document.querySelectorAll('.entry .chip, .entry .event')]
      .filter((c) => c.getBoundingClientRect().right > document.querySelector('.viewport').getBoundingClientRect().right || c.scrollWidth > c.clientWidth)
      .map((c) => c.textContent)`);
    assert.deepEqual(cut, []);
    // A <select> reports no overflow of its options: measure the longest name in the list's font.
    const fits = await page.evaluate(`(() => {
      const list = document.querySelector('select.sendables');
      const probe = Object.assign(document.createElement('span'), { style: 'position: absolute; white-space: pre; font: ' + getComputedStyle(list).font });
      document.body.append(probe);
      const widest = Math.max(...[...list.options].map((o) => ((probe.textContent = o.text), probe.getBoundingClientRect().width)));
      probe.remove();
      return widest + 8 <= list.clientWidth;
    })()`);
    assert.ok(fits, 'message names fit the list');
  } finally {
    await page.setViewportSize({ width: 1100, height: 760 });
  }
});

test('Record: the button shows it records and counts steps; the replay of the file shows a row per step, a failed one with its reason', async () => {
  controller.setModel(echoModel(peer.url));
  await clearLog();
  // Connected when run after the other tests, not when run alone.
  const connect = page.getByRole('button', { name: 'Connect', exact: true });
  if (await connect.isVisible()) await connect.click();
  await page.getByRole('status').filter({ hasText: 'Connected to' }).waitFor();
  await page.getByRole('button', { name: 'Record' }).click();
  await page.getByRole('status').filter({ hasText: 'recording · 0 steps' }).waitFor();
  await page.getByRole('listbox', { name: 'Messages the client may send' }).selectOption('sendPing/ping');
  await page.getByRole('combobox', { name: 'Fill the editor from an example or a generated sample' }).selectOption({ label: 'Example: simple' });
  await page.getByRole('button', { name: 'Send (Ctrl+Enter)' }).click();
  await page.getByRole('status').filter({ hasText: 'recording · 3 steps' }).waitFor();
  await page.screenshot({ path: join(PICTURES, 'session-recording.png') });
  await page.getByRole('button', { name: 'Stop recording' }).click();
  const log = page.getByRole('listbox', { name: 'Frames' });
  await log.locator('.entry', { hasText: /^.*Recorded 3 step\(s\) to spec-\d{8}-\d{6}\.session\.yaml\./ }).waitFor();
  assert.equal(saved.length, 1);
  assert.equal(await page.getByRole('status').filter({ hasText: 'recording' }).count(), 0);

  // The peer answers the recorded ping with an invalid pong too: its step fails, and says why.
  void controller.sessions.replay(saved[0]!, 'spec.session.yaml');
  await log.locator('.entry', { hasText: /✔ step 1 send ping \(\d+ ms\)/ }).waitFor();
  const failed = log.locator('.entry', { hasText: /✘ step 3 expect pong \(\d+ ms\): schema violation: pong does not validate: \/n must be integer/ });
  await failed.waitFor();
  await log.locator('.entry', { hasText: 'Replay failed at step 3 of 3 of spec.session.yaml.' }).waitFor();
  await failed.click();
  await page.locator('.detail pre.details').filter({ hasText: 'received: {"type":"pong","n":"one"}' }).waitFor();
  await page.screenshot({ path: join(PICTURES, 'session-replay-failed.png') });

  // A received message row offers "Add as example", a frame not in the spec "Add message to spec"; each asks the host.
  // Found by filtering: an earlier test may have paused autoscroll, and the list renders only the rows in view.
  const search = page.getByRole('searchbox', { name: 'Filter by text' });
  await search.fill('{"type":"pong","n":1}');
  await log
    .locator('.entry', { has: page.locator('.chip.matched') })
    .last()
    .click();
  await page.getByRole('button', { name: 'Add as example' }).click();
  // The echo model's spec has no text here: the host's answer says so, in words.
  await search.fill('no longer where');
  await log.locator('.entry', { hasText: 'Add as example to pong: the message pong is no longer where the spec had it' }).waitFor();
  await search.fill('{"type":"status","ok":true}');
  await log
    .locator('.entry', { has: page.locator('.chip.unknown') })
    .last()
    .click();
  await page.getByRole('button', { name: 'Add message to spec' }).waitFor();
  await search.fill('');
});
