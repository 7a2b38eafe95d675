/**
 * The import rules of eslint.config.mjs hold: each folder's forbidden import, written into a file of that folder,
 * is an error, and the allowed ones are not. A rule dropped or mistyped in the config fails here, not in review.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: [file: string, source: string, allowed: boolean][] = [
  ['server/src/languageService/asyncapi.ts', "import * as vscode from 'vscode';", false],
  ['server/src/languageService/asyncapi.ts', "import { TextDocuments } from 'vscode-languageserver/node';", false],
  ['server/src/languageService/asyncapi.ts', "import { readFileSync } from 'node:fs';", false],
  ['server/src/languageService/core/nodeFileSystem.ts', "import { readFileSync } from 'node:fs';", true],
  ['server/src/languageService/asyncapi.ts', "import { parse } from 'yaml';", true],
  ['server/src/server.ts', "import { TextDocuments } from 'vscode-languageserver/node';", true],
  ['server/src/server.ts', "import { MockProcess } from '../../client/src/mock/mockProcess';", false],
  ['client/src/extension.ts', "import { LanguageService } from '../../server/src/languageService/languageService';", false],
  ['client/src/extension.ts', "import * as vscode from 'vscode';", true],
  ['client/src/extension.ts', "import { startMock } from '../../mock/src/mockServer';", false],
  ['mock/src/ws.ts', "import { LanguageService } from '../../server/src/languageService/languageService';", false],
  ['mock/src/ws.ts', "import type { TryItModel } from '../../common/src/tryItModel';", true],
  ['server/src/cliMock.ts', "import { startMock } from '../../mock/src/mockServer';", true],
  ['server/src/languageService/asyncapi/tryItFeature.ts', "import { startMock } from '../../../../mock/src/mockServer';", false],
  ['transports/src/ws.ts', "import * as vscode from 'vscode';", false],
  ['transports/src/ws.ts', "import { TryItController } from '../../client/src/tryit/tryItController';", false],
  ['transports/src/ws.ts', "import type { TryItModel } from '../../common/src/tryItModel';", true],
  ['server/src/cliTest.ts', "import { createTransport } from '../../transports/src';", true],
  ['client/src/tryit/session.ts', "import { createTransport } from '../../../transports/src';", true],
  ['mock/src/ws.ts', "import { createTransport } from '../../transports/src';", false],
  ['common/src/sessions/runner.ts', "import { createTransport } from '../../../transports/src';", false],
  ['webview/src/main.ts', "import { createTransport } from '../../transports/src';", false],
  ['client/src/tryit/session.ts', "import * as vscode from 'vscode';", false],
  ['client/src/tryit/panel.ts', "import * as vscode from 'vscode';", true],
  ['client/src/mock/mockProcess.ts', "import * as vscode from 'vscode';", false],
  ['webview/src/main.ts', "import { TryItController } from '../../client/src/tryit/tryItController';", false],
  ['webview/src/main.ts', "import { readFileSync } from 'node:fs';", false],
  ['webview/src/main.ts', "import type { HostToWebview } from '../../common/src/webviewMessages';", true],
  ['common/src/protocol.ts', "import { startMock } from '../../mock/src/mockServer';", false],
  ['common/src/protocol.ts', "import * as vscode from 'vscode';", false],
];

for (const [file, source, allowed] of cases) {
  test(`${file}: ${source} is ${allowed ? 'allowed' : 'refused'}`, async () => {
    const errors = await importErrors(file, `${source}\nexport {};\n`);
    if (allowed) assert.deepEqual(errors, []);
    else assert.equal(errors.length, 1, `expected the layering rule to refuse it, got ${JSON.stringify(errors)}`);
  });
}
