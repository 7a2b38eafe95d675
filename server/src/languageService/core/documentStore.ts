/**
 * All spec documents the service knows: open editors (authoritative) and files read from disk on demand
 * (referenced files, Fern folders). Each text version is parsed once.
 *
 * The service hands each feature a view of the store bound to one document (`within`): it shares the parsed
 * documents, and reads only what that document may reach (refAccess.ts); a refused file reads as absent.
 */
import type { RefGate, Refusal } from './refAccess';
import { SpecDocument } from './specDocument';
import type { FileFacts, FileSystem } from './types';

/** What every view of one store shares. */
class Shared {
  readonly open = new Map<string, SpecDocument>();
  readonly disk = new Map<string, SpecDocument | null>();
  diskVersion = 0;
}

export class DocumentStore {
  constructor(
    private readonly fs: FileSystem,
    private readonly gate?: RefGate,
    private readonly shared = new Shared(),
  ) {}

  /** This store as one document's features see it: the same documents, only the files `gate` allows. */
  within(gate: RefGate): DocumentStore {
    return new DocumentStore(this.fs, gate, this.shared);
  }

  /** Why this view may not read `uri` (undefined: it may). */
  refusal(uri: string): Refusal | undefined {
    return this.gate?.refusal(uri);
  }

  /**
   * The file system's facts about a URI. Asked afresh each time (a gate remembers its answers for one request
   * or pass): a link re-pointed since must not keep its old verdict.
   */
  facts(uri: string): FileFacts | undefined {
    return this.fs.stat?.(uri);
  }

  /** Opens or updates an editor document; returns the parsed document (reused when the version is unchanged). */
  setOpen(uri: string, text: string, version: number): SpecDocument {
    const existing = this.shared.open.get(uri);
    if (existing && existing.version === version && existing.text === text) return existing;
    // Passing the previous version lets the parse re-use its AST (only the edited block is re-parsed).
    const doc = new SpecDocument(uri, text, version, existing);
    this.shared.open.set(uri, doc);
    return doc;
  }

  close(uri: string): void {
    this.shared.open.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.shared.open.has(uri);
  }

  openUris(): string[] {
    return [...this.shared.open.keys()];
  }

  /** The document for a URI: the open editor's, else the file on disk (cached until `invalidate`). */
  get(uri: string): SpecDocument | undefined {
    if (this.refusal(uri)) return undefined;
    const o = this.shared.open.get(uri);
    if (o) return o;
    if (this.shared.disk.has(uri)) return this.shared.disk.get(uri) ?? undefined;
    // Read where the links lead, as checked, not the path again (it could be re-pointed in between).
    const text = this.fs.readFile(this.facts(uri)?.realUri ?? uri);
    const doc = text === undefined ? null : new SpecDocument(uri, text, --this.shared.diskVersion);
    this.shared.disk.set(uri, doc);
    return doc ?? undefined;
  }

  /** Forget the disk copy of a file (it changed, was created or deleted on disk). */
  invalidate(uri: string): void {
    this.shared.disk.delete(uri);
  }

  readDirectory(uri: string): string[] | undefined {
    if (this.refusal(uri)) return undefined;
    return this.fs.readDirectory(this.facts(uri)?.realUri ?? uri);
  }
}
