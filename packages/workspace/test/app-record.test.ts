import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAppRecord, readAppRecord } from "../src/app-record.js";
import { repositoryRoot } from "../src/repository-root.js";

describe("an app's record", () => {
  it("holds the port and host the app was generated with", () => {
    expect(
      parseAppRecord({ name: "orders", shipyard: { port: 8001, host: "o.example.com" } }),
    ).toEqual({ record: { port: 8001, host: "o.example.com" }, issues: [] });
  });

  it("is empty when package.json has none", () => {
    expect(parseAppRecord({ name: "orders" })).toEqual({ record: {}, issues: [] });
    expect(parseAppRecord(undefined)).toEqual({ record: {}, issues: [] });
  });

  it("accepts fields it does not read, so the generator can record more", () => {
    const { record, issues } = parseAppRecord({
      shipyard: { port: 8001, template: "service", deploy: { replicas: 2 } },
    });
    expect(issues).toEqual([]);
    expect(record.port).toBe(8001);
  });

  it("names each field that is wrong", () => {
    const { record, issues } = parseAppRecord({ shipyard: { port: 70000, host: "" } });
    expect(record).toEqual({});
    expect(issues.map((issue) => issue.field).sort()).toEqual(["shipyard.host", "shipyard.port"]);
  });

  it("is read from apps/<app>/package.json, and is empty when that cannot be read", async () => {
    const root = await mkdtemp(join(tmpdir(), "record-"));
    await mkdir(join(root, "apps", "orders"), { recursive: true });
    await writeFile(join(root, "apps", "orders", "package.json"), '{"shipyard":{"port":8002}}');
    await mkdir(join(root, "apps", "broken"), { recursive: true });
    await writeFile(join(root, "apps", "broken", "package.json"), "{");
    expect(readAppRecord(root, "orders")).toEqual({ port: 8002 });
    expect(readAppRecord(root, "broken")).toEqual({});
    expect(readAppRecord(root, "missing")).toEqual({});
    expect(readAppRecord(repositoryRoot, "demo").port).toBeTypeOf("number");
  });
});
