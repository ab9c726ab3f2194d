import { UserError } from "@repo/workspace/user-error";

/** A failure the user can fix: its message names the problem and the fix, and is printed alone. */
export class RolloutError extends UserError {
  override name = "RolloutError";
}
