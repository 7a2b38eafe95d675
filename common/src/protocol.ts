/**
 * Custom LSP requests and notifications between the SpecSocket client and server, typed once and used by both
 * ends (as vscode-eslint and rust-analyzer's lsp_ext.ts do): a change to a message's shape fails to compile on
 * whichever side no longer agrees. Each one names the direction it flows.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { TryItModel } from './tryItModel';

export interface TryItModelParams {
  uri: string;
}
export type TryItModelResult = TryItModel | null;
/** client → server: the Try it model of one document; null for a document that is not a spec. */
export const TryItModelRequest = new RequestType<TryItModelParams, TryItModelResult, void>('specsocket/tryItModel');

export interface SpecKindParams {
  uri: string;
}
export type SpecKindResult = 'asyncapi' | 'fern' | null;
/** client → server: whether a document is a spec, and of which kind (the editor's "Try it" button shows for specs). */
export const SpecKindRequest = new RequestType<SpecKindParams, SpecKindResult, void>('specsocket/specKind');

/**
 * server → client, a log line (window/logMessage) before a publication that holds only the parser's findings for
 * an edited version (a large text parsed whole): the rest of its fast diagnostics follow in a publication of the
 * same version. Followed by `<uri> version <n>`; the fuzz suite counts on it to wait for the slow pass.
 */
export const SYNTAX_FIRST_LOG = 'syntax diagnostics first:';
