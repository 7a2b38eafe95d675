/**
 * http(s) `$ref` targets for the language server, fetched only when `specsocket.resolveRemoteRefs` is on.
 * The pure service reads files synchronously, so remote documents are fetched off the validation path: a read
 * of an unknown URL is recorded as wanted (and answered "not there"); the server fetches the wanted ones and
 * re-validates the documents that depend on them.
 */
import type { FileSystem } from './languageService/core/types';

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 5 * 1024 * 1024;

export class RemoteRefCache {
  private readonly texts = new Map<string, string>();
  private readonly failed = new Map<string, string>();
  private readonly wanted = new Set<string>();
  private inFlight = false;

  /** The file system the service uses: local files as before, remote ones from this cache. */
  wrap(fs: FileSystem): FileSystem {
    return {
      readFile: (uri) => {
        if (!/^https?:/i.test(uri)) return fs.readFile(uri);
        const text = this.texts.get(uri);
        if (text === undefined && !this.failed.has(uri)) this.wanted.add(uri);
        return text;
      },
      readDirectory: (uri) => (/^https?:/i.test(uri) ? undefined : fs.readDirectory(uri)),
      stat: (uri) => (/^https?:/i.test(uri) ? undefined : fs.stat?.(uri)),
    };
  }

  /** Why a URL could not be fetched, if it was tried. */
  failure(uri: string): string | undefined {
    return this.failed.get(uri);
  }

  /** Fetches every wanted URL once; resolves with the ones whose content (or failure) is now known. */
  async fetchWanted(): Promise<string[]> {
    if (this.inFlight || this.wanted.size === 0) return [];
    this.inFlight = true;
    const uris = [...this.wanted];
    this.wanted.clear();
    try {
      await Promise.all(uris.map((u) => this.fetchOne(u)));
      return uris;
    } finally {
      this.inFlight = false;
    }
  }

  /** Forget everything (settings changed, or the user wants fresh copies). */
  clear(): void {
    this.texts.clear();
    this.failed.clear();
    this.wanted.clear();
  }

  private async fetchOne(uri: string): Promise<void> {
    try {
      const res = await fetch(uri, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      const length = Number(res.headers.get('content-length') ?? 0);
      if (length > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES / 1024 / 1024} MB`);
      const text = await res.text();
      if (text.length > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES / 1024 / 1024} MB`);
      this.texts.set(uri, text);
    } catch (e) {
      this.failed.set(uri, e instanceof Error ? e.message : String(e));
    }
  }
}
