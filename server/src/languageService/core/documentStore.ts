/**
 * All spec documents the service knows: open editors (authoritative) and files read from disk on demand
 * (referenced files, Fern folders). Each text version is parsed once, and only when asked for: an editor's
 * changes are recorded (`update`) and the newest is parsed on the next `get`, so versions superseded before
 * anyone looked at them are never parsed (a burst of queued changes costs one parse, not one each).
 *
 * The service hands each feature a view of the store bound to one document (`within`): it shares the parsed
 * documents, and reads only what that document may reach (refAccess.ts); a refused file reads as absent.
 */
import type { RefGate, Refusal } from './refAccess';
import { LineIndex } from './lineIndex';
import { SpecDocument } from './specDocument';
import type { FileFacts, FileSystem } from './types';

/** What every view of one store shares. */
class Shared {
  readonly open = new Map<string, SpecDocument>();
  /** Editor texts not parsed yet (newer than `open`'s version of the same uri). */
  readonly pending = new Map<string, { text: string; version: number }>();
  onParsed: ((doc: SpecDocument) => void) | undefined;
  readonly disk = new Map<string, SpecDocument | null>();
  diskVersion = 0;
  /** Files known to reference a file (the workspace index's reverse edges), set by the service. */
  referrers: (uri: string) => string[] = () => [];
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
    this.update(uri, text, version);
    return this.parsePending(uri)!;
  }

  /** Opens or updates an editor document without parsing it: the next `get` parses the newest text. */
  update(uri: string, text: string, version: number): void {
    const existing = this.shared.open.get(uri);
    if (existing && existing.version === version && existing.text === text) this.shared.pending.delete(uri);
    else this.shared.pending.set(uri, { text, version });
  }

  /** `listener` is called with each editor version when it is parsed (not for versions a burst of updates skipped). */
  whenParsed(listener: (doc: SpecDocument) => void): void {
    this.shared.onParsed = listener;
  }

  private parsePending(uri: string): SpecDocument | undefined {
    const next = this.shared.pending.get(uri);
    const existing = this.shared.open.get(uri);
    if (!next) return existing;
    this.shared.pending.delete(uri);
    // Passing the previous version lets the parse re-use its AST (only the edited block is re-parsed).
    const doc = new SpecDocument(uri, next.text, next.version, existing);
    this.shared.open.set(uri, doc);
    this.shared.onParsed?.(doc);
    return doc;
  }

  close(uri: string): void {
    this.shared.open.delete(uri);
    this.shared.pending.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.shared.open.has(uri) || this.shared.pending.has(uri);
  }

  openUris(): string[] {
    return [...new Set([...this.shared.open.keys(), ...this.shared.pending.keys()])];
  }

  /** The document for a URI: the open editor's, else the file on disk (cached until `invalidate`). */
  get(uri: string): SpecDocument | undefined {
    if (this.refusal(uri)) return undefined;
    const o = this.parsePending(uri);
    if (o) return o;
    if (this.shared.disk.has(uri)) return this.shared.disk.get(uri) ?? undefined;
    // Read where the links lead, as checked, not the path again (it could be re-pointed in between).
    const text = this.fs.readFile(this.facts(uri)?.realUri ?? uri);
    const doc = text === undefined ? null : new SpecDocument(uri, text, --this.shared.diskVersion);
    this.shared.disk.set(uri, doc);
    return doc ?? undefined;
  }

  /**
   * The document for a URI without keeping a disk copy it had to read: the workspace index reads every file once
   * and keeps only a summary. Parsed only when `wanted(text)` says it may matter.
   */
  peek(uri: string, wanted: (text: string) => boolean): SpecDocument | undefined {
    if (this.refusal(uri)) return undefined;
    const known = this.parsePending(uri) ?? this.shared.disk.get(uri);
    if (known !== undefined) return known ?? undefined;
    const text = this.fs.readFile(this.facts(uri)?.realUri ?? uri);
    return text !== undefined && wanted(text) ? new SpecDocument(uri, text, 0) : undefined;
  }

  /**
   * Line positions of a file, to convert an answer that names it: a file not open or cached is read but not
   * parsed (a rename across hundreds of closed files must not keep them all).
   */
  lineIndex(uri: string): LineIndex | undefined {
    if (this.refusal(uri)) return undefined;
    const known = this.parsePending(uri) ?? this.shared.disk.get(uri);
    if (known !== undefined) return known?.lineIndex;
    const text = this.fs.readFile(this.facts(uri)?.realUri ?? uri);
    return text === undefined ? undefined : new LineIndex(text);
  }

  /** Files that reference `uri` (whether or not they are open), as far as this view may read them. */
  referrers(uri: string): string[] {
    return this.shared.referrers(uri).filter((u) => !this.refusal(u));
  }

  /** Whether some file this view may read references `uri` (checks one, not all of a shared file's hundreds). */
  isReferenced(uri: string): boolean {
    return this.shared.referrers(uri).some((u) => !this.refusal(u));
  }

  /** Where the store learns who references a file (the workspace index). */
  setReferrers(referrers: (uri: string) => string[]): void {
    this.shared.referrers = referrers;
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
