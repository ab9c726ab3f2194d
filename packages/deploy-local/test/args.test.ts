import { describe, expect, it } from "vitest";
import { DEFAULT_TIMEOUT_SECONDS, parseDeployLocalArgs } from "../src/args.js";

describe("parseDeployLocalArgs", () => {
  it("takes the app, a namespace and a timeout in seconds", () => {
    expect(parseDeployLocalArgs(["demo", "--namespace", "dev", "--timeout", "90s"])).toEqual({
      help: false,
      app: "demo",
      namespace: "dev",
      timeoutSeconds: 90,
    });
    expect(parseDeployLocalArgs(["demo", "-n", "dev"]).namespace).toBe("dev");
    expect(parseDeployLocalArgs(["demo"])).toEqual({
      help: false,
      app: "demo",
      namespace: undefined,
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    });
  });

  it("refuses what it cannot use, naming it and showing the usage", () => {
    expect(() => parseDeployLocalArgs([])).toThrow(
      /^which app\? Name one\.\n\nUsage: pnpm deploy:local/,
    );
    expect(() => parseDeployLocalArgs(["demo", "extra"])).toThrow(/unexpected argument extra/);
    expect(() => parseDeployLocalArgs(["demo", "--namespace", ""])).toThrow(
      /--namespace needs a name/,
    );
    expect(() => parseDeployLocalArgs(["demo", "--timeout", "soon"])).toThrow(
      /--timeout soon is not a number of seconds from 1 to 3600/,
    );
    expect(() => parseDeployLocalArgs(["demo", "--timeout", "0"])).toThrow(/--timeout 0 /);
    expect(() => parseDeployLocalArgs(["demo", "--tag", "x"])).toThrow(/Unknown option '--tag'/);
  });

  it("prints help", () => {
    expect(parseDeployLocalArgs(["--help"]).help).toBe(true);
  });
});
