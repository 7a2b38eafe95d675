/**
 * Hover on a `$ref`: a preview of its target — title, description and type first, then a short excerpt of
 * the target as written — and the file it lives in when that is another file. Reads the target's cached AST
 * and source text; nothing is converted or re-parsed.
 */
import { posix } from 'node:path';
import type { Node } from 'yaml';
import type { FeatureContext } from '../core/featureContext';
import { refAt } from '../core/refIndex';
import { refusalMessage } from '../core/refAccess';
import { resolveRef } from '../core/refs';
import { segmentSpan, segmentTarget } from '../core/refSegments';
import type { SpecHover } from '../core/types';
import { findPair, nodeSpan } from '../core/yamlAst';

const EXCERPT_LINES = 16;
const DESCRIPTION_CHARS = 400;

export function refHover(ctx: FeatureContext, offset: number): SpecHover | undefined {
  const r = refAt(ctx.doc, offset);
  if (!r?.target) return undefined;
  let span = r.valueSpan;
  if (r.target.remote) return { span, contents: `Remote reference \`${r.ref}\` (not fetched unless \`specsocket.resolveRemoteRefs\` is on).` };
  const refused = ctx.store.refusal(r.target.uri);
  if (refused) return { span, contents: refusalMessage(r.ref, refused) };
  // On an inner pointer segment, the hover is about what that segment names (#/channels/‸room/messages/m: room).
  const target = segmentTarget(ctx.doc, r, r.target, offset);
  if (target.path.length < r.target.path.length) span = segmentSpan(ctx.doc, r, target.path.length - 1);
  const res = resolveRef(ctx.store, target);
  if (!res) return { span, contents: `\`${r.ref}\` does not resolve.` };
  if (res.doc.uri !== ctx.doc.uri) ctx.dependsOn.add(res.doc.uri);
  const parts: string[] = [];
  const title = scalar(res.node, 'title') ?? scalar(res.node, 'name') ?? String(res.path[res.path.length - 1] ?? relative(ctx.doc.uri, res.doc.uri));
  const type = scalar(res.node, 'type');
  parts.push(`**${title}**` + (type ? ` \`${type}\`` : ''));
  const description = scalar(res.node, 'summary') ?? scalar(res.node, 'description');
  if (description) parts.push(truncate(description, DESCRIPTION_CHARS));
  const excerpt = excerptOf(res.doc.text, nodeSpan(res.key)?.start, res.node);
  if (excerpt) parts.push('```' + (res.doc.isJson ? 'json' : 'yaml') + '\n' + excerpt + '\n```');
  if (res.doc.uri !== ctx.doc.uri) parts.push(`Defined in \`${relative(ctx.doc.uri, res.doc.uri)}\``);
  return { span, contents: parts.join('\n\n') };
}

function scalar(node: Node | undefined, key: string): string | undefined {
  const v = findPair(node, key)?.value as { value?: unknown } | undefined;
  return v && (typeof v.value === 'string' || typeof v.value === 'number') ? String(v.value) : undefined;
}

function truncate(s: string, n: number): string {
  const t = s.trim();
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}

/** The target as written, from its key's line, at most EXCERPT_LINES lines, dedented. */
function excerptOf(text: string, keyStart: number | undefined, node: Node | undefined): string | undefined {
  const span = nodeSpan(node);
  const from = keyStart ?? span?.start;
  if (from === undefined || !span) return undefined;
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  const lines = text.slice(lineStart, span.end).replace(/\s+$/, '').split(/\r?\n/);
  const shown = lines.slice(0, EXCERPT_LINES);
  const indent = Math.min(...shown.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  const out = shown.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
  if (lines.length > EXCERPT_LINES) out.push('…');
  return out.join('\n').replace(/```/g, '``\u200b`');
}

function relative(fromUri: string, toUri: string): string {
  try {
    const from = decodeURIComponent(new URL(fromUri).pathname);
    const to = decodeURIComponent(new URL(toUri).pathname);
    const rel = posix.relative(posix.dirname(from), to);
    return rel.startsWith('.') ? rel : './' + rel;
  } catch {
    return toUri;
  }
}
