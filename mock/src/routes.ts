/** Which channel a connection or destination belongs to: channel addresses as patterns (`{param}` = one segment). */
import type { MockChannel, MockPlan } from './plan';

export function addressRegExp(address: string): RegExp {
  const parts = address.split(/\{[^}]*\}/).map((p) => p.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp('^' + parts.join('[^/]+') + '/?$');
}

/** The server URL's own path (`ws://host:1/api` → `/api`), which channel addresses follow. */
export function serverBasePath(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/[^?#]*)?/i.exec(url);
  return (m?.[1] ?? '').replace(/\/+$/, '');
}

/** The channel a ws request path stands for; with one channel, every path reaches it. */
export function channelForPath(plan: MockPlan, pathname: string): MockChannel | undefined {
  const base = serverBasePath(plan.server.url);
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) || '/' : pathname;
  const byAddress = plan.channels.find((c) => c.channel.address !== null && addressRegExp(withSlash(c.channel.address)).test(rest));
  if (byAddress) return byAddress;
  return plan.channels.length === 1 || rest === '/' ? plan.channels[0] : undefined;
}

/** STOMP: the channels a destination belongs to. */
export function channelsForDestination(plan: MockPlan, destination: string): MockChannel[] {
  return plan.channels.filter((c) => c.channel.address !== null && addressRegExp(c.channel.address).test(destination));
}

function withSlash(a: string): string {
  return a.startsWith('/') ? a : '/' + a;
}

/** Messages the mock sends unprompted: what it emits that is neither a reply to a request nor the error message. */
export function unprompted(c: MockChannel): MockChannel['emits'] {
  const replies = new Set([...c.replies.values()].flat());
  return c.emits.filter((m) => !replies.has(m) && m !== c.errorMessage);
}
