// `npm run test:e2e`: package the .vsix, install it into a fresh extensions dir of a real VS Code (code-server),
// and run test/e2e/suite inside it through @vscode/test-electron's runTests with our launcher as the executable.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { codeServerEnv, ensureCodeServer } from './codeServer.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'specsocket-e2e-run-'));
const extensionsDir = join(scratch, 'extensions');
const workspace = join(scratch, 'workspace');
const suiteOut = join(scratch, 'suite');

execFileSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
const { node, entry } = ensureCodeServer();
execFileSync(node, [entry, '--extensions-dir', extensionsDir, '--install-extension', join(root, 'specsocket.vsix')], {
  env: codeServerEnv({ XDG_CONFIG_HOME: join(scratch, 'config'), XDG_DATA_HOME: join(scratch, 'data') }),
  stdio: 'inherit',
});
await build({
  entryPoints: { index: join(root, 'test/e2e/suite/index.ts') },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outdir: suiteOut,
  external: ['vscode'],
  logLevel: 'warning',
});
cpSync(join(root, 'test/e2e/workspace'), workspace, { recursive: true });
cpSync(join(root, 'examples'), join(workspace, 'examples'), { recursive: true });

// SPECSOCKET_E2E_DESKTOP=1 runs the same suite on desktop VS Code, which runTests downloads (machines with the
// network for it); the default is code-server in headless Chromium, which works offline.
const desktop = process.env.SPECSOCKET_E2E_DESKTOP === '1';
const code = await runTests({
  ...(desktop ? {} : { vscodeExecutablePath: join(root, 'test/e2e/launcher.mjs') }),
  extensionDevelopmentPath: join(root, 'test/e2e/runner-extension'),
  extensionTestsPath: join(suiteOut, 'index.js'),
  launchArgs: [workspace, `--extensions-dir=${extensionsDir}`, `--user-data-dir=${join(scratch, 'user-data')}`],
  extensionTestsEnv: {
    SPECSOCKET_VSIX: join(root, 'specsocket.vsix'),
    ...(process.env.SPECSOCKET_E2E_FIGURES ? { SPECSOCKET_E2E_FIGURES: process.env.SPECSOCKET_E2E_FIGURES } : {}),
    // `npm run screenshots` refreshes the README's pictures from this run.
    ...(process.argv.includes('--screenshots') ? { SPECSOCKET_SCREENSHOTS: join(root, 'docs', 'images') } : {}),
  },
}).catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  return 1;
});
process.exit(code);
