import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/diff/hunk.js";
import { buildChangedFile } from "../../src/review/changed-file.js";
import { addedLineNumbers, lineEdits, splitLines, unifiedDiff } from "./line-diff.js";

const text = (...lines: string[]): string => `${lines.join("\n")}\n`;

/** Rebuilds the new text from the old one and the patch: what `git apply` would do. */
function applyPatch(before: string, patch: string): string {
  const old = splitLines(before);
  const result: string[] = [];
  let cursor = 0; // 0-based index of the next old line not yet copied
  for (const hunk of parsePatch(patch).hunks) {
    const firstOld = hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1;
    while (cursor < firstOld) result.push(old[cursor++]!);
    for (const line of hunk.lines) {
      if (line.kind === "add") result.push(line.text);
      else {
        expect(old[cursor], `old line ${cursor + 1}`).toBe(line.text);
        if (line.kind === "context") result.push(line.text);
        cursor++;
      }
    }
  }
  while (cursor < old.length) result.push(old[cursor++]!);
  return result.length === 0 ? "" : `${result.join("\n")}\n`;
}

/** A tiny deterministic PRNG (mulberry32) so the property test is reproducible. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("unifiedDiff", () => {
  it("gives an empty patch for identical texts", () => {
    expect(unifiedDiff(text("a", "b"), text("a", "b"))).toBe("");
  });

  it("prints one hunk with three lines of context around a one-line change", () => {
    const before = text("1", "2", "3", "4", "5", "6", "7", "8", "9");
    const after = text("1", "2", "3", "4", "FIVE", "6", "7", "8", "9");
    expect(unifiedDiff(before, after)).toBe(
      ["@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+FIVE", " 6", " 7", " 8"].join("\n"),
    );
  });

  it("keeps distant changes in separate hunks and merges close ones", () => {
    const base = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const far = [...base];
    far[1] = "changed 2";
    far[17] = "changed 18";
    expect(parsePatch(unifiedDiff(text(...base), text(...far))).hunks).toHaveLength(2);
    const near = [...base];
    near[5] = "changed 6";
    near[10] = "changed 11";
    expect(parsePatch(unifiedDiff(text(...base), text(...near))).hunks).toHaveLength(1);
  });

  it("handles pure insertions and deletions at the edges, and new or emptied files", () => {
    expect(unifiedDiff("", text("a", "b"))).toBe(["@@ -0,0 +1,2 @@", "+a", "+b"].join("\n"));
    expect(unifiedDiff(text("a", "b"), "")).toBe(["@@ -1,2 +0,0 @@", "-a", "-b"].join("\n"));
    expect(addedLineNumbers(text("b", "c"), text("a", "b", "c"))).toEqual([1]);
    expect(addedLineNumbers(text("a", "b"), text("a", "b", "c"))).toEqual([3]);
    expect(addedLineNumbers(text("a", "b", "c"), text("a", "c"))).toEqual([]);
  });

  it("is accepted by buildChangedFile with the added lines it reports", () => {
    const before = text("import x from 'x';", "", "export const a = 1;", "export const b = 2;");
    const after = text("import x from 'x';", "import y from 'y';", "", "export const a = 1;", "export const b = y(2);");
    const file = buildChangedFile({ path: "src/a.ts", status: "modified", content: after, patch: unifiedDiff(before, after) });
    expect([...file.addedLines].sort((p, q) => p - q)).toEqual([2, 5]);
    expect(addedLineNumbers(before, after)).toEqual([2, 5]);
  });

  it("round-trips: the patch rebuilds the new text, and its added lines are exactly the changed lines", () => {
    const random = prng(20240611);
    for (let round = 0; round < 300; round++) {
      const size = Math.floor(random() * 30);
      const before = Array.from({ length: size }, (_, i) => `old ${i}`);
      // Mutate: each old line is kept, replaced or dropped, and new lines are inserted anywhere. Every
      // line text is unique, so the LCS is exactly the kept lines and the changed lines are known.
      const after: string[] = [];
      const expectedAdded: number[] = [];
      let fresh = 0;
      const insert = (): void => {
        after.push(`new ${fresh++}`);
        expectedAdded.push(after.length);
      };
      for (const line of before) {
        while (random() < 0.15) insert();
        const roll = random();
        if (roll < 0.7) after.push(line);
        else if (roll < 0.85) insert(); // replaced
        // else dropped
      }
      while (random() < 0.2) insert();
      const beforeText = before.length ? text(...before) : "";
      const afterText = after.length ? text(...after) : "";
      const patch = unifiedDiff(beforeText, afterText);
      const map = parsePatch(patch); // throws if a header disagrees with its body
      expect([...map.addedLines].sort((p, q) => p - q), patch).toEqual(expectedAdded);
      expect(applyPatch(beforeText, patch), patch).toBe(afterText);
      for (const hunk of map.hunks) {
        for (const line of hunk.lines) if (line.newLine !== undefined) expect(after[line.newLine - 1]).toBe(line.text);
      }
    }
  });

  it("finds a longest common subsequence (no line is both deleted and re-added)", () => {
    const edits = lineEdits(text("a", "b", "c", "d"), text("b", "c", "x", "d"));
    expect(edits.map((edit) => `${edit.kind[0]}${edit.text}`)).toEqual(["da", "cb", "cc", "ax", "cd"]);
  });
});
