/**
 * The Try it panel's host logic, free of `vscode` so it runs in tests: owns the model, the connection,
 * the log and the drafts, and speaks to the webview only through typed messages.
 */
import type { SpecLocation, TryItExample, TryItModel, TryItSecurityScheme } from '../../../common/src/tryItModel';
import type { ConnectionForm, ConnectionState, HostToWebview, Violation, WebviewToHost } from '../../../common/src/webviewMessages';
import type { ConnectOptions, Transport, TransportEvent } from '../../../transports/src/transport';
import { TryItSession, type ReconnectPolicy, type SessionEvent } from './session';
import { channelAddress, connectOptions, sendingFirst, type Resolved } from '../../../transports/src/connectOptions';
import { DEFAULT_BATCH_MS, frameContent, LogBuffer } from './logBuffer';
import { MessageMatcher, receivableMessages, SchemaCompiler, type MatchError } from '../../../common/src/tryit/messageMatcher';
import { payloadSamples } from '../../../common/src/tryit/payloadSamples';
import { declared, keyOf, labelOf, sendables } from './sendables';
import { frameKind, matchFrame } from '../../../transports/src/frameMatch';
import { formErrors } from './formErrors';
import { mqttSendHeaders } from '../../../transports/src/mqttBindings';
import { StatusRow } from './statusRow';
import { Subscriptions } from './subscriptions';
import { shownUrl } from './shownUrl';
import { secretWhat } from './secretPrompt';
import { assertNever } from '../../../common/src/assertNever';
import { SessionPanel, type SessionFiles } from './sessionPanel';

export interface DraftStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void> | void;
}

export interface SecretStore {
  /** The stored secret; when there is none and `ask`, asks the user once and stores the answer. */
  get(server: string, scheme: TryItSecurityScheme, ask: boolean): Promise<string | undefined>;
  has(server: string, scheme: string): Promise<boolean>;
  forget(server: string, scheme: string): Promise<void>;
}

export interface TryItHost {
  post(message: HostToWebview): void;
  createTransport(options: ConnectOptions): Transport;
  drafts: DraftStore;
  secrets: SecretStore;
  reveal(location: SpecLocation): void;
  saveExport(jsonLines: string): PromiseLike<void> | void;
  batchMs?: number;
  reconnect?: Partial<ReconnectPolicy>;
  /** Why connecting is not allowed right now (e.g. Restricted Mode), in words; undefined = allowed. */
  connectionBlocked?(): string | undefined;
  /** Starts a mock of a server of this spec; resolves with the name it appears under in the model. */
  startMock?(server: string): Promise<string | undefined>;
  /** Session files and spec write-back (issue 18); without it Record and Add as example say they cannot. */
  files?: SessionFiles;
}

export class TryItController {
  private model: TryItModel | null = null;
  private describesServer = true;
  private state: ConnectionState = { kind: 'idle' };
  private session: TryItSession | undefined;
  private resolved: Resolved | undefined;
  /** What the transport really opens, secrets masked: the status line shows it. */
  private url = '';
  private form: ConnectionForm | undefined;
  private only: string[] | undefined;
  /** Compiled validators survive model refreshes: an unchanged schema is not compiled again. */
  private readonly compiler = new SchemaCompiler();
  private matcher = new MessageMatcher([], this.compiler);
  /** What the client may send, to name the message of a sent frame (its row shows it, as received rows do). */
  private sentMatcher = new MessageMatcher([], this.compiler);
  private readonly log: LogBuffer;
  private readonly status: StatusRow;
  private readonly subscriptions = new Subscriptions();
  private ready = false;
  /** Per channel, the whole example (TryItChannelExample) whose values the form was last filled from. */
  private readonly units = new Map<string, number>();
  private pendingFocus: { server?: string; channel?: string; operation?: string } | undefined;
  /** The message being sent (picked from the spec), for its outgoing frame's row. */
  private sending: { messageId: string; channelId: string; label: string } | undefined;
  /** Record, Replay, Add as example (sessionPanel.ts). */
  readonly sessions: SessionPanel;

