/**
 * Messages between the Try it panel host (extension host, client/src/tryit/) and its webview (webview/src/).
 * Plain JSON only. Each type says which way it flows. Received frames travel as text and are only ever
 * rendered as text in the webview.
 */
import type { SpecLocation, TransportKind, TryItModel } from './tryItModel';

/** What the user filled in to connect (kept in the webview's state, so it survives a reload). */
export interface ConnectionForm {
  server: string;
  variables: Record<string, string>;
  channel: string;
  parameters: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Override of the server's transport; undefined = from the server's protocol. */
  transport?: TransportKind;
}

/** A field of the connection form that cannot be used as it is, shown at the field; the host does not connect. */
export interface FormError {
  section: 'variables' | 'parameters' | 'query' | 'headers';
  /** The declared name (the key in that section of ConnectionForm). */
  name: string;
  message: string;
}

export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting'; url: string }
  | { kind: 'open'; url: string }
  | { kind: 'closing' }
  | { kind: 'closed'; code?: number; reason?: string }
  /** Waiting to reconnect: `at` is when (ms since epoch), for the countdown. */
  | { kind: 'reconnecting'; at: number; attempt: number }
  | { kind: 'failed'; message: string };

/** One message the client may send, with what it takes to fill the editor. */
export interface Sendable {
  /** `operationId/messageId`: identifies the draft. */
  key: string;
  label: string;
  channelId: string;
  operationId: string;
  messageId: string;
  /** Socket.IO event / STOMP destination for this message, when the transport needs one. */
  event?: string;
  destination?: string;
  examples: string[];
  location?: SpecLocation;
}

export interface Violation {
  /** JSON pointer into the payload (empty = the payload itself). */
  path: string;
  message: string;
  /** Where the violated schema is declared, for the "reveal" link. */
  location?: SpecLocation;
}

export interface LogEntry {
  seq: number;
  time: number;
  direction: 'in' | 'out' | 'info' | 'error';
  /** Bytes on the wire. */
  size: number;
  /** Socket.IO event, STOMP command (MESSAGE, SEND, CONNECTED, ...) or `ping`/`pong` of a WebSocket control frame. */
  event?: string;
  destination?: string;
  /**
   * Frames that are no messages, so never matched nor "not in spec": `control` = WebSocket ping/pong (shown only
   * when the log's "control frames" filter asks), `protocol` = STOMP frames other than MESSAGE/SEND.
   */
  kind?: 'control' | 'protocol';
  /** Text frames (possibly cut, see `truncated`), or the words of an info/error line. */
  text?: string;
  /** Info/error lines: what led to the words (each error, close and attempt, one a line), shown on expand. */
  details?: string;
  /** Binary frames, base64 (possibly cut). */
  base64?: string;
  truncated?: boolean;
  /** MQTT: a retained message (the broker's stored last value, delivered on subscribe), not a fresh publish. */
  retained?: boolean;
  /**
   * Incoming: the declared message it matched; null = "not in spec". Outgoing: the message picked to send it, or
   * the declared message it is (else absent).
   */
  match?: { messageId: string; label: string } | null;
  violations?: Violation[];
}

/** A STOMP destination or MQTT topic filter the panel subscribed to, and what the broker made of it. */
export interface SubscriptionStatus {
  name: string;
  /** asked: sent, no answer yet (STOMP answers only with an ERROR or the first MESSAGE). */
  state: 'asked' | 'subscribed' | 'refused';
  /** The broker's words for a refusal. */
  words?: string;
}

export interface Counters {
  matched: number;
  unknown: number;
  invalid: number;
}

export interface AuthInfo {
  scheme: string;
  kind: string;
  /** A secret is stored (never sent to the webview; shown masked). */
  stored: boolean;
}

/** host → webview */
export type HostToWebview =
  /** The spec's model changed (or first load). Connection is untouched. */
  | { type: 'model'; uri: string; model: TryItModel | null; sendables: Sendable[]; describesServer: boolean }
  /** Open on what was clicked (CodeLens or command). */
  | { type: 'focus'; server?: string; channel?: string; operation?: string }
  | { type: 'state'; state: ConnectionState }
  /** The form as checked on `connect` (empty = nothing wrong); with errors the host does not connect. */
  | { type: 'formErrors'; errors: FormError[] }
  /**
   * New log entries, batched (about every 50 ms), with the counters after them. An entry whose `seq` is already
   * in the log replaces it where it is: a connection's failure and reconnect loop is one row, told again.
   */
  | { type: 'log'; entries: LogEntry[]; counters: Counters }
  | { type: 'logCleared' }
  /**
   * The editor text for a picked message: a saved draft, an example or a generated sample. `unit`: the example is
   * part of a whole example of its channel (TryItChannelExample), whose values the connection form takes too.
   */
  | { type: 'draft'; key: string; text: string; source: 'draft' | 'example' | 'sample'; unit?: { channel: string; index: number } }
  | { type: 'validation'; key: string; violations: Violation[]; parseError?: string }
  | { type: 'auth'; server: string; auth: AuthInfo[] }
  /** Every subscription of the connection and its status; shown until it changes (a new Connect clears it). */
  | { type: 'subscriptions'; list: SubscriptionStatus[] }
  /** A secret is being asked for in VS Code's input box (at the top of the window, far from the panel): what it is; no text = answered. */
  | { type: 'asking'; text?: string }
  /** Issue 18.2: whether Record is on, and how many session steps it has so far. */
  | { type: 'recording'; on: boolean; steps?: number };

/** webview → host */
export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'connect'; form: ConnectionForm }
  | { type: 'disconnect' }
  | { type: 'cancelReconnect' }
  | { type: 'setDescribesServer'; value: boolean }
  /** Fill the editor: example by index, or a generated sample when `example` is undefined and no draft. */
  | { type: 'pick'; key: string; example?: number; sample?: boolean }
  | { type: 'editDraft'; key: string; text: string }
  /** `ack`: Socket.IO waits for the acknowledgement, STOMP asks for a RECEIPT. */
  | { type: 'send'; key?: string; text: string; ack?: boolean }
  | { type: 'clearLog' }
  | { type: 'exportLog' }
  | { type: 'reveal'; location: SpecLocation }
  /** Ask for (or replace) the secret of a security scheme of a server; `forget` removes it. */
  | { type: 'secret'; server: string; scheme: string; forget?: boolean }
  /** The server selection changed: the host answers with `auth`. */
  | { type: 'serverChanged'; server: string }
  /** Serve this server of the spec from the spec itself on 127.0.0.1; the mock then appears as a server. */
  | { type: 'startMock'; server: string }
  /** Issue 18.2: start recording a session, or stop and write it beside the spec. */
  | { type: 'record'; on: boolean }
  /** Issue 18.4: the payload of a logged message row (by `seq`) as a named example of its message in the spec. */
  | { type: 'addExample'; seq: number }
  /** Issue 18.4: a "not in spec" row's payload as a new message of the spec, with an inferred schema. */
  | { type: 'addMessage'; seq: number };
