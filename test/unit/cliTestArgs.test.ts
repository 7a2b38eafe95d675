/** `specsocket test` arguments, and the JUnit report's escaping (the report's shape is checked in test/peers/sessions.test.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTestArgs } from '../../server/src/cliTest';
import { report } from '../../server/src/sessionRun/report';

test('targets and options; bad combinations refused in words', () => {
  assert.deepEqual(parseTestArgs(['s', '--server', 'local', '--url', 'ws://h:1', '--reporter', 'junit']), {
    targets: ['s'],
    server: 'local',
    url: 'ws://h:1',
    mock: false,
    examples: false,
    listenMs: 1000,
    reporter: 'junit',
  });
  assert.equal(parseTestArgs([]), 'missing <session files|folders>');
  assert.equal(parseTestArgs(['--examples']), 'missing <specs>');
  assert.equal(parseTestArgs(['s', '--reporter', 'xml']), '--reporter must be text, junit or json');
  assert.equal(parseTestArgs(['s', '--mock', '--url', 'ws://h:1']), '--mock and --url both say where to connect: give one');
  assert.equal(parseTestArgs(['s', '--url', 'localhost:1']), '--url must be an absolute URL (ws://host:port/…)');
  assert.equal(parseTestArgs(['s', '--listen', 'soon']), '--listen must be milliseconds');
  assert.equal(parseTestArgs(['s', '--token', 'x']), 'unknown argument --token');
});

test('JUnit: reasons escaped as XML, characters XML forbids dropped, the first line as the message', () => {
  const xml = report(
    [
      {
        name: 'a & "b"',
        status: 'failed',
        durationMs: 1500,
        steps: [{ label: 'expect <x>', status: 'failed', durationMs: 1500, reason: "bad 'y'\u0001\nmore" }],
      },
    ],
    'junit',
  );
  assert.match(xml, /<testsuite name="a &amp; &quot;b&quot;" tests="1" failures="1" errors="0" skipped="0" time="1\.500">/);
  assert.match(xml, /<testcase name="1\. expect &lt;x&gt;" classname="a &amp; &quot;b&quot;" time="1\.500">/);
  assert.match(xml, /<failure message="bad &apos;y&apos;" type="StepFailure">bad &apos;y&apos;\nmore<\/failure>/);
});
