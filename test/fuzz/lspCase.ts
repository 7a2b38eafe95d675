/**
 * One LSP fuzz case: a corpus document opened in the workspace copy, mutated edit by edit through the real
 * server over stdio (incremental or whole-text changes, as editors send them), with requests at generated
 * positions after each edit. Every answer and publication goes through the oracles (lspOracles.ts), every wait
 * through the budget (budget.ts); an error-level log line or a dead server fails the case.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { fileUri } from '../helpers/fixtures';
import { SYNTAX_FIRST_LOG } from '../../common/src/protocol';
import { editArb, resolveEdit, type Edit } from './edits';
import { answerProblems, completionProblems, lineLengths, type OracleContext } from './lspOracles';
import { stalled, HANG_MS, timed, within, type Timing } from './budget';
import type { FuzzStats } from './stats';
import type { FuzzWorkspace } from './workspace';

const METHODS = [
  'completion',
  'hover',
  'definition',
  'references',
  'documentSymbol',
  'prepareRename',
  'rename',
  'codeAction',
  'specsocket/tryItModel',
  'specsocket/specKind',
] as const;
type Method = (typeof METHODS)[number];

/** Where a request asks: anywhere, or where completion has most to say (ends of lines, after `: `, in a `#/` pointer). */
const PLACES = { anywhere: undefined, lineEnd: /\r?\n/g, afterColon: /: /g, inPointer: /#\//g } as const;
type Place = keyof typeof PLACES;

export interface LspRequest {
  method: Method;
  place: Place;
  at: number;
  newName: string;
}
export interface LspStep {
  edit: Edit;
  /** Sent as the whole new text rather than a ranged change. */
  full: boolean;
  requests: LspRequest[];
}
export interface LspCase {
  doc: number;
  /** The client takes a completion list's shared edit range (VS Code) or needs an edit per item (Neovim 0.7). */
  itemDefaults: boolean;
  steps: LspStep[];
}

const requestArb: fc.Arbitrary<LspRequest> = fc.record({
  method: fc.constantFrom(...METHODS),
  place: fc.constantFrom(...(Object.keys(PLACES) as Place[])),
  at: fc.nat({ max: 1_000_000 }),
  newName: fc.oneof(fc.constantFrom('Renamed', 'a b', '', '#/x', "it's"), fc.string({ maxLength: 8 })),
});

export const lspCaseArb: fc.Arbitrary<LspCase> = fc.record({
  doc: fc.nat({ max: 10_000 }),
  itemDefaults: fc.boolean(),
  steps: fc.array(fc.record({ edit: editArb, full: fc.boolean(), requests: fc.array(requestArb, { maxLength: 4 }) }), { minLength: 1, maxLength: 6 }),
});

/** Slow diagnostics are not in the 500 ms budget; longer than this is a hang all the same. */
const SLOW_PASS_HANG_MS = 60_000;

export class LspFuzzer {
  /** One server per kind of client (with or without itemDefaults), started on first use. */
  private readonly clients = new Map<boolean, LspClient>();

  constructor(
    private readonly ws: FuzzWorkspace,
    private readonly stats: FuzzStats,
  ) {}

  async run(c: LspCase): Promise<void> {
    const client = await this.server(c.itemDefaults);
    try {
      await new CaseRun(client, this.ws, this.stats, c).run();
    } catch (e) {
      // Each run of a shrink starts from a clean server.
      this.clients.delete(c.itemDefaults);
      await client.shutdown();
      throw e;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.shutdown()));
    this.clients.clear();
  }

  private async server(itemDefaults: boolean): Promise<LspClient> {
    const have = this.clients.get(itemDefaults);
    if (have && have.process.exitCode === null) return have;
    await have?.shutdown();
    const client = new LspClient();
    this.clients.set(itemDefaults, client);
    await client.initialize(this.ws.rootUri, { itemDefaults, workspaceFolders: [this.ws.rootUri] });
    return client;
  }
}

class CaseRun {
  private readonly path: string;
  private readonly uri: string;
  private doc: TextDocument;
  private readonly linesAt = new Map<number, number[]>();
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly arrived = new Set<() => void>();
  private readonly problems: string[] = [];
  private lastDiagnostics: Diagnostic[] = [];
  /** Where this case's log lines start in the client's (a server runs many cases, each opening at version 1). */
  private logsFrom = 0;

