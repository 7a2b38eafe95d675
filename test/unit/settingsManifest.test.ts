/**
 * package.json's `contributes.configuration` and the typed settings (common/src/settings.ts) describe the same
 * settings with the same defaults: a setting added on one side only, or a default changed on one side only, fails
 * here instead of reaching a user as a setting that does nothing or a default the UI misstates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings, SETTINGS_SECTION, withDefaults } from '../../common/src/settings';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const properties: Record<string, { default?: unknown }> = manifest.contributes.configuration.properties;

/** `{ a: { b: 1 } }` → `{ 'a.b': 1 }`: the typed defaults under the names package.json uses. */
function flatten(value: unknown, prefix: string, out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, `${prefix}.${k}`, out);
  } else out[prefix] = value;
  return out;
}

/** Settings only the client reads (the language client's own trace option): no field in the typed shape. */
const CLIENT_ONLY = ['specsocket.trace.server'];

test('every typed setting is contributed in package.json with the same default, and nothing else is', () => {
  const typed = flatten(defaultSettings, SETTINGS_SECTION);
  const contributed = Object.fromEntries(
    Object.entries(properties)
      .filter(([k]) => !CLIENT_ONLY.includes(k))
      .map(([k, p]) => [k, p.default]),
  );
  assert.deepEqual(contributed, typed);
});

test('what the editor sends with every setting at its contributed default reads back as the typed defaults', () => {
  const section: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(properties)) {
    const path = name.split('.').slice(1);
    let at = section;
    for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    at[path.at(-1)!] = p.default;
  }
  assert.deepEqual(withDefaults(section), defaultSettings);
});

test('every contributed setting says what it does', () => {
  for (const [name, p] of Object.entries(properties) as [string, { description?: string; markdownDescription?: string }][]) {
    assert.ok((p.description ?? p.markdownDescription ?? '').length > 20, `${name} has a description`);
  }
});
