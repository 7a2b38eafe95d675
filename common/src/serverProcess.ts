/**
 * How the language server's Node process is started. Flows into every launcher: the extension's
 * LanguageClient (client/), the LSP tests and the bench, so all of them run the server as users get it.
 */

/**
 * V8 flags that must be given at start (the young generation is sized when the heap is created; the server sets
 * its other V8 flags itself). With Node's default 16 MB semi-spaces, a full parse of a 50k-line spec grows the
 * young generation to 32 MB and leaves it there; 4 MB semi-spaces cost no measurable time per keystroke and keep
 * ~30 MB less resident (docs/performance.md, "Server memory").
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=4'];
