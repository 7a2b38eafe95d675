import { test } from 'node:test';
import assert from 'node:assert/strict';
import { panelTitle } from '../../client/src/tryit/panelTitle';

test('Try it tabs of specs that share a file name differ by their folder', () => {
  const a = panelTitle('file:///home/dev/project/examples/airy-stomp/asyncapi.yaml');
  const b = panelTitle('file:///home/dev/project/examples/mqtt-sensors/asyncapi.yaml');
  assert.equal(a, 'Try it: airy-stomp/asyncapi.yaml');
  assert.equal(b, 'Try it: mqtt-sensors/asyncapi.yaml');
  assert.equal(panelTitle('file:///my%20apis/chat%20v2.yaml'), 'Try it: my apis/chat v2.yaml');
});
