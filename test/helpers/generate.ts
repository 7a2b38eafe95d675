/**
 * Generators of realistic, valid specs for the bench and the incremental-parse differential test:
 * AsyncAPI 2.6 and 3.0 documents of a requested line count (channels with parameters, operations, component
 * messages and schemas wired with `$ref`s), and Fern definition folders (types + one channel per file).
 * Deterministic: the same arguments give the same text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type AsyncApiFlavour = '2.6' | '3.0';

/** A tiny deterministic PRNG (mulberry32), so generated specs and edit positions repeat run to run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['order', 'trade', 'ticker', 'quote', 'user', 'session', 'price', 'alert', 'chat', 'room', 'device', 'sensor', 'reading', 'invoice', 'payment'];

function word(i: number): string {
  return WORDS[i % WORDS.length] + (i >= WORDS.length ? String(Math.floor(i / WORDS.length)) : '');
}

/**
 * Lines of one component schema with nested properties, an enum and a `$ref` to one of the first five schemas
 * (shared building blocks, as real specs have; a chain through every schema would make each payload as big as
 * the whole document once dereferenced).
 */
function schemaLines(name: string, i: number, indent: string): string[] {
  const prev = i > 0 ? `Schema${i < 5 ? i - 1 : i % 5}` : undefined;
  const out = [
    `${indent}${name}:`,
    `${indent}  type: object`,
    `${indent}  description: The ${word(i)} event payload, sent whenever a ${word(i + 1)} changes state.`,
    `${indent}  required:`,
    `${indent}    - id`,
    `${indent}    - kind`,
    `${indent}  properties:`,
    `${indent}    id:`,
    `${indent}      type: string`,
    `${indent}      format: uuid`,
    `${indent}      description: Unique identifier of the ${word(i)}.`,
    `${indent}    kind:`,
    `${indent}      type: string`,
    `${indent}      enum:`,
    `${indent}        - created`,
    `${indent}        - updated`,
    `${indent}        - deleted`,
    `${indent}    amount:`,
    `${indent}      type: number`,
    `${indent}      minimum: 0`,
    `${indent}    tags:`,
    `${indent}      type: array`,
    `${indent}      items:`,
    `${indent}        type: string`,
    `${indent}    meta:`,
    `${indent}      type: object`,
    `${indent}      properties:`,
    `${indent}        source:`,
    `${indent}          type: string`,
    `${indent}          example: "gateway-${i}"`,
    `${indent}        sentAt:`,
    `${indent}          type: string`,
    `${indent}          format: date-time`,
  ];
  if (prev) out.push(`${indent}    related:`, `${indent}      $ref: '#/components/schemas/${prev}'`);
  return out;
}

function messageLines(i: number, indent: string, v3: boolean): string[] {
  return [
    `${indent}Message${i}:`,
    `${indent}  name: ${word(i)}Event${i}`,
    `${indent}  title: ${word(i)} event ${i}`,
    `${indent}  summary: Notifies subscribers that a ${word(i)} changed.`,
    `${indent}  contentType: application/json`,
    `${indent}  payload:`,
    `${indent}    $ref: '#/components/schemas/Schema${i}'`,
    `${indent}  examples:`,
    `${indent}    - name: sample${i}`,
    `${indent}      payload:`,
    `${indent}        id: 5f0c6f4e-2f3b-4c5d-9e1a-${String(100000000000 + i)}`,
    `${indent}        kind: created`,
    `${indent}        amount: ${i}.5`,
    ...(v3 ? [] : [`${indent}  bindings:`, `${indent}    ws:`, `${indent}      bindingVersion: 0.1.0`]),
  ];
}

/**
 * An AsyncAPI document of about `lines` lines. Each unit adds a channel with a `{id}` parameter, an operation
 * (2.x: `subscribe`/`publish` inside the channel), a component message and a component schema.
 */
