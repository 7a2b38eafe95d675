import { randomBytes } from 'node:crypto';

/** The panel's HTML: a strict CSP (scripts only with the nonce, styles and fonts only from the bundle). */
export interface HtmlParts {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function webviewHtml(p: HtmlParts): string {
  const csp = [
    "default-src 'none'",
    `style-src ${p.cspSource}`,
    `font-src ${p.cspSource}`,
    `img-src ${p.cspSource} data:`,
    `script-src 'nonce-${p.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${p.styleUri}">
<title>Try it</title>
</head>
<body>
<main id="app"></main>
<script nonce="${p.nonce}" src="${p.scriptUri}"></script>
</body>
</html>`;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64url');
}
