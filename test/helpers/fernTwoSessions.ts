/** A Fern channel whose two example sessions give different values (issue 14, defect 5: an example is one unit). */
/** Two sessions: the first has no `publish` and no `model_version`; the second gives both. */
export const TWO_SESSIONS = `channel:
  path: /chat/{room}
  auth: false
  path-parameters:
    room: string
  query-parameters:
    model_id: optional<string>
    model_version: optional<integer>
  messages:
    publish:
      origin: client
      body:
        properties:
          text: string
    subscribe:
      origin: server
      body:
        properties:
          message: string
  examples:
    - name: Just listen
      path-parameters:
        room: lobby
      query-parameters:
        model_id: "listener"
      messages:
        - type: subscribe
          body:
            message: hi
    - name: Ask the v2 model
      docs: Says hello to version 2.
      path-parameters:
        room: support
      query-parameters:
        model_id: "assistant"
        model_version: 2
      messages:
        - type: publish
          body:
            text: Hello, v2.
`;
