/** Runs the independent Python client of the mock tests (clients/mock_client.py) and reads the JSON lines it prints. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const CLIENT = join(__dirname, 'clients', 'mock_client.py');

export interface Line {
  event?: string | null;
  data?: unknown;
  headers?: Record<string, string>;
  /** SSE: the event's `id:`. */
  id?: string | null;
  /** SSE: a refused request's HTTP status and body. */
  status?: number;
  body?: string;
  done?: boolean;
  error?: string;
}

/** Runs the independent Python client to completion and returns the JSON lines it printed. */
export function python(args: string[]): Promise<Line[]> {
  return new Promise((resolve, reject) => {
    const p = spawn('/usr/bin/python3', [CLIENT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('exit', () => {
      const lines = out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Line);
      if (!lines.length) reject(new Error(`the Python client printed nothing: ${err}`));
      else resolve(lines);
    });
  });
}
