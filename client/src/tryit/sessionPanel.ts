/**
 * Sessions in the Try it panel (issue 18.2–18.4): Record writes what was sent and received as a session file
 * beside the spec; Replay runs a session file step by step over the panel's own connection (the runner of
 * common/src/sessions over a SessionWire of the panel's TryItSession), a log row per step; Add as example and
 * Add message to spec write a logged payload back into the spec. No vscode: the panel host does the file work.
 */
import type { TransportKind, TryItChannel, TryItMessage, TryItModel } from '../../../common/src/tryItModel';
import type { ConnectionForm, ConnectionState, LogEntry } from '../../../common/src/webviewMessages';
import { parseSession, type SessionFile } from '../../../common/src/sessions/format';
import { runSession, type SessionResult, type StepResult } from '../../../common/src/sessions/runner';
import { resolveTarget } from '../../../common/src/sessions/target';
import { substituteStrings } from '../../../common/src/sessions/variables';
import { addExample, offsetOf } from '../../../common/src/specEdit/addExample';
import { addMessage } from '../../../common/src/specEdit/addMessage';
import { addMessage2 } from '../../../common/src/specEdit/addMessage2';
import { addFernMessage } from '../../../common/src/specEdit/addFernMessage';
import { inferSchema } from '../../../common/src/specEdit/inferSchema';
import type { TextInsert } from '../../../common/src/specEdit/yamlInsert';
import { sessionWire } from '../../../transports/src/sessionWire';
import type { SessionWire } from '../../../common/src/sessions/wire';
import type { TransportEvent } from '../../../transports/src/transport';
import { envName, payloadOf, SessionRecorder } from './sessionRecorder';
import type { TryItSession } from './session';

/** A server's name, or a question to the user with the model's servers (the file's own first when it names one). */
export type ServerChoice = string | ((servers: string[], preferred?: string) => Promise<string | undefined>);

/** What the panel host does with files (vscode in panel.ts, node:fs in tests). */
export interface SessionFiles {
  /** Writes a new file beside the spec and shows it; resolves with its URI. */
  saveSession(specUri: string, fileName: string, text: string): Promise<string>;
  /** The text of a file as the editor has it (unsaved edits included: the model's locations point into them). */
  readText(uri: string): Promise<string>;
  /** Applies insertions to a file (one WorkspaceEdit); false when the editor refused. */
  applyInserts(uri: string, inserts: TextInsert[]): Promise<boolean>;
}

/** The controller, as the session features see it. */
export interface PanelAccess {
  specUri: string;
  model(): TryItModel | null;
  form(): ConnectionForm | undefined;
  /**
   * `only`: the channel ids to subscribe (STOMP, MQTT) instead of every receivable one. `attach` is handed the new
   * connection before it opens (what a server sends on connect must not be missed).
   */
  connect(form: ConnectionForm, only?: string[], attach?: (connection: TryItSession) => void): Promise<void>;
  state(): ConnectionState;
  connection(): TryItSession | undefined;
  transport(): TransportKind;
  entries(): readonly LogEntry[];
  info(text: string, direction?: 'info' | 'error', details?: string): void;
  recording(on: boolean, steps?: number): void;
  files?: SessionFiles;
  env: Record<string, string | undefined>;
}

export class SessionPanel {
  private recorder: SessionRecorder | undefined;
  private replaying = false;

  constructor(private readonly panel: PanelAccess) {}

  get isRecording(): boolean {
    return this.recorder !== undefined;
  }

  async record(on: boolean): Promise<string | undefined> {
    if (on) {
      this.recorder = new SessionRecorder(Date.now(), () => this.panel.form()?.channel);
      this.panel.recording(true, 0);
      this.panel.info('Recording: what you send and receive is written as a session file when you stop.');
      return undefined;
    }
    const recorder = this.recorder;
    this.recorder = undefined;
    this.panel.recording(false);
    if (!recorder) return undefined;
    return this.save(recorder);
  }