  constructor(
    private readonly client: LspClient,
    private readonly ws: FuzzWorkspace,
    private readonly stats: FuzzStats,
    private readonly c: LspCase,
  ) {
    this.path = ws.docAt(c.doc);
    this.uri = fileUri(this.path);
    this.doc = TextDocument.create(this.uri, this.path.endsWith('.json') ? 'json' : 'yaml', 1, '');
  }

  async run(): Promise<void> {
    const stopListening = this.client.onPublish((p) => this.onPublish(p));
    const logged = this.client.errorLogs.length;
    this.logsFrom = this.client.stderr.length;
    try {
      await this.open();
      for (const step of this.c.steps) {
        await this.edit(step);
        for (const r of step.requests) await this.request(r);
      }
      await this.slowPass();
      await this.close();
      const errors = this.client.errorLogs.slice(logged);
      if (errors.length) this.problems.push(`error logged: ${errors.join(' | ').slice(0, 2000)}`);
      if (this.client.process.exitCode !== null) this.problems.push(`the server exited (${this.client.process.exitCode})`);
    } finally {
      stopListening();
    }
    if (this.problems.length) throw new Error(`${this.path}:\n  ${this.problems.slice(0, 8).join('\n  ')}`);
  }

  private onPublish(p: PublishDiagnosticsParams): void {
    if (p.uri !== this.uri) return;
    this.stats.count('publications');
    // That planted refs reach the gate: the secret not leaking is only news if it was asked for.
    if (p.diagnostics.some((d) => d.code === 'ref-outside-workspace')) this.stats.count('publications refusing a ref outside the workspace');
    this.published.push(p);
    const lines = p.version === undefined ? undefined : this.linesAt.get(p.version);
    if (lines) this.check(`diagnostics of version ${p.version}`, answerProblems(p.diagnostics, this.context(lines)));
    for (const a of [...this.arrived]) a();
  }

  private context(lines: number[]): OracleContext {
    return { uri: this.uri, lines, rootUri: this.ws.rootUri };
  }

  private check(what: string, problems: string[]): void {
    for (const p of problems) this.problems.push(`${what}: ${p}`);
  }

  /** Resolves once a publication satisfies `pred` (one already received counts), a stall after `ms`. */
  private until(pred: (p: PublishDiagnosticsParams) => boolean, ms: number, what: string): Promise<PublishDiagnosticsParams> {
    const seen = this.published.find(pred);
    if (seen) return Promise.resolve(seen);
    let done!: () => void;
    const found = new Promise<PublishDiagnosticsParams>((resolve) => {
      done = () => {
        const p = this.published.find(pred);
        if (p) resolve(p);
      };
      this.arrived.add(done);
    });
    return within(found, ms, what).finally(() => this.arrived.delete(done));
  }

  private async open(): Promise<void> {
    const text = readFileSync(this.path, 'utf8');
    this.doc = TextDocument.create(this.uri, this.doc.languageId, 1, text);
    this.linesAt.set(1, lineLengths(text));
    const { timing } = await timed(this.pid, async () => {
      await this.client.open(this.uri, text, this.doc.languageId);
      return this.until((p) => p.version === 1, HANG_MS, 'diagnostics after opening');
    });
    this.stats.time('open', timing);
  }

  private async edit(step: LspStep): Promise<void> {
    const old = this.doc;
    const r = resolveEdit(step.edit, old.getText(), this.ws.secretTargets(this.path));
    const range = { start: old.positionAt(r.start), end: old.positionAt(r.end) };
    const next = old.getText().slice(0, r.start) + r.text + old.getText().slice(r.end);
    const change: TextDocumentContentChangeEvent = step.full ? { text: next } : { range, text: r.text };
    const version = old.version + 1;
    this.doc = TextDocument.update(TextDocument.create(this.uri, old.languageId, old.version, old.getText()), [change], version);
    if (this.doc.getText() !== next) this.problems.push(`the client's own text model disagrees with the edit ${JSON.stringify(step.edit)}`);
    this.linesAt.set(version, lineLengths(this.doc.getText()));
    this.stats.count('edits');
    if (step.edit.kind === 'secretRef') this.stats.count('secret refs planted');
    const { value, timing } = await timed(this.pid, async () => {
      await this.client.edit(this.uri, [change]);
      return this.until((p) => p.version === version, HANG_MS, `fresh diagnostics after edit ${version}`);
    });
    this.lastDiagnostics = value.diagnostics;
    if (this.syntaxFirst(version)) this.stats.count('edits published syntax first');
    this.budget(`diagnostics after edit ${version} (${this.doc.getText().length} chars)`, 'fast diagnostics', timing);
  }

