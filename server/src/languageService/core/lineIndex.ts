/** Offset ↔ line/character for one text; built lazily once per document version. */
export class LineIndex {
  private readonly starts: number[];
  /** The indexed text: `clamp` needs its length and where a `\r\n` pair sits. */
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.starts = starts;
  }

  /**
   * The index of `text`, made from `prev` (the index of the text before one edit: `[start, oldEnd)` became
   * `[start, newEnd)`) by rescanning only the edited lines; at 50k lines a full scan costs ~5 ms per keystroke.
   */
  static afterEdit(prev: LineIndex, text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const old = prev.starts;
    // A line start s depends only on the characters at s-1 and s (a lone `\r` ends a line too): starts before
    // the edit stay, starts after the old edit end move by the length change, the edited span is rescanned.
    const before = firstAtLeast(old, start);
    const starts = old.slice(0, Math.max(1, before));
    for (let j = Math.max(0, start - 1); j < newEnd; j++) {
      const c = text.charCodeAt(j);
      if (c === 10 /* \n */ || (c === 13 /* \r */ && text.charCodeAt(j + 1) !== 10)) starts.push(j + 1);
    }
    const delta = newEnd - oldEnd;
    for (let i = firstAtLeast(old, oldEnd + 1); i < old.length; i++) starts.push(old[i] + delta);
    const index = Object.create(LineIndex.prototype) as LineIndex;
    (index as unknown as { starts: number[] }).starts = starts;
    (index as unknown as { text: string }).text = text;
    return index;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based line and character (UTF-16 units) of an offset. */
  position(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  /**
   * The nearest offset a client can take: inside the text, and never between the `\r` and `\n` of a line end
   * (the parser's error positions can be either; VS Code rejects or misplaces such ranges).
   */
  clamp(offset: number): number {
    const o = Math.min(Math.max(0, offset), this.text.length);
    return o > 0 && this.text.charCodeAt(o - 1) === 13 && this.text.charCodeAt(o) === 10 ? o - 1 : o;
  }

  /** The first and the end offset (line break excluded) of the line holding `offset`. */
  lineBounds(offset: number): { start: number; end: number } {
    const line = this.position(this.clamp(offset)).line;
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return { start: this.starts[line], end };
  }

  offset(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.starts[this.starts.length - 1] + character;
    return this.starts[line] + character;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
}

/** Index of the first element ≥ `x` in an ascending array (its length when none). */
function firstAtLeast(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
