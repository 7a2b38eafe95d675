/** SpecSocket's version: package.json's, put in at build time (scripts/build.mjs); 'dev' when run from source. */
declare const SPECSOCKET_VERSION: string | undefined;
export const VERSION: string = typeof SPECSOCKET_VERSION === 'string' ? SPECSOCKET_VERSION : 'dev';
