import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findImageLine } from "@repo/workspace/image-line";
import { manifestPath, writeBack } from "../src/write-back.js";
import { builtReference } from "../src/written-image.js";
import { createFixture, type Fixture, sh } from "./git-fixture.js";

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(async () => {
  await fixture.cleanup();
});

const digest = (char: string) => `sha256:${char.repeat(64)}`;
const noWait = () => 10;

function built(app: string, source: string, char = "a") {
  return { app, reference: builtReference(fixture.repository(app), source, digest(char)) };
}

async function imageOnMain(app: string): Promise<string> {
  const file = manifestPath(app);
  return findImageLine(await fixture.show(file), fixture.repository(app), file).image;
}

describe("writing the pushed images back into git", () => {
  it("records every app's image in one commit naming the source commit and the apps", async () => {
    const { b } = fixture.commits;
    const clone = await fixture.clone("runner");
    const before = await fixture.show(manifestPath("demo"));
    const result = await writeBack({
      repo: clone,
      source: b,
      images: [built("demo", b), built("orders", b, "b")],
    });

    expect(result.written.map((image) => image.app)).toEqual(["demo", "orders"]);
    const [tip] = await fixture.log();
    expect(tip).toBe(`${result.commit} Deploy ${b.slice(0, 7)} to demo, orders [skip ci]`);
    const body = await sh(fixture.remote, ["log", "-1", "--format=%B", "main"]);
    expect(body).toContain(`Source-Commit: ${b}`);
    expect(body).toContain(
      `- orders: ${fixture.repository("orders")}:sha-${b.slice(0, 7)}@${digest("b")}`,
    );
    expect(await sh(fixture.remote, ["diff", "--name-only", "main~1", "main"])).toBe(
      "apps/demo/kubernetes/deployment.yaml\napps/orders/kubernetes/deployment.yaml",
    );
    // Only the image changed: comments, order and formatting are the file's own.
    const after = await fixture.show(manifestPath("demo"));
    const image = `${fixture.repository("demo")}:sha-${b.slice(0, 7)}@${digest("a")}`;
    expect(await imageOnMain("demo")).toBe(image);
    expect(after.replace(image, "X")).toBe(
      before.replace(findImageLine(before, fixture.repository("demo"), "x").image, "X"),
    );
    // The runner's own checkout is untouched.
    expect(await sh(clone, ["status", "--porcelain"])).toBe("");
    expect((await sh(clone, ["worktree", "list"])).split("\n")).toHaveLength(1);
  });

  it("makes no commit when the manifests already name the images", async () => {
    const { b } = fixture.commits;
    const first = await writeBack({
      repo: await fixture.clone("one"),
      source: b,
      images: [built("demo", b)],
    });
    const logBefore = await fixture.log();
    const second = await writeBack({
      repo: await fixture.clone("two"),
      source: b,
      images: [built("demo", b)],
    });
    expect(first.commit).toBeDefined();
    expect(second.commit).toBeUndefined();
    expect(second.skipped).toEqual([
      { ...built("demo", b), reason: "apps/demo/kubernetes/deployment.yaml already names it" },
    ]);
    expect(await fixture.log()).toEqual(logBefore);
  });

  it("never lets an older commit's build, finishing last, replace a newer one's image", async () => {
    const { a, c } = fixture.commits;
    await writeBack({ repo: await fixture.clone("new"), source: c, images: [built("demo", c)] });
    const logBefore = await fixture.log();
    const late = await writeBack({
      repo: await fixture.clone("old"),
      source: a,
      images: [built("demo", a, "f"), built("orders", a, "f")],
    });
    // demo keeps c's image; orders never had one from git history, so a's is the newest.
    expect(late.skipped.map((image) => image.app)).toEqual(["demo"]);
    expect(late.skipped[0]?.reason).toContain(
      `built from ${c.slice(0, 7)}, which is newer than ${a.slice(0, 7)}`,
    );
    expect(late.written.map((image) => image.app)).toEqual(["orders"]);
    expect(await imageOnMain("demo")).toBe(built("demo", c).reference);
    expect((await fixture.log()).slice(1)).toEqual(logBefore);
  });

  it("lets concurrent pushers all land, the newest commit's images winning whatever the order", async () => {
    const { a, b, c } = fixture.commits;
    const runners = await Promise.all(["r1", "r2", "r3", "r4"].map((name) => fixture.clone(name)));
    const pushes: [string, string[]][] = [
      [a, ["demo", "orders"]],
      [c, ["demo"]],
      [b, ["demo", "orders"]],
      [c, ["orders"]],
    ];
    const results = await Promise.all(
      pushes.map(([source, apps], index) =>
        writeBack({
          repo: runners[index]!,
          source,
          images: apps.map((app) => built(app, source)),
          retryDelayMs: noWait,
          attempts: 10,
        }),
      ),
    );
    expect(await imageOnMain("demo")).toBe(built("demo", c).reference);
    expect(await imageOnMain("orders")).toBe(built("orders", c).reference);
    // History stays linear: every pushed write-back commit is on main.
    const log = await fixture.log();
    for (const result of results) {
      if (result.commit) expect(log.map((line) => line.split(" ")[0])).toContain(result.commit);
    }
    expect(await sh(fixture.remote, ["rev-list", "--merges", "main"])).toBe("");
  });

  it("fetches, redoes the edit on the new tip and pushes again when its push is rejected", async () => {
    const { b } = fixture.commits;
    const other = await fixture.clone("someone-else");
    const result = await writeBack({
      repo: await fixture.clone("runner"),
      source: b,
      images: [built("demo", b)],
      retryDelayMs: noWait,
      // Another push lands between this runner's fetch and its push, once.
      beforePush: async (attempt) => {
        if (attempt > 1) return;
        await writeFile(path.join(other, "README.md"), "someone's change\n");
        await sh(other, ["add", "README.md"]);
        await sh(other, ["commit", "--quiet", "-m", "someone's change"]);
        await sh(other, ["push", "--quiet", "origin", "main"]);
      },
    });
    expect(result.attempts).toBe(2);
    const log = await fixture.log();
    expect(log[0]).toBe(`${result.commit} Deploy ${b.slice(0, 7)} to demo [skip ci]`);
    expect(log[1]).toMatch(/ someone's change$/);
    expect(await fixture.show("README.md")).toBe("someone's change");
  });

  it("refuses an image built from a commit that is not on the branch", async () => {
    const clone = await fixture.clone("runner");
    await writeFile(path.join(clone, "side.txt"), "side\n");
    await sh(clone, ["add", "side.txt"]);
    await sh(clone, ["commit", "--quiet", "-m", "side"]);
    const side = await sh(clone, ["rev-parse", "HEAD"]);
    await expect(
      writeBack({ repo: clone, source: side, images: [built("demo", side)] }),
    ).rejects.toThrow(
      `commit ${side.slice(0, 7)} is not on main: only images built from main are written back.`,
    );
  });

  it("refuses a reference whose tag is not the source commit's, or another registry's image", async () => {
    const { a, b } = fixture.commits;
    const clone = await fixture.clone("runner");
    await expect(
      writeBack({
        repo: clone,
        source: b,
        images: [{ app: "demo", reference: built("demo", a).reference }],
      }),
    ).rejects.toThrow(`the tag must be sha-${b.slice(0, 7)}`);
    const elsewhere = `localhost:5000/team/demo:sha-${b.slice(0, 7)}@${digest("a")}`;
    await expect(
      writeBack({ repo: clone, source: b, images: [{ app: "demo", reference: elsewhere }] }),
    ).rejects.toThrow(`apps/demo/kubernetes/deployment.yaml runs ${fixture.repository("demo")}`);
    expect(await fixture.log()).toHaveLength(4);
  });
});
