/** `specsocket mock` arguments and the mock settings: the message size limit, and bad values refused or defaulted. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMockArgs } from '../../server/src/cliMock';
import { defaultSettings, withDefaults } from '../../common/src/settings';

test("--max-payload sets the limit in bytes; without it, the setting's default", () => {
  assert.equal((parseMockArgs(['spec.yaml', '--max-payload', '1024']) as { maxPayloadBytes: number }).maxPayloadBytes, 1024);
  assert.equal((parseMockArgs(['spec.yaml']) as { maxPayloadBytes: number }).maxPayloadBytes, 4 * 1024 * 1024);
  for (const bad of ['0', '-1', '1.5', 'lots']) assert.match(parseMockArgs(['spec.yaml', '--max-payload', bad]) as string, /--max-payload must be/);
});

test('specsocket.mock.maxPayloadBytes: a positive integer, else the default', () => {
  assert.equal(withDefaults({ mock: { maxPayloadBytes: 2048 } }).mock.maxPayloadBytes, 2048);
  for (const bad of [0, -5, 1.5, '2048', null])
    assert.equal(withDefaults({ mock: { maxPayloadBytes: bad } }).mock.maxPayloadBytes, defaultSettings.mock.maxPayloadBytes);
});
