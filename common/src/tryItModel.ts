/**
 * The Try it model: what a client may do with one spec document. Produced by the language server
 * (AsyncAPI and Fern alike) and consumed by the Try it panel host and the mock server.
 * Plain JSON only: it crosses the LSP connection and the webview boundary.
 */

export type JsonSchema = Record<string, unknown> | boolean;

/** Where a thing is declared, so the panel can reveal it in the spec. Offsets into the file's text. */
export interface SpecLocation {
  uri: string;
  /** 0-based line and character, already converted for the editor. */
  line: number;
  character: number;
}

export interface TryItServerVariable {
  name: string;
  default?: string;
  enum?: string[];
  examples?: string[];
  description?: string;
}

export type TryItSecurityScheme = (
  | { kind: 'httpBearer'; name: string; bearerFormat?: string; description?: string }
  | { kind: 'httpBasic'; name: string; description?: string }
  | { kind: 'apiKey'; name: string; in: 'query' | 'header' | 'cookie' | 'user' | 'password'; paramName: string; description?: string }
  | { kind: 'userPassword'; name: string; description?: string }
  | { kind: 'other'; name: string; type: string; description?: string }
) & {
  /**
   * Other ways the spec lets this scheme's token travel on this channel, for clients that cannot send handshake
   * headers (browsers). Fern only (a Fern model is one channel, so its servers' schemes are that channel's).
   */
  fallbacks?: TryItAuthFallback[];
};

/**
 * One way a token may travel besides the scheme's own header, as a Fern definition declares it
 * (server/src/languageService/fern/tryIt.ts says how each is recognised).
 */
export type TryItAuthFallback =
  /** The token as the value of this channel query parameter; `required` when the channel requires the parameter. */
  | { kind: 'query'; param: string; required: boolean }
  /**
   * The token offered as WebSocket subprotocol(s): `prefix + token` split at commas, as a `Sec-WebSocket-Protocol`
   * header value would be (`token, ` + key → [`token`, key]; no prefix → [key]).
   */
  | { kind: 'subprotocol'; prefix?: string }
  /** Fern `auth-message`: this client message is sent first, with the token at `tokenPath` of its body. */
  | { kind: 'authMessage'; messageId: string; tokenPath: string[] };

export interface TryItServer {
  /** Server name (AsyncAPI) or environment name (Fern; multi-URL environments give `env.urlName`). */
  name: string;
  /**
   * URL with `{variables}` unexpanded: 2.x `url`, 3.x protocol://host/pathname. A scheme is added when the spec
   * omits it (`localhost:4000` + protocol ws → `ws://localhost:4000`). For Socket.IO servers the engine path
   * (`/socket.io`) is moved out of the URL into `socketIo.path`.
   */
  url: string;
  title?: string;
  protocol: string;
  protocolVersion?: string;
  description?: string;
  variables: TryItServerVariable[];
  /** Security requirements resolved to schemes: any one of the inner lists satisfies the server. */
  security: TryItSecurityScheme[][];
  /** Transport the panel will use unless overridden. */
  transport: TransportKind;
  /** Socket.IO engine path (default `/socket.io`) and namespace hints (x- extensions, `/socket.io` paths). */
  socketIo?: { path?: string; namespace?: string };
  /** MQTT: the server's `mqtt` binding and the protocol version (5 or 3.1.1). */
  mqtt?: MqttServerBinding;
  location?: SpecLocation;
}

/** A server's `mqtt` binding as a connection uses it (MQTT 5 only: sessionExpiryInterval, maximumPacketSize). */
export interface MqttServerBinding {
  clientId?: string;
  cleanSession?: boolean;
  keepAlive?: number;
  /** 4 = MQTT 3.1.1 (default), 5 = MQTT 5. */
  protocolVersion?: 4 | 5;
  /** The message the broker publishes for this client when it goes away without a DISCONNECT. */
  lastWill?: { topic: string; qos?: 0 | 1 | 2; message?: string; retain?: boolean };
  sessionExpiryInterval?: number;
  maximumPacketSize?: number;
}

/** `sse`: Server-Sent Events from an http(s) server (receive-only). */
export type TransportKind = 'ws' | 'socket.io' | 'stomp' | 'mqtt' | 'sse';

export interface TryItParameter {
  name: string;
  schema: JsonSchema;
  required: boolean;
  description?: string;
  default?: unknown;
  examples?: unknown[];
  /** Allowed values (also in `schema`), for a dropdown. */
  enum?: unknown[];
}

/** How a message moves relative to the *client* the panel plays. */
export type ClientDirection = 'send' | 'receive';

export interface TryItExample {
  name?: string;
  summary?: string;
  payload: unknown;
  headers?: unknown;
  /** Index into its channel's `examples` when it is part of a whole example (a Fern example session). */
  channelExample?: number;
}

