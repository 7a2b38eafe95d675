import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import type { SpecCodeAction, TextEdit } from '../../server/src/languageService/core/types';

function apply(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/** The schema quick fix for the one diagnostic with `code`, applied to the text. */
function fix(file: string, source: string, code: string): { action: SpecCodeAction; result: string } {
  const { service, marks, uri } = serviceWith({ [file]: source });
  const diags = service.fastDiagnostics(uri(file)).filter((d) => d.code === code);
  assert.equal(diags.length, 1, `one ${code}`);
  const actions = service.codeActions(uri(file), diags[0], diags).filter((a) => a.diagnostic === diags[0]);
  assert.equal(actions.length, 1, JSON.stringify(actions));
  return { action: actions[0], result: apply(marks[file].text, actions[0].edit[uri(file)]) };
}

test('quick fix: replace a misspelt key with the suggestion', () => {
  const { action, result } = fix('a.yaml', 'asyncapi: 3.0.0\ninfo:\n  title: x\n  version: "1"\nchannels:\n  c:\n    adress: /c\n', 'schema-unknown-key');
  assert.equal(action.title, 'Change to `address`');
  assert.equal(action.isPreferred, true);
  assert.equal(result, 'asyncapi: 3.0.0\ninfo:\n  title: x\n  version: "1"\nchannels:\n  c:\n    address: /c\n');
});

test('quick fix: a misspelt JSON key keeps its quotes', () => {
  const { result } = fix('a.json', '{"asyncapi": "2.6.0", "info": {"versoin": "1", "title": "x"}, "channels": {}}', 'schema-unknown-key');
  assert.equal(result, '{"asyncapi": "2.6.0", "info": {"version": "1", "title": "x"}, "channels": {}}');
});

test('quick fix: add missing properties as lines at the mapping indentation', () => {
  const { action, result } = fix('a.yaml', 'asyncapi: 3.0.0\ninfo:\n    description: x\n', 'schema-missing-property');
  assert.match(action.title, /^Add missing properties/);
  assert.match(result, /^asyncapi: 3\.0\.0\ninfo:\n {4}(version: \n {4}title: |title: \n {4}version: )\n {4}description: x\n$/);
});

test('quick fix: add a missing property to a list item', () => {
  const { result } = fix(
    'a.yaml',
    'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nchannels:\n  c:\n    tags:\n      - description: d\n',
    'schema-missing-property',
  );
  assert.equal(result, 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nchannels:\n  c:\n    tags:\n      - name: \n        description: d\n');
});

test('quick fix: a missing top-level property goes after the asyncapi line', () => {
  const { result } = fix('a.yaml', 'asyncapi: 2.6.0\nchannels: {}\n', 'schema-missing-property');
  assert.equal(result, 'asyncapi: 2.6.0\ninfo: \nchannels: {}\n');
});

test('quick fix: add missing properties in JSON, typed and on their own lines', () => {
  const { result } = fix('a.json', '{\n  "asyncapi": "3.0.0",\n  "info": {\n    "title": "x"\n  }\n}', 'schema-missing-property');
  assert.equal(result, '{\n  "asyncapi": "3.0.0",\n  "info": {\n    "version": "",\n    "title": "x"\n  }\n}');
  assert.doesNotThrow(() => JSON.parse(result));
});

test('quick fix: replace a mistyped enum value and an unsupported version', () => {
  const op = fix(
    'a.yaml',
    'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nchannels: {c: {address: c}}\noperations:\n  o:\n    action: recieve\n    channel: {$ref: "#/channels/c"}\n',
    'schema-enum',
  );
  assert.match(op.result, /action: receive\n/);
  const v = fix('a.yaml', 'asyncapi: 2.6\ninfo: {title: x, version: "1"}\nchannels: {}\n', 'schema-unsupported-version');
  assert.match(v.result, /^asyncapi: 2\.6\.0\n/);
});

test("quick fix: none for a diagnostic without a fix, or for other features' diagnostics", () => {
  const { service, uri } = serviceWith({ 'a.yaml': 'asyncapi: 3.0.0\ninfo:\n  title: [x]\n  version: "1"\n' });
  // A wrong type other than "nothing yet" has no mechanical fix.
  const diags = service.fastDiagnostics(uri('a.yaml')).filter((d) => d.code === 'schema-type');
  assert.equal(diags.length, 1);
  assert.deepEqual(
    service.codeActions(uri('a.yaml'), diags[0], diags).filter((a) => a.diagnostic === diags[0]),
    [],
  );
});

test('quick fix: a key with nothing under it gets its required properties one level deeper', () => {
  const { action, result } = fix('a.yaml', 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nservers:\n  prod:\nchannels: {}\n', 'schema-type');
  assert.equal(action.title, 'Add missing properties `host`, `protocol`');
  assert.equal(result, 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nservers:\n  prod:\n    host: \n    protocol: \nchannels: {}\n');
});

/** The quick fixes offered for the slow diagnostic with `code` on the marked span, and the first one applied. */
function slowFixes(files: Record<string, string>, code: string) {
  const { service, marks, uri } = serviceWith(files);
  const file = Object.keys(files)[0];
  const diags = service.slowDiagnostics(uri(file)).filter((d) => d.code === code);
  const span = marks[file].spans[0];
  const d = diags.find((x) => x.start === span.start && x.end === span.end);
  assert.ok(d, `${code} on the marked span: ${JSON.stringify(diags)}`);
  const actions = service.codeActions(uri(file), d, [d]);
  return { d, actions, apply: (i: number) => apply(marks[file].text, actions[i].edit[uri(file)]) };
}

const REFS = `asyncapi: 3.0.0
info: {title: x, version: "1"}
channels:
  leave_chat:
    address: leave
    messages:
      ping: {payload: {type: string}}
      pong: {payload: {type: string}}
operations:
  leave:
    action: send
    channel: {$ref: CHANNEL}
    messages:
      - $ref: MESSAGE
components:
  messages:
    SamResult: {payload: {type: string}}
    Other: {payload: {type: string}}
`;
const refs = (channel: string, message: string) =>
  REFS.replace('CHANNEL', channel).replace('MESSAGE', message) + '    Used:\n      $ref: «"#/components/messages/SamResults"»\n';

test('an unresolved $ref first offers the nearest existing name, in the message and as the preferred fix; "create" comes after (issue 16.3)', () => {
  const { d, actions, apply: applied } = slowFixes({ 'a.yaml': refs("'#/channels/leave_chat'", "'#/channels/leave_chat/messages/ping'") }, 'invalid-ref');
  assert.match(d.message, /Did you mean "#\/components\/messages\/SamResult"\?/);
  assert.deepEqual(
    actions.map((a) => [a.title, !!a.isPreferred]),
    [
      ["Change to 'SamResult'", true],
      ["Create message 'SamResults' in components/messages", false],
    ],
  );
  assert.match(applied(0), /\$ref: "#\/components\/messages\/SamResult"\n$/);
});

test('unresolved channel and message $refs get the nearest name too, keeping the quotes as written (issue 16.3)', () => {
  const channel = slowFixes(
    { 'a.yaml': REFS.replace('CHANNEL', "«'#/channels/leave_chats'»").replace('MESSAGE', "'#/channels/leave_chat/messages/ping'") },
    'invalid-ref',
  );
  assert.deepEqual(
    channel.actions.map((a) => a.title),
    ["Change to 'leave_chat'"],
  );
  assert.match(channel.apply(0), /channel: {\$ref: '#\/channels\/leave_chat'}/);
  const message = slowFixes(
    { 'a.yaml': REFS.replace('CHANNEL', "'#/channels/leave_chat'").replace('MESSAGE', '«"#/channels/leave_chat/messages/pongg"»') },
    'invalid-ref',
  );
  assert.deepEqual(
    message.actions.map((a) => [a.title, !!a.isPreferred]),
    [["Change to 'pong'", true]],
  );
  assert.match(message.apply(0), /- \$ref: "#\/channels\/leave_chat\/messages\/pong"/);
});

test('a name differing only in case is the nearest; nothing close means no guess (issue 16.3)', () => {
  const cased = slowFixes(
    { 'a.yaml': REFS.replace('CHANNEL', "'#/channels/leave_chat'").replace('MESSAGE', "«'#/components/messages/samresult'»") },
    'invalid-ref',
  );
  assert.equal(cased.actions[0].title, "Change to 'SamResult'");
  const far = slowFixes(
    { 'a.yaml': REFS.replace('CHANNEL', "'#/channels/leave_chat'").replace('MESSAGE', "«'#/components/messages/Unrelated'»") },
    'invalid-ref',
  );
  assert.doesNotMatch(far.d.message, /Did you mean/);
  assert.deepEqual(
    far.actions.map((a) => [a.title, !!a.isPreferred]),
    [["Create message 'Unrelated' in components/messages", true]],
  );
});

/** Every quick fix for the fast diagnostic with `code` on the marked span, with titles, preference and results. */
function fastFixes(source: string, code: string) {
  const { service, marks, uri } = serviceWith({ 'a.yaml': source });
  const span = marks['a.yaml'].spans[0];
  const diags = service.fastDiagnostics(uri('a.yaml'));
  const d = diags.find((x) => x.code === code && x.start === span.start && x.end === span.end);
  assert.ok(d, `${code} on the marked span: ${JSON.stringify(diags)}`);
  const actions = service.codeActions(uri('a.yaml'), d, diags).filter((a) => a.diagnostic === d);
  return { d, diags, fixes: actions.map((a) => ({ title: a.title, preferred: !!a.isPreferred, result: apply(marks['a.yaml'].text, a.edit[uri('a.yaml')]) })) };
}

const V3 = 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\n';

test('a shortened type name gets a did-you-mean and a preferred fix: bool, str, int (issue 16.4)', () => {
  for (const [short, full] of [
    ['bool', 'boolean'],
    ['str', 'string'],
    ['int', 'integer'],
  ]) {
    const { d, fixes } = fastFixes(`${V3}components:\n  schemas:\n    S:\n      type: «${short}»\n`, 'schema-enum');
    assert.match(d.message, new RegExp(`Did you mean \`${full}\`\\?`));
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred]),
      [[`Change to \`${full}\``, true]],
    );
    assert.match(fixes[0].result, new RegExp(`type: ${full}\\n$`));
  }
});

test('3.x action: publish says what it meant in 2.x, and offers receive (preferred) then send (issue 16.4)', () => {
  const { d, fixes } = fastFixes(
    `${V3}channels: {c: {address: c}}\noperations:\n  o:\n    action: «publish»\n    channel: {$ref: "#/channels/c"}\n`,
    'schema-enum',
  );
  assert.match(d.message, /Did you mean `receive`/);
  assert.match(d.message, /2\.x/);
  assert.deepEqual(
    fixes.map((f) => [f.title, f.preferred]),
    [
      ['Change to `receive`', true],
      ['Change to `send`', false],
    ],
  );
  assert.match(fixes[1].result, /action: send\n/);
});

test('an enum value that begins with an allowed one: querystring → query (issue 16.4)', () => {
  const { fixes } = fastFixes(`${V3}components:\n  securitySchemes:\n    k:\n      type: httpApiKey\n      name: k\n      in: «querystring»\n`, 'schema-enum');
  assert.deepEqual(
    fixes.map((f) => [f.title, f.preferred]),
    [['Change to `query`', true]],
  );
});

test('2.x server with host instead of url: one diagnostic, on the key, whose fix renames it (issues 16.4, 16.5)', () => {
  const { d, diags, fixes } = fastFixes(
    'asyncapi: 2.6.0\ninfo: {title: x, version: "1"}\nservers:\n  prod:\n    «host»: ws://localhost\n    protocol: ws\nchannels: {}\n',
    'schema-unknown-key',
  );
  assert.deepEqual(diags, [d]);
  assert.match(d.message, /Did you mean `url`\?/);
  assert.deepEqual(
    fixes.map((f) => [f.title, f.preferred]),
    [['Change to `url`', true]],
  );
  assert.match(fixes[0].result, /\n {4}url: ws:\/\/localhost\n/);
});

test('a misspelt required key is one diagnostic; "add missing" inserts only the others, never a duplicate of it (issue 16.5)', () => {
  const src = 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nservers:\n  «prod»:\n    «hots»: localhost\n';
  const { service, marks, uri } = serviceWith({ 'a.yaml': src });
  const diags = service.fastDiagnostics(uri('a.yaml'));
  assert.deepEqual(
    diags.map((d) => [d.code, d.start, d.end]),
    [
      ['schema-missing-property', marks['a.yaml'].spans[0].start, marks['a.yaml'].spans[0].end],
      ['schema-unknown-key', marks['a.yaml'].spans[1].start, marks['a.yaml'].spans[1].end],
    ],
  );
  assert.match(diags[0].message, /Missing required property `protocol`\./);
  const add = service.codeActions(uri('a.yaml'), diags[0], diags).filter((a) => a.diagnostic === diags[0]);
  assert.deepEqual(
    add.map((a) => a.title),
    ['Add missing property `protocol`'],
  );
  assert.doesNotMatch(apply(marks['a.yaml'].text, add[0].edit[uri('a.yaml')]), /\bhost:/);
});
