/**
 * Hover: a type's definition (its YAML, where it lives), a message's origin and body (also from an example's `type`
 * or `auth-message.message-id`), a primitive's meaning, the property a segment of `token-property-path` names.
 */
import type { FeatureContext } from '../core/featureContext';
import type { LanguageFeatures } from '../core/features';
import type { SpecHover } from '../core/types';
import { nodeAtOffset, nodeSpan } from '../core/yamlAst';
import { tokenPathHover } from './authMessage';
import { builtin } from './builtins';
import { exampleBodyPath, propertySchemaAt } from './exampleSchema';
import { fernFile } from './fileModel';
import { fernFolder } from './folder';
import { targetAt } from './targets';

const MAX_LINES = 30;

export const fernHover: LanguageFeatures = {
  hover(ctx, offset) {
    const prop = exampleProperty(ctx, offset);
    if (prop) return prop;
    const token = tokenPathHover(fernFolder(ctx), fernFile(ctx.doc), offset);
    if (token) return token;
    const t = targetAt(fernFolder(ctx), fernFile(ctx.doc), offset);
    if (!t) return undefined;
    if (t.kind === 'primitive')
      return {
        span: t.span,
        contents: `**${t.name}** (Fern ${builtin(t.name)?.kind === 'special' ? 'built-in type' : 'primitive'})\n\n${builtin(t.name)?.docs ?? ''}`,
      };
    if (t.kind === 'message') {
      const m = t.message;
      const body = m.inline ? `inlined object \`${m.inline.name}\`` : m.body ? `\`${m.body.text}\`` : '(no body)';
      const dir = m.origin === 'client' ? 'sent by the client' : m.origin === 'server' ? 'sent by the server' : 'origin not set';
      return {
        span: t.span,
        contents: [`**message ${m.id}**${m.displayName ? ` — ${m.displayName}` : ''}`, `${dir}; body ${body}`, m.docs ?? ''].filter(Boolean).join('\n\n'),
      };
    }
    const { decl, file } = t;
    const lines = file.doc.text.slice(decl.span.start, decl.span.end).replace(/\s+$/, '').split('\n');
    const snippet = lines.slice(0, MAX_LINES).join('\n') + (lines.length > MAX_LINES ? '\n# …' : '');
    const where = decl.uri === ctx.doc.uri ? '' : `\n\nDeclared in \`${decl.uri.slice(decl.uri.lastIndexOf('/') + 1)}\``;
    const kind = { alias: 'alias', object: 'object', enum: 'enum', union: 'union', undiscriminated: 'undiscriminated union', unknown: 'type' }[decl.shape];
    return { span: t.span, contents: `**${kind} ${decl.name}**${decl.docs ? `\n\n${decl.docs}` : ''}\n\n\`\`\`yaml\n${dedent(snippet)}\n\`\`\`${where}` };
  },
};

function dedent(s: string): string {
  const lines = s.split('\n');
  const indents = lines
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents, 2);
  return [lines[0], ...lines.slice(1).map((l) => l.slice(Math.min(cut, /^ */.exec(l)![0].length)))].join('\n');
}

/** On a property name inside an example body: its declared type and docs. */
function exampleProperty(ctx: FeatureContext, offset: number): SpecHover | undefined {
  const at = nodeAtOffset(ctx.doc.ast, offset);
  const body = at.onKey ? exampleBodyPath(at.path) : undefined;
  const span = nodeSpan(at.node);
  if (!body || !body.rest.length || !span) return undefined;
  const p = propertySchemaAt(ctx, body);
  if (!p) return undefined;
  const type = (p['x-fern-type'] as string | undefined) ?? (p.title as string | undefined) ?? 'unknown';
  return { span, contents: `**${String(body.rest[body.rest.length - 1])}**: \`${type}\`${typeof p.description === 'string' ? `\n\n${p.description}` : ''}` };
}
