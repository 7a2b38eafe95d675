/** Close reasons: RFC 6455 §5.5 caps a close frame's payload at 125 bytes, 2 of them the code. */

/** The most UTF-8 bytes a close reason may have (ws.close throws beyond it). */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * `text` cut to at most 123 UTF-8 bytes, on a character boundary (a surrogate pair is never split), with an
 * ellipsis when cut. Reasons quote client input (property names, JSON), so their byte length is not ours to pick.
 */
export function closeReason(text: string): string {
  if (Buffer.byteLength(text) <= MAX_CLOSE_REASON_BYTES) return text;
  const budget = MAX_CLOSE_REASON_BYTES - Buffer.byteLength('…');
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    bytes += Buffer.byteLength(ch);
    if (bytes > budget) break;
    out += ch;
  }
  return out + '…';
}
