/**
 * Loads one of our injection grammars over the small YAML base grammar in test/fixtures/grammar, with the engine
 * VS Code uses (vscode-textmate + oniguruma), for the grammar tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { FIXTURES } from './fixtures';

let wasmLoaded: Promise<void> | undefined;

export async function loadInjectedYamlGrammar(injectionScope: string, injectionFile: string): Promise<IGrammar> {
  const grammars: Record<string, string> = {
    'source.yaml': join(FIXTURES, 'grammar', 'yaml.tmLanguage.json'),
    [injectionScope]: join(__dirname, '..', '..', 'syntaxes', injectionFile),
  };
  wasmLoaded ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  })();
  await wasmLoaded;
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => (grammars[scope] ? parseRawGrammar(readFileSync(grammars[scope], 'utf8'), grammars[scope]) : null),
    getInjections: (scope) => (scope === 'source.yaml' ? [injectionScope] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  if (!grammar) throw new Error('the YAML base grammar did not load');
  return grammar;
}
