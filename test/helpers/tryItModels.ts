/** Try it models of fixture and corpus files, built by the real language service (for model, matcher and sample tests). */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diskService, fileUri, FIXTURES, readText, CORPUS } from './fixtures';
import type { TryItModel } from '../../common/src/tryItModel';

export function modelOf(path: string): TryItModel {
  const service = diskService();
  const uri = fileUri(path);
  service.store.setOpen(uri, readText(path), 1);
  const m = service.tryItModel(uri);
  assert.ok(m, `model of ${path}`);
  return m;
}

export const seed = (name: string) => join(FIXTURES, 'asyncapi', 'tryit', name);
export const corpus = (p: string) => join(CORPUS, 'asyncapi', p);
export const KRAKEN = corpus('asyncapi__spec@v3.0.0/examples/kraken-websocket-request-reply-multiple-channels-asyncapi.yml');
export const GEMINI = corpus('asyncapi__spec@v3.0.0/examples/websocket-gemini-asyncapi.yml');
export const ZOD_SOCKETS = corpus('RobinTail__zod-sockets/example/example-documentation.yaml');
export const ASYNCTION = corpus('dedoussis__asynction/example/asyncapi.yml');
