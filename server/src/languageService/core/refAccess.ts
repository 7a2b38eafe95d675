/**
 * Which files a document's `$ref`s (and Fern imports) may read. A spec from an untrusted repository must not
 * pull in `/etc/passwd`, the server's environment (`/proc/self/environ`) or a file beside the workspace, then
 * show it in a hover or send it as a Try it example. The rule: only regular files inside the allowed roots
 * (the workspace folders holding the document, or its own folder tree, plus `specsocket.allowedRefRoots`),
 * checked on the path as written and again after symlinks are resolved; never under /proc, /sys or /dev.
 * http(s) references are not files and are left to `resolveRemoteRefs`.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileFacts } from './types';

export const REF_OUTSIDE_CODE = 'ref-outside-workspace';
export const REF_NOT_FILE_CODE = 'ref-not-a-file';

export interface Refusal {
  code: typeof REF_OUTSIDE_CODE | typeof REF_NOT_FILE_CODE;
  /** Why, about the file (see refusalMessage for the words shown). */
  reason: string;
}

/** Folders never read through a reference: kernel and device views, not files a spec is written in. */
const SYSTEM_DIRS = ['/proc', '/sys', '/dev'];

const WIDEN = 'To allow another folder, add it to the "specsocket.allowedRefRoots" setting (in a workspace that is not trusted, only the user setting counts).';

/** The decoded path of a file URI, with a Windows drive letter lower-cased; undefined for other URIs. */
export function uriPath(uri: string): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  let path: string;
  try {
    path = new URL(uri).pathname;
  } catch {
    return undefined;
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it encoded: it cannot name a real file, and comparing it as written is still safe
  }
  return path.replace(/^\/([A-Za-z]):/, (_, d: string) => `/${d.toLowerCase()}:`);
}

/** Whether `path` is `root` or below it (whole segments: /ws-other is not inside /ws). */
export function isInside(path: string, root: string): boolean {
  const dir = root.endsWith('/') ? root : root + '/';
  return path === dir.slice(0, -1) || path.startsWith(dir);
}

/**
 * Checks one document's reads. `rootsOf` gives the folder paths (see uriPath), as written and as resolved; it is
 * called on the first check only: resolving them costs a realpath and a stat per root, which a feature that
 * reads no other file (most fast passes) should not pay.
 */
export class RefGate {
  private readonly decided = new Map<string, Refusal | null>();
  private resolvedRoots: string[] | undefined;

  constructor(
    /** The document itself: always readable. */
    private readonly self: string,
    private readonly rootsOf: () => string[],
    private readonly facts: (uri: string) => FileFacts | undefined,
  ) {}

  private get roots(): string[] {
    return (this.resolvedRoots ??= this.rootsOf());
  }

  refusal(uri: string): Refusal | undefined {
    if (uri === this.self || /^https?:/i.test(uri)) return undefined;
    let r = this.decided.get(uri);
    if (r === undefined) this.decided.set(uri, (r = this.decide(uri) ?? null));
    return r ?? undefined;
  }

  private decide(uri: string): Refusal | undefined {
    const path = uriPath(uri);
    if (path === undefined) return outside(`${uri} is not a file inside the workspace folders`);
    const facts = this.facts(uri);
    const real = facts ? uriPath(facts.realUri) : undefined;
    for (const p of [path, real]) {
      const sys = p !== undefined ? SYSTEM_DIRS.find((d) => isInside(p, d)) : undefined;
      if (sys) return outside(`${p} is under ${sys}, which references never read`);
    }
    if (!this.roots.some((r) => isInside(path, r))) return outside(`${path} is outside the workspace folders`);
    if (real !== undefined && !this.roots.some((r) => isInside(real, r)))
      return outside(`${path} is a symbolic link to ${real}, outside the workspace folders`);
    if (facts?.kind === 'other') return { code: REF_NOT_FILE_CODE, reason: `${path} is not a regular file (a FIFO, device or socket)` };
    return undefined;
  }
}

function outside(reason: string): Refusal {
  return { code: REF_OUTSIDE_CODE, reason };
}

/** The diagnostic (and hover) text for a refused reference as written. */
export function refusalMessage(ref: string, r: Refusal): string {
  const what = `"${ref}" is not read: ${r.reason}.`;
  return r.code === REF_NOT_FILE_CODE
    ? `${what} Reference a YAML or JSON file.`
    : `${what} References may name only files inside the workspace folders. ${WIDEN}`;
}

/**
 * The root folder URIs for a document: the workspace folders when one holds it, else its own folder (for a
 * Fern definition, the `fern` folder above it, where api.yml and its imports live); plus `allowedRefRoots`
 * (absolute paths or file: URLs; a relative entry is taken in each workspace folder).
 */
export function rootsFor(docUri: string, folders: string[], allowed: string[]): string[] {
  const path = uriPath(docUri);
  const holds = (folder: string) => {
    const root = uriPath(folder);
    return path !== undefined && root !== undefined && isInside(path, root);
  };
  const own = folders.some(holds) ? folders : [ownTree(docUri)];
  return own.concat(allowed.flatMap((a) => allowedRootUris(a, folders)));
}

function ownTree(docUri: string): string {
  const dir = docUri.slice(0, docUri.lastIndexOf('/') + 1);
  const fern = /^(.*\/fern\/)/.exec(dir);
  return fern ? fern[1] : dir;
}

function allowedRootUris(entry: string, folders: string[]): string[] {
  if (/^file:/i.test(entry)) return [entry];
  if (isAbsolute(entry)) return [pathToFileURL(entry).toString()];
  return folders.flatMap((f) => {
    try {
      return [new URL(entry, f.endsWith('/') ? f : f + '/').toString()];
    } catch {
      return [];
    }
  });
}
