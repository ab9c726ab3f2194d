import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// Resolved by the package's own name, as an app's import is.
const require = createRequire(import.meta.url);

describe("the package's entry points", () => {
  it("are the public API and the testing helpers", () => {
    expect(require.resolve("@repo/service")).toMatch(/[/\\]src[/\\]index\.ts$/);
    expect(require.resolve("@repo/service/testing")).toMatch(/[/\\]src[/\\]spawn-service\.ts$/);
  });

  it.each(["logger", "service", "run-service", "spawn-service", "src/logger.ts", "package.json"])(
    "keep @repo/service/%s out of reach",
    (internal) => {
      expect(() => require.resolve(`@repo/service/${internal}`)).toThrow(
        `Package subpath './${internal}' is not defined by "exports"`,
      );
    },
  );
});
