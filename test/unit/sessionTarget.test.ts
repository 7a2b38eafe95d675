/** What a session names in the spec (common/src/sessions/target.ts): its server and channel, and steps the spec cannot do. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { resolveTarget, sessionProblems, type Target } from '../../common/src/sessions/target';
import type { SessionFile, Step } from '../../common/src/sessions/format';
import { modelOf } from '../helpers/tryItModels';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const chat = modelOf(join(EXAMPLES, 'chatapp-socketio', 'asyncapi.yaml'));
const dataverse = modelOf(join(EXAMPLES, 'dataverse-pubsub', 'asyncapi.yaml'));
const session = (steps: Step[], extra: Partial<SessionFile> = {}): SessionFile => ({ session: 1, spec: 'asyncapi.yaml', steps, ...extra });

test('the server: --server first, else the file, else the only one; unknown ones listed', () => {
  assert.equal((resolveTarget(chat, session([])) as Target).server.name, 'local');
  assert.equal(resolveTarget(chat, session([], { server: 'prod' })), 'the spec has no server "prod" (it has local)');
  assert.equal((resolveTarget(chat, session([], { server: 'prod' }), 'local') as Target).server.name, 'local');
  assert.equal((resolveTarget(dataverse, session([], { channel: 'ws/user' })) as Target).channel?.id, 'ws/user');
  assert.match(resolveTarget(dataverse, session([], { channel: 'ws/nope' })) as string, /^the spec has no channel "ws\/nope" \(it has ws\/data, ws\/user\)$/);
});

test('steps the spec cannot do are refused by index before anything connects', () => {
  const target = resolveTarget(dataverse, session([], { channel: 'ws/data' })) as Target;
  const steps: Step[] = [
    { send: 'groundingDino' },
    { send: 'dataAck' },
    { expect: { anyOf: ['dataAck', 'groundingDino'] } },
    { emit: 'groundingDino' },
    { subscribe: '/queue/x' },
    { send: 'notification', channel: 'ws/nope' },
  ];
  assert.deepEqual(sessionProblems(dataverse, session(steps), target), [
    'steps[1]: the spec declares no message "dataAck" that a client sends',
    'steps[2]: the spec declares no message "groundingDino" that a client receives',
    'steps[3]: emit waits for a Socket.IO acknowledgement; server "data" speaks ws: use send',
    'steps[4]: subscribe is for STOMP destinations and MQTT topic filters; server "data" speaks ws',
    'steps[5]: the spec has no channel "ws/nope" (it has ws/data, ws/user)',
  ]);
});

test('a message id declared on several channels: the step channel picks one, and a Socket.IO emit is fine', () => {
  const target = resolveTarget(chat, session([])) as Target;
  const steps: Step[] = [
    { emit: 'ChatRoomRequest', channel: 'typing_end' },
    { expect: 'TypingEvent', channel: 'typing_start' },
  ];
  assert.deepEqual(sessionProblems(chat, session(steps), target), []);
});