  /** Whether the server published the parser's findings of `version` alone first (it logs that before). */
  private syntaxFirst(version: number): boolean {
    return this.client.stderr.slice(this.logsFrom).includes(`${SYNTAX_FIRST_LOG} ${this.uri} version ${version}`);
  }

  private budget(what: string, kind: string, timing: Timing): void {
    this.stats.time(kind, timing, { doc: this.path.slice(this.ws.root.length + 1), what, case: this.c });
    const stall = stalled(timing);
    if (stall) this.problems.push(`${what}: a stall, ${stall}`);
  }

  private async request(r: LspRequest): Promise<void> {
    const position = this.doc.positionAt(placeOffset(this.doc.getText(), r.place, r.at));
    const ctx = this.context(this.linesAt.get(this.doc.version)!);
    const { value, timing } = await timed(this.pid, () => within(this.ask(r, position), HANG_MS, `${r.method} at ${JSON.stringify(position)}`));
    this.budget(`${r.method} at ${JSON.stringify(position)}`, r.method, timing);
    const what = `${r.method} at ${position.line}:${position.character}`;
    if (r.method === 'completion') {
      this.stats.count('completion items checked', (value as unknown[]).length);
      this.check(what, completionProblems(value as never, position, ctx));
    } else this.check(what, answerProblems(value, ctx));
  }

  private ask(r: LspRequest, position: Position): Promise<unknown> {
    const textDocument = { uri: this.uri };
    switch (r.method) {
      case 'completion':
        return this.client.completion(this.uri, position);
      case 'references':
        return this.client.request('textDocument/references', { textDocument, position, context: { includeDeclaration: true } });
      case 'rename':
        return this.client.request('textDocument/rename', { textDocument, position, newName: r.newName });
      case 'documentSymbol':
        return this.client.request('textDocument/documentSymbol', { textDocument });
      case 'codeAction': {
        const diagnostics = this.lastDiagnostics.filter((d) => d.range.start.line <= position.line && position.line <= d.range.end.line);
        return this.client.request('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics } });
      }
      case 'specsocket/tryItModel':
      case 'specsocket/specKind':
        return this.client.request(r.method, { uri: this.uri });
      default:
        return this.client.request(`textDocument/${r.method}`, { textDocument, position });
    }
  }

  /**
   * The last version's slow diagnostics (their content is checked too: a refused ref must not leak into them):
   * its fast and its slow publication, and before them the parser's findings alone when the server said so
   * (SYNTAX_FIRST_LOG, logged before that publication), so the fast one must still come.
   */
  private async slowPass(): Promise<void> {
    const version = this.doc.version;
    const expected = () => (this.syntaxFirst(version) ? 3 : 2);
    const { timing } = await timed(this.pid, () =>
      this.until(() => this.published.filter((p) => p.version === version).length >= expected(), SLOW_PASS_HANG_MS, `slow diagnostics of version ${version}`),
    );
    this.stats.time('slow diagnostics (not budgeted)', timing);
  }

  private async close(): Promise<void> {
    const closed = this.published.length;
    await this.client.close(this.uri);
    await this.until((p) => this.published.indexOf(p) >= closed && p.version === undefined && p.diagnostics.length === 0, HANG_MS, 'the close');
  }

  private get pid(): number {
    return this.client.process.pid!;
  }
}

/** The `at`-th place of its kind in `text` (the end of a match; an offset anywhere when there is none). */
function placeOffset(text: string, place: Place, at: number): number {
  const pattern = PLACES[place];
  const ends = pattern ? [...text.matchAll(pattern)].map((m) => (place === 'lineEnd' ? m.index : m.index + m[0].length)) : [];
  return ends.length ? ends[at % ends.length] : at % (text.length + 1);
}
