/**
 * What a secret prompt says, for the input box and for the panel: VS Code's input box shows plain text, so the
 * spec's Markdown descriptions lose their backticks, emphasis and link targets here.
 */
import type { TryItSecurityScheme } from '../../../common/src/tryItModel';

/** The secret asked for, in a few words (`API key "api_key" (sent in the query)`). */
export function secretWhat(s: TryItSecurityScheme): string {
  switch (s.kind) {
    case 'httpBearer':
      return `bearer token${s.bearerFormat ? ` (${s.bearerFormat})` : ''}`;
    case 'httpBasic':
    case 'userPassword':
      return 'user name and password, as user:password';
    case 'apiKey':
      return `API key "${s.paramName}" (sent in the ${s.in})`;
    default:
      return `secret for ${s.type}`;
  }
}

export function secretPrompt(s: TryItSecurityScheme): string {
  const what = secretWhat(s);
  const about = s.description ? ` ${plainText(s.description)}` : '';
  return `${what[0]!.toUpperCase()}${what.slice(1)}.${about}`;
}

/** Markdown to the text a reader sees: `code`, **strong**, _em_ and [text](url) keep only their text. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_]([^*_\s][^*_]*?)[*_](?=\W|$)/g, '$1$2')
    .replace(/^\s{0,3}#+\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}
