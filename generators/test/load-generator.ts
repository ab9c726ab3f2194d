// The generator as the tests run it: writing into a copy of the repository, and installing
// nothing unless a test says how.
import { loadServiceGenerator } from "../src/load-service-generator.js";
import type { Command } from "../src/service-transaction.js";

export { firstFailure } from "../src/load-service-generator.js";

/** An install that does nothing, for tests that look at the files rather than the install. */
export const NO_INSTALL: Command = { command: process.execPath, args: ["-e", ""] };

export const loadGenerator = (root: string, install: Command = NO_INSTALL) =>
  loadServiceGenerator(root, install);
