/** Picks the transport for a connection; the only place that knows them all. */
import type { ConnectOptions, Transport } from './transport';
import { WsTransport } from './ws';
import { SocketIoTransport } from './socketio';
import { StompTransport } from './stomp';
import { MqttTransport } from './mqtt';
import { SseTransport } from './sse';

export function createTransport(options: ConnectOptions): Transport {
  switch (options.transport) {
    case 'socket.io':
      return new SocketIoTransport(options);
    case 'stomp':
      return new StompTransport(options);
    case 'mqtt':
      return new MqttTransport(options);
    case 'sse':
      return new SseTransport(options);
    default:
      return new WsTransport(options);
  }
}

export type { ConnectOptions, OutgoingMessage, Transport, TransportEvent, FailureKind } from './transport';
