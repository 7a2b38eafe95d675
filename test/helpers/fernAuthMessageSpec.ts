/** A small Fern definition with an auth-message channel, shared by the auth-message and fallback tests. */
export const API = 'name: rt\nauth: Bearer\nauth-schemes:\n  Bearer:\n    scheme: bearer\nenvironments:\n  Local: ws://127.0.0.1:8000\n';
const TYPES =
  'types:\n  Auth:\n    docs: Sent first.\n    properties:\n      type: literal<"auth">\n      params: Params\n' +
  '  Params:\n    properties:\n      token:\n        type: string\n        docs: The bearer token.\n      session: optional<string>\n      depth: integer\n  Ack:\n    properties:\n      ok: boolean\n';
/** The channel file, with `authMessage` as the (indented) body of its `auth-message:` key. */
export const CHANNEL = (authMessage: string) =>
  `channel:\n  path: /ws\n  auth: true\n  auth-message:\n${authMessage}  messages:\n    authenticate:\n      origin: client\n      body: Auth\n    ack:\n      origin: server\n      body: Ack\n${TYPES}`;
