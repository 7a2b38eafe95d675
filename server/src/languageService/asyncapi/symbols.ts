/**
 * Document symbols for the Outline: info, servers (protocol and URL), channels (address; 2.x operations
 * under their channel), 3.x operations (action → channel), and components grouped by kind. Read straight
 * from the cached AST.
 */
import { isMap, type Node, type Pair } from 'yaml';
import { isV3 } from './components';
import type { LanguageFeatures } from '../core/features';
import { SymbolKind, type SpecSymbol } from '../core/types';
import { findPair, keyText } from '../core/yamlAst';

export const asyncapiSymbols: LanguageFeatures = {
  symbols(ctx) {
    const root = ctx.doc.ast.contents;
    if (!isMap(root)) return [];
    const v3 = isV3(ctx.doc);
    const { symbol, group } = builders(ctx.doc.text);
    const out: SpecSymbol[] = [];
    for (const p of root.items as Pair[]) {
      const name = keyText(p) ?? '';
      const s = (() => {
        switch (name) {
          case 'info':
            return symbol(p, SymbolKind.Module, join(scalar(p.value, 'title'), scalar(p.value, 'version')));
          case 'servers':
            return group(p, SymbolKind.Namespace, (s) => symbol(s, SymbolKind.Interface, serverDetail(s.value)));
          case 'channels':
            return group(p, SymbolKind.Namespace, (c) => channelSymbol(c, v3, symbol));
          case 'operations':
            return group(p, SymbolKind.Namespace, (o) => symbol(o, SymbolKind.Method, operationDetail(o.value)));
          case 'components':
            return group(p, SymbolKind.Namespace, (g) => group(g, SymbolKind.Namespace, (c) => symbol(c, componentKind(keyText(g) ?? ''))));
          default:
            return undefined;
        }
      })();
      if (s) out.push(s);
    }
    return out;
  },
};

/** The pair's span; block values end after their newline, and the symbol should not. */
function span(text: string, p: Pair): { start: number; end: number } | undefined {
  const k = (p.key as Node | null)?.range;
  if (!k) return undefined;
  const v = (p.value as Node | null)?.range;
  let end = Math.max(k[1], v ? v[1] : k[1]);
  while (end > k[1] && /\s/.test(text[end - 1])) end--;
  return { start: k[0], end };
}

/** Symbol constructors over one document's text. */
function builders(text: string) {
  const symbol = (p: Pair, kind: SymbolKind, detail?: string, children: SpecSymbol[] = []): SpecSymbol | undefined => {
    const whole = span(text, p);
    const k = (p.key as Node).range;
    if (!whole || !k) return undefined;
    return { name: keyText(p) ?? '', detail: detail || undefined, kind, span: whole, selection: { start: k[0], end: k[1] }, children };
  };

  const group = (p: Pair, kind: SymbolKind, child: (c: Pair) => SpecSymbol | undefined): SpecSymbol | undefined => {
    const children: SpecSymbol[] = [];
    if (isMap(p.value)) {
      for (const c of p.value.items as Pair[]) {
        const s = child(c);
        if (s) children.push(s);
      }
    }
    return symbol(p, kind, undefined, children);
  };
  return { symbol, group };
}

function scalar(node: unknown, key: string): string | undefined {
  const v = findPair(node, key)?.value as { value?: unknown } | undefined;
  return v && v.value !== null && v.value !== undefined && typeof v.value !== 'object' ? String(v.value) : undefined;
}

function refTarget(node: unknown): string | undefined {
  const ref = scalar(node, '$ref');
  return ref?.slice(ref.lastIndexOf('/') + 1);
}

function join(...parts: (string | undefined)[]): string {
  return parts.filter(Boolean).join(' ');
}

function serverDetail(node: unknown): string {
  const protocol = scalar(node, 'protocol');
  const where = scalar(node, 'url') ?? join(scalar(node, 'host'), scalar(node, 'pathname'));
  return join(protocol, where) || (refTarget(node) ? `→ ${refTarget(node)}` : '');
}

function channelSymbol(c: Pair, v3: boolean, symbol: ReturnType<typeof builders>['symbol']): SpecSymbol | undefined {
  const children: SpecSymbol[] = [];
  if (v3) {
    for (const m of pairs(findPair(c.value, 'messages')?.value)) {
      const s = symbol(m, SymbolKind.Event, refTarget(m.value) ? `→ ${refTarget(m.value)}` : undefined);
      if (s) children.push(s);
    }
    return symbol(c, SymbolKind.Class, scalar(c.value, 'address') ?? (refTarget(c.value) ? `→ ${refTarget(c.value)}` : undefined), children);
  }
  for (const action of ['publish', 'subscribe']) {
    const op = findPair(c.value, action);
    const s = op && symbol(op, SymbolKind.Method, scalar(op.value, 'operationId') ?? scalar(op.value, 'summary'));
    if (s) children.push(s);
  }
  const actions = children.map((s) => s.name).join(', ');
  return symbol(c, SymbolKind.Class, actions, children);
}

function operationDetail(node: unknown): string {
  const channel = refTarget(findPair(node, 'channel')?.value);
  return join(scalar(node, 'action'), channel ? `→ ${channel}` : undefined);
}

function pairs(node: unknown): Pair[] {
  return isMap(node) ? (node.items as Pair[]) : [];
}

function componentKind(kind: string): SymbolKind {
  switch (kind) {
    case 'messages':
      return SymbolKind.Event;
    case 'schemas':
      return SymbolKind.Struct;
    case 'securitySchemes':
      return SymbolKind.Key;
    case 'parameters':
      return SymbolKind.Variable;
    case 'servers':
      return SymbolKind.Interface;
    case 'channels':
      return SymbolKind.Class;
    case 'operations':
      return SymbolKind.Method;
    case 'messageTraits':
    case 'operationTraits':
      return SymbolKind.Interface;
    case 'correlationIds':
      return SymbolKind.Field;
    default:
      return SymbolKind.Object;
  }
}
