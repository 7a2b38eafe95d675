/** The language server is editor-agnostic: headless Neovim 0.7 (Debian) starts dist/server.js and gets its diagnostics. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_JS } from '../helpers/lspClient';

test('Neovim receives diagnostics from dist/server.js on a broken spec', () => {
  // A missing nvim is a failure, not a skip: CI installs Debian's neovim.
  execFileSync('nvim', ['--version'], { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'specsocket-nvim-'));
  const spec = join(dir, 'broken.yaml');
  writeFileSync(spec, 'asyncapi: 2.6.0\ninfo:\n  title: t\n  version: "1"\ninfo:\n  title: again\nchannels: {}\n');
  const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(__dirname, 'neovim', 'diagnostics.lua')}`], {
    env: { ...process.env, SPECSOCKET_SERVER: SERVER_JS, SPECSOCKET_SPEC: spec, SPECSOCKET_NODE: process.execPath },
    encoding: 'utf8',
    timeout: 60000,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  const line = out.split('\n').find((l) => l.includes('DIAGNOSTICS='));
  assert.ok(line, `Neovim printed no diagnostics: ${out}`);
  const diags = JSON.parse(line.slice(line.indexOf('DIAGNOSTICS=') + 'DIAGNOSTICS='.length)) as { lnum: number; code: string; source: string }[];
  const dup = diags.find((d) => d.code === 'duplicate-key');
  assert.ok(dup, `duplicate-key among ${line}`);
  assert.equal(dup.lnum, 4);
  assert.equal(dup.source, 'specsocket');
});
