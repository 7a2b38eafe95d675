/**
 * Builds the workspace index (languageService/workspaceIndex.ts) in the background: at start-up, and again when
 * the workspace folders or the exclusions (`specsocket.exclude`, `files.exclude`) change. Its steps run in
 * slices between requests, giving way to client input as the slow pass does, so the editor stays responsive
 * while a large workspace is read; a request that needs the whole index finishes the build itself.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { LanguageService } from './languageService/languageService';
import { SLICE_MS } from './slowPass';

/** How often a build that gave way to input looks again. */
const RECHECK_MS = 2;

export interface Indexing {
  /** Re-reads `files.exclude` and rebuilds when it, the folders or `specsocket.exclude` changed (or on the first call). */
  refresh(): Promise<void>;
}

export function createIndexing(
  connection: Connection,
  service: LanguageService,
  opts: { canAskSettings: () => boolean; inputPending: () => boolean; log: (text: string) => void },
): Indexing {
  let built: string | undefined;
  let run = 0;

  const filesExclude = async (): Promise<string[]> => {
    if (!opts.canAskSettings()) return [];
    try {
      const map = (await connection.workspace.getConfiguration('files.exclude')) as Record<string, unknown> | null;
      // `files.exclude` maps a glob to true (or to a `when` clause, which needs sibling files: not honoured).
      return Object.entries(map ?? {})
        .filter(([, on]) => on === true)
        .map(([glob]) => glob);
    } catch {
      return []; // the client could not answer: nothing beyond specsocket.exclude
    }
  };

  const build = () => {
    const id = ++run;
    const started = performance.now();
    const cpu = process.cpuUsage();
    service.index.rebuild();
    const slice = () => {
      if (id !== run) return;
      // (A request may have finished the build meanwhile: see WorkspaceIndex.complete.)
      if (!service.index.ready) {
        if (opts.inputPending()) return void setTimeout(slice, RECHECK_MS);
        if (!service.index.step(performance.now() + SLICE_MS)) return void setImmediate(slice);
      }
      const s = service.index.stats();
      const used = process.cpuUsage(cpu);
      opts.log(
        `workspace index: ${s.specs} specs and ${s.files - s.specs} other files of ${s.seen} YAML/JSON files, ${s.symbols} symbols, in ${(performance.now() - started).toFixed(0)} ms` +
          ` (${((used.user + used.system) / 1000).toFixed(0)} ms CPU)` +
          (s.truncated ? '; the workspace has more files than the index holds' : ''),
      );
    };
    setImmediate(slice);
  };

  return {
    async refresh() {
      service.filesExclude = await filesExclude();
      const key = JSON.stringify([service.workspaceFolders, service.settings.exclude, service.filesExclude]);
      if (key === built) return;
      built = key;
      build();
    },
  };
}
