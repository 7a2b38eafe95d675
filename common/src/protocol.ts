/**
 * Custom LSP requests and notifications between the SpecSocket client and server.
 * Each one names the direction it flows.
 */
import type { TryItModel } from './tryItModel';

/** client → server: the Try it model of one document. Returns null for a document that is not a spec. */
export const TryItModelRequest = 'specsocket/tryItModel';
export interface TryItModelParams {
  uri: string;
}
export type TryItModelResult = TryItModel | null;

/** client → server: which open documents are specs, and of which kind (for code lenses and activation). */
export const SpecKindRequest = 'specsocket/specKind';
export interface SpecKindParams {
  uri: string;
}
export type SpecKindResult = 'asyncapi' | 'fern' | null;
