/**
 * How the language server's Node process is started. Flows into every launcher: the extension's
 * LanguageClient (client/), the LSP tests and the bench, so all of them run the server as users get it.
 */

/**
 * The server's V8 flags, given at start (Node documents flags changed after start-up as unpredictable). Why each
 * (figures in docs/performance.md, "Server memory"):
 * - 4 MB semi-spaces: with Node's default 16 MB, a full parse of a 50k-line spec grows the young generation to
 *   32 MB and leaves it there; 4 MB cost no measurable time per keystroke.
 * - heap growing 50 %: V8 lets the old generation grow to up to 4× what survived the last major GC before
 *   collecting again, so a full parse of a large spec left ~100 MB of garbage resident; 1.5× bounds that, and the
 *   extra major GCs are incremental.
 * - no compilation cache: V8 keeps every `new Function` source in a cache that ages out slowly; ajv compiles each
 *   payload schema once (cached by content), so that cache only held megabytes of dead validators.
 * - expose-gc: the idle collector (server/src/idleCollector.ts) runs one full collection when the server goes
 *   quiet, returning a large parse's memory.
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=50', '--no-compilation-cache', '--expose-gc'];
