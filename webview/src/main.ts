/** The Try it panel's webview: wires the three views to the host's typed messages. */
import type { ConnectionForm, HostToWebview, WebviewToHost } from '../../common/src/webviewMessages';
import { assertNever } from '../../common/src/assertNever';
import { ConnectionView } from './connectionView';
import { LogView } from './logView';
import { SendView } from './sendView';
import { RecordView } from './sessionControls';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): State | undefined;
  setState(state: State): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
/** Kept by VS Code across reloads: the host's serializer reads `uri` to reopen the panel on its spec. */
interface State {
  uri?: string;
  form: ConnectionForm;
}

const api = acquireVsCodeApi();
const post = (m: WebviewToHost) => api.postMessage(m);
const emptyForm: ConnectionForm = { server: '', variables: {}, channel: '', parameters: {}, query: {}, headers: {} };
// The form lives in the webview's state, so it survives hiding the panel and reloading the window.
let uri = api.getState()?.uri;
const connection = new ConnectionView(post, api.getState()?.form ?? emptyForm, (form) => api.setState({ uri, form }));
const send = new SendView(post);
const log = new LogView(post);
const record = new RecordView(post);
document.getElementById('app')!.append(connection.element, send.element, record.element, log.element);

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'model':
      uri = m.uri;
      connection.setModel(m.model);
      send.setSendables(m.sendables, m.describesServer, m.model);
      break;
    case 'focus':
      connection.focus(m.server, m.channel);
      if (m.operation) send.focusOperation(m.operation);
      break;
    case 'state':
      connection.setState(m.state);
      break;
    case 'formErrors':
      connection.setFormErrors(m.errors);
      break;
    case 'auth':
      connection.setAuth(m.server, m.auth);
      break;
    case 'subscriptions':
      connection.setSubscriptions(m.list);
      break;
    case 'asking':
      connection.setAsking(m.text);
      break;
    case 'log':
      log.add(m.entries, m.counters);
      break;
    case 'logCleared':
      log.clear();
      break;
    case 'draft':
      send.setDraft(m.key, m.text);
      if (m.unit) connection.fillFromExample(m.unit.channel, m.unit.index);
      break;
    case 'validation':
      send.setValidation(m.key, m.violations, m.parseError);
      break;
    case 'recording':
      record.set(m.on, m.steps);
      break;
    default:
      assertNever(m, 'message from the extension');
  }
});
post({ type: 'ready' });
