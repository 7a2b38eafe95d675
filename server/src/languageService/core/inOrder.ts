/** Whether `text` holds the characters of `typed` in order, any case: how VS Code filters completions and symbols. */
export function inOrder(typed: string, text: string): boolean {
  const word = text.toLowerCase();
  let at = 0;
  for (const ch of typed.toLowerCase()) {
    at = word.indexOf(ch, at) + 1;
    if (at === 0) return false;
  }
  return true;
}
