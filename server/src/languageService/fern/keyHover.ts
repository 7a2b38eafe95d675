/**
 * Hover on a Fern key whose value is one of a fixed set (a message's `origin`, …): the values it allows, from the
 * same shapes (schema.ts) that drive completion and the structure checks.
 */
import type { LanguageFeatures } from '../core/features';
import { nodeAtOffset, nodeSpan } from '../core/yamlAst';
import { shapeAt } from './shapeAt';

export const fernKeyHover: LanguageFeatures = {
  hover(ctx, offset) {
    const at = nodeAtOffset(ctx.doc.ast, offset);
    const span = at.onKey ? nodeSpan(at.node) : undefined;
    if (!span) return undefined;
    const shape = shapeAt(ctx.doc, at.path);
    if (shape?.t !== 'enum') return undefined;
    return { span, contents: `Allowed values: ${shape.values.map((v) => `\`${v}\``).join(', ')}` };
  },
};
