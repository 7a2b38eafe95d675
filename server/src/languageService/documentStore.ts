/**
 * All spec documents the service knows: open editors (authoritative) and files read from disk on demand
 * (referenced files, Fern folders). Each text version is parsed once.
 */
import { SpecDocument } from './specDocument';
import type { FileSystem } from './types';

export class DocumentStore {
  private readonly open = new Map<string, SpecDocument>();
  private readonly disk = new Map<string, SpecDocument | null>();
  private diskVersion = 0;

  constructor(private readonly fs: FileSystem) {}

  /** Opens or updates an editor document; returns the parsed document (reused when the version is unchanged). */
  setOpen(uri: string, text: string, version: number): SpecDocument {
    const existing = this.open.get(uri);
    if (existing && existing.version === version && existing.text === text) return existing;
    // Passing the previous version lets the parse re-use its AST (only the edited block is re-parsed).
    const doc = new SpecDocument(uri, text, version, existing);
    this.open.set(uri, doc);
    return doc;
  }

  close(uri: string): void {
    this.open.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  openUris(): string[] {
    return [...this.open.keys()];
  }

  /** The document for a URI: the open editor's, else the file on disk (cached until `invalidate`). */
  get(uri: string): SpecDocument | undefined {
    const o = this.open.get(uri);
    if (o) return o;
    if (this.disk.has(uri)) return this.disk.get(uri) ?? undefined;
    const text = this.fs.readFile(uri);
    const doc = text === undefined ? null : new SpecDocument(uri, text, --this.diskVersion);
    this.disk.set(uri, doc);
    return doc ?? undefined;
  }

  /** Forget the disk copy of a file (it changed, was created or deleted on disk). */
  invalidate(uri: string): void {
    this.disk.delete(uri);
  }

  readDirectory(uri: string): string[] | undefined {
    return this.fs.readDirectory(uri);
  }
}