  constructor(
    readonly uri: string,
    private readonly host: TryItHost,
  ) {
    this.log = new LogBuffer((entries, counters) => host.post({ type: 'log', entries, counters }), host.batchMs ?? DEFAULT_BATCH_MS);
    this.status = new StatusRow(this.log);
    this.sessions = new SessionPanel({
      specUri: uri,
      model: () => this.model,
      form: () => this.form,
      connect: (form, only, attach) => this.connect(form, only, attach),
      state: () => this.state,
      connection: () => this.session,
      transport: () => this.resolved?.options.transport ?? 'ws',
      entries: () => this.log.all(),
      info: (text, direction = 'info', details) => void this.log.add({ time: Date.now(), direction, size: 0, text, ...(details ? { details } : {}) }),
      recording: (on, steps) => host.post({ type: 'recording', on, steps }),
      files: host.files,
      env: process.env,
    });
  }

  /** The spec changed (or first load): update pickers and matching, keep the connection. */
  setModel(model: TryItModel | null, error?: string): void {
    if (error) this.info(`Could not read the spec: ${error}`, 'error');
    // Mid-edit the spec may not parse: keep the last good model rather than blanking the pickers.
    if (!model && this.model) return this.info('The spec cannot be read as it is now; the panel keeps its last version.');
    const first = this.model === null;
    this.model = model;
    if (first && model) this.describesServer = model.describesServer;
    this.matcher = new MessageMatcher(model ? receivableMessages(model, this.describesServer ? 'server' : 'client') : [], this.compiler);
    this.sentMatcher = new MessageMatcher(
      declared(model, this.describesServer, 'send').map((d) => ({
        message: d.message,
        channelId: d.channel.id,
        address: d.channel.address,
        operationId: d.operation.id,
      })),
      this.compiler,
    );
    this.postModel();
  }

