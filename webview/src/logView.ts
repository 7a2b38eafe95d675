/** The live log: filters, counters, a virtualized list of fixed-height rows, and the selected entry's detail. */
import type { Counters, LogEntry, WebviewToHost } from '../../common/src/webviewMessages';
import { button, field, h, icon, select } from './dom';
import { entryDetail, frameName } from './entryDetail';

const ROW = 22;
/** Keep at least 10,000 entries: trim to KEEP once MAX is passed, so trimming (and re-filtering) is rare. */
const MAX = 20_000;
const KEEP = 18_000;

interface Filter {
  text: string;
  direction: string;
  message: string;
  /** WebSocket ping/pong: no messages, and a keep-alive would bury the traffic, so hidden unless asked for. */
  control: boolean;
}

export class LogView {
  readonly element = h('section', { className: 'log', 'aria-label': 'Log' });
  private entries: LogEntry[] = [];
  /** Indices into `entries` that pass the filter. */
  private shown: number[] = [];
  private filter: Filter = { text: '', direction: '', message: '', control: false };
  private paused = false;
  private selected: number | undefined;
  private readonly labels = new Map<string, string>();
  private readonly counters = h('span', { className: 'counters', role: 'status' });
  private readonly messageFilter = h('span');
  private readonly viewport = h('div', { className: 'viewport', tabindex: 0, role: 'listbox', 'aria-label': 'Frames' });
  private readonly spacer = h('div', { className: 'spacer' });
  private readonly rows = h('div', { className: 'rows' });
  private readonly detail = h('div', { className: 'detail', 'aria-label': 'Selected frame' });
  private readonly pauseButton: HTMLButtonElement;
  private frame = 0;

  constructor(private readonly post: (m: WebviewToHost) => void) {
    const text = h('input', { type: 'search', placeholder: 'Filter', 'aria-label': 'Filter by text' });
    text.addEventListener('input', () => this.setFilter({ text: text.value.toLowerCase() }));
    const direction = select(
      [
        { value: '', label: 'All' },
        { value: 'in', label: 'Received' },
        { value: 'out', label: 'Sent' },
        { value: 'info', label: 'Events & errors' },
      ],
      '',
      (v) => this.setFilter({ direction: v }),
      'Filter by direction',
    );
    const control = h('input', { type: 'checkbox' });
    control.addEventListener('change', () => this.setFilter({ control: control.checked }));
    this.pauseButton = button('debug-pause', 'Pause autoscroll', () => this.togglePause());
    this.renderMessageFilter();
    this.element.append(
      h(
        'div',
        { className: 'row toolbar' },
        h('span', { className: 'row-title', text: 'Log' }),
        text,
        field('Direction', direction),
        field('Message', this.messageFilter),
        h(
          'label',
          { className: 'field', title: 'Show WebSocket ping/pong control frames' },
          control,
          h('span', { className: 'field-label', text: 'Control frames' }),
        ),
        this.pauseButton,
        button('clear-all', 'Clear', () => this.post({ type: 'clearLog' })),
        button('export', 'Export as JSON Lines', () => this.post({ type: 'exportLog' })),
        this.counters,
      ),
      this.viewport,
      this.detail,
    );
    this.viewport.append(this.spacer, this.rows);
    this.viewport.addEventListener('scroll', () => this.schedule());
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.setCounters({ matched: 0, unknown: 0, invalid: 0 });
  }

  add(batch: LogEntry[], counters: Counters): void {
    let replaced = false;
    for (const e of batch) {
      if (e.match && !this.labels.has(e.match.messageId)) {
        this.labels.set(e.match.messageId, e.match.label);
        this.renderMessageFilter();
      }
      if (this.replace(e)) replaced = true;
      else {
        this.entries.push(e);
        if (this.passes(e)) this.shown.push(this.entries.length - 1);
      }
    }
    if (replaced) this.refilter();
    if (this.entries.length > MAX) {
      const selectedSeq = this.selected !== undefined ? this.entries[this.selected]?.seq : undefined;
      this.entries = this.entries.slice(this.entries.length - KEEP);
      this.refilter();
      this.selected = selectedSeq === undefined ? undefined : this.indexOfSeq(selectedSeq);
    }
    this.setCounters(counters);
    this.schedule();
  }

  /** A status row told again (a reconnect loop): replaced where it is, its detail redrawn if open. */
  private replace(e: LogEntry): boolean {
    const last = this.entries.at(-1);
    if (!last || e.seq > last.seq) return false;
    const i = this.indexOfSeq(e.seq);
    if (i === undefined) return true; // trimmed away: nothing to redraw
    this.entries[i] = e;
    if (i === this.selected) this.select(i);
    return true;
  }

  clear(): void {
    this.entries = [];
    this.shown = [];
    this.selected = undefined;
    this.detail.replaceChildren();
    this.setCounters({ matched: 0, unknown: 0, invalid: 0 });
    this.schedule();
  }

  private setCounters(c: Counters): void {
    this.counters.replaceChildren(
      h('span', { title: 'Matched a message of the spec' }, icon('pass'), h('span', { text: ` ${c.matched}` })),
      h('span', { title: 'Not in spec' }, icon('question'), h('span', { text: ` ${c.unknown}` })),
      h('span', { title: 'Matched, but violates the schema' }, icon('error'), h('span', { text: ` ${c.invalid}` })),
    );
  }

