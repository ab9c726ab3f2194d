import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { actionlint, formatFindings } from "../src/actionlint.js";
import { loadWorkflows } from "../src/workflow-files.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const workflows = await loadWorkflows(root);

describe("actionlint", () => {
  it("finds the workflows", () => {
    expect(workflows.map((w) => w.file)).toEqual(
      expect.arrayContaining([
        ".github/workflows/ci.yml",
        ".github/workflows/image.yml",
        ".github/workflows/app-demo.yml",
        ".github/workflows/deliver.yml",
      ]),
    );
  });

  it.each(workflows.map((w) => [w.file, w.text]))("passes on %s", async (file, text) => {
    const findings = await actionlint(text, file);
    expect(findings, formatFindings(findings)).toEqual([]);
  });

  it("reports what a broken workflow gets wrong, so a clean result means something", async () => {
    const image = workflows.find((w) => w.file.endsWith("/image.yml"));
    const broken = (image?.text ?? "")
      .replace("inputs.login == 'github-token'", "inputs.logn == 'github-token'")
      .replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latset");
    const findings = await actionlint(broken, "image.yml");
    expect(findings.map((f) => f.kind).sort()).toEqual(["expression", "runner-label"]);
    expect(formatFindings(findings)).toMatch(/image\.yml:\d+:\d+: property "logn" is not defined/);
  });
});
