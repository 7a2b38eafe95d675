/** What the client may send: the describes-server toggle, the message list, examples, the editor, validation. */
import type { Sendable, Violation, WebviewToHost } from '../../common/src/webviewMessages';
import type { TryItModel } from '../../common/src/tryItModel';
import { button, h, icon, select } from './dom';
import { violationList } from './violations';

type Post = (m: WebviewToHost) => void;

const DESCRIBES_TIP =
  'On: the spec describes the server, as public WebSocket APIs do, so the client sends what the server receives ' +
  '(3.x "receive" operations). Off: the spec describes a client, so the client sends its "send" operations. ' +
  '2.x publish/subscribe and Fern origins do not depend on this.';

export class SendView {
  readonly element = h('section', { className: 'send', 'aria-label': 'Send' });
  private sendables: Sendable[] = [];
  private key = '';
  private readonly toggle = h('input', { type: 'checkbox', id: 'describes-server' });
  private readonly list = h('select', { size: 6, className: 'sendables', 'aria-label': 'Messages the client may send' });
  private readonly examples = h('span', { className: 'examples' });
  private readonly editor = h('textarea', {
    className: 'editor',
    spellcheck: 'false',
    'aria-label': 'Payload',
    placeholder: 'Pick a message, or type a payload',
  });
  private readonly ack = h('input', { type: 'checkbox', id: 'ack' });
  private readonly validation = h('div', { className: 'validation', role: 'status', 'aria-live': 'polite' });
  private readonly toggleLabel: HTMLElement;
  private readonly sendButton: HTMLButtonElement;
  /** Said instead of an empty list and an enabled Send when the client has nothing to send. */
  private readonly nothing = h('p', { className: 'empty', hidden: true, text: 'No channel here has messages a client sends: this API only sends to you.' });
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly post: Post) {
    this.toggle.addEventListener('change', () => this.post({ type: 'setDescribesServer', value: this.toggle.checked }));
    this.list.addEventListener('change', () => this.pick(this.list.value));
    this.editor.addEventListener('input', () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => this.post({ type: 'editDraft', key: this.key, text: this.editor.value }), 150);
    });
    this.editor.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.send();
      }
    });
    const send = button('send', 'Send (Ctrl+Enter)', () => this.send(), true);
    send.classList.add('primary');
    send.id = 'send';
    this.sendButton = send;
    this.toggleLabel = h('label', { className: 'toggle', title: DESCRIBES_TIP }, this.toggle, h('span', { text: 'Spec describes the server' }), icon('info'));
    this.element.append(
      h('div', { className: 'row' }, h('span', { className: 'row-title', text: 'Send' }), this.toggleLabel, this.nothing),
      h(
        'div',
        { className: 'send-body', id: 'send-body' },
        this.list,
        h(
          'div',
          { className: 'send-editor' },
          h(
            'div',
            { className: 'row' },
            this.examples,
            send,
            h(
              'label',
              { className: 'toggle', title: 'Socket.IO: wait for the acknowledgement. STOMP: ask for a RECEIPT.' },
              this.ack,
              h('span', { text: 'Ack / receipt' }),
            ),
          ),
          this.editor,
          this.validation,
        ),
      ),
    );
  }

  setSendables(sendables: Sendable[], describesServer: boolean, model: TryItModel | null): void {
    this.sendables = sendables;
    this.toggle.checked = describesServer;
    // 2.x publish/subscribe and Fern origins fix the direction: a toggle there would change nothing.
    this.toggleLabel.hidden = !model || model.kind === 'fern' || model.version.startsWith('2.');
    const none = sendables.length === 0;
    this.nothing.hidden = !none || !model;
    this.list.hidden = none;
    this.sendButton.disabled = none;
    // Nothing to pick means nothing to edit either: the note above says why.
    (this.element.querySelector('#send-body') as HTMLElement).hidden = none && !!model;
    this.list.replaceChildren(...sendables.map((s) => h('option', { value: s.key, text: s.label, title: s.key })));
    if (sendables.some((s) => s.key === this.key)) this.list.value = this.key;
    this.renderExamples();
  }

  /** Focus on an operation (from a CodeLens): pick its first message. */
  focusOperation(operationId: string): void {
    const first = this.sendables.find((s) => s.operationId === operationId);
    if (first) this.pick(first.key);
  }

  setDraft(key: string, text: string): void {
    if (key !== this.key) return;
    this.editor.value = text;
  }

  setValidation(key: string, violations: Violation[], parseError: string | undefined): void {
    if (key !== this.key) return;
    const current = this.sendables.find((s) => s.key === key);
    if (parseError) this.validation.replaceChildren(h('p', { className: 'invalid' }, icon('warning'), h('span', { text: `Not JSON: ${parseError}` })));
    else if (violations.length) this.validation.replaceChildren(violationList(violations, this.post));
    else if (current) this.validation.replaceChildren(h('p', { className: 'valid' }, icon('pass'), h('span', { text: `Valid ${current.label}` })));
    else this.validation.replaceChildren();
  }

  private pick(key: string, example?: number, sample?: boolean): void {
    this.key = key;
    this.list.value = key;
    this.renderExamples();
    this.post({ type: 'pick', key, example, sample });
  }

  private renderExamples(): void {
    const current = this.sendables.find((s) => s.key === this.key);
    if (!current) return void this.examples.replaceChildren();
    const options = [
      { value: '', label: 'Fill from…' },
      ...current.examples.map((name, i) => ({ value: String(i), label: `Example: ${name}` })),
      { value: 'sample', label: 'Generated sample' },
    ];
    this.examples.replaceChildren(
      select(
        options,
        '',
        (v) => (v === 'sample' ? this.pick(this.key, undefined, true) : v !== '' && this.pick(this.key, Number(v))),
        'Fill the editor from an example or a generated sample',
      ),
    );
  }

  private send(): void {
    clearTimeout(this.debounce);
    this.post({ type: 'send', key: this.key || undefined, text: this.editor.value, ack: this.ack.checked || undefined });
  }
}
