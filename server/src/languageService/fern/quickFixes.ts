/**
 * Quick fixes for Fern diagnostics: did-you-mean replacements (keys, type names, message ids, URL names,
 * origins) and declaring a path parameter the path uses.
 */
import type { LanguageFeatures } from '../core/features';
import type { SpecDocument } from '../core/specDocument';
import type { SpecCodeAction, SpecDiagnostic, TextEdit } from '../core/types';
import { entry, fernRoot } from './ast';
import { structureDiagnostics, type MissingKeys } from './structure';

/** Placeholder values that keep the file valid while the user fills them in. */
const PLACEHOLDERS: Record<string, string> = { auth: 'false', path: '/', origin: 'client', body: 'string', messages: '[]', type: '""', name: '""' };

export const fernQuickFixes: LanguageFeatures = {
  codeActions(ctx, span, diagnostics) {
    const out: SpecCodeAction[] = [];
    for (const d of diagnostics) {
      if (!d.code.startsWith('fern-') || d.end < span.start || d.start > span.end || !d.data) continue;
      const data = d.data;
      if (data.kind === 'replaceKey' || data.kind === 'replaceValue') {
        out.push(fix(ctx.doc.uri, `Change to '${data.replacement}'`, d, [{ start: d.start, end: d.end, newText: data.replacement }], true));
      } else if (data.kind === 'addProperties' && d.code === 'fern-missing-key') {
        const edit = addKeys(ctx.doc, d, data.properties);
        if (edit) out.push(fix(ctx.doc.uri, `Add ${data.properties.map((p) => `'${p}'`).join(' and ')}`, d, [edit], false));
      } else if (data.kind === 'declareParameter') {
        const edit = declareParameter(ctx.doc, data.name);
        if (edit) out.push(fix(ctx.doc.uri, `Declare path parameter '${data.name}'`, d, [edit], true));
      }
    }
    return out;
  },
};

function fix(uri: string, title: string, diagnostic: SpecDiagnostic, edits: TextEdit[], isPreferred: boolean): SpecCodeAction {
  return { title, kind: 'quickfix', diagnostic, edit: { [uri]: edits }, isPreferred };
}

/** `name: string` under `path-parameters` (created after `path:` when missing), in the file's indentation. */
function declareParameter(doc: SpecDocument, name: string): TextEdit | undefined {
  const channel = entry(fernRoot(doc), 'channel')?.value;
  const path = entry(channel, 'path');
  if (!path) return undefined;
  const text = doc.text;
  const indentOf = (offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const lineEnd = (offset: number) => {
    const i = text.indexOf('\n', offset);
    return i < 0 ? text.length : i;
  };
  const params = entry(channel, 'path-parameters');
  const keyIndent = indentOf(path.keySpan.start);
  const step = Math.max(2, keyIndent);
  const items = (params?.value as { items?: { key?: { range?: number[] }; value?: { range?: number[] } }[] } | undefined)?.items;
  if (params && items?.length) {
    const last = items[items.length - 1];
    const childIndent = indentOf(last.key!.range![0]);
    const end = lineEnd(last.value?.range?.[1] ? last.value.range[1] - 1 : last.key!.range![1]);
    return { start: end, end, newText: `\n${' '.repeat(childIndent)}${name}: string` };
  }
  const at = params ? lineEnd(params.keySpan.end) : lineEnd(path.written?.range?.[1] ? path.written.range[1] - 1 : path.keySpan.end);
  const head = params ? '' : `\n${' '.repeat(keyIndent)}path-parameters:`;
  return { start: at, end: at, newText: `${head}\n${' '.repeat(keyIndent + step)}${name}: string` };
}

/** The missing keys, written before the object's first key at its indentation (block mappings only). */
function addKeys(doc: SpecDocument, d: SpecDiagnostic, keys: string[]): TextEdit | undefined {
  const found: MissingKeys[] = [];
  structureDiagnostics(doc, found);
  const target = found.find((m) => m.diagnostic.start === d.start && m.diagnostic.end === d.end);
  const first = target?.map.items[0]?.key as { range?: number[] } | undefined;
  if (!target || target.map.flow || !first?.range) return undefined;
  const at = first.range[0];
  const indent = at - (doc.text.lastIndexOf('\n', at - 1) + 1);
  return { start: at, end: at, newText: keys.map((k) => `${k}: ${PLACEHOLDERS[k] ?? '""'}\n${' '.repeat(indent)}`).join('') };
}
