/**
 * The JSON-pointer segments of a `$ref` as written: where each starts in the document, which one is under the
 * cursor, and the ref text with one segment replaced. Navigation acts on the segment under the cursor
 * (`#/channels/realtime/messages/error`: on `realtime` the channel, on `error` the message).
 */
import type { RefEntry } from './refIndex';
import { escapePointerSegment, type ParsedRef } from './refs';
import type { SpecDocument } from './specDocument';
import type { Span } from './types';

interface RawSegments {
  file: string;
  segs: string[];
  /** Where each segment starts in the document; -1 when the ref is written with escapes (no 1:1 offsets). */
  starts: number[];
}

function rawSegments(doc: SpecDocument, r: RefEntry): RawSegments | undefined {
  const hash = r.ref.indexOf('#');
  if (hash < 0) return undefined;
  const file = r.ref.slice(0, hash);
  const pointer = r.ref.slice(hash + 1);
  const segs = pointer.replace(/^\//, '').split('/');
  const literal = doc.text.slice(r.innerSpan.start, r.innerSpan.end) === r.ref;
  const starts: number[] = [];
  let at = r.innerSpan.start + hash + 1 + (pointer.startsWith('/') ? 1 : 0);
  for (const s of segs) {
    starts.push(literal ? at : -1);
    at += s.length + 1;
  }
  return { file, segs, starts };
}

/** The span of pointer segment `index` (the whole ref text when it cannot be placed). */
export function segmentSpan(doc: SpecDocument, r: RefEntry, index: number): Span {
  const raw = rawSegments(doc, r);
  if (!raw || index >= raw.segs.length || raw.starts[index] < 0) return r.innerSpan;
  return { start: raw.starts[index], end: raw.starts[index] + raw.segs[index].length };
}

/** The index of the pointer segment under `offset` (its end inclusive), or undefined off the pointer. */
export function segmentIndexAt(doc: SpecDocument, r: RefEntry, offset: number): number | undefined {
  const raw = rawSegments(doc, r);
  if (!raw) return undefined;
  const i = raw.starts.findIndex((s, n) => s >= 0 && offset >= s && offset <= s + raw.segs[n].length);
  return i < 0 ? undefined : i;
}

/** The ref text with one pointer segment replaced; the result replaces `innerSpan`. */
export function rewriteRef(doc: SpecDocument, r: RefEntry, index: number, newName: string): string {
  const raw = rawSegments(doc, r);
  if (!raw) return r.ref;
  const segs = [...raw.segs];
  segs[index] = escapePointerSegment(newName);
  return `${raw.file}#/${segs.join('/')}`;
}

/** What a ref names at the cursor: its target cut after the pointer segment under it (the whole target elsewhere). */
export function segmentTarget(doc: SpecDocument, r: RefEntry, target: ParsedRef, offset: number): ParsedRef {
  const i = segmentIndexAt(doc, r, offset);
  return i === undefined ? target : { ...target, path: target.path.slice(0, i + 1) };
}