  /** A frame the controller logged: `sent` is the message picked to send it (undefined: typed freely). */
  frame(
    entry: LogEntry,
    e: Extract<TransportEvent, { type: 'frame' }>,
    match: { messageId?: string; channelId?: string; value: unknown } | undefined,
    sent?: { messageId: string; channelId: string },
  ): void {
    const r = this.recorder;
    if (!r || entry.kind) return;
    if (e.direction === 'out') r.sent(sent?.messageId, sent?.channelId, typeof e.data === 'string' ? e.data : '(binary)', e.time);
    else if (match) r.received(match.messageId, match.channelId, match.value, e.time);
    this.panel.recording(true, r.steps);
  }

  private async save(recorder: SessionRecorder): Promise<string | undefined> {
    const form = this.panel.form();
    const model = this.panel.model();
    if (!form || !model) return void this.panel.info('Nothing recorded: connect first, then record.', 'error');
    if (!recorder.steps) return void this.panel.info('Nothing recorded: no message of the spec was sent or received while recording.', 'error');
    if (!this.panel.files) return void this.panel.info('Session files cannot be written here.', 'error');
    const specFile = decodeURIComponent(this.panel.specUri.split('/').pop()!);
    const server = form.server.replace(/^Mock: /, ''); // a mock stands for the spec's server it mocks
    const schemes = (model.servers.find((s) => s.name === form.server)?.security[0] ?? []).map((s) => s.name);
    const stamp = new Date().toISOString().replace(/\..*/, '').replace(/[-:]/g, '').replace('T', '-');
    const text = recorder.toYaml({ name: `recorded ${stamp}`, specFile, server, form, schemes });
    const fileName = `${specFile.replace(/\.\w+$/, '')}-${stamp}.session.yaml`;
    const uri = await this.panel.files.saveSession(this.panel.specUri, fileName, text);
    const secret = schemes[0] ? ` The CLI reads the secret from ${envName(schemes[0])}.` : '';
    this.panel.info(`Recorded ${recorder.steps} step(s) to ${fileName}.${secret}`);
    return uri;
  }

  /** Runs a session file over the panel's connection, against `server` (else the file's); a row per step. */
  async replay(text: string, name: string, server?: ServerChoice): Promise<SessionResult | undefined> {
    if (this.replaying) return void this.panel.info('A session is already replaying here; wait for it to finish.', 'error');
    const session = parseSession(text);
    const model = this.panel.model();
    if (typeof session === 'string') return void this.panel.info(`Cannot replay ${name}: ${session}`, 'error');
    if (!model) return void this.panel.info(`Cannot replay ${name}: the spec has no Try it model.`, 'error');
    const chosen =
      typeof server === 'function'
        ? await server(
            model.servers.map((s) => s.name),
            session.server,
          )
        : (server ?? session.server);
    if (typeof server === 'function' && chosen === undefined) return void this.panel.info(`Replay of ${name} cancelled: no server picked.`);
    const target = resolveTarget(model, session, chosen);
    if (typeof target === 'string') return void this.panel.info(`Cannot replay ${name}: ${target}`, 'error');
    this.replaying = true;
    try {
      // The wire is made before the connection opens (sessionWire keeps what arrives before the runner listens:
      // what a server sends on connect, which a recorded session expects).
      let wire: SessionWire | undefined;
      await this.panel.connect(
        this.formOf(session, target.server.name, target.channel),
        brokerChannels(model, session, target.server.transport, target.channel),
        (c) => (wire = sessionWire({ send: (m) => c.send(m), onEvent: (listener) => c.onEvent((e) => forward(e, listener)) }, this.panel.transport())),
      );
      const connection = this.panel.connection();
      if (!connection || !wire || this.panel.state().kind !== 'open')
        return void this.panel.info(`Cannot replay ${name}: the connection did not open (see above).`, 'error');
      this.panel.info(`Replaying ${name}: ${session.steps.length} step(s) against ${target.server.name}.`);
      const result = await runSession(session, name, { model, target, wire, env: this.panel.env, onStep: (r, i) => this.stepRow(r, i) });
      const failed = result.steps.findIndex((s) => s.status === 'failed');
      if (result.error) this.panel.info(`Replay of ${name} could not start: ${result.error}`, 'error');
      else if (failed < 0) this.panel.info(`Replay passed: ${result.steps.length} of ${result.steps.length} step(s) of ${name}.`);
      else this.panel.info(`Replay failed at step ${failed + 1} of ${result.steps.length} of ${name}.`, 'error');
      return result;
    } finally {
      this.replaying = false;
    }
  }

