/**
 * The two language servers of the anchored table, both on the anchors' Node and driven by the same client
 * (bench/lsp.ts): ours (dist/server.js with the Node flags the extension passes) and yaml-language-server with
 * the official AsyncAPI JSON schema of the document's version associated to the bench's files, read from a
 * local file (the `-without-$id` copy @asyncapi/specs ships for tools that resolve `$ref`s only within the file).
 */
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_NODE_ARGS } from '../../common/src/serverProcess';
import { BenchClient, SERVER_JS } from '../lsp';
import type { Anchors } from './install';

export type ServerKind = 'specsocket' | 'yaml-ls';

const SPECS_DIR = join(dirname(require.resolve('@asyncapi/specs/package.json')), 'schemas');

export function schemaFile(asyncapiVersion: string): string {
  return join(SPECS_DIR, `${asyncapiVersion}-without-$id.json`);
}

/** A started and configured server, ready for didOpen. `schemaVersion` picks yaml-ls's schema (e.g. `3.0.0`). */
export async function startServer(kind: ServerKind, anchors: Anchors, schemaVersion: string): Promise<BenchClient> {
  if (kind === 'specsocket') {
    const client = new BenchClient({ node: anchors.node, args: [...SERVER_NODE_ARGS, SERVER_JS, '--stdio'] });
    await client.initialize(null);
    return client;
  }
  let configured!: () => void;
  const pulled = new Promise<void>((resolve) => (configured = resolve));
  const yaml = {
    validate: true,
    hover: true,
    completion: true,
    // No schema store: it would be fetched from the internet, and it is not what the table compares.
    schemaStore: { enable: false },
    schemas: { [pathToFileURL(schemaFile(schemaVersion)).href]: ['*.yaml', '*.yml', '*.json'] },
  };
  const client = new BenchClient({
    node: anchors.node,
    args: [anchors.yamlLsBin, '--stdio'],
    configuration: (items) => {
      if (items.some((i) => i.section === 'yaml')) setImmediate(configured);
      return items.map((i) => (i.section === 'yaml' ? yaml : {}));
    },
  });
  await client.initialize(null);
  // yaml-language-server pulls its settings when told they changed (as the Red Hat extension's client does).
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await pulled;
  return client;
}
