#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests launches: turns its Electron-style
// arguments into a code-server (real VS Code server + extension host) and a headless Chromium showing the
// workbench, runs the extension tests there, and exits with their exit code.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { codeServerArgs, codeServerEnv, ensureCodeServer, freePort, waitHealthy } from './codeServer.mjs';

const TEST_TIMEOUT_MS = 10 * 60 * 1000;

function parseArgs(argv) {
  const named = {};
  const positional = [];
  for (const a of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    if (m) named[m[1]] = m[2];
    else if (!a.startsWith('--')) positional.push(a);
  }
  return { named, positional };
}

async function main() {
  const { named, positional } = parseArgs(process.argv.slice(2));
  const devPath = resolve(named.extensionDevelopmentPath);
  const testsPath = resolve(named.extensionTestsPath);
  const folder = resolve(positional[0] ?? process.cwd());
  const scratch = mkdtempSync(join(tmpdir(), 'specsocket-e2e-'));
  const userDataDir = named['user-data-dir'] ?? join(scratch, 'user-data');
  const extensionsDir = named['extensions-dir'] ?? join(scratch, 'extensions');
  const { node, entry } = ensureCodeServer();
  const port = await freePort();
  const results = join(scratch, 'results.txt');
  const signals = join(scratch, 'signals');
  mkdirSync(signals);
  const xdg = {
    SPECSOCKET_E2E_RESULTS: results,
    SPECSOCKET_E2E_SIGNALS: signals,
    XDG_CONFIG_HOME: join(scratch, 'config'),
    XDG_DATA_HOME: join(scratch, 'data'),
    XDG_CACHE_HOME: join(scratch, 'cache'),
  };

  const server = spawn(node, [entry, ...codeServerArgs(port, userDataDir, extensionsDir), '--vscode-option', 'enable-smoke-test-driver'], {
    env: codeServerEnv(xdg),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const serverLog = [];
  server.stdout.on('data', (d) => serverLog.push(d.toString()));
  server.stderr.on('data', (d) => serverLog.push(d.toString()));
  let browser;
  let code;
  try {
    await waitHealthy(`http://127.0.0.1:${port}/healthz`, server);
    browser = await chromium.launchPersistentContext(join(scratch, 'chromium'), {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    const exited = new Promise((res) => page.exposeFunction('codeAutomationExit', (c) => res(Number(c))));
    answerScreenshotRequests(signals, page);
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(devPath)],
      ['extensionTestsPath', remote(testsPath)],
    ]);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
    const timeout = new Promise((res) => setTimeout(() => res('timeout'), TEST_TIMEOUT_MS));
    const result = await Promise.race([exited, timeout]);
    if (result === 'timeout') {
      console.error(`e2e tests did not finish within ${TEST_TIMEOUT_MS / 1000} s`);
      code = 1;
    } else code = result;
  } catch (e) {
    console.error(e instanceof Error ? e.stack : String(e));
    console.error(serverLog.join('').slice(-4000));
    code = 1;
  } finally {
    if (existsSync(results)) process.stdout.write(readFileSync(results, 'utf8'));
    await browser?.close().catch(() => {});
    server.kill('SIGTERM');
  }
  process.exit(code);
}

/** Waits for `selector` in the page or any of its frames; webview frames come and go, so the list is re-read. */
async function waitInAnyFrame(page, selector, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      return await Promise.any(page.frames().map((f) => f.waitForSelector(selector, { state: 'attached', timeout: 2000 })));
    } catch {
      // not in any current frame yet: look again, including frames attached meanwhile
    }
  }
  throw new Error(`"${selector}" did not appear within ${timeoutMs} ms`);
}

/**
 * The suite asks for a screenshot of the workbench by writing `<name>.request` into the signals folder (it sets
 * the scene through the VS Code API first); we save it to SPECSOCKET_SCREENSHOTS/<name>.png and answer `<name>.done`.
 */
function answerScreenshotRequests(signals, page) {
  const target = process.env.SPECSOCKET_SCREENSHOTS;
  watch(signals, async (_event, file) => {
    if (!file?.endsWith('.request')) return;
    const name = file.slice(0, -'.request'.length);
    if (existsSync(join(signals, `${name}.done`))) return;
    // Written under another name and renamed, so the suite never reads a half-written answer.
    const answer = (text) => (writeFileSync(join(signals, `${name}.answer`), text), renameSync(join(signals, `${name}.answer`), join(signals, `${name}.done`)));
    if (name.startsWith('keys-')) {
      // The suite needs a person at the keyboard (a password box): type the text into it and press Enter.
      try {
        const input = page.locator('.quick-input-widget input').first();
        await input.waitFor({ state: 'visible', timeout: 20000 });
        await input.fill(readFileSync(join(signals, file), 'utf8'));
        await input.press('Enter');
        answer('typed');
      } catch (e) {
        answer(`failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      return;
    }
    if (!target) return answer('skipped');
    try {
      // The request names a CSS selector that shows the scene has rendered (in the page or a webview's frame).
      const selector = readFileSync(join(signals, file), 'utf8').trim();
      if (selector) await waitInAnyFrame(page, selector, 20000);
      await page.screenshot({ path: join(target, `${name}.png`) });
      answer('saved');
    } catch (e) {
      answer(`failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

main();
