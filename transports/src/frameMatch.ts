/**
 * What a frame off the wire is to the panel, and how a received message is matched to the spec. The panel host
 * and the tests both call this, so a test cannot match more leniently than the product does.
 */
import type { TransportKind } from '../../common/src/tryItModel';
import type { LogEntry } from '../../common/src/webviewMessages';
import type { MatchInput, MatchResult, MessageMatcher } from '../../common/src/tryit/messageMatcher';
import type { TransportEvent } from './transport';

type Frame = Extract<TransportEvent, { type: 'frame' }>;

/**
 * `control`: a WebSocket ping/pong (RFC 6455 control frames carry no message). `protocol`: a STOMP frame other
 * than MESSAGE/SEND (CONNECTED, RECEIPT, ERROR, SUBSCRIBE), or an MQTT CONNACK/SUBSCRIBE, which is the broker's
 * protocol, not the API's (an MQTT PUBLISH, in or out, carries no `event`).
 * Undefined: a message, to match against the spec.
 */
export function frameKind(transport: TransportKind, frame: Pick<Frame, 'event'>): LogEntry['kind'] {
  if (transport === 'ws') return frame.event === 'ping' || frame.event === 'pong' ? 'control' : undefined;
  if (transport === 'stomp') return frame.event === 'MESSAGE' || frame.event === 'SEND' ? undefined : 'protocol';
  if (transport === 'mqtt') return frame.event === undefined ? undefined : 'protocol';
  return undefined;
}

/**
 * The matcher's input for a message frame. A STOMP frame's `event` is its command (MESSAGE for every frame),
 * so it is matched by destination alone, as an MQTT PUBLISH is by its topic; only Socket.IO has event names; raw
 * WebSocket has neither. An SSE `event:` name is matched like a Socket.IO event; an event without one (`message`,
 * the default) by its payload alone.
 */
export function matchInput(transport: TransportKind, frame: Pick<Frame, 'data' | 'event' | 'destination'>): MatchInput {
  if (transport === 'socket.io') return { data: frame.data, event: frame.event };
  if (transport === 'sse') return frame.event && frame.event !== 'message' ? { data: frame.data, event: frame.event } : { data: frame.data };
  if (transport === 'stomp' || transport === 'mqtt') return { data: frame.data, destination: frame.destination };
  return { data: frame.data };
}

/** The received frame matched to the spec; undefined for control and protocol frames, which are no messages. */
export function matchFrame(matcher: MessageMatcher, transport: TransportKind, frame: Frame): MatchResult | undefined {
  if (frameKind(transport, frame)) return undefined;
  return matcher.match(matchInput(transport, frame));
}
