/**
 * Hover on a key: the schema's title and description for that key in the declared version. `$ref` keys and
 * values are left to the navigation feature (it previews the target).
 */
import type { LanguageFeatures } from '../core/features';
import { schemaVersion } from './completion';
import { describe, schemasAtPath } from './schemaAtPath';
import { keyText, nodeAtOffset, nodeSpan } from '../core/yamlAst';

export const asyncapiHover: LanguageFeatures = {
  hover(ctx, offset) {
    const doc = ctx.doc;
    const at = nodeAtOffset(doc.ast, offset);
    if (!at.onKey || !at.pair || keyText(at.pair) === '$ref') return undefined;
    const span = nodeSpan(at.node);
    if (!span) return undefined;
    const value = doc.valueError ? undefined : doc.value;
    const { title, description } = describe(schemasAtPath(schemaVersion(doc), value, at.path));
    if (!title && !description) return undefined;
    const contents = [title && `**${title}**`, description].filter(Boolean).join('\n\n');
    return { span, contents };
  },
};
