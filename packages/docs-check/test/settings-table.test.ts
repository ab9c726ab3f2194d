import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applySettings, settingsTables } from "../src/settings-table.js";

describe("a table of files and the settings to change in them", () => {
  it("is read from the rows that name a file and give key: value settings", () => {
    const markdown = [
      "| registry | account |",
      "| -------- | ------- |",
      "| Docker Hub | `DOCKERHUB_TOKEN` |",
      "| `deploy.config.yaml` | `registry: ttl.sh` and `imageNamespace: blue` |",
      "| `apps/demo/Dockerfile` | `FROM node` |",
    ].join("\n");
    expect(settingsTables(markdown)).toEqual([
      {
        file: "deploy.config.yaml",
        settings: [
          { key: "registry", value: "ttl.sh" },
          { key: "imageNamespace", value: "blue" },
        ],
      },
    ]);
  });

  it("is applied line by line, keeping the indentation and the rest of the file", () => {
    const root = mkdtempSync(join(tmpdir(), "settings-"));
    writeFileSync(
      join(root, "a.yaml"),
      "# the image\njobs:\n  image:\n    with:\n      image: old # here\n",
    );
    applySettings(root, { file: "a.yaml", settings: [{ key: "image", value: "new" }] });
    expect(readFileSync(join(root, "a.yaml"), "utf8")).toBe(
      "# the image\njobs:\n  image:\n    with:\n      image: new\n",
    );
  });

  it("refuses a key the file sets on several lines, or on none, naming the file", () => {
    const root = mkdtempSync(join(tmpdir(), "settings-"));
    writeFileSync(join(root, "b.yaml"), "image: a\nother:\n  image: b\n");
    expect(() =>
      applySettings(root, { file: "b.yaml", settings: [{ key: "image", value: "c" }] }),
    ).toThrow(/b.yaml has 2 lines setting image:/);
    expect(() =>
      applySettings(root, { file: "b.yaml", settings: [{ key: "registry", value: "c" }] }),
    ).toThrow(/b.yaml has 0 lines setting registry:/);
    expect(readFileSync(join(root, "b.yaml"), "utf8")).toBe("image: a\nother:\n  image: b\n");
  });
});
