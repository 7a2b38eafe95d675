/**
 * The process event the language server emits at its first quiet moment after a slow pass, and on which the
 * loader (start.ts) writes its code cache: then it holds what the open ran, before V8 flushes the bytecode of
 * functions that have not run for a while (a cache written only at exit, after a long session, lacked them).
 */
export const CODE_CACHE_EVENT = 'specsocket:write-code-cache';
