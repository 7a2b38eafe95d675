/**
 * Running mocks appear in the Try it panel as extra servers ("Mock: local"), already pointed at 127.0.0.1 and
 * with their token known, so a user can try a spec before its real server exists. Pure (no vscode).
 */
import type { TryItModel, TryItSecurityScheme } from '../../../common/src/tryItModel';

export interface KnownMock {
  server: string;
  url: string;
  token: string;
}

export const MOCK_PREFIX = 'Mock: ';

export function mockServerName(server: string): string {
  return MOCK_PREFIX + server;
}

/** The model with one server added per running mock of it (the mocked server's copy, at the mock's URL). */
export function withMockServers(model: TryItModel | null, mocks: KnownMock[]): TryItModel | null {
  if (!model || mocks.length === 0) return model;
  const extra = mocks.flatMap((m) => {
    const original = model.servers.find((s) => s.name === m.server);
    if (!original) return [];
    // The MQTT mock (Aedes) speaks 3.1.1 only and refuses an MQTT 5 CONNECT: its entry connects with 3.1.1.
    const v5 = original.mqtt?.protocolVersion === 5;
    return [
      {
        ...original,
        name: mockServerName(m.server),
        url: m.url,
        variables: [],
        ...(v5 ? { mqtt: { ...original.mqtt, protocolVersion: 4 as const } } : {}),
        description: `SpecSocket mock of "${m.server}" on 127.0.0.1 (token ${m.token}).${v5 ? ' It speaks MQTT 3.1.1, not the MQTT 5 the spec asks for: MQTT 5 properties are not sent.' : ''}`,
      },
    ];
  });
  // Channels restricted to the mocked server are available on its mock too.
  const channels = model.channels.map((c) =>
    c.servers.length ? { ...c, servers: [...c.servers, ...mocks.filter((m) => c.servers.includes(m.server)).map((m) => mockServerName(m.server))] } : c,
  );
  return { ...model, servers: [...model.servers, ...extra], channels };
}

/** The secret a mock accepts for a scheme (`user:password` form for basic/userPassword), or undefined. */
export function mockSecret(server: string, scheme: TryItSecurityScheme, mocks: KnownMock[]): string | undefined {
  if (!server.startsWith(MOCK_PREFIX)) return undefined;
  const mock = mocks.find((m) => mockServerName(m.server) === server);
  if (!mock) return undefined;
  return scheme.kind === 'httpBasic' || scheme.kind === 'userPassword' ? `mock:${mock.token}` : mock.token;
}
