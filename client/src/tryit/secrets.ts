/**
 * Secrets of a spec's security schemes, one per spec file, server and scheme, in VS Code SecretStorage
 * (never settings or files). Asked once with a password box; a declined prompt is not repeated while the
 * panel lives (reconnects must not nag).
 */
import * as vscode from 'vscode';
import type { TryItSecurityScheme } from '../../../common/src/tryItModel';
import type { SecretStore } from './tryItController';
import { secretPrompt } from './secretPrompt';

export class VsCodeSecrets implements SecretStore {
  private readonly declined = new Set<string>();

  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly specUri: string,
  ) {}

  async get(server: string, scheme: TryItSecurityScheme, ask: boolean): Promise<string | undefined> {
    const key = this.key(server, scheme.name);
    const stored = await this.storage.get(key);
    if (stored !== undefined || !ask || this.declined.has(key)) return stored;
    const value = await vscode.window.showInputBox({
      title: `SpecSocket: ${scheme.name} for server "${server}"`,
      prompt: secretPrompt(scheme),
      password: true,
      ignoreFocusOut: true,
    });
    if (!value) {
      this.declined.add(key);
      return undefined;
    }
    await this.storage.store(key, value);
    return value;
  }

  async has(server: string, scheme: string): Promise<boolean> {
    return (await this.storage.get(this.key(server, scheme))) !== undefined;
  }

  async forget(server: string, scheme: string): Promise<void> {
    const key = this.key(server, scheme);
    this.declined.delete(key);
    await this.storage.delete(key);
  }

  private key(server: string, scheme: string): string {
    return `specsocket.secret:${this.specUri}#${server}#${scheme}`;
  }
}