  private renderMessageFilter(): void {
    const options = [
      { value: '', label: 'All' },
      { value: '!unknown', label: 'Not in spec' },
      { value: '!invalid', label: 'Invalid' },
    ];
    for (const [id, label] of this.labels) options.push({ value: id, label });
    this.messageFilter.replaceChildren(select(options, this.filter.message, (v) => this.setFilter({ message: v }), 'Filter by message'));
  }

  private setFilter(change: Partial<Filter>): void {
    this.filter = { ...this.filter, ...change };
    this.refilter();
    this.schedule();
  }

  private refilter(): void {
    this.shown = [];
    this.entries.forEach((e, i) => this.passes(e) && this.shown.push(i));
  }

  private passes(e: LogEntry): boolean {
    const f = this.filter;
    if (e.kind === 'control' && !f.control) return false;
    if (f.direction && (f.direction === 'info' ? e.direction !== 'info' && e.direction !== 'error' : e.direction !== f.direction)) return false;
    if (f.message === '!unknown' && e.match !== null) return false;
    if (f.message === '!invalid' && !e.violations?.length) return false;
    if (f.message && !f.message.startsWith('!') && e.match?.messageId !== f.message) return false;
    if (!f.text) return true;
    return [e.text, e.event, e.destination, e.match?.label].some((s) => s?.toLowerCase().includes(f.text));
  }

  private togglePause(): void {
    this.paused = !this.paused;
    this.pauseButton.replaceChildren(icon(this.paused ? 'debug-continue' : 'debug-pause'));
    const label = this.paused ? 'Resume autoscroll' : 'Pause autoscroll';
    this.pauseButton.title = label;
    this.pauseButton.setAttribute('aria-label', label);
    this.pauseButton.setAttribute('aria-pressed', String(this.paused));
    this.schedule();
  }

  /** Renders at most once per animation frame, however many batches arrive. */
  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.render()));
  }

  private render(): void {
    this.spacer.style.height = `${this.shown.length * ROW}px`;
    if (!this.paused) this.viewport.scrollTop = this.viewport.scrollHeight;
    const first = Math.floor(this.viewport.scrollTop / ROW);
    const count = Math.ceil(this.viewport.clientHeight / ROW) + 1;
    const rows: HTMLElement[] = [];
    for (let i = first; i < Math.min(this.shown.length, first + count); i++) rows.push(this.row(this.shown[i]!, i));
    this.rows.style.transform = `translateY(${first * ROW}px)`;
    this.rows.replaceChildren(...rows);
  }

  private row(index: number, position: number): HTMLElement {
    const e = this.entries[index]!;
    const selected = index === this.selected;
    // Control and protocol frames are no messages: they get no chip at all. A sent frame names its message when
    // the spec has one for it, and is never "not in spec" (the user may send anything).
    const label =
      (e.direction !== 'in' && e.direction !== 'out') || e.kind || (e.direction === 'out' && !e.match)
        ? null
        : e.match
          ? h('span', { className: e.violations?.length ? 'chip invalid' : 'chip matched', text: e.match.label })
          : h('span', { className: 'chip unknown', text: 'not in spec' });
    const row = h(
      'div',
      { className: `entry dir-${e.direction}${selected ? ' selected' : ''}`, role: 'option', 'aria-selected': String(selected), id: `entry-${position}` },
      h('span', { className: 'time', text: time(e.time) }),
      icon(dirIcon(e.direction), e.direction),
      h('span', { className: 'size', text: e.direction === 'in' || e.direction === 'out' ? size(e.size) : '' }),
      e.event || e.destination ? h('span', { className: 'event', text: frameName(e) }) : null,
      label,
      h('span', { className: 'preview', text: e.text !== undefined ? e.text.slice(0, 300) : e.base64 !== undefined ? `binary, ${e.size} bytes` : '' }),
      e.details && e.details !== e.text ? icon('ellipsis', 'More in the details: select the row') : null,
    );
    row.addEventListener('click', () => this.select(index));
    return row;
  }

  private select(index: number | undefined): void {
    this.selected = index;
    const e = index === undefined ? undefined : this.entries[index];
    this.detail.replaceChildren(...(e ? [entryDetail(e, this.post)] : []));
    this.schedule();
  }

  private onKey(e: KeyboardEvent): void {
    const pos = this.selected === undefined ? -1 : this.shown.indexOf(this.selected);
    const to = e.key === 'ArrowDown' ? pos + 1 : e.key === 'ArrowUp' ? pos - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? this.shown.length - 1 : undefined;
    if (to === undefined || to < 0 || to >= this.shown.length) return;
    e.preventDefault();
    if (!this.paused) this.togglePause();
    this.select(this.shown[to]);
    const top = to * ROW;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (top + ROW > this.viewport.scrollTop + this.viewport.clientHeight) this.viewport.scrollTop = top + ROW - this.viewport.clientHeight;
    this.viewport.setAttribute('aria-activedescendant', `entry-${to}`);
  }

  private indexOfSeq(seq: number): number | undefined {
    const i = this.entries.findIndex((e) => e.seq === seq);
    return i < 0 ? undefined : i;
  }
}

function time(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
}

function dirIcon(d: LogEntry['direction']): string {
  return d === 'in' ? 'arrow-down' : d === 'out' ? 'arrow-up' : d === 'error' ? 'error' : 'info';
}
