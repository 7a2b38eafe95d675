// bench-timeout: 120
/**
 * The workspace index (issue 16.8): its build time (wall and CPU, as the server runs it but in one piece) and the
 * memory it keeps, on the largest multi-file spec of test/corpus (the social-media example, 2.6 and 3.0), on the
 * whole corpus as one workspace, and on a generated workspace of 500 specs of ~280 lines that share one message
 * file; then a rename of that shared message with every user closed (500 files read and parsed for it).
 * Run: node --import tsx bench/workspaceIndex.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LanguageService } from '../server/src/languageService/languageService';
import { nodeFileSystem } from '../server/src/languageService/core/nodeFileSystem';
import { generateAsyncApi } from '../test/helpers/generate';

// `npm run bench` starts scripts without --expose-gc: the heap figures need a full collection either way.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const CORPUS = join(__dirname, '..', 'test', 'corpus');
const MESSAGES = 'Hello:\n  payload: {type: string}\n';

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function measure(label: string, folder: string, after?: (service: LanguageService) => string): string {
  const service = new LanguageService({ fs: nodeFileSystem, workspaceFolders: [pathToFileURL(folder).toString()] });
  const before = heapMb();
  const cpu = process.cpuUsage();
  const t = performance.now();
  service.index.rebuild();
  service.index.complete();
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const kept = heapMb() - before;
  const s = service.index.stats();
  const extra = after ? ` ${after(service)} |` : ' |';
  return `| ${label} | ${s.seen} | ${s.specs} + ${s.files - s.specs} | ${s.symbols} | ${wall.toFixed(0)} | ${((used.user + used.system) / 1000).toFixed(0)} | ${kept.toFixed(2)} |${extra}`;
}

/** 500 generated specs in folders of 50, each with a channel using the shared message. */
function generatedWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'specsocket-index-bench-'));
  mkdirSync(join(dir, 'common'));
  writeFileSync(join(dir, 'common', 'messages.yaml'), MESSAGES);
  const base = generateAsyncApi('3.0', 300);
  for (let i = 0; i < 500; i++) {
    const sub = join(dir, `team${Math.floor(i / 50)}`);
    mkdirSync(sub, { recursive: true });
    const shared = `channels:\n  shared${i}:\n    address: shared/${i}\n    messages:\n      hello: {$ref: '../common/messages.yaml#/Hello'}\n`;
    writeFileSync(join(sub, `spec${i}.yaml`), base.replace('channels:\n', shared));
  }
  return dir;
}

function renameShared(dir: string) {
  return (service: LanguageService) => {
    const uri = pathToFileURL(join(dir, 'common', 'messages.yaml')).toString();
    service.store.setOpen(uri, MESSAGES, 1);
    const before = heapMb();
    const cpu = process.cpuUsage();
    const t = performance.now();
    const edit = service.rename(uri, 1, 'Greeting');
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    const held = heapMb() - before;
    return `rename of the shared message: ${Object.keys(edit ?? {}).length} files edited in ${wall.toFixed(0)} ms (${((used.user + used.system) / 1000).toFixed(0)} ms CPU); the store then holds ${held.toFixed(0)} MB more`;
  };
}

const rows = [
  '| workspace | YAML/JSON files | indexed: specs + others | symbols | build wall (ms) | build CPU (ms) | heap kept (MB) | then |',
  '|---|---|---|---|---|---|---|---|',
];
// A first build pays one-time costs (lazily built tables of the feature modules): measured, not reported.
measure('warm-up', join(CORPUS, 'asyncapi', 'asyncapi__spec@v3.0.0', 'examples', 'social-media'));
for (const v of ['2.6.0', '3.0.0']) {
  rows.push(measure(`corpus social-media ${v}`, join(CORPUS, 'asyncapi', `asyncapi__spec@v${v}`, 'examples', 'social-media')));
}
rows.push(measure('all of test/corpus', CORPUS));
const dir = generatedWorkspace();
try {
  rows.push(measure('500 generated specs (~280 lines each)', dir, renameShared(dir)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(rows.join('\n'));
