/**
 * Insertions as the editor applies them (offsets into the original text; at one offset, in their order), and
 * the check that an edit only inserted: taking each inserted text out again gives the original byte for byte.
 */
import assert from 'node:assert/strict';
import { applyInsert, type TextInsert } from '../../common/src/specEdit/yamlInsert';
import { offsetOf } from '../../common/src/specEdit/addExample';
import { inferSchema } from '../../common/src/specEdit/inferSchema';
import type { TryItModel } from '../../common/src/tryItModel';

export function applyInserts(text: string, inserts: TextInsert[]): string {
  return byOffset(inserts).reduceRight((t, i) => applyInsert(t, i), text);
}

export function assertOnlyInserted(text: string, edited: string, inserts: TextInsert[]): void {
  const sorted = byOffset(inserts);
  let out = edited;
  for (let k = sorted.length - 1; k >= 0; k--) {
    const at = sorted[k]!.offset + sorted.slice(0, k).reduce((n, i) => n + i.text.length, 0);
    assert.equal(out.slice(at, at + sorted[k]!.text.length), sorted[k]!.text, 'the inserted text is where it was put');
    out = out.slice(0, at) + out.slice(at + sorted[k]!.text.length);
  }
  assert.equal(out, text);
}

function byOffset(inserts: TextInsert[]): TextInsert[] {
  return [...inserts].sort((a, b) => a.offset - b.offset);
}

/** "Add message to spec" on the seed spec's `events` channel: a `presence` message received there, from `samples`. */
export function addMessageRequest(text: string, model: TryItModel, samples: unknown[]) {
  const channel = model.channels.find((c) => c.id === 'events')!;
  const receiving = channel.operations.find((o) => o.clientDirection === 'receive')!;
  return {
    text,
    channelAt: offsetOf(text, channel.location!.line, channel.location!.character),
    channelId: channel.id,
    operationAt: offsetOf(text, receiving.location!.line, receiving.location!.character),
    operationId: receiving.id,
    name: 'presence',
    payloadSchema: inferSchema(samples),
    example: samples[0],
  };
}