  private formOf(session: SessionFile, server: string, channel: TryItChannel | undefined): ConnectionForm {
    const scope = { env: this.panel.env, captured: new Map() };
    return {
      server,
      variables: substituteStrings(session.variables, scope),
      channel: channel?.id ?? '',
      parameters: substituteStrings(session.parameters, scope),
      query: substituteStrings(session.query, scope),
      headers: substituteStrings(session.headers, scope),
    };
  }

  private stepRow(r: StepResult, i: number): void {
    const mark = r.status === 'passed' ? '✔' : r.status === 'failed' ? '✘' : '–';
    const line = `${mark} step ${i + 1} ${r.label}${r.status === 'skipped' ? ' (skipped)' : ` (${r.durationMs} ms)`}`;
    if (r.status !== 'failed') return this.panel.info(line);
    this.panel.info(`${line}: ${r.reason!.split('\n')[0]}`, 'error', r.reason);
  }

  /** "Add as example" on a logged message row. */
  async addExample(seq: number): Promise<boolean> {
    const found = this.row(seq);
    if (typeof found === 'string') return this.refuse(found);
    const { entry, payload, model } = found;
    const message = entry.match ? messageNamed(model, entry.match.messageId) : undefined;
    if (!message?.location) return this.refuse('Add as example: this row is no message of the spec.');
    const file = await this.panel.files!.readText(message.location.uri);
    const name = `${entry.direction === 'in' ? 'received' : 'sent'} ${new Date(entry.time).toISOString().slice(11, 19)}`;
    const at = offsetOf(file, message.location.line, message.location.character);
    const insert = addExample({ kind: model.kind, text: file, at, messageId: message.id, name, payload, version: model.version });
    if (typeof insert === 'string') return this.refuse(`Add as example to ${message.id}: ${insert}`);
    return this.apply(message.location.uri, [insert], `Added the payload as an example of ${message.id}.`);
  }

  /** "Add message to spec" on a "not in spec" row: the connection's channel (AsyncAPI 2.x or 3, or a Fern channel). */
  async addMessage(seq: number): Promise<boolean> {
    const found = this.row(seq);
    if (typeof found === 'string') return this.refuse(found);
    const { entry, payload, model } = found;
    if (entry.match !== null) return this.refuse('Add message to spec: this row already is a message of the spec.');
    const channel = model.channels.find((c) => c.id === this.panel.form()?.channel) ?? (model.channels.length === 1 ? model.channels[0] : undefined);
    if (!channel?.location) return this.refuse('Add message to spec: pick the channel the message came on, then connect again.');
    const file = await this.panel.files!.readText(channel.location.uri);
    const samples = this.similar(payload);
    const edit = messageEdit(model, channel, file, { name: suggestName(payload), payloadSchema: inferSchema(samples), example: payload });
    if (typeof edit === 'string') return this.refuse(`Add message to spec: ${edit}`);
    return this.apply(
      channel.location.uri,
      edit.inserts,
      `Added message ${edit.name} to channel ${channel.id}, its schema inferred from ${samples.length} payload(s).`,
    );
  }

