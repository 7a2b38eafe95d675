// `npm start`: build, start a mock server for every spec in examples/, and open a real VS Code with the
// extension and examples/ loaded — desktop `code` when installed, else the browser VS Code (code-server) that the
// e2e tests use, whose URL is printed. Ctrl+C stops everything.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { codeServerArgs, codeServerEnv, ensureCodeServer, freePort, waitHealthy, waitPortClosed } from '../test/e2e/codeServer.mjs';

const root = resolve(import.meta.dirname, '..');
const examples = join(root, 'examples');
const SPECS = [
  'dataverse-pubsub/asyncapi.yaml',
  'chatapp-socketio/asyncapi.yaml',
  'airy-stomp/asyncapi.yaml',
  'jwt-websocket-service/asyncapi.yaml',
  'fern/definition/chat.yml',
  'mqtt-sensors/asyncapi.yaml',
  'sse-prices/asyncapi.yaml',
];
const children = [];

function stopAll() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
}
// Every way out stops the mocks and the editor: Ctrl+C, a kill, and a failure after they started (they would
// otherwise hold the examples' ports for the next start).
process.on('exit', stopAll);
/** Ports our children listen on whose listener may outlive the child we started (code-server's own server process). */
const heldPorts = [];
/** Stops every child and exits once they are gone and their ports are free, 10 s at most. */
async function shutDown() {
  const gone = children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r))));
  stopAll();
  const deadline = Date.now() + 10_000;
  await Promise.race([Promise.all(gone), new Promise((r) => setTimeout(r, 10_000).unref())]);
  for (const port of heldPorts) await waitPortClosed(port, deadline);
  process.exit(0);
}
process.on('SIGINT', shutDown);
process.on('SIGTERM', shutDown);
process.on('uncaughtException', (e) => {
  console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

/** Starts `cli.js mock --json` for a spec; resolves with its listening event (or its error, in words). */
function startMock(spec, extra = []) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'mock', join(examples, spec), '--json', ...extra], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const e = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (e.event === 'listening' || e.event === 'error') resolvePromise({ spec, ...e });
      }
    });
    child.once('exit', (code) => resolvePromise({ spec, event: 'error', message: `exited with ${code}` }));
  });
}

execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

console.log('\nMock servers (auth token: specsocket-mock-token):');
/** On the spec's own port when it is free, else on any free port (the panel lists running mocks). */
const startOnSomePort = async (spec) => {
  const first = await startMock(spec);
  return first.event === 'error' && /port in use/.test(first.message) ? startMock(spec, ['--port', '0']) : first;
};
for (const r of await Promise.all(SPECS.map(startOnSomePort))) {
  console.log(`  ${r.spec.padEnd(38)} ${r.event === 'listening' ? `${r.protocol.padEnd(6)} ${r.url}` : `not started: ${r.message}`}`);
}

// SPECSOCKET_START_BROWSER=1 takes the browser VS Code even where desktop `code` is installed (the e2e layer's check).
if (process.env.SPECSOCKET_START_BROWSER !== '1' && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  console.log('\nOpening VS Code with SpecSocket loaded from this folder…');
  // examples/ is this repository's own folder: open it trusted, or Restricted Mode would refuse Connect.
  spawn('code', ['--new-window', '--disable-workspace-trust', `--extensionDevelopmentPath=${root}`, examples], { stdio: 'inherit' });
} else {
  const { node, entry } = ensureCodeServer();
  const state = join(root, '.vscode-test', 'start');
  mkdirSync(state, { recursive: true });
  const env = codeServerEnv({ XDG_CONFIG_HOME: join(state, 'config'), XDG_DATA_HOME: join(state, 'data'), XDG_CACHE_HOME: join(state, 'cache') });
  execFileSync('npm', ['run', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(node, [entry, '--extensions-dir', join(state, 'extensions'), '--install-extension', join(root, 'specsocket.vsix'), '--force'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const port = Number(process.env.PORT) || (await freePort());
  // This editor has its own profile and opens only examples/, the repository's own folder: trusted (see above).
  const cs = spawn(node, [entry, ...codeServerArgs(port, join(state, 'user-data'), join(state, 'extensions'))], { env, stdio: 'ignore' });
  children.push(cs);
  heldPorts.push(port);
  await waitHealthy(`http://127.0.0.1:${port}/healthz`, cs);
  console.log(`\nVS Code (code-server) with SpecSocket: http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}`);
  console.log(`Open a spec under ${relative(process.cwd(), examples) || '.'}, press "Try it" above a server, and connect to its mock.`);
}
console.log('Ctrl+C stops the mocks and the editor.');
