/**
 * MQTT 3.1.1 and 5 over TCP, TLS and WebSocket via MQTT.js: CONNECT with the spec's credentials, SUBSCRIBE to
 * each receivable channel's topic (unfilled `{parameters}` become `+` wildcards), PUBLISH with the operation's
 * QoS and retain flag (and, over MQTT 5, the bindings' PUBLISH properties); the server binding's lastWill is the
 * CONNECT's will. Each received PUBLISH is a frame whose destination is its topic, so the matcher finds
 * its channel by address; retained messages carry `retain: 'true'` in their headers.
 */
import mqtt, { type IClientOptions, type IClientPublishOptions, type MqttClient, type IPublishPacket } from 'mqtt';
import type { OutgoingMessage } from './transport';
import { BaseTransport } from './baseTransport';
import { describeNetworkError, type Failure } from './describe';
import { TransportError } from './events';

/** MQTT 3.1.1 CONNACK return codes and MQTT 5 reason codes that mean "who you are was refused". */
const AUTH_CODES = new Set([4, 5, 0x86, 0x87, 0x8c]);

export class MqttTransport extends BaseTransport {
  private client: MqttClient | undefined;

  connect(): Promise<void> {
    const url = this.beginConnect();
    // Open only once the subscriptions are in: a failure before that (a refused SUBSCRIBE, a close meanwhile)
    // still rejects connect() (BaseTransport.fail), or the session would wait in "connecting" for ever.
    return this.connection(() => {
      let connected = false;
      const client = mqtt.connect(url, this.clientOptions());
      this.client = client;
      client.on('connect', () => {
        connected = true;
        this.hub.emit({ type: 'frame', direction: 'in', time: Date.now(), data: '', event: 'CONNACK' });
        void this.subscribeAll(client).then(
          () => {
            if (!this.failure) this.opened();
          },
          (e: Error) => this.fail({ kind: 'protocol', message: `The broker refused a subscription: ${e.message}` }),
        );
      });
      client.on('message', (topic, payload, packet) => this.frameIn(topic, payload, packet));
      client.on('error', (err) => this.fail(describeMqttError(err, url, this.options.mqtt?.protocolVersion ?? 4)));
      client.on('close', () => {
        if (!this.failure && !this.closingByUs && !connected)
          this.fail({ kind: 'closed', message: `The broker at ${url} closed the connection before CONNACK.` });
        else if (!this.failure && !this.closingByUs) this.fail({ kind: 'closed', message: 'The broker closed the connection.' });
        this.hub.emit({ type: 'close' });
        this.hub.emit({ type: 'state', state: 'closed' });
        client.end(true);
      });
    });
  }

  /** A connect() that fails is over: MQTT.js would otherwise keep the half-made connection. */
  protected override failed(beforeOpen: boolean): void {
    if (beforeOpen) this.client?.end(true);
  }

  private clientOptions(): IClientOptions {
    const m = this.options.mqtt ?? { subscriptions: [] };
    const v5 = m.protocolVersion === 5;
    return {
      ...(m.lastWill
        ? { will: { topic: m.lastWill.topic, payload: Buffer.from(m.lastWill.message ?? ''), qos: m.lastWill.qos ?? 0, retain: m.lastWill.retain ?? false } }
        : {}),
      // CONNECT properties exist in MQTT 5 only; MQTT.js would refuse them in a 3.1.1 CONNECT.
      ...(v5 ? { properties: definedOnly({ sessionExpiryInterval: m.sessionExpiryInterval, maximumPacketSize: m.maximumPacketSize }) } : {}),
      clientId: m.clientId ?? `specsocket-${Math.random().toString(16).slice(2, 10)}`,
      clean: m.cleanSession ?? true,
      keepalive: m.keepAlive ?? 60,
      protocolVersion: m.protocolVersion ?? 4,
      username: m.username,
      password: m.password,
      connectTimeout: this.options.connectTimeoutMs ?? 15000,
      reconnectPeriod: 0, // the session owns reconnecting
      rejectUnauthorized: !this.options.allowUntrustedCertificates,
      wsOptions: { headers: this.options.headers, maxPayload: this.options.maxPayloadBytes ?? 100 * 1024 * 1024 },
    };
  }