  private row(seq: number): { entry: LogEntry; payload: unknown; model: TryItModel } | string {
    const entry = this.panel.entries().find((e) => e.seq === seq);
    const model = this.panel.model();
    if (!entry || entry.text === undefined || !model) return 'That row is no longer in the log.';
    if (entry.truncated) return 'That payload was too large to keep whole in the log.';
    if (!this.panel.files) return 'The spec cannot be edited from here.';
    return { entry, payload: payloadOf(entry.text), model };
  }

  /** The "not in spec" payloads of the same shape (the same top-level keys): an enum needs values across rows. */
  private similar(payload: unknown): unknown[] {
    const shape = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).sort().join() : typeof v);
    const rows = this.panel.entries().filter((e) => e.direction === 'in' && e.match === null && e.text !== undefined && !e.truncated);
    const same = rows.map((e) => payloadOf(e.text!)).filter((v) => shape(v) === shape(payload));
    return same.length ? same : [payload];
  }

  private async apply(uri: string, inserts: TextInsert[], done: string): Promise<boolean> {
    const ok = await this.panel.files!.applyInserts(uri, inserts);
    this.panel.info(ok ? done : 'The editor did not apply the change (the file changed meanwhile?); try again.', ok ? 'info' : 'error');
    return ok;
  }

  private refuse(text: string): false {
    this.panel.info(text, 'error');
    return false;
  }
}

/**
 * A broker connection subscribes to what the session names, as `specsocket test` does: its `subscribe` steps'
 * destinations, else its channel (the panel would otherwise subscribe to every receivable destination, and a
 * broker that refuses one closes the connection under the replay).
 */
function brokerChannels(model: TryItModel, session: SessionFile, transport: TransportKind, channel: TryItChannel | undefined): string[] | undefined {
  if (transport !== 'stomp' && transport !== 'mqtt') return undefined;
  const destinations = session.steps.flatMap((s) => ('subscribe' in s ? [s.subscribe] : []));
  if (destinations.length) return model.channels.filter((c) => c.address !== null && destinations.includes(c.address)).map((c) => c.id);
  return channel ? [channel.id] : undefined;
}

/** The panel's session events, as the transport events a SessionWire reads. */
function forward(e: Parameters<Parameters<TryItSession['onEvent']>[0]>[0], listener: (e: TransportEvent) => void): void {
  if (e.type === 'frame') listener(e.frame);
  else if (e.type === 'error' || e.type === 'close') listener(e);
}

/** The insertions that declare a new received message on the channel, in the spec kind's own terms. */
function messageEdit(
  model: TryItModel,
  channel: TryItChannel,
  file: string,
  message: { name: string; payloadSchema: Record<string, unknown>; example: unknown },
) {
  if (model.kind === 'fern') return addFernMessage({ text: file, ...message });
  const at = (l: { line: number; character: number }) => offsetOf(file, l.line, l.character);
  const common = { text: file, channelAt: at(channel.location!), channelId: channel.id, ...message };
  if (model.version.startsWith('2')) return addMessage2({ ...common, version: model.version });
  const operation = channel.operations.find((o) => o.clientDirection === 'receive' && o.location?.uri === channel.location!.uri);
  return addMessage({ ...common, operationAt: operation?.location && at(operation.location), operationId: operation?.id });
}

function messageNamed(model: TryItModel, id: string): TryItMessage | undefined {
  for (const c of model.channels)
    for (const o of c.operations) {
      const m = [...o.messages, ...(o.reply?.messages ?? [])].find((x) => x.id === id);
      if (m) return m;
    }
  return undefined;
}

/** The payload's own word for what it is (`type`, `event`, `action`), else `newMessage`. */
function suggestName(payload: unknown): string {
  const o = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  const word = [o.type, o.event, o.action, o.op].find((v): v is string => typeof v === 'string' && v.length > 0);
  return word ? word.replace(/[^A-Za-z0-9_.-]+/g, '_') : 'newMessage';
}
