/**
 * The one typed shape of SpecSocket's settings (`specsocket.*` in package.json).
 * Flows client → server: the client sends the whole section on start and whenever it changes
 * (`workspace/didChangeConfiguration`); the server never reads settings any other way.
 */
export interface SpecSocketSettings {
  /** Fetch http(s) `$ref` targets; off by default so validation never touches the network. */
  resolveRemoteRefs: boolean;
  /**
   * Folders besides the workspace folders that `$ref`s may read (absolute paths or file: URLs; relative ones
   * are taken in each workspace folder). Restricted in untrusted workspaces: only the user's value counts.
   */
  allowedRefRoots: string[];
  /**
   * Globs (relative to a workspace folder, as `files.exclude` writes them) of files and folders the workspace
   * index never reads; `files.exclude` applies as well. A `$ref` to an excluded file is still followed.
   */
  exclude: string[];
  validation: {
    /** Run semantic checks beyond the JSON schema. */
    semantic: boolean;
  };
  fern: {
    /** Globs that override Fern file detection; empty = detect. */
    definitionGlobs: string[];
  };
  mock: {
    /** The credential every auth scheme of a mocked server accepts (bearer token, API key, password). */
    token: string;
    /** Re-send the server's unprompted messages every this many ms; 0 = only on connect/subscribe. */
    intervalMs: number;
    /** The largest message (WebSocket message, STOMP frame, Engine.IO packet) a mock accepts from a client. */
    maxPayloadBytes: number;
  };
}

export const SETTINGS_SECTION = 'specsocket';

export const defaultSettings: SpecSocketSettings = {
  resolveRemoteRefs: false,
  allowedRefRoots: [],
  exclude: ['**/node_modules/**'],
  validation: { semantic: true },
  fern: { definitionGlobs: [] },
  mock: { token: 'specsocket-mock-token', intervalMs: 0, maxPayloadBytes: 4 * 1024 * 1024 },
};

/** Fills what a partial (user) settings object leaves out with the defaults. */
export function withDefaults(partial: unknown): SpecSocketSettings {
  const p = (partial && typeof partial === 'object' ? partial : {}) as Partial<SpecSocketSettings>;
  return {
    resolveRemoteRefs: typeof p.resolveRemoteRefs === 'boolean' ? p.resolveRemoteRefs : defaultSettings.resolveRemoteRefs,
    allowedRefRoots: Array.isArray(p.allowedRefRoots) ? p.allowedRefRoots.filter((r): r is string => typeof r === 'string' && r !== '') : [],
    exclude: Array.isArray(p.exclude) ? p.exclude.filter((g): g is string => typeof g === 'string' && g !== '') : defaultSettings.exclude,
    validation: { semantic: p.validation?.semantic ?? defaultSettings.validation.semantic },
    fern: { definitionGlobs: Array.isArray(p.fern?.definitionGlobs) ? p.fern!.definitionGlobs : [] },
    mock: {
      token: typeof p.mock?.token === 'string' && p.mock.token ? p.mock.token : defaultSettings.mock.token,
      intervalMs: typeof p.mock?.intervalMs === 'number' && p.mock.intervalMs >= 0 ? p.mock.intervalMs : 0,
      maxPayloadBytes: isPositiveInteger(p.mock?.maxPayloadBytes) ? p.mock.maxPayloadBytes : defaultSettings.mock.maxPayloadBytes,
    },
  };
}

function isPositiveInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
}