export function generateAsyncApi(flavour: AsyncApiFlavour, lines: number): string {
  const v3 = flavour === '3.0';
  const perUnit = v3 ? 64 : 63;
  const units = Math.max(2, Math.round((lines - 25) / perUnit));
  const head = [
    `asyncapi: ${v3 ? '3.0.0' : '2.6.0'}`,
    'info:',
    `  title: Generated ${flavour} API`,
    '  version: 1.0.0',
    '  description: |',
    '    A generated document for benchmarks.',
    '    It has many channels, operations, messages and schemas.',
    'servers:',
    '  production:',
    ...(v3 ? ['    host: api.example.com', '    pathname: /ws', '    protocol: wss'] : ['    url: wss://api.example.com/ws', '    protocol: wss']),
    '    description: Production endpoint',
    '    security:',
    ...(v3 ? ["      - $ref: '#/components/securitySchemes/token'"] : ['      - token: []']),
    'defaultContentType: application/json',
  ];
  const channels = ['channels:'];
  const operations = v3 ? ['operations:'] : [];
  for (let i = 0; i < units; i++) {
    const msgRef = `'#/components/messages/Message${i}'`;
    if (v3) {
      channels.push(
        `  ${word(i)}${i}:`,
        `    address: ${word(i)}/${i}/{id}`,
        `    description: Updates about ${word(i)} ${i}.`,
        '    parameters:',
        '      id:',
        `        description: Identifier of the ${word(i)}.`,
        '    messages:',
        `      Message${i}:`,
        `        $ref: ${msgRef}`,
      );
      operations.push(
        `  on${word(i)}${i}:`,
        `    action: ${i % 2 ? 'send' : 'receive'}`,
        '    channel:',
        `      $ref: '#/channels/${word(i)}${i}'`,
        `    summary: Handle ${word(i)} ${i}.`,
        '    messages:',
        `      - $ref: '#/channels/${word(i)}${i}/messages/Message${i}'`,
      );
    } else {
      channels.push(
        `  ${word(i)}/${i}/{id}:`,
        `    description: Updates about ${word(i)} ${i}.`,
        '    parameters:',
        '      id:',
        `        description: Identifier of the ${word(i)}.`,
        '        schema:',
        '          type: string',
        `    ${i % 2 ? 'publish' : 'subscribe'}:`,
        `      operationId: on${word(i)}${i}`,
        `      summary: Handle ${word(i)} ${i}.`,
        '      message:',
        `        $ref: ${msgRef}`,
      );
    }
  }
  const components = ['components:', '  securitySchemes:', '    token:', '      type: httpApiKey', '      name: token', '      in: query', '  messages:'];
  for (let i = 0; i < units; i++) components.push(...messageLines(i, '    ', v3));
  components.push('  schemas:');
  for (let i = 0; i < units; i++) components.push(...schemaLines(`Schema${i}`, i, '    '));
  return [...head, ...channels, ...operations, ...components].join('\n') + '\n';
}

/** The same document as JSON (`JSON.stringify` of its value, indented by two), of about `lines` lines. */
export function generateAsyncApiJson(flavour: AsyncApiFlavour, lines: number): string {
  // JSON spends about 1.5 lines for each YAML line (closing brackets).
  return JSON.stringify(parse(generateAsyncApi(flavour, Math.round(lines / 1.5))), null, 2) + '\n';
}

/** A Fern definition folder: `api.yml` plus `files - 1` definition files of about `totalLines` lines in all. */
export function generateFernFolder(dir: string, files: number, totalLines: number): string[] {
  const defDir = join(dir, 'fern', 'definition');
  mkdirSync(defDir, { recursive: true });
  const api = [
    'name: generated',
    'auth: bearer',
    'environments:',
    '  Production:',
    '    urls:',
    '      realtime: wss://realtime.example.com',
    '      api: https://api.example.com',
    'default-environment: Production',
    '',
  ].join('\n');
  writeFileSync(join(defDir, 'api.yml'), api);
  const written = [join(defDir, 'api.yml')];
  const perFile = Math.max(40, Math.round(totalLines / (files - 1)));
  for (let f = 0; f < files - 1; f++) {
    const text = fernFile(f, perFile);
    const path = join(defDir, `file${f}.yml`);
    writeFileSync(path, text);
    written.push(path);
  }
  return written;
}

function fernFile(f: number, lines: number): string {
  const out: string[] = [];
  if (f > 0) out.push('imports:', `  prev: file${f - 1}.yml`);
  out.push('channel:', `  path: /realtime/${word(f)}/{session_id}`, '  url: realtime', '  auth: true', '  path-parameters:', '    session_id: string');
  out.push('  query-parameters:', '    model: optional<string>', '    temperature: optional<double>', '  messages:');
  out.push('    send:', '      origin: client', `      body: Send${f}`, '    receive:', '      origin: server', `      body: Receive${f}`);
  out.push('  examples:', '    - name: Default', '      path-parameters:', '        session_id: s_123', '      messages:');
  out.push(
    '        - type: send',
    '          body:',
    '            text: hello',
    '            count: 1',
    '        - type: receive',
    '          body:',
    '            text: world',
    '            count: 2',
  );
  out.push('types:');
  out.push(
    `  Send${f}:`,
    '    properties:',
    '      text: string',
    '      count: integer',
    `  Receive${f}:`,
    '    properties:',
    '      text: string',
    '      count: integer',
  );
  let t = 0;
  while (out.length < lines - 2) {
    const name = `${word(t)[0].toUpperCase()}${word(t).slice(1)}${f}_${t}`;
    if (t % 3 === 2) out.push(`  ${name}:`, '    enum:', '      - ACTIVE', '      - INACTIVE', '      - PENDING');
    else
      out.push(
        `  ${name}:`,
        `    docs: A ${word(t)} record.`,
        '    properties:',
        '      id: string',
        '      createdAt: datetime',
        '      amount: optional<double>',
        '      labels: list<string>',
        '      attributes: map<string, string>',
        `      parent: optional<${f > 0 && t % 2 ? `prev.Send${f - 1}` : `Send${f}`}>`,
      );
    t++;
  }
  return out.join('\n') + '\n';
}
