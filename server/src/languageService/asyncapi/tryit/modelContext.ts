/**
 * State shared while one model is built: the document root, its major version, and a message factory that
 * builds each declared message once (payload dereferencing is the costly part) and copies it per use, since a
 * Socket.IO event name depends on the channel and operation it is used in.
 */
import type { TryItMessage } from '../../../../../common/src/tryItModel';
import { socketIoEvent } from './eventNames';
import { buildMessage } from './messages';
import type { BuildContext, SpecNode } from './resolve';

export interface ModelContext extends BuildContext {
  root: SpecNode;
  major: number;
  defaultContentType?: string;
  /** Whether any server speaks Socket.IO: only then do messages get event names and channels namespaces. */
  socketIo: boolean;
  message(node: SpecNode, id: string, use: { operation: unknown; channelAddress: string | null }): TryItMessage;
}

export function createModelContext(bc: BuildContext, root: SpecNode, major: number, defaultContentType: string | undefined): ModelContext {
  const built = new Map<string, TryItMessage>();
  const mc: ModelContext = {
    ...bc,
    root,
    major,
    defaultContentType,
    socketIo: false,
    message(node, id, use) {
      const key = `${node.uri}#${node.path.join('/')}|${id}`;
      let base = built.get(key);
      if (!base) {
        base = buildMessage(bc, node, { id, defaultContentType, major });
        built.set(key, base);
      }
      if (!mc.socketIo) return base;
      return { ...base, eventName: socketIoEvent({ message: node.value, operation: use.operation, channelAddress: use.channelAddress, messageId: id }) };
    },
  };
  return mc;
}
