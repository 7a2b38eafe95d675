/** Server, channel, parameters, query, headers, transport, auth and the connect button with its state. */
import type { AuthInfo, ConnectionForm, ConnectionState, FormError, SubscriptionStatus, WebviewToHost } from '../../common/src/webviewMessages';
import type { TransportKind, TryItModel, TryItParameter } from '../../common/src/tryItModel';
import { button, field, h, icon, select } from './dom';

type Post = (m: WebviewToHost) => void;
type Section = FormError['section'];

export class ConnectionView {
  readonly element = h('section', { className: 'connection', 'aria-label': 'Connection' });
  private model: TryItModel | null = null;
  private state: ConnectionState = { kind: 'idle' };
  private auth: AuthInfo[] = [];
  /** From the host's check on Connect; each shows at its field until that field is edited. */
  private errors: FormError[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Updated on its own so a state change never takes the focus from a field being typed in. */
  private readonly stateBox = h('span', { className: 'state-box' });
  /** What VS Code's input box (far from the panel) is asking for, while it is open. */
  private readonly asking = h('p', { className: 'asking', role: 'alert', hidden: true });
  /** Each subscription's fate, kept in view until it changes: a refusal must not hide behind a green badge. */
  private readonly subscriptionsBox = h('ul', { className: 'subscriptions', 'aria-label': 'Subscriptions', hidden: true });

  constructor(
    private readonly post: Post,
    public form: ConnectionForm,
    private readonly onFormChange: (f: ConnectionForm) => void,
  ) {}

  setModel(model: TryItModel | null): void {
    this.model = model;
    const servers = model?.servers ?? [];
    if (!servers.some((s) => s.name === this.form.server)) this.form.server = servers[0]?.name ?? '';
    if (!this.channels().some((c) => c.id === this.form.channel)) this.form.channel = this.channels()[0]?.id ?? '';
    this.fillDefaults();
    this.render();
    this.post({ type: 'serverChanged', server: this.form.server });
  }

  focus(server?: string, channel?: string): void {
    if (server && this.model?.servers.some((s) => s.name === server)) this.form.server = server;
    if (channel && this.channels().some((c) => c.id === channel)) this.form.channel = channel;
    this.fillDefaults();
    this.render();
    this.post({ type: 'serverChanged', server: this.form.server });
  }

  setState(state: ConnectionState): void {
    this.state = state;
    this.renderState();
  }

  setFormErrors(errors: FormError[]): void {
    this.errors = errors;
    this.render();
    this.element.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }

  setSubscriptions(list: SubscriptionStatus[]): void {
    this.subscriptionsBox.hidden = list.length === 0;
    this.subscriptionsBox.replaceChildren(
      ...list.map((s) =>
        h(
          'li',
          { className: `subscription sub-${s.state}` },
          icon(s.state === 'subscribed' ? 'pass' : s.state === 'refused' ? 'error' : 'watch'),
          h('span', { text: ` ${s.name}: ${SUB_WORDS[s.state]}${s.words ? ` (${s.words})` : ''}` }),
        ),
      ),
    );
  }

  setAsking(text: string | undefined): void {
    this.asking.hidden = !text;
    this.asking.replaceChildren(...(text ? [icon('key'), h('span', { text: ` ${text}` })] : []));
  }

  setAuth(server: string, auth: AuthInfo[]): void {
    if (server !== this.form.server) return;
    this.auth = auth;
    this.render();
  }

  private channels() {
    const all = this.model?.channels ?? [];
    return all.filter((c) => c.servers.length === 0 || c.servers.includes(this.form.server));
  }

  /**
   * Keeps what the user typed for names that still exist; fills the rest from defaults and examples. A channel with
   * whole examples (Fern sessions) is filled from its first one: values of different examples never mix.
   */
  private fillDefaults(): void {
    const server = this.model?.servers.find((s) => s.name === this.form.server);
    const channel = this.model?.channels.find((c) => c.id === this.form.channel);
    this.form.variables = keep(
      this.form.variables,
      (server?.variables ?? []).map((v) => [v.name, v.default ?? v.enum?.[0] ?? '']),
    );
    const unit = channel?.examples?.[0];
    for (const section of SECTIONS) {
      this.form[section] = keep(
        this.form[section],
        (channel?.[section] ?? []).map((p) => [p.name, initial(p, unit ? (unit[section][p.name] ?? null) : undefined)]),
      );
    }
    this.onFormChange(this.form);
  }

  /** A whole example was picked (with a message of it): every field of its channel takes its value, or its default. */
  fillFromExample(channelId: string, index: number): void {
    const channel = this.model?.channels.find((c) => c.id === channelId);
    const unit = channel?.examples?.[index];
    if (!channel || !unit) return;
    this.form.channel = channelId;
    for (const section of SECTIONS) this.form[section] = Object.fromEntries(channel[section].map((p) => [p.name, initial(p, unit[section][p.name] ?? null)]));
    this.errors = [];
    this.onFormChange(this.form);
    this.render();
  }

  private change(fn: () => void, rerender = false): void {
    fn();
    this.onFormChange(this.form);
    if (rerender) {
      this.fillDefaults();
      this.render();
    }
  }

  private render(): void {
    const model = this.model;
    const server = model?.servers.find((s) => s.name === this.form.server);
    const channel = model?.channels.find((c) => c.id === this.form.channel);
    const rows: HTMLElement[] = [];
    if (!model || model.servers.length === 0) {
      rows.push(h('p', { className: 'empty', text: model ? 'This spec declares no servers.' : 'Open an AsyncAPI or Fern spec to try it.' }));
    }
    const serverSelect = select(
      (model?.servers ?? []).map((s) => ({ value: s.name, label: `${s.name} — ${s.url}` })),
      this.form.server,
      (v) => {
        this.change(() => (this.form.server = v), true);
        this.post({ type: 'serverChanged', server: v });
      },
      'Server',
    );
    const transport = select(
      [
        { value: '', label: `auto (${server?.transport ?? 'ws'})` },
        ...(['ws', 'socket.io', 'stomp', 'mqtt', 'sse'] as const).map((t) => ({ value: t, label: t })),
      ],
      this.form.transport ?? '',
      (v) => this.change(() => (this.form.transport = (v || undefined) as TransportKind | undefined), true),
      'Transport (override the one chosen from the server protocol)',
    );
    // Serve the picked server from the spec itself (not offered for a mock, which already is one).
    const mock =
      server && !server.name.startsWith('Mock: ')
        ? button('server-process', 'Start mock', () => this.post({ type: 'startMock', server: server.name }), true)
        : null;
    rows.push(h('div', { className: 'row' }, field('Server', serverSelect, server?.description), mock, field('Transport', transport), this.stateBox));
    const variables = (server?.variables ?? []).map((v) =>
      field(
        v.name,
        v.enum
          ? select(
              v.enum.map((e) => ({ value: e, label: e })),
              this.form.variables[v.name] ?? '',
              (x) => this.change(() => (this.form.variables[v.name] = x)),
              v.name,
            )
          : this.input('variables', this.form.variables, v.name, v.default),
        v.description,
      ),
    );
    if (variables.length) rows.push(h('div', { className: 'row' }, h('span', { className: 'row-title', text: 'Variables' }), ...variables));
    const channelSelect = select(
      this.channels().map((c) => ({ value: c.id, label: c.title ?? c.address ?? c.id })),
      this.form.channel,
      (v) => this.change(() => (this.form.channel = v), true),
      'Channel',
    );
    if (this.channelMatters(server?.transport))
      rows.push(
        h(
          'div',
          { className: 'row' },
          field('Channel', channelSelect, channel?.description),
          ...this.params('parameters', 'Parameters', channel?.parameters, this.form.parameters),
        ),
      );
    const extra = [
      ...this.params('query', 'Query', channel?.query, this.form.query),
      ...this.params('headers', 'Headers', channel?.headers, this.form.headers),
    ];
    if (extra.length) rows.push(h('div', { className: 'row' }, ...extra));
    if (this.auth.length) rows.push(this.authRow());
    if (model?.problems.length)
      rows.push(
        h(
          'ul',
          { className: 'problems', 'aria-label': 'Problems in the spec' },
          ...model.problems.map((p) => h('li', {}, icon('warning'), h('span', { text: ` ${p}` }))),
        ),
      );
    this.element.replaceChildren(...rows, this.subscriptionsBox, this.asking);
    this.renderState();
  }

  /**
   * Socket.IO and STOMP connect to the server alone (STOMP subscribes to every channel it may receive on), so a
   * channel picker there changes nothing, unless a channel has parameters, query or headers of its own to fill.
   */
  private channelMatters(serverTransport: TransportKind | undefined): boolean {
    const transport = this.form.transport ?? serverTransport ?? 'ws';
    if (transport !== 'socket.io' && transport !== 'stomp') return true;
    return this.channels().some((c) => c.parameters.length || c.query.length || c.headers.length);
  }

  private params(section: Section, title: string, params: TryItParameter[] | undefined, values: Record<string, string>): HTMLElement[] {
    if (!params?.length) return [];
    return [
      h('span', { className: 'row-title', text: title }),
      ...params.map((p) => field(p.name + (p.required ? '*' : ''), this.input(section, values, p.name, undefined), p.description)),
    ];
  }

  /** A text field; with a form error, the input is marked invalid and described by the error shown after it. */
  private input(section: Section, values: Record<string, string>, name: string, placeholder: string | undefined): HTMLElement {
    const error = this.errors.find((e) => e.section === section && e.name === name);
    const id = `error-${section}-${name.replace(/\s/g, '_')}`;
    const input = h('input', {
      type: 'text',
      value: values[name] ?? '',
      placeholder,
      'aria-label': name,
      'aria-invalid': error ? 'true' : undefined,
      'aria-describedby': error ? id : undefined,
    });
    const message = error ? h('span', { className: 'field-error', id, text: error.message }) : null;
    input.addEventListener('input', () => {
      this.change(() => (values[name] = input.value));
      if (!message) return;
      // Editing answers the error: drop it here without re-rendering, which would take the focus away.
      this.errors = this.errors.filter((e) => e !== error);
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
      message.remove();
    });
    return message ? h('span', { className: 'field-input' }, input, message) : input;
  }

  private renderState(): void {
    clearInterval(this.timer);
    const s = this.state;
    const busy = s.kind === 'connecting' || s.kind === 'open' || s.kind === 'reconnecting';
    const connect = busy
      ? button('debug-disconnect', 'Disconnect', () => this.post({ type: 'disconnect' }), true)
      : button('plug', 'Connect', () => this.post({ type: 'connect', form: structuredClone(this.form) }), true);
    connect.classList.add('primary');
    connect.disabled = !this.model?.servers.length;
    const badge = h(
      'span',
      { className: `state state-${s.kind}`, role: 'status', 'aria-live': 'polite' },
      icon(stateIcon(s)),
      h('span', { text: stateText(s) }),
    );
    const out: HTMLElement[] = [connect, badge];
    if (s.kind === 'reconnecting') {
      const tick = () => (badge.lastChild!.textContent = stateText(s));
      this.timer = setInterval(tick, 250);
      out.push(button('close', 'Cancel reconnect', () => this.post({ type: 'cancelReconnect' }), true));
    }
    this.stateBox.replaceChildren(...out);
  }

  private authRow(): HTMLElement {
    const items = this.auth.map((a) =>
      h(
        'span',
        { className: 'auth-item' },
        icon(a.stored ? 'lock' : 'unlock'),
        h('span', { text: `${a.scheme} (${a.kind}): ${a.stored ? '••••••••' : 'not set'}` }),
        button('key', a.stored ? 'Change secret' : 'Set secret', () => this.post({ type: 'secret', server: this.form.server, scheme: a.scheme })),
        a.stored ? button('trash', 'Forget secret', () => this.post({ type: 'secret', server: this.form.server, scheme: a.scheme, forget: true })) : null,
      ),
    );
    return h('div', { className: 'row' }, h('span', { className: 'row-title', text: 'Auth' }), ...items);
  }
}

const SUB_WORDS: Record<SubscriptionStatus['state'], string> = { asked: 'sent, no answer yet', subscribed: 'subscribed', refused: 'refused' };

function keep(current: Record<string, string>, names: [string, string][]): Record<string, string> {
  return Object.fromEntries(names.map(([name, fallback]) => [name, current[name] ?? fallback]));
}

const SECTIONS = ['parameters', 'query', 'headers'] as const;

/**
 * Prefill: the whole example's value when the channel has whole examples (`undefined` there: the example gives
 * none, and another example's value would mix them), else the parameter's default, then its first example, then
 * the schema's default/example/enum.
 */
function initial(p: TryItParameter, fromUnit?: string | null): string {
  if (typeof fromUnit === 'string') return fromUnit;
  const schema = typeof p.schema === 'object' ? p.schema : {};
  const value =
    p.default ??
    (fromUnit === null ? undefined : p.examples?.[0]) ??
    schema.default ??
    (schema.examples as unknown[] | undefined)?.[0] ??
    (schema.enum as unknown[] | undefined)?.[0];
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function stateIcon(s: ConnectionState): string {
  switch (s.kind) {
    case 'open':
      return 'pass-filled';
    case 'connecting':
    case 'closing':
      return 'loading codicon-modifier-spin';
    case 'reconnecting':
      return 'debug-restart';
    case 'failed':
      return 'error';
    default:
      return 'circle-large-outline';
  }
}

export function stateText(s: ConnectionState): string {
  switch (s.kind) {
    case 'idle':
      return 'Not connected';
    case 'connecting':
      return `Connecting to ${s.url}…`;
    case 'open':
      return `Connected to ${s.url}`;
    case 'closing':
      return 'Closing…';
    case 'closed':
      return s.reason || `Closed${s.code !== undefined ? ` (${s.code})` : ''}`;
    case 'reconnecting':
      return `Reconnecting in ${Math.max(0, Math.ceil((s.at - Date.now()) / 1000))} s (attempt ${s.attempt})`;
    default:
      return s.message;
  }
}
