import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mockSecret, withMockServers } from '../../client/src/tryit/mockServers';
import type { TryItModel, TryItSecurityScheme } from '../../common/src/tryItModel';

const bearer: TryItSecurityScheme = { kind: 'httpBearer', name: 'jwt' };
const login: TryItSecurityScheme = { kind: 'userPassword', name: 'broker' };
const model: TryItModel = {
  uri: 'file:///spec.yaml',
  kind: 'asyncapi',
  version: '3.0.0',
  describesServer: true,
  problems: [],
  servers: [
    {
      name: 'prod',
      url: 'wss://api.example.com/{region}',
      protocol: 'wss',
      variables: [{ name: 'region', default: 'eu' }],
      security: [[bearer]],
      transport: 'ws',
    },
    { name: 'other', url: 'wss://other.example.com', protocol: 'wss', variables: [], security: [], transport: 'ws' },
  ],
  channels: [
    { id: 'a', address: '/a', parameters: [], query: [], headers: [], servers: ['prod'], operations: [] },
    { id: 'b', address: '/b', parameters: [], query: [], headers: [], servers: [], operations: [] },
  ],
};

test('a running mock is offered as a server at its loopback URL, without variables', () => {
  const out = withMockServers(model, [{ server: 'prod', url: 'ws://127.0.0.1:4567', token: 't' }])!;
  const mock = out.servers.find((s) => s.name === 'Mock: prod');
  assert.ok(mock);
  assert.equal(mock.url, 'ws://127.0.0.1:4567');
  assert.deepEqual(mock.variables, []);
  assert.deepEqual(mock.security, [[bearer]], 'the mock enforces the same auth');
  assert.deepEqual(out.channels[0].servers, ['prod', 'Mock: prod'], 'channels restricted to the server are on its mock too');
  assert.deepEqual(out.channels[1].servers, []);
});

test('no mocks, or a mock of a server that is gone, leaves the model alone', () => {
  assert.equal(withMockServers(model, []), model);
  assert.equal(withMockServers(model, [{ server: 'gone', url: 'ws://127.0.0.1:1', token: 't' }])!.servers.length, 2);
  assert.equal(withMockServers(null, [{ server: 'prod', url: 'ws://127.0.0.1:1', token: 't' }]), null);
});

test('the mock token answers the secret of a mock server only', () => {
  const mocks = [{ server: 'prod', url: 'ws://127.0.0.1:1', token: 'tok' }];
  assert.equal(mockSecret('Mock: prod', bearer, mocks), 'tok');
  assert.equal(mockSecret('Mock: prod', login, mocks), 'mock:tok');
  assert.equal(mockSecret('prod', bearer, mocks), undefined);
  assert.equal(mockSecret('Mock: other', bearer, mocks), undefined);
});
