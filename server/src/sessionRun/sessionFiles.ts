/** Finding session files (`*.session.yaml` in folders; any file named directly) and reading them. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseSession, type SessionFile } from '../../../common/src/sessions/format';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);
const SESSION_FILE = /\.session\.ya?ml$/i;

export interface LoadedSession {
  file: string;
  name: string;
  session?: SessionFile;
  /** Why the file cannot run: unreadable, not YAML, or not the session format. */
  error?: string;
}

export function collectSessionFiles(target: string, out: string[] = []): string[] {
  const st = statSync(target, { throwIfNoEntry: false });
  if (!st) throw new Error(`No such file or folder: ${target}`);
  if (st.isFile()) out.push(target);
  else
    for (const name of readdirSync(target).sort()) {
      const p = join(target, name);
      const s = statSync(p, { throwIfNoEntry: false });
      if (s?.isDirectory() && !SKIP_DIRS.has(name)) collectSessionFiles(p, out);
      else if (s?.isFile() && SESSION_FILE.test(name)) out.push(p);
    }
  return out;
}

export function loadSession(file: string): LoadedSession {
  const fallback = basename(file).replace(SESSION_FILE, '');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { file, name: fallback, error: `cannot read ${file}: ${(e as Error).message}` };
  }
  const parsed = parseSession(text);
  if (typeof parsed === 'string') return { file, name: fallback, error: `${file}: ${parsed}` };
  return { file, name: parsed.name ?? fallback, session: parsed };
}