/**
 * A whole example of a channel (a Fern example session): the connection's values and its messages are one unit,
 * so picking it fills every field from it. Values are text, as the connection form holds them.
 */
export interface TryItChannelExample {
  name: string;
  summary?: string;
  parameters: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
}

export interface TryItMessage {
  /** Stable id: message key / messageId / Fern message id. */
  id: string;
  name?: string;
  title?: string;
  summary?: string;
  description?: string;
  /**
   * Socket.IO event name (set only when a server speaks Socket.IO): an `x-event`-style extension, else a
   * channel address that is not a `/namespace`, else the message `name`, else the operation title, else the id.
   */
  eventName?: string;
  /**
   * Fully dereferenced payload schema (`{}` when the message has none). Circular parts are cut to
   * `{"x-specsocket-circular": ref}` and parts of very deep/large schemas to `{"x-specsocket-truncated": true}`
   * (both accept anything; the latter is listed in `problems`). Socket.IO: a tuple (`prefixItems`, as
   * zod-sockets writes them) is the event's argument list; any other schema describes its single argument.
   */
  payload: JsonSchema;
  headers?: JsonSchema;
  contentType?: string;
  examples: TryItExample[];
  /** const/enum properties at the payload's top level, used to match incoming frames before full validation. */
  discriminators: { property: string; values: unknown[] }[];
  bindings?: Record<string, unknown>;
  /** The message's correlation ID: a runtime expression such as `$message.payload#/requestId` or `$message.header#/id`. */
  correlationId?: { location: string };
  /** Socket.IO acknowledgement arguments schema (`x-ack.args`, asynction's convention). */
  ack?: JsonSchema;
  /** Where parts of `payload` are written, to reveal a validation error's schema (see `SchemaLocations`). */
  schemaLocations?: SchemaLocations;
  location?: SpecLocation;
}

/**
 * JSON pointer into the dereferenced payload (`""` = root, `/properties/event`) → `[index into uris, line,
 * character]` (0-based). Compact because a model carries one per message; bounded in size, so use the longest
 * recorded prefix of an ajv `schemaPath` (common/src/tryit/messageMatcher.ts `schemaLocation` does).
 */
export interface SchemaLocations {
  uris: string[];
  at: Record<string, [number, number, number]>;
}

export interface TryItOperation {
  id: string;
  /** As written in the spec: 2.x `publish`/`subscribe`, 3.x `send`/`receive`, Fern `client`/`server` origin. */
  rawAction: 'publish' | 'subscribe' | 'send' | 'receive' | 'client' | 'server';
  /** Direction for a client when the document describes the server (the default view). */
  clientDirection: ClientDirection;
  title?: string;
  summary?: string;
  description?: string;
  messages: TryItMessage[];
  /** 3.x operation `security` (alternatives, like servers'), when declared. */
  security?: TryItSecurityScheme[][];
  /**
   * 3.x reply, when declared: the messages that come back (the other direction), the reply channel's id and
   * its address or the runtime expression of `reply.address.location`.
   */
  reply?: { messages: TryItMessage[]; address?: string; channelId?: string };
  /** The operation's `mqtt` binding: the QoS, retain flag and (MQTT 5) expiry a Try it send publishes with. */
  mqtt?: { qos?: 0 | 1 | 2; retain?: boolean; messageExpiryInterval?: number };
  location?: SpecLocation;
}

export interface TryItChannel {
  id: string;
  /**
   * Address / path with `{params}` unexpanded (null for 3.x channels with a dynamic address). For ws and
   * Socket.IO it follows the server URL (Socket.IO: the namespace when it starts with `/`); for STOMP it is the
   * destination to SUBSCRIBE/SEND to.
   */
  address: string | null;
  title?: string;
  description?: string;
  parameters: TryItParameter[];
  query: TryItParameter[];
  headers: TryItParameter[];
  /** Names of servers this channel is available on; empty = all. */
  servers: string[];
  /** Socket.IO namespace this channel stands for (an address starting with `/` in a Socket.IO document). */
  namespace?: string;
  /** Extra auth to join this channel: 2.x `x-security` (asynction's per-namespace security), same shape as servers'. */
  security?: TryItSecurityScheme[][];
  operations: TryItOperation[];
  /** Whole examples (Fern example sessions); each message example of one names it by `channelExample`. */
  examples?: TryItChannelExample[];
  location?: SpecLocation;
}

export interface TryItModel {
  uri: string;
  kind: 'asyncapi' | 'fern';
  /** AsyncAPI version, or 'fern'. */
  version: string;
  title?: string;
  defaultContentType?: string;
  /** Whether the document describes the server (default true): decides which side the client plays. */
  describesServer: boolean;
  servers: TryItServer[];
  channels: TryItChannel[];
  /** Problems that prevented parts of the model (the panel shows them; never fatal). */
  problems: string[];
}