  private async subscribeAll(client: MqttClient): Promise<void> {
    const topics = this.options.mqtt?.subscriptions ?? [];
    for (const topic of topics) this.hub.emit({ type: 'frame', direction: 'out', time: Date.now(), data: '', event: 'SUBSCRIBE', destination: topic });
    if (!topics.length) return;
    const granted = await client.subscribeAsync(topics, { qos: this.options.mqtt?.qos ?? 0 });
    // A refused topic comes back as QoS 128 (3.1.1) or a reason code ≥ 0x80 (5): say which, keep the rest.
    for (const g of granted) {
      // The filter goes in a header, not `destination`: that is a PUBLISH's topic, which frames are matched by.
      this.hub.emit({ type: 'frame', direction: 'in', time: Date.now(), data: '', event: 'SUBACK', headers: { topic: g.topic, qos: String(g.qos) } });
      if (g.qos >= 0x80) this.hub.emit({ type: 'error', kind: 'protocol', message: `The broker refused the subscription to ${g.topic}.` });
    }
  }

  private frameIn(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const text = payload.toString('utf8');
    const textual = Buffer.from(text, 'utf8').equals(payload);
    this.hub.emit({
      type: 'frame',
      direction: 'in',
      time: Date.now(),
      data: textual ? text : new Uint8Array(payload),
      destination: topic,
      headers: { qos: String(packet.qos), retain: String(packet.retain), ...userProperties(packet) },
    });
  }

  async send(message: OutgoingMessage): Promise<unknown> {
    const client = this.client;
    if (!client?.connected) throw new TransportError('Not connected: connect before sending.', 'closed');
    if (!message.destination) throw new TransportError('An MQTT PUBLISH needs a topic.', 'protocol');
    if (/[+#]/.test(message.destination))
      throw new TransportError(
        `Cannot publish to ${message.destination}: fill in the channel's parameters (a topic to publish to has no wildcards).`,
        'protocol',
      );
    // "Send and wait" asks for QoS 1 at least: the PUBACK is the broker's acknowledgement.
    const qos = Math.max(Number(message.headers?.qos ?? this.options.mqtt?.qos ?? 0), message.ack ? 1 : 0) as 0 | 1 | 2;
    const retain = message.headers?.retain === 'true';
    this.hub.emit({
      type: 'frame',
      direction: 'out',
      time: Date.now(),
      data: message.data,
      destination: message.destination,
      headers: { qos: String(qos), retain: String(retain) },
    });
    const properties = this.options.mqtt?.protocolVersion === 5 ? publishProperties(message.headers) : undefined;
    const packet = await client.publishAsync(message.destination, typeof message.data === 'string' ? message.data : Buffer.from(message.data), {
      qos,
      retain,
      ...(properties ? { properties } : {}),
    });
    return qos > 0 ? { acknowledged: true, messageId: packet?.messageId } : undefined;
  }

  async close(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.closingByUs = true;
    this.hub.emit({ type: 'state', state: 'closing' });
    await client.endAsync();
  }
}

/** The MQTT 5 PUBLISH properties the spec's bindings give (mqttBindings.ts `mqttSendHeaders`); undefined: none. */
function publishProperties(headers: Record<string, string> | undefined): IClientPublishOptions['properties'] {
  if (!headers) return undefined;
  const props = definedOnly({
    contentType: headers.contentType,
    responseTopic: headers.responseTopic,
    messageExpiryInterval: headers.messageExpiryInterval !== undefined ? Number(headers.messageExpiryInterval) : undefined,
    payloadFormatIndicator: headers.payloadFormatIndicator !== undefined ? headers.payloadFormatIndicator === '1' : undefined,
  });
  return Object.keys(props).length ? props : undefined;
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function userProperties(packet: IPublishPacket): Record<string, string> {
  const props = packet.properties?.userProperties;
  if (!props) return {};
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
}

/** MQTT 3.1.1 CONNACK return code 1 and MQTT 5 reason code 0x84: the broker does not speak the version asked for. */
const VERSION_CODES = new Set([1, 0x84]);

/** MQTT.js errors in words: refused credentials or version, then the network failures every transport describes. */
function describeMqttError(err: Error & { code?: string | number }, url: string, version: 4 | 5): Failure {
  if (typeof err.code === 'number') {
    if (AUTH_CODES.has(err.code)) return { kind: 'auth', message: `The broker refused the credentials (${err.message}). Check the username and password.` };
    // SpecSocket's own mock is such a broker for MQTT 5 (Aedes speaks 3.1.1): say what would connect.
    if (VERSION_CODES.has(err.code))
      return {
        kind: 'protocol',
        message: `The broker refused MQTT ${version === 5 ? '5' : '3.1.1'} (${err.message}): it speaks another MQTT version.${version === 5 ? " Connect with MQTT 3.1.1 (the server's protocolVersion), which SpecSocket's mock speaks too." : ''}`,
      };
    return { kind: 'protocol', message: `The broker refused the connection: ${err.message}.` };
  }
  return describeNetworkError(err, url);
}
