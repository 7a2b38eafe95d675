/** A tiny element builder. Text goes in through `text`/string children only (textContent), never as HTML. */
type Attr = string | number | boolean | undefined | EventListener;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'className') el.className = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

export function icon(name: string, label?: string): HTMLElement {
  return h('span', { className: `codicon codicon-${name}`, 'aria-hidden': label ? undefined : 'true', title: label });
}

export function button(iconName: string, label: string, onClick: () => void, showLabel = false): HTMLButtonElement {
  const b = h('button', { type: 'button', title: label, 'aria-label': label, className: showLabel ? 'text-button' : 'icon-button' }, icon(iconName));
  if (showLabel) b.append(h('span', { text: label }));
  b.addEventListener('click', onClick);
  return b;
}

export function select(options: { value: string; label: string }[], value: string, onChange: (v: string) => void, label: string): HTMLSelectElement {
  const s = h('select', { 'aria-label': label, title: label });
  for (const o of options) s.append(h('option', { value: o.value, text: o.label }));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h('label', { className: 'field', title: hint }, h('span', { className: 'field-label', text: label }), control);
}
