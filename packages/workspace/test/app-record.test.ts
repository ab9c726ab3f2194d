import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAppRecord, parseAppRecord, readAppRecord, recordedApps } from "../src/app-record.js";
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

  it("accepts fields it does not know, so a newer generator can record more", () => {
    const { record, issues } = parseAppRecord({
      shipyard: { port: 8001, notYetKnown: { replicas: 2 } },
    });
    expect(issues).toEqual([]);
    expect(record).toEqual({ port: 8001 });
  });

  it("holds the template version and deploy values the files were rendered from", () => {
    const deploy = {
      registry: "docker.io",
      imageNamespace: "acme",
      domain: "example.org",
      ingressClass: "nginx",
    };
    const template = "c5f33c5c7b69db2a39d65cc6e90023ad4517969d";
    expect(parseAppRecord({ shipyard: { port: 8001, template, deploy } })).toEqual({
      record: { port: 8001, template, deploy },
      issues: [],
    });
    const wrong = parseAppRecord({
      shipyard: { port: 8001, template: "service", deploy: { ...deploy, registry: "https://x" } },
    });
    expect(wrong.issues.map((issue) => issue.field).sort()).toEqual([
      "shipyard.deploy.registry",
      "shipyard.template",
    ]);
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

  it("is loaded whole to render an app, naming the fix when it cannot be", async () => {
    const root = await mkdtemp(join(tmpdir(), "record-"));
    const write = async (app: string, text: string) => {
      await mkdir(join(root, "apps", app), { recursive: true });
      await writeFile(join(root, "apps", app, "package.json"), text);
    };
    await write("orders", '{"shipyard":{"name":"orders","port":8002,"description":"Orders"}}');
    await write("plain", '{"name":"plain"}');
    await write("renamed", '{"shipyard":{"name":"orders","port":8003,"description":"x"}}');
    await write("conflicted", '<<<<<<< yours\n{"shipyard":{}}\n=======\n{}\n>>>>>>> template\n');
    expect(await loadAppRecord(root, "orders")).toEqual({
      name: "orders",
      port: 8002,
      description: "Orders",
    });
    expect(await loadAppRecord(root, "plain")).toBeUndefined();
    await expect(loadAppRecord(root, "renamed")).rejects.toThrow(
      /"shipyard\.name" in apps\/renamed\/package\.json must be "renamed", the app's folder name\. Fix:/,
    );
    await expect(loadAppRecord(root, "conflicted")).rejects.toThrow(
      /apps\/conflicted\/package\.json is not valid JSON .*: it holds conflict markers from a sync\. Fix:/,
    );
    // The apps a sync renders: those with a record, and those whose package.json it must name.
    expect(recordedApps(root)).toEqual(["conflicted", "orders", "renamed"]);
  });
});
