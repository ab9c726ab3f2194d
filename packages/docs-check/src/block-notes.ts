// What each shell block of the tutorial says about itself, in the HTML comment right above it
// (invisible once rendered). The chapters test runs the blocks marked `run` in chapter order;
// the others must say why they cannot run here, so that no command is left unchecked silently.
//
//   <!-- run -->                              every command exits 0 (a console block's output
//                                              must also be the one shown)
//   <!-- run; output contains: FULL TURBO --> and the block's output contains that text
//   <!-- not run here: needs a cluster -->    the reason, in the chapter's language
import { COMMAND_LANGS } from "./doc-commands.js";
import type { Fence } from "./markdown.js";

export type BlockNote =
  { kind: "run"; outputContains?: string | undefined } | { kind: "not run"; reason: string };

export const NOTE_FORMS = [
  "<!-- run -->",
  "<!-- run; output contains: <text> -->",
  "<!-- not run here: <why> -->",
];

/** The note's meaning, or a sentence saying what is wrong with it. */
export function readBlockNote(note: string | undefined): BlockNote | string {
  if (note === undefined) return `has no note above it: write one of ${NOTE_FORMS.join(", ")}`;
  if (note === "run") return { kind: "run" };
  const contains = /^run; output contains: (.+)$/.exec(note);
  if (contains) return { kind: "run", outputContains: contains[1]!.trim() };
  const notRun = /^not run here:(.*)$/.exec(note);
  if (notRun) {
    const reason = notRun[1]!.trim();
    return reason === ""
      ? `says "not run here" without saying why: write <!-- not run here: <why> -->`
      : { kind: "not run", reason };
  }
  return `has the note "<!-- ${note} -->", which is none of ${NOTE_FORMS.join(", ")}`;
}

/** Whether the docs test must find a note above this block. */
export function needsNote(fence: Fence): boolean {
  return COMMAND_LANGS.has(fence.lang);
}
