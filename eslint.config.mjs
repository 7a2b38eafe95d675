// ESLint (flat config): the layering DEVELOPERS.md describes, enforced, plus the recommended correctness rules.
// Who may import whom:
//   common/      nothing of ours but common/; no vscode, no Node-only editor API
//   transports/  common/ and transports/ only: the wire (ws, Socket.IO, STOMP, MQTT), connecting from a Try it model
//                and what a received frame is; no vscode. Shared by the panel host (client/) and the CLI (server/)
//   server/      common/, mock/ (the CLI's `mock` command), transports/ (the CLI's `test` command) and server/;
//                never vscode, client/ or webview/
//   server/src/languageService/   pure: no vscode-languageserver*, no node:fs outside core/nodeFileSystem.ts,
//                                 nothing of mock/ or transports/
//   mock/        common/ and mock/ only: the mock server, run by the CLI (and so by the extension, as a process)
//   client/      common/, transports/ and client/; never server/ or mock/ (it talks to them over LSP and the mock's JSON lines)
//   client/src/{mock,tryit}/   no vscode (host logic that runs in tests without an editor),
//                                          except tryit/panel.ts and tryit/secrets.ts, the VS Code adapters
//   webview/     common/ and webview/ only: browser code, no vscode, no Node
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const vscodeApi = { name: 'vscode', message: 'Only the VS Code adapters in client/ may use the extension API.' };
const ours = (folders, message) => folders.map((f) => ({ group: [`**/${f}/src/**`, `**/${f}/src`], message }));
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'url', 'util'];
const restrict = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'generated/**', 'node_modules/**', '.vscode-test/**', 'test/corpus/**', 'test/fixtures/**', '**/*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `catch {}` with a comment saying why is how this codebase marks a deliberate fallback.
      'no-empty': ['error', { allowEmptyCatch: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  { files: ['**/*.mjs', 'bench/**', 'test/**', 'scripts/**'], languageOptions: { globals: globals.node } },
  // Loaded by require on purpose: the loaders pick their bundle at run time (start.ts, cliStart.ts); the official schemas are
  // read only for the versions a document uses (officialSchemas.ts), their compiled validators likewise (schemas.ts); the CLI
  // loads its mock and test commands only when run (cli.ts); the unit runner requires the files it is given.
  {
    files: [
      'server/src/start.ts',
      'server/src/cli.ts',
      'server/src/cliStart.ts',
      'server/src/languageService/asyncapi/schemas.ts',
      'server/src/languageService/asyncapi/officialSchemas.ts',
      'test/helpers/unitShard.ts',
      'test/unit/asyncapiSchema.test.ts',
    ],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['common/src/**/*.ts'],
    rules: restrict(
      [vscodeApi],
      [
        ...ours(['server', 'client', 'webview', 'mock', 'transports'], 'common/ is shared by every process: it imports only common/.'),
        {
          group: ['vscode-*', '!vscode-languageserver-protocol'],
          message: 'common/ holds plain types and pure logic (and the LSP message types, from vscode-languageserver-protocol).',
        },
      ],
    ),
  },
  {
    files: ['server/src/**/*.ts'],
    rules: restrict([vscodeApi], ours(['client', 'webview'], 'The server and the CLI stand alone; shared types go in common/.')),
  },
  {
    files: ['server/src/languageService/**/*.ts'],
    ignores: ['server/src/languageService/core/nodeFileSystem.ts'],
    rules: restrict(
      [
        vscodeApi,
        { name: 'fs', message: 'Read files through the FileSystem the service is given (nodeFileSystem.ts is the one adapter).' },
        { name: 'node:fs', message: 'Read files through the FileSystem the service is given (nodeFileSystem.ts is the one adapter).' },
        { name: 'node:fs/promises', message: 'Read files through the FileSystem the service is given.' },
      ],
      [
        ...ours(['client', 'webview', 'mock', 'transports'], 'The language service stands alone.'),
        {
          group: ['vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'],
          message: 'The language service is pure: LSP types belong to server/src (convert.ts), not here.',
        },
      ],
    ),
  },
  {
    files: ['mock/src/**/*.ts'],
    rules: restrict(
      [vscodeApi],
      [
        ...ours(['server', 'client', 'webview', 'transports'], 'The mock stands alone: it takes a Try it model (common/) and serves it.'),
        { group: ['vscode-*'], message: 'The mock is no part of the editor.' },
      ],
    ),
  },
  {
    files: ['client/src/**/*.ts'],
    rules: restrict(
      [],
      ours(['server', 'webview', 'mock'], 'The client talks to the server over LSP and to the mock over its JSON lines: share types through common/.'),
    ),
  },
  {
    files: ['client/src/mock/**/*.ts', 'client/src/tryit/**/*.ts'],
    ignores: ['client/src/tryit/panel.ts', 'client/src/tryit/secrets.ts'],
    rules: restrict(
      [vscodeApi],
      [
        ...ours(['server', 'webview'], 'Share types through common/.'),
        { group: ['vscode-*'], message: 'Host logic stays free of the editor, so tests run it without one.' },
      ],
    ),
  },
  {
    files: ['transports/src/**/*.ts'],
    rules: restrict(
      [vscodeApi],
      [
        ...ours(['server', 'client', 'webview', 'mock'], 'The transports stand alone: the panel host and the CLI both use them; share types through common/.'),
        { group: ['vscode-*'], message: 'The transports are no part of the editor: the CLI runs them too.' },
      ],
    ),
  },
  {
    files: ['webview/src/**/*.ts'],
    rules: restrict(
      [vscodeApi, ...nodeBuiltins.filter((n) => n !== 'node:*').map((name) => ({ name, message: 'The panel is browser code.' }))],
      [
        ...ours(['server', 'client', 'mock', 'transports'], 'The panel talks to the host only through the typed messages in common/.'),
        { group: ['node:*'], message: 'The panel is browser code.' },
        { group: ['vscode-*'], message: 'The panel is browser code.' },
      ],
    ),
  },
);
