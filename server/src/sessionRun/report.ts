/** The results as people (text), programs (json) and CI systems (JUnit XML: testsuites > testsuite per session > testcase per step) read them. */
import type { SessionResult } from '../../../common/src/sessions/runner';

export type Reporter = 'text' | 'json' | 'junit';

export function report(results: SessionResult[], reporter: Reporter): string {
  if (reporter === 'json') return JSON.stringify(results, null, 2) + '\n';
  if (reporter === 'junit') return junit(results);
  return text(results);
}

const MARK = { passed: '✔', failed: '✘', skipped: '-' };

function text(results: SessionResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${MARK[r.status]} ${r.name}${r.file ? ` (${r.file})` : ''} ${r.durationMs} ms`);
    if (r.error) lines.push(indent(`could not start: ${r.error}`, 4));
    for (const s of r.steps) {
      lines.push(`    ${MARK[s.status]} ${s.label}${s.status === 'skipped' ? ' (skipped)' : ''}`);
      if (s.reason) lines.push(indent(s.reason, 8));
    }
  }
  const failed = results.filter((r) => r.status === 'failed').length;
  lines.push(`${results.length} session${results.length === 1 ? '' : 's'}, ${results.length - failed} passed, ${failed} failed`);
  return lines.join('\n') + '\n';
}

function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}

function junit(results: SessionResult[]): string {
  const count = (f: (r: SessionResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const tests = count((r) => cases(r).length);
  const failures = count((r) => r.steps.filter((s) => s.status === 'failed').length);
  const errors = count((r) => (r.error ? 1 : 0));
  const time = seconds(count((r) => r.durationMs));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="specsocket" tests="${tests}" failures="${failures}" errors="${errors}" time="${time}">`,
  ];
  for (const r of results) out.push(...suite(r));
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

interface Case {
  name: string;
  time: number;
  body: string;
}

function cases(r: SessionResult): Case[] {
  const steps = r.steps.map((s, i) => ({
    name: `${i + 1}. ${s.label}`,
    time: s.durationMs,
    body: s.status === 'failed' ? failure('failure', s.reason ?? 'failed') : s.status === 'skipped' ? '<skipped/>' : '',
  }));
  return r.error ? [{ name: '0. connect', time: 0, body: failure('error', r.error) }, ...steps] : steps;
}

function suite(r: SessionResult): string[] {
  const all = cases(r);
  const failures = r.steps.filter((s) => s.status === 'failed').length;
  const skipped = r.steps.filter((s) => s.status === 'skipped').length;
  const attrs = `name="${xml(r.name)}" tests="${all.length}" failures="${failures}" errors="${r.error ? 1 : 0}" skipped="${skipped}" time="${seconds(r.durationMs)}"`;
  const out = [`  <testsuite ${attrs}${r.file ? ` file="${xml(r.file)}"` : ''}>`];
  for (const c of all) {
    const open = `    <testcase name="${xml(c.name)}" classname="${xml(r.name)}" time="${seconds(c.time)}"`;
    out.push(c.body ? `${open}>${c.body}</testcase>` : `${open}/>`);
  }
  out.push('  </testsuite>');
  return out;
}

function failure(tag: 'failure' | 'error', reason: string): string {
  return `<${tag} message="${xml(reason.split('\n')[0])}" type="${tag === 'error' ? 'SessionError' : 'StepFailure'}">${xml(reason)}</${tag}>`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Text as XML content or attribute: the five specials escaped, and characters XML 1.0 forbids dropped. */
function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}
