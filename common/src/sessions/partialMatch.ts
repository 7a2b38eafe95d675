/**
 * A partial payload match: every key the expectation names must be there with that value; arrays match element
 * by element and must be as long. The differences come back as diff lines, one per path, to print as they are.
 */
export function partialDiff(expected: unknown, actual: unknown, path = ''): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return mismatch(path, expected, actual);
    if (expected.length !== actual.length) return mismatch(path, expected, actual);
    return expected.flatMap((e, i) => partialDiff(e, actual[i], `${path}/${i}`));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return mismatch(path, expected, actual);
    return Object.entries(expected).flatMap(([k, v]) =>
      k in actual ? partialDiff(v, (actual as Record<string, unknown>)[k], `${path}/${k}`) : [`- ${path}/${k}: ${show(v)}`, `+ ${path}/${k}: (absent)`],
    );
  }
  return Object.is(expected, actual) ? [] : mismatch(path, expected, actual);
}

function mismatch(path: string, expected: unknown, actual: unknown): string[] {
  return [`- ${path || '/'}: ${show(expected)}`, `+ ${path || '/'}: ${show(actual)}`];
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}
