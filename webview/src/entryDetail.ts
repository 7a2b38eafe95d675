/** One log entry in full: violations, then its content as a JSON tree, raw text, hex or base64. */
import type { LogEntry, WebviewToHost } from '../../common/src/webviewMessages';
import { h } from './dom';
import { violationList } from './violations';
import { writeBackButtons } from './sessionControls';

type View = 'tree' | 'raw' | 'hex' | 'base64';
/** Enough to read; a 20 MB frame must not build 20 MB of DOM. */
const MAX_NODES = 2_000;
const MAX_HEX_BYTES = 4_096;

export function entryDetail(e: LogEntry, post: (m: WebviewToHost) => void): HTMLElement {
  const json = parseJson(e.text);
  const views: View[] = [...(json.ok ? ['tree' as const] : []), ...(e.text !== undefined ? ['raw' as const] : []), 'hex', 'base64'];
  const body = h('div', { className: 'detail-body' });
  const show = (v: View) => body.replaceChildren(render(v, e, json));
  const tabs = h('div', { className: 'tabs', role: 'radiogroup', 'aria-label': 'Show as' });
  for (const v of views) {
    const radio = h('input', { type: 'radio', name: 'detail-view', value: v, checked: v === views[0] });
    radio.addEventListener('change', () => show(v));
    tabs.append(h('label', {}, radio, h('span', { text: v })));
  }
  const verdict = e.kind ? `${e.kind} frame` : e.match ? e.match.label : e.direction === 'in' ? 'not in spec' : undefined;
  const head = [e.direction, frameName(e), verdict, e.truncated ? `shown in part (${e.size} bytes)` : undefined].filter(Boolean).join(' · ');
  show(views[0]!);
  return h(
    'div',
    {},
    h('div', { className: 'detail-head' }, h('span', { text: head }), tabs),
    writeBackButtons(e, post),
    e.violations?.length ? violationList(e.violations, post) : null,
    e.details && e.details !== e.text ? h('pre', { className: 'wrap details', 'aria-label': 'What happened', text: e.details }) : null,
    body,
  );
}

/** The Socket.IO event, or the STOMP command with its destination (`MESSAGE /queue/message`); MQTT: `(retained)`. */
export function frameName(e: LogEntry): string {
  return [e.event, e.destination, e.retained ? '(retained)' : undefined].filter(Boolean).join(' ');
}

function parseJson(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined || !/^\s*[[{"]/.test(text)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function render(view: View, e: LogEntry, json: { ok: boolean; value?: unknown }): Node {
  if (view === 'tree' && json.ok) return tree(json.value, '', 0, { left: MAX_NODES });
  if (view === 'raw') return h('pre', { text: e.text ?? '' });
  const bytes = e.base64 !== undefined ? fromBase64(e.base64) : new TextEncoder().encode(e.text ?? '');
  if (view === 'base64') return h('pre', { className: 'wrap', text: e.base64 ?? toBase64(bytes) });
  return h('pre', { text: hexDump(bytes.subarray(0, MAX_HEX_BYTES)) + (bytes.length > MAX_HEX_BYTES ? `\n… ${bytes.length - MAX_HEX_BYTES} more bytes` : '') });
}

/** Collapsible JSON: objects and arrays as <details>, open near the top. All text through textContent. */
function tree(value: unknown, key: string, depth: number, budget: { left: number }): Node {
  const keyEl = key ? h('span', { className: 'json-key', text: `${key}: ` }) : null;
  if (--budget.left < 0) return h('div', {}, keyEl, h('span', { className: 'json-more', text: '…' }));
  if (value === null || typeof value !== 'object')
    return h('div', {}, keyEl, h('span', { className: `json-${value === null ? 'null' : typeof value}`, text: JSON.stringify(value) }));
  const items: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${items.length}]` : `{${items.length}}`;
  return h(
    'details',
    { open: depth < 2, className: 'json' },
    h('summary', {}, keyEl, h('span', { className: 'json-summary', text: summary })),
    ...items.map(([k, v]) => tree(v, k, depth + 1, budget)),
  );
}

function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const chunk = [...bytes.subarray(off, off + 16)];
    const hex = chunk
      .map((b) => b.toString(16).padStart(2, '0'))
      .join(' ')
      .padEnd(47);
    const ascii = chunk.map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex}  ${ascii}`);
  }
  return lines.join('\n');
}

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
