import { describe, expect, it } from "vitest";
import { baseLinesOf } from "../../src/diff/base-content.js";
import { parsePatch } from "../../src/diff/hunk.js";
import { unifiedDiff } from "../pairs/line-diff.js";

describe("baseLinesOf", () => {
  it("rebuilds the base from the head and the patch, for edits, additions and deletions", () => {
    const base = ["import x from 'x';", "", "function a() {", "  guard();", "  sink(1);", "}", "", "function b() {", "  return 2;", "}", "// end"];
    const head = ["import x from 'x';", "import y from 'y';", "", "function a() {", "  sink(1);", "}", "", "function b() {", "  return 3;", "}", "// end", "export { a, b };"];
    const patch = unifiedDiff(base.join("\n") + "\n", head.join("\n") + "\n");
    expect(baseLinesOf(head, parsePatch(patch).hunks)).toEqual(base);
  });

  it("gives an empty base for a file the patch adds whole", () => {
    const head = ["a", "b"];
    expect(baseLinesOf(head, parsePatch("@@ -0,0 +1,2 @@\n+a\n+b").hunks)).toEqual([]);
  });
});
