/** Issue 18 in the panel: the Record button, and a logged message's "Add as example" / "Add message to spec". */
import type { LogEntry, WebviewToHost } from '../../common/src/webviewMessages';
import { button, h } from './dom';

export class RecordView {
  readonly element = h('div', { className: 'row toolbar session-controls', role: 'group', 'aria-label': 'Session' });
  private on = false;
  private readonly button: HTMLButtonElement;
  private readonly status = h('span', { className: 'recording-status', role: 'status' });

  constructor(private readonly post: (m: WebviewToHost) => void) {
    this.button = button('record', 'Record', () => this.post({ type: 'record', on: !this.on }), true);
    this.element.append(h('span', { className: 'row-title', text: 'Session' }), this.button, this.status);
  }

  set(on: boolean, steps = 0): void {
    this.on = on;
    const label = on ? 'Stop recording' : 'Record';
    this.button.title = label;
    this.button.setAttribute('aria-label', label);
    this.button.setAttribute('aria-pressed', String(on));
    this.button.querySelector('span:not(.codicon)')!.textContent = label;
    this.button.querySelector('.codicon')!.className = `codicon codicon-${on ? 'debug-stop' : 'record'}`;
    this.status.textContent = on ? `recording · ${steps} step${steps === 1 ? '' : 's'}` : '';
  }
}

/** Write-back actions of a log row: a message of the spec (sent or received), or a received frame not in it. */
export function writeBackButtons(e: LogEntry, post: (m: WebviewToHost) => void): HTMLElement | null {
  if (e.kind || e.text === undefined || e.truncated) return null;
  if (e.match && (e.direction === 'in' || e.direction === 'out'))
    return h(
      'div',
      { className: 'row write-back' },
      button('add', 'Add as example', () => post({ type: 'addExample', seq: e.seq }), true),
    );
  if (e.match === null && e.direction === 'in')
    return h(
      'div',
      { className: 'row write-back' },
      button('add', 'Add message to spec', () => post({ type: 'addMessage', seq: e.seq }), true),
    );
  return null;
}
