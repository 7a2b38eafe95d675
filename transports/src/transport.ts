/**
 * The contract between the Try it panel host and the wire. One implementation per protocol
 * (ws.ts, socketio.ts, stomp.ts, mqtt.ts, sse.ts); the panel host only ever talks to this interface.
 */
import type { MqttServerBinding, TransportKind } from '../../common/src/tryItModel';

export interface ConnectOptions {
  transport: TransportKind;
  /** Fully expanded URL (variables and path parameters filled in, query not yet appended). */
  url: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  subprotocols?: string[];
  /** Socket.IO: engine path (default `/socket.io`), namespace (default `/`), `auth` payload. */
  socketIo?: {
    path?: string;
    namespace?: string;
    auth?: Record<string, unknown>;
    /** Engine.IO transports to try, in order (default: polling then upgrade to websocket). */
    transports?: ('polling' | 'websocket')[];
  };
  /** STOMP: CONNECT credentials and headers, destinations to SUBSCRIBE after CONNECTED. */
  stomp?: { login?: string; passcode?: string; connectHeaders?: Record<string, string>; subscriptions: string[] };
  /** MQTT: topics to SUBSCRIBE after CONNACK (wildcards allowed), credentials, and the spec's mqtt bindings. */
  mqtt?: MqttServerBinding & {
    subscriptions: string[];
    username?: string;
    password?: string;
    /** QoS for subscriptions and publishes (the operation's binding), 0 by default. */
    qos?: 0 | 1 | 2;
  };
  /** Give up connecting after this long (ms). */
  connectTimeoutMs?: number;
  /** Largest incoming frame accepted (bytes); bigger ones close the connection with 1009. Default 100 MiB. */
  maxPayloadBytes?: number;
  /** wss:// to development servers: accept certificates Node does not trust (self-signed). Default false. */
  allowUntrustedCertificates?: boolean;
}

export interface OutgoingMessage {
  /** Text or binary payload as the user wrote it (JSON stays text). */
  data: string | Uint8Array;
  /** Socket.IO event name. */
  event?: string;
  /** STOMP destination. */
  destination?: string;
  /** Socket.IO: wait for an acknowledgement; STOMP: ask for a RECEIPT. */
  ack?: boolean;
  headers?: Record<string, string>;
  /** Raw WebSocket: send a ping control frame carrying `data` instead of a data frame. */
  ping?: boolean;
}

export type FailureKind = 'dns' | 'refused' | 'tls' | 'http' | 'timeout' | 'protocol' | 'auth' | 'closed' | 'other';

export type TransportEvent =
  | {
      type: 'state';
      state: 'connecting' | 'open' | 'closing' | 'closed';
      /** With `open`: the subprotocol the server chose (raw ws / STOMP), when it chose one. */
      protocol?: string;
    }
  | {
      type: 'frame';
      direction: 'in' | 'out';
      /** ms since epoch */
      time: number;
      data: string | Uint8Array;
      /**
       * Socket.IO event name / STOMP command (MESSAGE, RECEIPT, ERROR, ...) / raw ws `ping` or `pong` for a control
       * frame. Not an event name to match on by itself: frameMatch.ts says what it means per transport.
       */
      event?: string;
      destination?: string;
      headers?: Record<string, string>;
    }
  /** Something failed, said in words a person can act on. */
  | { type: 'error'; kind: FailureKind; message: string; status?: number; body?: string }
  | { type: 'close'; code?: number; reason?: string };

export interface Transport {
  connect(): Promise<void>;
  /** Resolves when sent (and, with `ack`, when acknowledged: the ack payload/receipt id). */
  send(message: OutgoingMessage): Promise<unknown>;
  close(code?: number, reason?: string): Promise<void>;
  onEvent(listener: (e: TransportEvent) => void): { dispose(): void };
}
