/**
 * A minimal test harness for the extension host (no mocha needed): named async tests run in order; results go
 * to the file the launcher names (SPECSOCKET_E2E_RESULTS) and to the console; `run()` rejects when any failed.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type TestFn = () => Promise<void>;
const tests: { name: string; fn: TestFn }[] = [];
const afterReloadTests: { name: string; fn: TestFn }[] = [];

export function test(name: string, fn: TestFn): void {
  tests.push({ name, fn });
}

/**
 * A test that runs after the window reloads ("Developer: Reload Window"): the first life runs every other test,
 * records its counts and reloads; the suite then starts again in the new extension host and runs only these.
 */
export function afterReload(name: string, fn: TestFn): void {
  afterReloadTests.push({ name, fn });
}

const signal = (name: string) => join(process.env.SPECSOCKET_E2E_SIGNALS ?? '', name);

function report(line: string): void {
  console.log(line);
  if (process.env.SPECSOCKET_E2E_RESULTS) appendFileSync(process.env.SPECSOCKET_E2E_RESULTS, line + '\n');
}

export async function runAll(): Promise<void> {
  const reloaded = !!process.env.SPECSOCKET_E2E_SIGNALS && existsSync(signal('reloaded'));
  let passed = 0;
  let failed = 0;
  if (reloaded) [passed, failed] = JSON.parse(readFileSync(signal('first-life.json'), 'utf8')) as [number, number];
  for (const t of reloaded ? afterReloadTests : tests) {
    const started = Date.now();
    try {
      await t.fn();
      passed++;
      report(`✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      report(`✖ ${t.name}\n  ${e instanceof Error ? (e.stack ?? e.message).replace(/\n/g, '\n  ') : String(e)}`);
    }
  }
  if (!reloaded && afterReloadTests.length && process.env.SPECSOCKET_E2E_SIGNALS) {
    writeFileSync(signal('first-life.json'), JSON.stringify([passed, failed]));
    writeFileSync(signal('reloaded'), '');
    // VS Code's own reload (it saves the workbench state first); this extension host ends with it, and the
    // suite's second life reports the totals.
    const vscode = await import('vscode');
    await vscode.commands.executeCommand('workbench.action.reloadWindow');
    return new Promise<void>(() => {});
  }
  report(`e2e: ${passed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} e2e test(s) failed`);
}

/** Resolves when `pred` holds, re-checking whenever `subscribe`'s event fires; rejects after `timeoutMs`. */
export function waitFor<T>(check: () => T | undefined, subscribe: (listener: () => void) => { dispose(): void }, what: string, timeoutMs = 30000): Promise<T> {
  const now = check();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const sub = subscribe(() => {
      const v = check();
      if (v !== undefined) {
        clearTimeout(timer);
        sub.dispose();
        resolve(v);
      }
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
  });
}

/**
 * Asks the launcher (which holds the browser) to do something and waits for its answer: requests and answers are
 * files in the signals folder, renamed into place so neither side reads half a file.
 */
function askLauncher(request: string, content: string, timeoutMs: number): Promise<string> {
  const dir = process.env.SPECSOCKET_E2E_SIGNALS;
  if (!dir) return Promise.resolve('no launcher');
  const done = join(dir, `${request}.done`);
  const answered = new Promise<string>((resolve, reject) => {
    const watcher = watch(dir, () => {
      if (!existsSync(done)) return;
      watcher.close();
      clearTimeout(timer);
      resolve(readFileSync(done, 'utf8'));
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`the launcher did not answer "${request}" within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  writeFileSync(join(dir, `${request}.tmp`), content);
  renameSync(join(dir, `${request}.tmp`), join(dir, `${request}.request`));
  return answered;
}

/**
 * A screenshot of the workbench as it is now, once `renderedSelector` is visible (saved only when the run was
 * started with --screenshots). In a screenshot run a missing picture is a failure.
 */
export async function screenshot(name: string, renderedSelector = '', timeoutMs = 60000): Promise<string> {
  const answer = await askLauncher(name, renderedSelector, timeoutMs);
  if (process.env.SPECSOCKET_SCREENSHOTS && answer !== 'saved') throw new Error(`screenshot "${name}": ${answer}`);
  return answer;
}

/** Types `text` into the input box VS Code shows (and presses Enter), as a person would. */
export async function typeIntoInputBox(name: string, text: string, timeoutMs = 60000): Promise<void> {
  const answer = await askLauncher(`keys-${name}`, text, timeoutMs);
  if (answer !== 'typed') throw new Error(`typing "${name}": ${answer}`);
}
