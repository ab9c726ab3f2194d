import { describe, expect, it } from "vitest";
import { parseRolloutArgs } from "../src/args.js";

describe("the rollout command line", () => {
  it("defaults the commit to HEAD, writing to git without applying", () => {
    expect(parseRolloutArgs(["demo"])).toEqual({
      help: false,
      app: "demo",
      commit: "HEAD",
      apply: false,
      namespace: undefined,
    });
  });

  it("takes a commit, --apply and its namespace", () => {
    expect(parseRolloutArgs(["demo", "abc1234", "--apply", "-n", "shop"])).toEqual({
      help: false,
      app: "demo",
      commit: "abc1234",
      apply: true,
      namespace: "shop",
    });
    expect(parseRolloutArgs(["--apply", "--namespace=shop", "demo"]).namespace).toBe("shop");
    expect(() => parseRolloutArgs(["demo", "-n", "shop"])).toThrow(
      /--namespace only matters with --apply/,
    );
  });

  it("asks for the app and shows the usage", () => {
    expect(() => parseRolloutArgs([])).toThrow(
      /which app\?[\s\S]*Usage: pnpm rollout <app> \[<commit>\]/,
    );
  });

  it("rejects extra arguments and unknown options", () => {
    expect(() => parseRolloutArgs(["demo", "HEAD", "more"])).toThrow(/unexpected argument more/);
    expect(() => parseRolloutArgs(["demo", "--force"])).toThrow(/Unknown option '--force'/);
  });

  it("answers --help without needing an app", () => {
    expect(parseRolloutArgs(["--help"]).help).toBe(true);
  });
});
