/**
 * The WebSocket channel binding schema for 2.x documents. The 2.x schemas leave every binding open
 * (`bindingsObject.ws: {}`), so a ws `query` of `required: channel_id` passed and its keys had no completion;
 * @asyncapi/specs ships the binding's own schema (bindings/websockets/0.1.0/channel.json, written for 3.0.0),
 * which 2.x channels get here with its Schema/Reference definitions swapped for the version's own (draft-07).
 */
import wsChannel from '@asyncapi/specs/bindings/websockets/0.1.0/channel.json';
import type { SchemaNode } from './officialSchemas';

/**
 * Adds the ws channel binding to a 2.x schema copy whose ids live under `base` (see schemaFor): channel items'
 * `bindings` and `components.channelBindings` entries. Server, operation and message bindings stay as they are
 * (the spec reserves `ws` there with no fields).
 */
export function addWsChannelBinding(defs: Record<string, SchemaNode>, version: string, base: string): void {
  if (!version.startsWith('2.')) return;
  const own = `${base}definitions/${version}/`;
  const text = JSON.stringify(wsChannel)
    .replace(/"http:\/\/asyncapi\.com\/definitions\/3\.0\.0\//g, `"${own}`)
    .replace(/"http:\/\/asyncapi\.com\/bindings\//g, `"${base}bindings/`);
  const binding = JSON.parse(text) as SchemaNode;
  delete binding.$schema;
  defs[String(binding.$id)] = binding;
  const channelBindings: SchemaNode = { allOf: [{ $ref: `${own}bindingsObject.json` }, { properties: { ws: { $ref: String(binding.$id) } } }] };
  const channelItem = defs[`${own}channelItem.json`]?.properties as Record<string, SchemaNode> | undefined;
  if (channelItem?.bindings) channelItem.bindings = channelBindings;
  const components = defs[`${own}components.json`]?.properties as Record<string, SchemaNode> | undefined;
  if (components?.channelBindings) components.channelBindings = { ...components.channelBindings, additionalProperties: channelBindings };
}
