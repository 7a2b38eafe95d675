/** FileSystem over Node's fs, for the language server and the CLI. Sync on purpose: files are small and local. */
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FileSystem } from './types';

/** Files larger than this are not read as referenced documents (an open editor can still hold them). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

export const nodeFileSystem: FileSystem = {
  stat(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      // realpath first: the containment check must see where a symlink leads, and stat never opens the file
      // (opening a FIFO would block the server).
      const real = realpathSync.native(fileURLToPath(uri));
      const st = statSync(real);
      return { realUri: pathToFileURL(real).toString(), kind: st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other' };
    } catch {
      return undefined;
    }
  },
  readFile(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const p = fileURLToPath(uri);
      const st = statSync(p);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  readDirectory(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return readdirSync(fileURLToPath(uri), { withFileTypes: true }).map((d) => (d.isDirectory() ? d.name + '/' : d.name));
    } catch {
      return undefined;
    }
  },
};
