/**
 * The `default` of a switch over a message union: it compiles only while every member is handled, so a new message
 * type fails to build until its receiver handles it. At run time (a peer on another version) it says what came.
 */
export function assertNever(value: never, what: string): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
