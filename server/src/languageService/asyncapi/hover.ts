/**
 * Hover on a key: the schema's title and description for that key in the declared version, and the values it
 * allows when the schema enumerates them. `$ref` keys and
 * values are left to the navigation feature (it previews the target).
 */
import type { LanguageFeatures } from '../core/features';
import { schemaVersion } from './completion';
import { describe, schemasAtPath, valueSchemasAtPath, valuesOf } from './schemaAtPath';
import { keyText, nodeAtOffset, nodeSpan } from '../core/yamlAst';

export const asyncapiHover: LanguageFeatures = {
  hover(ctx, offset) {
    const doc = ctx.doc;
    const at = nodeAtOffset(doc.ast, offset);
    if (!at.onKey || !at.pair || keyText(at.pair) === '$ref') return undefined;
    const span = nodeSpan(at.node);
    if (!span) return undefined;
    const value = doc.valueError ? undefined : doc.value;
    const version = schemaVersion(doc);
    const { title, description } = describe(schemasAtPath(version, value, at.path));
    const allowed = allowedValues(valuesOf(valueSchemasAtPath(version, value, at.path)));
    if (!title && !description && !allowed) return undefined;
    const contents = [title && `**${title}**`, description, allowed].filter(Boolean).join('\n\n');
    return { span, contents };
  },
};

/** The values the schema enumerates for the key's value (booleans say nothing a reader does not know). */
function allowedValues(values: unknown[]): string | undefined {
  const listed = values.filter((v) => typeof v !== 'boolean');
  if (!listed.length) return undefined;
  return `Allowed values: ${listed.map((v) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``).join(', ')}`;
}
