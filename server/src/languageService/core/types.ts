/**
 * Plain types of the language service. Everything is in offsets into the document text; the LSP glue
 * and the CLI convert to lines and characters at the edge.
 */

export const enum Severity {
  Error = 1,
  Warning = 2,
  Information = 3,
  Hint = 4,
}

export interface Span {
  start: number;
  end: number;
}

export interface SpecDiagnostic extends Span {
  severity: Severity;
  /** Stable code, e.g. `schema-unknown-key`, or the @asyncapi/parser rule code it agrees with. */
  code: string;
  message: string;
  /** Extra data for quick fixes (suggested key, missing property names, ...). */
  data?: DiagnosticData;
  /** This diagnostic stands for that many problems the parser counted but did not list (diagnosticCap counts them). */
  hidden?: number;
}

export type DiagnosticData =
  | { kind: 'replaceKey'; replacement: string }
  | { kind: 'addProperties'; properties: string[] }
  /** An unresolved `$ref`: the local pointer (when a component could be created) and corrected references, nearest first. */
  | { kind: 'unresolvedRef'; pointer?: string; suggestions: string[] }
  | { kind: 'declareParameter'; name: string }
  /** `alternatives`: less likely replacements, offered as further (not preferred) fixes. */
  | { kind: 'replaceValue'; replacement: string; alternatives?: string[] };

export interface Location extends Span {
  uri: string;
}

export const enum CompletionKind {
  Property = 10,
  Value = 12,
  Enum = 13,
  Reference = 18,
  File = 17,
  Folder = 19,
  Snippet = 15,
  Class = 7,
}

export interface SpecCompletion {
  label: string;
  kind: CompletionKind;
  /** Text to insert; a snippet (with $1 placeholders) when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  /** Span of existing text the completion replaces (defaults to the word at the cursor). */
  replace?: Span;
  detail?: string;
  documentation?: string;
  sortText?: string;
  filterText?: string;
}

export interface SpecHover {
  span: Span;
  /** Markdown. */
  contents: string;
}

export interface TextEdit extends Span {
  newText: string;
}

/** Edits by document uri. */
export type WorkspaceEdit = Record<string, TextEdit[]>;

export interface SpecCodeAction {
  title: string;
  kind: 'quickfix' | 'refactor';
  /** The diagnostic it fixes (matched by code and span). */
  diagnostic?: SpecDiagnostic;
  edit: WorkspaceEdit;
  isPreferred?: boolean;
}

export const enum SymbolKind {
  File = 1,
  Module = 2,
  Namespace = 3,
  Class = 5,
  Method = 6,
  Property = 7,
  Field = 8,
  Interface = 11,
  Function = 12,
  Variable = 13,
  Constant = 14,
  Array = 18,
  Object = 19,
  Key = 20,
  Event = 24,
  Struct = 23,
  EnumMember = 22,
  Enum = 10,
}

export interface SpecSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole pair (key and value). */
  span: Span;
  /** The key: what the editor selects. */
  selection: Span;
  children: SpecSymbol[];
}

/** What a file system says about a path before it is read (see refAccess.ts). */
export interface FileFacts {
  /** The file's URI with every symbolic link resolved. */
  realUri: string;
  /** `other`: a FIFO, device, socket or the like: never read. */
  kind: 'file' | 'directory' | 'other';
}

/** How the service reads files it has not been handed (referenced files, Fern folders). */
export interface FileSystem {
  /**
   * Facts about a `file:` URI, or undefined when it does not exist. Optional: a file system without links
   * or special files (in memory) leaves it out, and paths are then checked as written.
   */
  stat?(uri: string): FileFacts | undefined;
  /** Text of a file by `file:` URI, or undefined when it does not exist or is not a file. */
  readFile(uri: string): string | undefined;
  /** Entries of a directory by URI (names only; directories end with `/`), or undefined. */
  readDirectory(uri: string): string[] | undefined;
}

export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

export const neverCancelled: CancellationToken = { isCancellationRequested: false };
