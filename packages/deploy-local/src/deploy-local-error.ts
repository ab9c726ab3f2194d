/** A failure the user can fix: its message names the problem and the fix, and is printed alone. */
export class DeployLocalError extends Error {
  override name = "DeployLocalError";
}