  async handle(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        return this.replay();
      case 'connect':
        return this.connect(m.form);
      case 'disconnect':
        return this.disconnect();
      case 'cancelReconnect':
        return this.cancelReconnect();
      case 'setDescribesServer':
        this.describesServer = m.value;
        return this.setModel(this.model);
      case 'pick':
        return this.pick(m.key, m.example, m.sample);
      case 'editDraft':
        await this.host.drafts.update(this.draftKey(m.key), m.text);
        return this.validate(m.key, m.text);
      case 'send':
        return this.send(m.key, m.text, m.ack);
      case 'clearLog':
        this.log.clear();
        return this.host.post({ type: 'logCleared' });
      case 'exportLog':
        return void (await this.host.saveExport(this.log.toJsonLines()));
      case 'reveal':
        return this.host.reveal(m.location);
      case 'secret':
        return this.secret(m.server, m.scheme, m.forget);
      case 'serverChanged':
        return this.postAuth(m.server);
      case 'startMock':
        return this.startMock(m.server);
      case 'record':
        return void (await this.sessions.record(m.on));
      case 'addExample':
        return void (await this.sessions.addExample(m.seq));
      case 'addMessage':
        return void (await this.sessions.addMessage(m.seq));
      default:
        return assertNever(m, 'message from the panel');
    }
  }

  /** Starts a mock of `server` and points the panel at it once the model lists it. */
  private async startMock(server: string): Promise<void> {
    if (!this.host.startMock) return this.info('Mock servers are not available here.', 'error');
    try {
      const name = await this.host.startMock(server);
      if (name) this.focus({ server: name });
    } catch (e) {
      this.info(`Could not start a mock of "${server}": ${e instanceof Error ? e.message : String(e)}`, 'error');
    }
  }

  /** Open on what was clicked (CodeLens or command); held until the webview is ready and has a model. */
  focus(focus: { server?: string; channel?: string; operation?: string }): void {
    this.pendingFocus = focus;
    this.postFocus();
  }

  private postFocus(): void {
    if (!this.ready || !this.model || !this.pendingFocus) return;
    // A server the model doesn't list yet (a mock that just started) is focused once a refreshed model has it.
    const server = this.pendingFocus.server;
    if (server && !this.model.servers.some((s) => s.name === server)) return;
    this.host.post({ type: 'focus', ...this.pendingFocus });
    this.pendingFocus = undefined;
  }

  dispose(): void {
    void this.session?.disconnect(true);
    this.session = undefined;
    this.log.flush();
    this.log.dispose();
  }

  /** A (re)loaded webview gets everything again: model, state and the whole log. */
  private replay(): void {
    this.postModel();
    this.setState(this.state);
    this.log.flush();
    this.host.post({ type: 'logCleared' });
    const all = this.log.all();
    if (all.length) this.host.post({ type: 'log', entries: [...all], counters: { ...this.log.counters } });
  }

  private postModel(): void {
    this.host.post({
      type: 'model',
      uri: this.uri,
      model: this.model,
      sendables: sendables(this.model, this.describesServer),
      describesServer: this.describesServer,
    });
    this.postFocus();
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.host.post({ type: 'state', state });
  }

  private info(text: string, direction: 'info' | 'error' = 'info'): void {
    this.log.add({ time: Date.now(), direction, size: 0, text });
  }

  // ---- connection (TryItSession owns reconnecting and re-joining) ----

  /** `only`: the channels (ids) to join or subscribe, instead of every receivable one (a session replays with its own). */
  private async connect(form: ConnectionForm, only?: string[], attach?: (session: TryItSession) => void): Promise<void> {
    if (!this.formIsComplete(form)) return;
    await this.disconnect();
    if (!this.model) return this.setState({ kind: 'failed', message: 'No spec model to connect with.' });
    const blocked = this.host.connectionBlocked?.();
    if (blocked) return this.setState({ kind: 'failed', message: blocked });
    this.form = form;
    this.only = only;
    this.subscriptions.clear();
    this.host.post({ type: 'subscriptions', list: [] });
    const session = new TryItSession({
      // Asked before every attempt: spec edits and changed secrets apply on reconnect.
      connectOptions: () => this.resolve(form),
      // The spec's auth message (Fern `auth-message`) goes first on every connection.
      createTransport: (options) => {
        const t = this.host.createTransport(options);
        return this.resolved?.authMessage ? sendingFirst(t, this.resolved.authMessage) : t;
      },
      reconnect: this.host.reconnect,
    });
    this.session = session;
    session.onEvent((e) => this.session === session && this.onSession(e));
    attach?.(session);
    await session.connect().catch(() => undefined); // failures arrive as events, in words
  }

  /** Errors go to their fields (an empty list clears them); with any, no connection is attempted. */
  private formIsComplete(form: ConnectionForm): boolean {
    const errors = this.model ? formErrors(this.model, form) : [];
    this.host.post({ type: 'formErrors', errors });
    if (errors.length) this.info(`Not connecting: fill in ${errors.map((e) => `${e.section} "${e.name}"`).join(', ')}.`, 'error');
    return errors.length === 0;
  }

  private async resolve(form: ConnectionForm): Promise<ConnectOptions> {
    if (!this.model) throw new Error('The spec has no Try it model any more.');
    const secrets: string[] = [];
    const only = this.only;
    const model = only ? { ...this.model, channels: this.model.channels.filter((c) => only.includes(c.id)) } : this.model;
    this.resolved = await connectOptions(model, form, this.describesServer, async (s) => {
      const text = await this.askSecret(form.server, s);
      // `user:password` secrets: the password alone may be what lands in the URL.
      if (text) secrets.push(text, text.slice(text.indexOf(':') + 1));
      return text;
    });
    this.url = shownUrl(this.resolved.options, secrets);
    for (const problem of this.resolved.problems ?? []) this.info(problem);
    void this.postAuth(form.server);
    return this.resolved.options;
  }

  private onSession(e: SessionEvent): void {
    switch (e.type) {
      case 'state':
        return this.sessionState(e);
      case 'reconnect-scheduled':
        return this.setState({ kind: 'reconnecting', at: e.at, attempt: e.attempt });
      case 'frame':
        return this.frame(e.frame);
      case 'error':
        return this.status.say(e.message, 'error', e.body);
      case 'close':
        // Before a socket opened there is nothing to close: the failure says it all (no "Closed with code 1006").
        if (this.state.kind !== 'open') return;
        return this.status.note(`Closed${e.code !== undefined ? ` with code ${e.code}` : ''}${e.reason ? `: ${e.reason}` : ''}`);
      case 'notice':
        return this.info(e.message);
      case 'join':
        return void (this.subscriptions.join(e.status) && this.host.post({ type: 'subscriptions', list: this.subscriptions.list() }));
      case 'replayed':
        return this.afterStatus(
          `Re-sent ${e.messages.length} join/subscribe message(s) after reconnecting: those no error answered (the spec does not say what acceptance looks like).`,
        );
      default:
        return; // the countdown is drawn by the webview from `at`
    }
  }

  /** The status line gets every state; the log one row per failure or reconnect loop (statusRow.ts). */
  private sessionState(e: Extract<SessionEvent, { type: 'state' }>): void {
    const url = this.url;
    if (e.state === 'open') {
      if (this.status.open) this.status.say(e.message, 'info');
      return this.setState({ kind: 'open', url });
    }
    if (e.attempt) this.status.note(e.message);
    else if (e.state !== 'connecting') this.status.say(e.message, e.state === 'failed' || e.state === 'reconnecting' ? 'error' : 'info');
    if (e.state === 'failed' || e.state === 'closed' || e.state === 'idle') this.status.end();
    if (e.state === 'connecting' || e.state === 'reconnecting') return this.setState({ kind: 'connecting', url });
    if (e.state === 'failed') return this.setState({ kind: 'failed', message: e.message });
    if (e.state === 'closed') return this.setState({ kind: 'closed', reason: e.message });
    return this.setState({ kind: 'idle' });
  }

  /** Said in the reconnect's row while it is still the latest story, else on a line of its own. */
  private afterStatus(text: string): void {
    if (this.status.open) this.status.note(text);
    else this.info(text);
  }

  private async disconnect(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    this.status.end();
    if (s) await s.disconnect(true);
    if (s) this.info('Disconnected');
    this.setState({ kind: 'idle' });
  }

  private cancelReconnect(): void {
    this.session?.cancelReconnect();
  }

  private frame(e: Extract<TransportEvent, { type: 'frame' }>): void {
    // Traffic after a reconnect closes its story: a later failure is a new row, not one far up the log.
    if (this.state.kind === 'open' && e.direction === 'in') this.status.end();
    if (this.subscriptions.frame(e)) this.host.post({ type: 'subscriptions', list: this.subscriptions.list() });
    const transport = this.resolved?.options.transport ?? 'ws';
    const kind = frameKind(transport, e);
    const base = {
      time: e.time,
      direction: e.direction,
      event: e.event,
      destination: e.destination,
      ...(kind ? { kind } : {}),
      ...(e.direction === 'in' && e.headers?.retain === 'true' ? { retained: true } : {}),
      ...frameContent(e.data),
    };
    const found = matchFrame(e.direction === 'in' ? this.matcher : this.sentMatcher, transport, e);
    const sent = e.direction === 'out' && !kind ? this.sending : undefined;
    const named = (m: { id: string } & Parameters<typeof labelOf>[0]) => ({ messageId: m.id, label: labelOf(m) });
    // Received: the declared message it matched, or null ("not in spec"). Sent: the message picked to send it, else
    // the declared one it is; a sent frame is never "not in spec".
    const match =
      e.direction === 'in'
        ? found && (found.message ? named(found.message) : null)
        : sent
          ? { messageId: sent.messageId, label: sent.label }
          : found?.message && named(found.message);
    const entry = this.log.add(
      match === undefined ? base : { ...base, match, violations: found?.message && found.errors.length ? found.errors.map(violation) : undefined },
    );
    this.sessions.frame(entry, e, e.direction === 'in' ? found : undefined, sent);
  }

  // ---- sending ----

  private async send(key: string | undefined, text: string, ack?: boolean): Promise<void> {
    const t = this.session;
    if (!t || this.state.kind !== 'open') return this.info('Not connected: connect first, then send.', 'error');
    const d = key ? this.find(key) : undefined;
    const transport = this.resolved!.options.transport;
    const address = channelAddress(d?.channel ?? this.resolved!.channel, this.form!.parameters) ?? undefined;
    this.sending = d && { messageId: d.message.id, channelId: d.channel.id, label: labelOf(d.message) };
    try {
      const result = await t.send({
        data: text,
        event: transport === 'socket.io' ? (d?.message.eventName ?? address ?? 'message') : undefined,
        destination: transport === 'stomp' ? (d?.message.eventName ?? address) : transport === 'mqtt' ? address : undefined,
        ack: ack && transport !== 'ws' ? true : undefined,
        headers: transport === 'mqtt' ? mqttSendHeaders(d?.operation, d?.message) : undefined,
      });
      // Socket.IO acknowledgements arrive as frames; a STOMP RECEIPT only resolves the send.
      if (ack && transport === 'stomp') this.info(`Receipt received${result !== undefined ? ` (${JSON.stringify(result)})` : ''}`);
      if (ack && transport === 'mqtt') this.info('The broker acknowledged the message (PUBACK).');
    } catch (e) {
      this.info(`Send failed: ${(e as Error).message}`, 'error');
    } finally {
      this.sending = undefined;
    }
  }

  private find(key: string) {
    return declared(this.model, this.describesServer, 'send').find((d) => keyOf(d) === key);
  }

  private draftKey(key: string): string {
    return `specsocket.draft:${this.uri}#${key}`;
  }

  private pick(key: string, example: number | undefined, sample: boolean | undefined): void {
    const d = this.find(key);
    if (!d) return;
    const draft = this.host.drafts.get<string>(this.draftKey(key));
    // The spec's examples first, then the payload generated from the schema (always last).
    const samples = payloadSamples(d.message);
    const generated = samples.at(-1)!;
    let text: string;
    let source: 'draft' | 'example' | 'sample';
    let unit: number | undefined;
    if (example !== undefined && d.message.examples[example]) {
      [text, source] = [samples[example]!.text, 'example'];
      unit = d.message.examples[example].channelExample;
    } else if (!sample && draft !== undefined) [text, source] = [draft, 'draft'];
    else if (!sample && samples.length > 1) {
      const i = this.exampleInUnit(d.message.examples, d.channel.id);
      [text, source] = [samples[i]!.text, 'example'];
      // The form already holds this unit: only another unit's values need filling in.
      const own = d.message.examples[i]!.channelExample;
      if (own !== (this.units.get(d.channel.id) ?? 0)) unit = own;
    } else [text, source] = [generated.text, 'sample'];
    if (unit !== undefined) this.units.set(d.channel.id, unit);
    this.host.post({ type: 'draft', key, text, source, ...(unit !== undefined ? { unit: { channel: d.channel.id, index: unit } } : {}) });
    if (source !== 'draft') void this.host.drafts.update(this.draftKey(key), text);
    this.validate(key, text);
  }

  /** The message's example from the whole example the form holds (the first one until another is picked), else its first. */
  private exampleInUnit(examples: TryItExample[], channel: string): number {
    const i = examples.findIndex((e) => e.channelExample === (this.units.get(channel) ?? 0));
    return i < 0 ? 0 : i;
  }

  private validate(key: string, text: string): void {
    const d = this.find(key);
    if (!d) return;
    const value = parse(text);
    if (!value) return this.host.post({ type: 'validation', key, violations: [], parseError: parseError(text) });
    this.host.post({ type: 'validation', key, violations: this.matcher.validate(d.message, value.value).map(violation) });
  }

  // ---- secrets ----

  private async postAuth(server: string): Promise<void> {
    const s = this.model?.servers.find((x) => x.name === server);
    const schemes = s?.security[0] ?? [];
    const auth = await Promise.all(schemes.map(async (x) => ({ scheme: x.name, kind: x.kind, stored: await this.host.secrets.has(server, x.name) })));
    this.host.post({ type: 'auth', server, auth });
  }

  /** The stored secret, else asked for; the panel says what is asked while the input box is open. */
  private async askSecret(server: string, scheme: TryItSecurityScheme): Promise<string | undefined> {
    if (await this.host.secrets.has(server, scheme.name)) return this.host.secrets.get(server, scheme, false);
    this.host.post({ type: 'asking', text: `Enter the ${secretWhat(scheme)} of "${scheme.name}" for server "${server}" in the box at the top of the window.` });
    try {
      return await this.host.secrets.get(server, scheme, true);
    } finally {
      this.host.post({ type: 'asking' });
    }
  }

  private async secret(server: string, scheme: string, forget: boolean | undefined): Promise<void> {
    const s = this.model?.servers
      .find((x) => x.name === server)
      ?.security.flat()
      .find((x) => x.name === scheme);
    await this.host.secrets.forget(server, scheme);
    if (!forget && s) await this.askSecret(server, s);
    await this.postAuth(server);
  }
}

function parse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

function parseError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

function violation(e: MatchError): Violation {
  return { path: e.path, message: e.message, location: e.location };
}
