/**
 * A failure the user fixes from its message alone (bad input, a missing tool, a cluster that
 * does not answer): command lines print its message without a stack trace.
 */
export class UserError extends Error {
  override name = "UserError";
}
