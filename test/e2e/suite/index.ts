/** End-to-end tests inside a real VS Code (code-server's extension host) against the installed .vsix. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { afterReload, runAll, screenshot, test, typeIntoInputBox, waitFor } from './harness';
import type { SpecSocketApi } from '../../../client/src/extension';
import type { HostToWebview } from '../../../common/src/webviewMessages';
import { generateAsyncApi } from '../../helpers/generate';
import { SERVER_NODE_ARGS } from '../../../common/src/serverProcess';

const EXTENSION_ID = 'specsocket.specsocket';

function workspaceFile(rel: string): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'a workspace folder is open');
  return vscode.Uri.joinPath(root, ...rel.split('/'));
}

function specsocketDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'specsocket');
}

async function openAndWaitForDiagnostics(rel: string, pred: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const uri = workspaceFile(rel);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return waitFor(
    () => {
      const d = specsocketDiagnostics(uri);
      return pred(d) ? d : undefined;
    },
    (l) => vscode.languages.onDidChangeDiagnostics(l),
    `diagnostics on ${rel}`,
  );
}

test('the installed extension (not a source folder) activates on a YAML spec', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  assert.ok(!ext.extensionPath.includes(path.join('test', 'e2e')), `loaded from ${ext.extensionPath}`);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('broken.asyncapi.yaml')));
  await ext.activate();
  assert.ok(ext.isActive);
});

test('the language server runs as a separate process with the Node flags the extension ships', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext?.isActive);
  const { readdirSync, readFileSync } = await import('node:fs');
  const serverJs = path.join(ext.extensionPath, 'dist', 'server.js');
  const argvOf = (pid: string) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      return []; // gone meanwhile
    }
  };
  const servers = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(argvOf)
    .filter((a) => a.includes(serverJs));
  assert.equal(servers.length, 1, `one server process runs ${serverJs}`);
  for (const flag of SERVER_NODE_ARGS) assert.ok(servers[0].includes(flag), `${flag} in ${servers[0].join(' ')}`);
});

test('the packaged .vsix is small and holds only the allowlisted files', async () => {
  const vsix = process.env.SPECSOCKET_VSIX;
  assert.ok(vsix, 'SPECSOCKET_VSIX names the package under test');
  const { statSync } = await import('node:fs');
  const size = statSync(vsix).size;
  assert.ok(size <= 3 * 1024 * 1024, `${size} bytes ≤ 3 MB`);
  const yauzl = await import('yauzl');
  const names = await new Promise<string[]>((resolve, reject) =>
    yauzl.open(vsix, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: string[] = [];
      zip.on('entry', (e: { fileName: string }) => (out.push(e.fileName), zip.readEntry()));
      zip.on('end', () => resolve(out));
      zip.readEntry();
    }),
  );
  const allowed =
    /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|dist\/(client|server|languageServer|cli|cliMain|cliMock|cliTest)\.js|dist\/schemas\/(asyncapi-\d+\.\d+\.\d+|runtime)\.js|dist\/webview\/[^/]+|syntaxes\/[^/]+\.json|media\/[^/]+))$/;
  const unexpected = names.filter((n) => !allowed.test(n));
  assert.deepEqual(unexpected, [], 'nothing outside the allowlist');
  for (const must of [
    'extension/dist/client.js',
    'extension/dist/server.js',
    'extension/dist/languageServer.js',
    'extension/dist/cli.js',
    'extension/dist/cliMain.js',
    'extension/dist/cliMock.js',
    'extension/dist/cliTest.js',
    // The official schemas, compiled at build time: one module per AsyncAPI version and their shared runtime.
    'extension/dist/schemas/runtime.js',
    'extension/dist/schemas/asyncapi-2.0.0.js',
    'extension/dist/schemas/asyncapi-3.1.0.js',
    'extension/dist/webview/main.js',
    'extension/syntaxes/asyncapi.injection.tmLanguage.json',
    'extension/media/icon.png',
  ]) {
    assert.ok(names.includes(must), `${must} is packaged`);
  }
  assert.ok(!names.some((n) => n.endsWith('.map')), 'no source maps in the production package');
});

test('a broken AsyncAPI file gets diagnostics at the right line', async () => {
  // Room for the editor and the Try it panel in the README's pictures.
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  const diags = await openAndWaitForDiagnostics('broken.asyncapi.yaml', (d) => d.some((x) => x.code === 'duplicate-key'));
  const dup = diags.find((x) => x.code === 'duplicate-key')!;
  assert.equal(dup.range.start.line, 7, 'the second `channels` key is on line 8');
});

const pos = (line: number, character: number) => new vscode.Position(line, character);

async function opened(rel: string): Promise<vscode.Uri> {
  const uri = workspaceFile(rel);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return uri;
}

test('completion offers $ref targets (3.x channel refs in an operation)', async () => {
  const uri = await opened('multi/main.asyncapi.yaml');
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos(14, 18));
  const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(labels.includes('#/channels/greetings'), `labels: ${labels.join(', ')}`);
  // The README's picture: the suggest widget open on a `$ref` value.
  const editor = vscode.window.activeTextEditor!;
  editor.selection = new vscode.Selection(pos(16, 20), pos(16, 20));
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
  await screenshot('completion', '.suggest-widget.visible .monaco-list-row');
  await vscode.commands.executeCommand('hideSuggestWidget');
});

test('hover on a $ref previews its target in the other file', async () => {
  const uri = await opened('multi/main.asyncapi.yaml');
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos(9, 20));
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /Hello message/);
});

test('go to definition jumps across files to the referenced component', async () => {
  const uri = await opened('multi/main.asyncapi.yaml');
  const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, pos(9, 20));
  assert.equal(defs.length, 1);
  const d = defs[0];
  const target = 'targetUri' in d ? d.targetUri : d.uri;
  const range = 'targetUri' in d ? (d.targetSelectionRange ?? d.targetRange) : d.range;
  assert.ok(target.path.endsWith('multi/components.yaml'), target.toString());
  assert.equal(range.start.line, 2);
});

test('rename of a component rewrites every $ref, across files', async () => {
  const uri = await opened('multi/main.asyncapi.yaml');
  const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', uri, pos(9, 50), 'Greet');
  const files = edit
    .entries()
    .map(([u]) => path.basename(u.fsPath))
    .sort();
  assert.deepEqual(files, ['components.yaml', 'main.asyncapi.yaml']);
  const refEdit = edit.get(uri)[0];
  assert.equal(refEdit.newText, './components.yaml#/components/messages/Greet');
});

test('the Outline lists channels and operations', async () => {
  const uri = await opened('multi/main.asyncapi.yaml');
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
  const outline = symbols.map((s) => `${s.name}:${s.children.map((c) => c.name).join(',')}`);
  assert.ok(outline.includes('channels:greetings'), outline.join(' | '));
  assert.ok(outline.includes('operations:sendHello'), outline.join(' | '));
});

test('a quick fix replaces a misspelt key and the diagnostic goes away', async () => {
  const diags = await openAndWaitForDiagnostics('typo.asyncapi.yaml', (d) => d.some((x) => x.code === 'schema-unknown-key'));
  const typo = diags.find((x) => x.code === 'schema-unknown-key')!;
  assert.equal(typo.range.start.line, 4);
  // The README's picture: the squiggle, its hover and the Problems panel.
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await vscode.window.showTextDocument(workspaceFile('typo.asyncapi.yaml'), { selection: new vscode.Range(pos(4, 2), pos(4, 2)) });
  await vscode.commands.executeCommand('editor.action.showHover');
  await screenshot('validation', '.markers-panel .monaco-list-row');
  const uri = workspaceFile('typo.asyncapi.yaml');
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    typo.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  const fix = actions.find((a) => /servers/.test(a.title));
  assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  const doc = await vscode.workspace.openTextDocument(uri);
  assert.match(doc.lineAt(4).text, /^servers:/);
  await waitFor(
    () => (specsocketDiagnostics(uri).some((x) => x.code === 'schema-unknown-key') ? undefined : true),
    (l) => vscode.languages.onDidChangeDiagnostics(l),
    'the fixed diagnostic to disappear',
  );
});

test('a broken Fern file gets a diagnostic on the misspelt type, and type names complete', async () => {
  const diags = await openAndWaitForDiagnostics('fern/definition/chat.yml', (d) => d.some((x) => x.code === 'fern-unknown-type'));
  const unknown = diags.find((x) => x.code === 'fern-unknown-type')!;
  assert.equal(unknown.range.start.line, 12);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    workspaceFile('fern/definition/chat.yml'),
    pos(12, 14),
  );
  const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(labels.includes('Message') && labels.includes('string'), `labels: ${labels.slice(0, 30).join(', ')}`);
});

test('Start Mock Server serves the spec; a client gets a declared message; Stop frees it', async () => {
  const uri = workspaceFile('examples/jwt-websocket-service/asyncapi.yaml');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const info = await vscode.commands.executeCommand<{ url: string; token: string } | undefined>('specsocket.startMockServer', uri, 'local');
  assert.ok(info, 'the mock started');
  const { WebSocket } = await import('ws');
  const first = await new Promise<string>((resolve, reject) => {
    const ws = new WebSocket(`${info.url}/ws?token=${info.token}`);
    ws.once('message', (d) => (resolve(d.toString()), ws.close()));
    ws.once('error', reject);
  });
  assert.match(first, /"type":"notification"/);
  await vscode.commands.executeCommand('specsocket.stopMockServers');
});

test('Try it opens beside the spec, starts a mock from its button, connects, sends an example and shows the reply matched', async () => {
  const uri = workspaceFile('examples/jwt-websocket-service/asyncapi.yaml');
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const ext = vscode.extensions.getExtension<SpecSocketApi>(EXTENSION_ID)!;
  const api = ext.isActive ? ext.exports : await ext.activate();
  const posted: HostToWebview[] = [];
  const changed = new vscode.EventEmitter<void>();
  const sub = api.tryIt.onDidPost((e) => {
    if (e.uri !== uri.toString()) return;
    posted.push(e.message);
    changed.fire();
  });
  const next = <T>(find: () => T | undefined, what: string) => waitFor(find, (l) => changed.event(l), what);
  try {
    await vscode.commands.executeCommand('specsocket.tryIt', uri);
    await next(() => posted.find((m) => m.type === 'model'), 'the first model');
    // The panel's "Start mock" button: the mock starts, joins the servers, and the panel focuses it.
    await api.tryIt.receive(uri.toString(), { type: 'startMock', server: 'local' });
    await next(() => posted.find((m) => m.type === 'focus' && m.server === 'Mock: local'), 'the panel focused on the mock');
    const model = await next(
      () => posted.find((m): m is Extract<HostToWebview, { type: 'model' }> => m.type === 'model' && !!m.model?.servers.some((s) => s.name === 'Mock: local')),
      'the model with the mock server',
    );
    const findTab = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs.map((t) => ({ t, g })))
        .find(({ t }) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('specsocket.tryIt'));
    // The tab model is updated asynchronously after the panel is created.
    const tab = await waitFor(findTab, (l) => vscode.window.tabGroups.onDidChangeTabs(l), 'a Try it webview tab');
    assert.notEqual(tab.g.viewColumn, editor.viewColumn, 'the panel opened beside the spec');

    await api.tryIt.receive(uri.toString(), {
      type: 'connect',
      form: { server: 'Mock: local', variables: {}, channel: 'events', parameters: {}, query: {}, headers: {} },
    });
    await next(() => posted.find((m) => m.type === 'state' && m.state.kind === 'open'), 'the connection to open');
    const ping = model.sendables.find((x) => x.messageId === 'ping');
    assert.ok(ping, `sendables: ${model.sendables.map((x) => x.messageId).join(', ')}`);
    await api.tryIt.receive(uri.toString(), { type: 'pick', key: ping.key, example: 0 });
    const draft = await next(
      () => posted.find((m): m is Extract<HostToWebview, { type: 'draft' }> => m.type === 'draft' && m.key === ping.key),
      'the example in the editor',
    );
    await api.tryIt.receive(uri.toString(), { type: 'send', key: ping.key, text: draft.text });
    const pong = await next(
      () => posted.flatMap((m) => (m.type === 'log' ? m.entries : [])).find((e) => e.direction === 'in' && e.match?.messageId === 'pong'),
      'the pong reply matched to its message',
    );
    assert.deepEqual(pong.violations ?? [], []);
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await screenshot('try-it-in-vscode', '.chip.matched');
    await api.tryIt.receive(uri.toString(), { type: 'disconnect' });
  } finally {
    sub.dispose();
    await vscode.commands.executeCommand('specsocket.stopMockServers');
  }
});

test('Record writes a session file beside the spec; its Run code lens replays it green against the mock; Add as example leaves no diagnostics', async () => {
  const uri = workspaceFile('examples/jwt-websocket-service/asyncapi.yaml');
  const spec = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(spec);
  const ext = vscode.extensions.getExtension<SpecSocketApi>(EXTENSION_ID)!;
  const api = ext.isActive ? ext.exports : await ext.activate();
  const posted: HostToWebview[] = [];
  const changed = new vscode.EventEmitter<void>();
  const sub = api.tryIt.onDidPost((e) => e.uri === uri.toString() && (posted.push(e.message), changed.fire()));
  const next = <T>(find: () => T | undefined, what: string) => waitFor(find, (l) => changed.event(l), what);
  const rows = () => posted.flatMap((m) => (m.type === 'log' ? m.entries : []));
  let recorded: vscode.Uri | undefined;
  try {
    await vscode.commands.executeCommand('specsocket.tryIt', uri);
    await api.tryIt.receive(uri.toString(), { type: 'startMock', server: 'local' });
    const model = await next(
      () => posted.find((m): m is Extract<HostToWebview, { type: 'model' }> => m.type === 'model' && !!m.model?.servers.some((s) => s.name === 'Mock: local')),
      'the model with the mock server',
    );
    await api.tryIt.receive(uri.toString(), {
      type: 'connect',
      form: { server: 'Mock: local', variables: {}, channel: 'events', parameters: {}, query: {}, headers: {} },
    });
    await next(() => posted.find((m) => m.type === 'state' && m.state.kind === 'open'), 'the connection to open');

    // Record: a ping sent and its pong received.
    const from = rows().length;
    await api.tryIt.receive(uri.toString(), { type: 'record', on: true });
    const ping = model.sendables.find((x) => x.messageId === 'ping')!;
    await api.tryIt.receive(uri.toString(), { type: 'send', key: ping.key, text: '{"type":"ping","data":{}}' });
    const pong = await next(
      () =>
        rows()
          .slice(from)
          .find((e) => e.direction === 'in' && e.match?.messageId === 'pong'),
      'the pong',
    );
    await api.tryIt.receive(uri.toString(), { type: 'record', on: false });
    const saidSaved = await next(() => rows().find((e) => /^Recorded \d+ step\(s\) to /.test(e.text ?? '')), 'the recording saved');
    recorded = vscode.Uri.joinPath(uri, '..', /to (\S+\.session\.yaml)/.exec(saidSaved.text!)![1]!);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(recorded));
    assert.match(text, /- send: ping\n/);
    assert.match(text, /- expect: pong\n/);

    // Its Run code lens, against the mock.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', recorded);
    const run = lenses.find((l) => l.command?.command === 'specsocket.runSession');
    assert.ok(run, `lenses: ${lenses.map((l) => l.command?.title).join(', ')}`);
    const result = await vscode.commands.executeCommand<{ status: string; steps: { label: string; status: string; reason?: string }[] }>(
      run.command!.command,
      ...(run.command!.arguments ?? []),
      'Mock: local',
    );
    assert.equal(result?.status, 'passed', JSON.stringify(result?.steps));
    await next(() => rows().find((e) => /^Replay passed: /.test(e.text ?? '')), 'the verdict row');

    // Add as example: the pong becomes an example of its message, and the spec stays free of diagnostics.
    await api.tryIt.receive(uri.toString(), { type: 'addExample', seq: pong.seq });
    await next(() => rows().find((e) => e.text === 'Added the payload as an example of pong.'), 'the example added');
    await next(
      () =>
        posted.find(
          (m) =>
            m.type === 'model' &&
            m.model?.channels.some((c) =>
              c.operations.some((o) => o.messages.some((x) => x.id === 'pong' && x.examples.some((e) => e.name?.startsWith('received ')))),
            ),
        ),
      'the model with the new example',
    );
    assert.deepEqual(specsocketDiagnostics(uri), []);
  } finally {
    sub.dispose();
    await api.tryIt.receive(uri.toString(), { type: 'disconnect' });
    await vscode.commands.executeCommand('specsocket.stopMockServers');
    if (recorded) await vscode.workspace.fs.delete(recorded);
    await vscode.window.showTextDocument(spec);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
});

test("a server's secret is asked once in a password box, kept in SecretStorage, and used on the wire", async () => {
  const uri = workspaceFile('examples/jwt-websocket-service/asyncapi.yaml');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  // The spec's own server is on loopback: a mock there plays it and checks the token (the API key in the query).
  const info = await vscode.commands.executeCommand<{ url: string; token: string } | undefined>('specsocket.startMockServer', uri, 'local');
  assert.ok(info);
  const ext = vscode.extensions.getExtension<SpecSocketApi>(EXTENSION_ID)!;
  const api = ext.isActive ? ext.exports : await ext.activate();
  const posted: HostToWebview[] = [];
  const changed = new vscode.EventEmitter<void>();
  const sub = api.tryIt.onDidPost((e) => e.uri === uri.toString() && (posted.push(e.message), changed.fire()));
  const opened = () =>
    waitFor(
      () => posted.find((m) => m.type === 'state' && m.state.kind === 'open'),
      (l) => changed.event(l),
      'the connection to open',
    );
  // The mock is on the spec's port (8001) unless something else holds it, then on a free one.
  const form = { server: 'local', variables: { port: new URL(info.url).port }, channel: 'events', parameters: {}, query: {}, headers: {} };
  try {
    await vscode.commands.executeCommand('specsocket.tryIt', uri);
    await waitFor(
      () => posted.find((m) => m.type === 'model'),
      (l) => changed.event(l),
      'the model',
    );
    const connecting = api.tryIt.receive(uri.toString(), { type: 'connect', form });
    await typeIntoInputBox('jwtQuery', info.token);
    await connecting;
    await opened();
    await api.tryIt.receive(uri.toString(), { type: 'disconnect' });
    posted.length = 0;
    // Asked once: connecting again opens without a prompt (a prompt would leave this waiting until it fails).
    await api.tryIt.receive(uri.toString(), { type: 'connect', form });
    await opened();
    const auth = await waitFor(
      () => posted.find((m): m is Extract<HostToWebview, { type: 'auth' }> => m.type === 'auth' && m.server === 'local'),
      (l) => changed.event(l),
      'the auth state',
    );
    assert.ok(!JSON.stringify(auth).includes(info.token), 'the webview never sees the secret');
    await api.tryIt.receive(uri.toString(), { type: 'disconnect' });
  } finally {
    sub.dispose();
    await vscode.commands.executeCommand('specsocket.stopMockServers');
  }
});

test('start-up and first-diagnostics figures are recorded (for npm run bench; not asserted)', async () => {
  const ext = vscode.extensions.getExtension<SpecSocketApi>(EXTENSION_ID)!;
  const api = ext.isActive ? ext.exports : await ext.activate();
  const serverReadyMs = await api.startup.serverReady;
  // A 1k-line generated spec with one mistake at its end, opened cold: time until our diagnostics arrive.
  const text = generateAsyncApi('3.0', 1000) + 'x-oops: [\n';
  const uri = workspaceFile('bench-1k.asyncapi.yaml');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const opened = performance.now();
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  await waitFor(
    () => (specsocketDiagnostics(uri).length ? true : undefined),
    (l) => vscode.languages.onDidChangeDiagnostics(l),
    'diagnostics on the 1k-line spec',
  );
  const firstDiagnosticsMs = performance.now() - opened;
  const figures = { activateMs: api.startup.activateMs, serverReadyMs, firstDiagnosticsMs, lines: text.split('\n').length };
  assert.ok(figures.activateMs > 0 && figures.serverReadyMs > 0);
  console.log(`figures: ${JSON.stringify(figures)}`);
  if (process.env.SPECSOCKET_E2E_FIGURES) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.SPECSOCKET_E2E_FIGURES, JSON.stringify(figures));
  }
});

afterReload('the Try it panel comes back after a window reload, with its spec', async () => {
  const findTab = () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('specsocket.tryIt'));
  const tab = await waitFor(findTab, (l) => vscode.window.tabGroups.onDidChangeTabs(l), 'the restored Try it tab').catch((e: Error) => {
    const tabs = vscode.window.tabGroups.all.flatMap((g) =>
      g.tabs.map((t) => `${g.viewColumn}:${t.label}:${(t.input as { viewType?: string })?.viewType ?? ''}`),
    );
    throw new Error(`${e.message}; tabs: ${tabs.join(' | ')}`);
  });
  assert.match(tab.label, /asyncapi\.yaml/);
  const ext = vscode.extensions.getExtension<SpecSocketApi>(EXTENSION_ID)!;
  const api = ext.isActive ? ext.exports : await ext.activate();
  const uri = workspaceFile('examples/jwt-websocket-service/asyncapi.yaml').toString();
  const changed = new vscode.EventEmitter<void>();
  const posted: HostToWebview[] = [];
  const sub = api.tryIt.onDidPost((e) => e.uri === uri && (posted.push(e.message), changed.fire()));
  try {
    // VS Code revives a restored panel through our serializer when it is shown: bring its tab to the front.
    const group = tab.group;
    const nth = ['First', 'Second', 'Third', 'Fourth'][group.viewColumn - 1];
    await vscode.commands.executeCommand(`workbench.action.focus${nth}EditorGroup`);
    await vscode.commands.executeCommand(`workbench.action.openEditorAtIndex${group.tabs.indexOf(tab) + 1}`);
    if (!(await api.tryIt.receive(uri, { type: 'ready' }))) {
      await waitFor(
        () => (posted.length ? true : undefined),
        (l) => changed.event(l),
        "the revived panel's host",
      ).catch((e: Error) => {
        const tabs = vscode.window.tabGroups.all.flatMap((g) =>
          g.tabs.map((t) => `${g.viewColumn}:${t.label}:${t.isActive}:${(t.input as { viewType?: string })?.viewType ?? ''}`),
        );
        throw new Error(`${e.message}; tabs: ${tabs.join(' | ')}; active ext: ${ext.isActive}`);
      });
      assert.ok(await api.tryIt.receive(uri, { type: 'ready' }), 'the extension revived the restored panel');
    }
    const model = await waitFor(
      () => posted.find((m): m is Extract<HostToWebview, { type: 'model' }> => m.type === 'model' && !!m.model),
      (l) => changed.event(l),
      "the restored panel's model",
    );
    assert.equal(model.model?.title, 'WebSocket Service');
  } finally {
    sub.dispose();
  }
});

export function run(): Promise<void> {
  return runAll();
}
