import { describe, expect, it } from "vitest";
import { needsNote, readBlockNote } from "../src/block-notes.js";
import { loadDocs } from "../src/docs.js";
import { readMarkdown } from "../src/markdown.js";

describe("the note above a shell block", () => {
  const noteOf = (markdown: string) => readMarkdown(markdown).fences[0]!.note;

  it("is read from the HTML comment right above the block, on one line or several", () => {
    expect(noteOf("<!-- run -->\n```sh\nls\n```\n")).toBe("run");
    expect(noteOf("<!--\n  not run here: needs\n  a cluster\n-->\n```sh\nls\n```\n")).toBe(
      "not run here: needs a cluster",
    );
    expect(noteOf("  <!-- run -->\n  ```sh\n  ls\n  ```\n")).toBe("run");
    expect(noteOf("<!-- run -->\n\n```sh\nls\n```\n")).toBe("run");
    expect(noteOf("<!-- run -->\nSome text.\n\n```sh\nls\n```\n")).toBeUndefined();
    expect(noteOf("```sh\nls\n```\n")).toBeUndefined();
  });

  it("says whether the block runs, what it must print, or why it cannot run here", () => {
    expect(readBlockNote("run")).toEqual({ kind: "run" });
    expect(readBlockNote("run; output contains: FULL TURBO")).toEqual({
      kind: "run",
      outputContains: "FULL TURBO",
    });
    expect(readBlockNote("not run here: needs a cluster")).toEqual({
      kind: "not run",
      reason: "needs a cluster",
    });
  });

  it("is refused, naming the accepted forms, when missing, unknown or without a reason", () => {
    expect(readBlockNote(undefined)).toMatch(/has no note above it: write one of <!-- run -->/);
    expect(readBlockNote("runs")).toMatch(/"<!-- runs -->", which is none of/);
    expect(readBlockNote("not run here:")).toMatch(/without saying why/);
  });
});

describe("every shell block of the tutorial", () => {
  const chapters = loadDocs().filter((doc) => /^docs\/(en|fr)\//.test(doc.path));

  it("finds the chapters of both languages", () => {
    expect(chapters.length).toBeGreaterThanOrEqual(14);
  });

  for (const doc of chapters) {
    it(`says whether it runs here: ${doc.path}`, () => {
      const problems: string[] = [];
      for (const fence of doc.facts.fences) {
        if (!needsNote(fence)) continue;
        const note = readBlockNote(fence.note);
        if (typeof note === "string") problems.push(`${doc.path}:${fence.line}: the block ${note}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
