/**
 * The AsyncAPI Try it model: servers, channels with their operations and messages, and the problems that kept
 * parts out. Never throws: each part is built on its own and a broken one becomes a problem.
 */
import type { TryItChannel, TryItModel, TryItServer } from '../../../../../common/src/tryItModel';
import type { DocumentStore } from '../../core/documentStore';
import type { SpecDocument } from '../../core/specDocument';
import { buildChannels2 } from './channels2';
import { buildChannels3 } from './channels3';
import { createModelContext } from './modelContext';
import { attempt, isObj, str, type BuildContext } from './resolve';
import { buildServers } from './servers';
import { markSseServers } from './sseServers';

export function buildAsyncapiModel(doc: SpecDocument, store: DocumentStore): { model: TryItModel; files: Set<string> } {
  const bc: BuildContext = { store, problems: [], files: new Set(), truncated: [], derefMemo: new Map(), keyIndex: new Map() };
  const value = doc.value;
  const v = isObj(value) ? value : {};
  const version = str(v.asyncapi) ?? '';
  const model: TryItModel = { uri: doc.uri, kind: 'asyncapi', version, describesServer: true, servers: [], channels: [], problems: bc.problems };
  if (!isObj(value)) {
    bc.problems.push(doc.valueError ? `The document could not be read: ${doc.valueError}` : 'The document is not a mapping.');
    return { model, files: bc.files };
  }
  const info = isObj(v.info) ? v.info : {};
  if (str(info.title)) model.title = str(info.title);
  const defaultContentType = str(v.defaultContentType);
  if (defaultContentType) model.defaultContentType = defaultContentType;
  const major = Number.parseInt(version, 10);
  if (major !== 2 && major !== 3) {
    bc.problems.push(`AsyncAPI version "${version}" is not supported by Try it (2.x and 3.x are).`);
    return { model, files: bc.files };
  }
  const root = { value, uri: doc.uri, path: [] };
  const mc = createModelContext(bc, root, major, defaultContentType);
  model.servers = attempt(bc, 'the servers', () => buildServers(bc, root, major), [] as TryItServer[]);
  mc.socketIo = model.servers.some((s) => s.transport === 'socket.io');
  model.channels = attempt(bc, 'the channels', () => (major >= 3 ? buildChannels3(mc) : buildChannels2(mc)), [] as TryItChannel[]);
  markSseServers(model);
  if (bc.truncated.length) {
    bc.problems.push(
      `${bc.truncated.length} schema(s) are too deep or too large to carry whole (first: ${bc.truncated[0]}); their deepest parts accept any value in Try it.`,
    );
  }
  return { model, files: bc.files };
}
