/** The MQTT mock's topics: which channel addresses a subscription's filter covers, and the topic published on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topicFor } from '../../mock/src/mqttTopics';
import type { TryItChannel, TryItParameter } from '../../common/src/tryItModel';

function channel(address: string | null, parameters: Partial<TryItParameter>[] = []): TryItChannel {
  const params = parameters.map((p) => ({ name: 'id', schema: {}, required: true, ...p }));
  return { id: 'c', address, parameters: params, query: [], headers: [], servers: [], operations: [] };
}

test('a wildcard level takes the parameter example; a literal level fills the parameter with itself', () => {
  const c = channel('sensors/{id}/temperature', [{ examples: ['42'] }]);
  assert.equal(topicFor(c, 'sensors/+/temperature'), 'sensors/42/temperature');
  assert.equal(topicFor(c, 'sensors/7/temperature'), 'sensors/7/temperature');
  assert.equal(topicFor(c, 'sensors/#'), 'sensors/42/temperature');
  assert.equal(topicFor(c, '#'), 'sensors/42/temperature');
  assert.equal(topicFor(c, 'sensors/7/temperature/#'), 'sensors/7/temperature'); // `#` matches its parent level too
});

test('filters that do not cover the address get nothing', () => {
  const c = channel('sensors/{id}/temperature', [{ examples: ['42'] }]);
  for (const f of ['sensors/+/commands', 'sensors/+', 'sensors/+/temperature/x', 'other/#', '+/+/+/+']) assert.equal(topicFor(c, f), undefined, f);
  assert.equal(topicFor(channel(null), '#'), undefined);
});

test('without an example: the default, the first enum value, else a value generated from the schema, never a wildcard or a slash', () => {
  assert.equal(topicFor(channel('a/{id}', [{ default: 'd' }]), 'a/+'), 'a/d');
  assert.equal(topicFor(channel('a/{id}', [{ enum: ['e1', 'e2'] }]), 'a/+'), 'a/e1');
  assert.equal(topicFor(channel('a/{id}', [{ schema: { type: 'integer', minimum: 5 } }]), 'a/+'), 'a/5');
  assert.equal(topicFor(channel('a/{id}', [{ examples: ['x/y', '+'], schema: { type: 'string', pattern: '^[#]$' } }]), 'a/+'), 'a/1');
  assert.equal(topicFor(channel('a/{id}'), 'a/+'), 'a/1'); // a parameter the channel does not declare
});

test("with no value declared for the parameter, the payload's property of that name fills it (the reading of sensor 42 on its topic)", () => {
  const c = channel('sensors/{id}/temperature');
  assert.equal(topicFor(c, 'sensors/+/temperature', { id: '42', celsius: 1 }), 'sensors/42/temperature');
  assert.equal(topicFor(c, 'sensors/7/temperature', { id: '42' }), 'sensors/7/temperature');
  assert.equal(topicFor(channel('a/{id}', [{ examples: ['e'] }]), 'a/+', { id: 'p' }), 'a/e');
});
