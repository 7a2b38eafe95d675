/** What every feature function receives: the document, the store to reach other files, settings, cancellation. */
import type { SpecSocketSettings } from '../../../../common/src/settings';
import type { TryItModel } from '../../../../common/src/tryItModel';
import type { DocumentStore } from './documentStore';
import type { SpecDocument, SpecKind } from './specDocument';
import type { CancellationToken } from './types';

export interface FeatureContext {
  doc: SpecDocument;
  kind: SpecKind;
  store: DocumentStore;
  settings: SpecSocketSettings;
  token: CancellationToken;
  /** Files this document's results depended on (filled by features that read other files). */
  dependsOn: Set<string>;
  /** The Try it model of another file this document may read (a session file's spec), else undefined. */
  tryItModelOf?(uri: string): TryItModel | undefined;
}
