/**
 * The one typed shape of SpecSocket's settings (`specsocket.*` in package.json).
 * Flows client → server: the client sends the whole section on start and whenever it changes
 * (`workspace/didChangeConfiguration`); the server never reads settings any other way.
 */
export interface SpecSocketSettings {
  /** Fetch http(s) `$ref` targets; off by default so validation never touches the network. */
  resolveRemoteRefs: boolean;
  validation: {
    /** Run semantic checks beyond the JSON schema. */
    semantic: boolean;
  };
  fern: {
    /** Globs that override Fern file detection; empty = detect. */
    definitionGlobs: string[];
  };
}

export const SETTINGS_SECTION = 'specsocket';

export const defaultSettings: SpecSocketSettings = {
  resolveRemoteRefs: false,
  validation: { semantic: true },
  fern: { definitionGlobs: [] },
};

/** Fills what a partial (user) settings object leaves out with the defaults. */
export function withDefaults(partial: unknown): SpecSocketSettings {
  const p = (partial && typeof partial === 'object' ? partial : {}) as Partial<SpecSocketSettings>;
  return {
    resolveRemoteRefs: typeof p.resolveRemoteRefs === 'boolean' ? p.resolveRemoteRefs : defaultSettings.resolveRemoteRefs,
    validation: { semantic: p.validation?.semantic ?? defaultSettings.validation.semantic },
    fern: { definitionGlobs: Array.isArray(p.fern?.definitionGlobs) ? p.fern!.definitionGlobs : [] },
  };
}
