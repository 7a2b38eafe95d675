/** Outline of a Fern file: imports, the channel (parameters, messages) and the types (properties, values, variants). */
import type { LanguageFeatures } from '../core/features';
import { SymbolKind, type Span, type SpecSymbol } from '../core/types';
import { entries, entry, fernRoot } from './ast';
import { fernFile, type FernProperty, type FernTypeDecl } from './fileModel';

export const fernSymbols: LanguageFeatures = {
  symbols(ctx) {
    const file = fernFile(ctx.doc);
    const root = fernRoot(ctx.doc);
    const out: SpecSymbol[] = [];
    const ch = file.channel;
    if (ch) {
      const group = (name: string, items: FernProperty[], kind: SymbolKind) => {
        const e = entry(entry(root, 'channel')?.value, name);
        if (!e || !items.length) return [];
        return [
          sym(
            name,
            undefined,
            SymbolKind.Namespace,
            pairSpan(e.keySpan, e.written),
            e.keySpan,
            items.map((p) => sym(p.name, p.type?.text, kind, p.keySpan, p.keySpan, [])),
          ),
        ];
      };
      const messagesEntry = entry(entry(root, 'channel')?.value, 'messages');
      const messages = ch.messages.map((m) =>
        sym(m.id, `${m.origin ?? '?'} · ${m.inline?.name ?? m.body?.text ?? ''}`, SymbolKind.Event, m.span, m.keySpan, []),
      );
      out.push(
        sym('channel', ch.path?.text, SymbolKind.Interface, ch.span, ch.keySpan, [
          ...group('path-parameters', ch.pathParameters, SymbolKind.Variable),
          ...group('query-parameters', ch.queryParameters, SymbolKind.Variable),
          ...group('headers', ch.headers, SymbolKind.Variable),
          ...(messagesEntry
            ? [sym('messages', undefined, SymbolKind.Namespace, pairSpan(messagesEntry.keySpan, messagesEntry.written), messagesEntry.keySpan, messages)]
            : []),
        ]),
      );
    }
    const typesEntry = entry(root, 'types');
    if (typesEntry) {
      out.push(
        sym(
          'types',
          undefined,
          SymbolKind.Namespace,
          pairSpan(typesEntry.keySpan, typesEntry.written),
          typesEntry.keySpan,
          [...file.types.values()].map(typeSymbol),
        ),
      );
    }
    const importsEntry = entry(root, 'imports');
    if (importsEntry) {
      out.push(
        sym(
          'imports',
          undefined,
          SymbolKind.Namespace,
          pairSpan(importsEntry.keySpan, importsEntry.written),
          importsEntry.keySpan,
          entries(importsEntry.value).map((e) =>
            sym(e.key, String((e.value as { value?: unknown } | undefined)?.value ?? ''), SymbolKind.Module, pairSpan(e.keySpan, e.written), e.keySpan, []),
          ),
        ),
      );
    }
    return out;
  },
};

function typeSymbol(d: FernTypeDecl): SpecSymbol {
  const kind = d.shape === 'enum' ? SymbolKind.Enum : d.shape === 'object' ? SymbolKind.Struct : d.shape === 'alias' ? SymbolKind.Constant : SymbolKind.Class;
  const children = [
    ...d.properties.map((p) => sym(p.name, p.type?.text, SymbolKind.Property, p.keySpan, p.keySpan, [])),
    ...d.variants.map((v) => sym(v.key, v.type?.text, SymbolKind.EnumMember, v.keySpan, v.keySpan, [])),
  ];
  const detail = d.shape === 'alias' ? d.alias?.text : d.shape === 'enum' ? d.enumValues.join(' | ') : d.shape;
  return sym(d.name, detail, kind, d.span, d.keySpan, children);
}

function pairSpan(key: Span, value: unknown): Span {
  const r = (value as { range?: number[] } | undefined)?.range;
  return { start: key.start, end: r ? r[1] : key.end };
}

function sym(name: string, detail: string | undefined, kind: SymbolKind, span: Span, selection: Span, children: SpecSymbol[]): SpecSymbol {
  const s: SpecSymbol = { name, kind, span, selection, children };
  if (detail) s.detail = detail;
  return s;
}
