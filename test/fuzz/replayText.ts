/** The text a failing LSP case left its document with, written beside its reproducer for a reader. */
import { readFileSync } from 'node:fs';
import { resolveEdit } from './edits';
import type { LspCase } from './lspCase';
import type { FuzzWorkspace } from './workspace';

export function finalText(ws: FuzzWorkspace, c: LspCase): string {
  const path = ws.docAt(c.doc);
  let text = readFileSync(path, 'utf8');
  for (const step of c.steps) {
    const r = resolveEdit(step.edit, text, ws.secretTargets(path));
    text = text.slice(0, r.start) + r.text + text.slice(r.end);
  }
  return text;
}
