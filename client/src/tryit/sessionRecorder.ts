/**
 * Record in the Try it panel (issue 18.2): what was sent and received while recording, written as a session file
 * (docs/sessions.md) in the spec's own terms. A sent message becomes `send: <id>` with its payload, a received one
 * `expect: <id>` with the payload as received under `match` (the user trims what varies); each step carries its
 * time since the recording started as a comment. Frames the spec does not declare cannot be replayed by name, so
 * they are kept as comments where they came. No vscode: the controller feeds it, the panel writes the file.
 */
import { Document, isCollection, isMap, type YAMLSeq } from 'yaml';
import type { ConnectionForm } from '../../../common/src/webviewMessages';
import type { SessionFile, Step } from '../../../common/src/sessions/format';
import { DEFAULT_EXPECT_TIMEOUT_MS } from '../../../common/src/sessions/runner';

/** What the session connects with: known when recording stops (the last Connect's form). */
export interface SessionHeader {
  name: string;
  /** The spec's file name: the session is written beside it. */
  specFile: string;
  /** The spec's server (a mock's stands for the server it mocks). */
  server: string;
  form: ConnectionForm;
  /** The security schemes the server asks for: the file names the first and an environment variable, never the secret. */
  schemes: string[];
}

interface Entry {
  step?: Step;
  /** ms since the recording started. */
  at: number;
  note?: string;
}

/** Payloads up to this length are written on one line, as hand-written sessions write them. */
const FLOW_MAX = 100;

export class SessionRecorder {
  private readonly entries: Entry[] = [];
  private lastAt = 0;

  /** `start`: ms since epoch when Record was pressed; `channel`: the connection's channel, which steps need not name. */
  constructor(
    private readonly start: number,
    private readonly sessionChannel: () => string | undefined,
  ) {}

  get steps(): number {
    return this.entries.filter((e) => e.step).length;
  }

  sent(messageId: string | undefined, channelId: string | undefined, text: string, time: number): void {
    const at = time - this.start;
    if (!messageId) return this.note(at, `sent a frame that was not picked from the spec, not replayable: ${cut(text)}`);
    this.add(at, { send: messageId, ...this.channel(channelId), payload: payloadOf(text) });
  }

  /** `value`: the payload as the matcher read it (Socket.IO: the event's argument). */
  received(messageId: string | undefined, channelId: string | undefined, value: unknown, time: number): void {
    const at = time - this.start;
    if (!messageId) return this.note(at, `received a frame not in the spec: ${cut(typeof value === 'string' ? value : JSON.stringify(value))}`);
    // Three times the latency seen, when that is more than an expect waits by default: a slow answer stays a pass.
    const waited = at - this.lastAt;
    const timeout = waited * 3 > DEFAULT_EXPECT_TIMEOUT_MS ? { timeout: Math.ceil((waited * 3) / 1000) * 1000 } : {};
    this.add(at, { expect: messageId, ...this.channel(channelId), match: value, ...timeout });
  }

  /** The session file's text. */
  toYaml(header: SessionHeader): string {
    const { name, form, server, schemes, specFile } = header;
    const file: Omit<SessionFile, 'steps'> & { steps: Step[] } = { session: 1, name, spec: specFile, server, steps: [] };
    if (form.channel) file.channel = form.channel;
    for (const key of ['variables', 'parameters', 'query', 'headers'] as const) {
      const set = Object.fromEntries(Object.entries(form[key]).filter(([, v]) => v !== ''));
      if (Object.keys(set).length) file[key] = set;
    }
    if (schemes[0]) file.auth = { scheme: schemes[0], env: envName(schemes[0]) };
    const steps = this.entries.filter((e) => e.step);
    file.steps = steps.map((e) => e.step!);
    const doc = new Document(file);
    doc.commentBefore = [
      ' Recorded in the SpecSocket Try it panel; each step says when it happened. Trim what varies from `match`.',
      ' Replay: the Run code lens, or `node dist/cli.js test <this file>` (docs/sessions.md); the CLI reads the secret',
      ' from the environment variable `auth.env` names, the panel from its secret store.',
    ].join('\n');
    this.comment(doc.get('steps', true) as YAMLSeq);
    flowSmall(doc);
    return doc.toString({ lineWidth: 0 });
  }

  private comment(seq: YAMLSeq): void {
    let i = 0;
    let notes: string[] = [];
    for (const e of this.entries) {
      if (e.note) notes.push(` +${e.at} ms: ${e.note}`);
      if (!e.step) continue;
      (seq.items[i++] as { commentBefore?: string }).commentBefore = [...notes, ` +${e.at} ms`].join('\n');
      notes = [];
    }
    if (notes.length) seq.comment = notes.join('\n');
  }

  private add(at: number, step: Step): void {
    this.entries.push({ step, at });
    this.lastAt = at;
  }

  private note(at: number, note: string): void {
    this.entries.push({ at, note });
  }

  /** A step names its channel only when it is not the session's. */
  private channel(channelId: string | undefined): { channel?: string } {
    return channelId && channelId !== this.sessionChannel() ? { channel: channelId } : {};
  }
}

/** JSON payloads as values (a session compares values), anything else as the text it was. */
export function payloadOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function cut(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 120 ? `${one.slice(0, 120)}…` : one;
}

/** `JWT_AUTH` for `jwtAuth`: the variable the file tells a CI run to set. */
export function envName(scheme: string): string {
  return scheme
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .toUpperCase();
}

/** Payloads and maps that fit on a line are written `{ … }`, like the hand-written sessions. */
function flowSmall(doc: Document): void {
  const small = (node: unknown) => {
    if (isCollection(node) && JSON.stringify(node.toJSON()).length <= FLOW_MAX) node.flow = true;
  };
  for (const key of ['variables', 'parameters', 'query', 'headers', 'auth']) small(doc.get(key, true));
  for (const step of (doc.get('steps', true) as YAMLSeq).items) if (isMap(step)) for (const key of ['payload', 'match']) small(step.get(key, true));
}
