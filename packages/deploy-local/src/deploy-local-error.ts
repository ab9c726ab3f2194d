import { UserError } from "@repo/workspace/user-error";

/** A failure the user can fix: its message names the problem and the fix, and is printed alone. */
export class DeployLocalError extends UserError {
  override name = "DeployLocalError";
}
