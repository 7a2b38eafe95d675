/**
 * Runs session files (or a spec's examples) one after another: each gets its spec's Try it model, its server,
 * a connection (to `--url`, to a mock of the spec with `--mock`, else to the server the spec names) and the runner.
 */
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TryItModel } from '../../../common/src/tryItModel';
import type { SessionFile } from '../../../common/src/sessions/format';
import { failedToStart, runSession, type SessionResult } from '../../../common/src/sessions/runner';
import { resolveTarget, sessionProblems } from '../../../common/src/sessions/target';
import { defaultSettings } from '../../../common/src/settings';
import { LanguageService } from '../languageService/languageService';
import { nodeFileSystem } from '../languageService/core/nodeFileSystem';
import { startMock, type RunningMock } from '../../../mock/src/mockServer';
import { connectSession, type Endpoint } from './connect';
import { exampleSessions } from './examples';
import type { LoadedSession } from './sessionFiles';

export interface RunSettings {
  server?: string;
  url?: string;
  mock: boolean;
  env: Record<string, string | undefined>;
  /** --examples: how long to listen after sending (ms). */
  listenMs: number;
}

export class TestRun {
  private readonly service = new LanguageService({ fs: nodeFileSystem });
  private readonly mocks = new Map<string, Promise<RunningMock>>();

  constructor(private readonly settings: RunSettings) {}

  async runFile(loaded: LoadedSession): Promise<SessionResult> {
    if (!loaded.session) return { ...failedToStart(loaded.name, loaded.error ?? 'not a session'), file: loaded.file };
    const spec = resolve(dirname(loaded.file), loaded.session.spec);
    return { ...(await this.run(loaded.session, loaded.name, spec)), file: loaded.file };
  }

  /** One session per channel of the spec, from its examples. */
  async runExamples(specFile: string): Promise<SessionResult[]> {
    const spec = resolve(specFile);
    const model = this.model(spec);
    if (!model) return [{ ...failedToStart(specFile, `${specFile} is not an AsyncAPI or Fern spec (or cannot be read)`), file: specFile }];
    const sessions = exampleSessions(model, spec, this.settings.listenMs);
    if (!sessions.length) return [{ ...failedToStart(specFile, `${specFile} declares no operations: there is nothing to smoke-test`), file: specFile }];
    const results: SessionResult[] = [];
    for (const { name, session } of sessions) results.push({ ...(await this.run(session, name, spec)), file: specFile });
    return results;
  }

  async close(): Promise<void> {
    await Promise.all([...this.mocks.values()].map(async (m) => (await m.catch(() => undefined))?.close()));
  }

  private async run(session: SessionFile, name: string, spec: string): Promise<SessionResult> {
    const model = this.model(spec);
    if (!model) return failedToStart(name, `${session.spec} is not an AsyncAPI or Fern spec (or cannot be read)`, session);
    const target = resolveTarget(model, session, this.settings.server);
    if (typeof target === 'string') return failedToStart(name, target, session);
    const problems = sessionProblems(model, session, target);
    if (problems.length) return failedToStart(name, problems.join('\n'), session);
    let connected;
    try {
      connected = await connectSession(session, target, await this.endpoint(model, spec, target.server.name), model.channels);
    } catch (e) {
      return failedToStart(name, e instanceof Error ? e.message : String(e), session);
    }
    try {
      return await runSession(session, name, { model, target, wire: connected.wire, env: this.settings.env });
    } finally {
      await connected.close();
    }
  }

  private model(spec: string): TryItModel | undefined {
    return this.service.tryItModel(pathToFileURL(spec).toString()) ?? undefined;
  }

  private async endpoint(model: TryItModel, spec: string, server: string): Promise<Endpoint> {
    const { url, env } = this.settings;
    if (!this.settings.mock) return { url, env };
    const key = `${spec}\u0000${server}`;
    if (!this.mocks.has(key))
      this.mocks.set(
        key,
        startMock(model, server, { token: defaultSettings.mock.token, port: 0 }, () => undefined),
      );
    const mock = await this.mocks.get(key)!;
    return { url: mock.url, mockToken: defaultSettings.mock.token, env };
  }
}
