/**
 * A workspace on disk whose spec's `$ref`s try to read what they must not (issue 13 item 1): a system file by
 * a relative path, the server's environment, a file: URL, a symlink leading out, a FIFO, a file beside the
 * workspace; and one ref that is fine. Shared by the unit, LSP and CLI tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Text that must never reach a hover, a diagnostic or the Try it model. */
export const BESIDE_SECRET = 'TOP-SECRET-beside-the-workspace';

/** Channel name → the `$ref` it holds and the code its refusal gets (undefined: allowed). */
export const HOSTILE_REFS: Record<string, { ref: string; code: string | undefined }> = {
  passwd: { ref: '../../../../../../../../etc/passwd', code: 'ref-outside-workspace' },
  environ: { ref: '/proc/self/environ', code: 'ref-outside-workspace' },
  url: { ref: 'file:///etc/passwd', code: 'ref-outside-workspace' },
  link: { ref: 'link.yaml#/Secret', code: 'ref-outside-workspace' },
  fifo: { ref: 'pipe.yaml#/Secret', code: 'ref-not-a-file' },
  beside: { ref: '../beside.yaml#/Secret', code: 'ref-outside-workspace' },
  inside: { ref: 'common/ok.yaml#/Hello', code: undefined },
};

export const HOSTILE_SPEC =
  "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels:\n" +
  Object.entries(HOSTILE_REFS)
    .map(([name, { ref }]) => `  ${name}:\n    subscribe:\n      message: {$ref: '${ref}'}\n`)
    .join('');

export interface HostileWorkspace {
  /** Holds `ws/` and `beside.yaml`. */
  dir: string;
  ws: string;
  spec: string;
  remove(): void;
}

export function hostileWorkspace(): HostileWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'specsocket-refs-'));
  const ws = join(dir, 'ws');
  mkdirSync(join(ws, 'common'), { recursive: true });
  const secret = `Secret:\n  payload: {type: string, examples: ['${BESIDE_SECRET}']}\n`;
  writeFileSync(join(dir, 'beside.yaml'), secret);
  writeFileSync(join(ws, 'common', 'ok.yaml'), "Hello:\n  name: Hello\n  payload: {type: string, examples: ['inside-ok']}\n");
  symlinkSync(join(dir, 'beside.yaml'), join(ws, 'link.yaml'));
  execFileSync('mkfifo', [join(ws, 'pipe.yaml')]);
  const spec = join(ws, 'spec.yaml');
  writeFileSync(spec, HOSTILE_SPEC);
  return { dir, ws, spec, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
