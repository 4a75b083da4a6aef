import { describe, expect, it } from "vitest";
import { countLines, parsePatch, PatchParseError, wholeFileLineMap } from "../../src/diff/hunk.js";

describe("parsePatch", () => {
  it("numbers added, context and deleted lines across several hunks", () => {
    const patch = [
      "@@ -1,4 +1,5 @@",
      " a",
      "-b",
      "+B",
      "+B2",
      " c",
      " d",
      "@@ -20,3 +21,2 @@ function tail() {",
      " x",
      "-y",
      " z",
    ].join("\n");
    const map = parsePatch(patch);
    expect(map.hunks).toHaveLength(2);
    expect(map.hunks[0]).toMatchObject({ oldStart: 1, oldLines: 4, newStart: 1, newLines: 5 });
    expect(map.hunks[0]!.lines).toEqual([
      { kind: "context", oldLine: 1, newLine: 1, text: "a" },
      { kind: "delete", oldLine: 2, text: "b" },
      { kind: "add", newLine: 2, text: "B" },
      { kind: "add", newLine: 3, text: "B2" },
      { kind: "context", oldLine: 3, newLine: 4, text: "c" },
      { kind: "context", oldLine: 4, newLine: 5, text: "d" },
    ]);
    expect(map.hunks[1]!.lines).toEqual([
      { kind: "context", oldLine: 20, newLine: 21, text: "x" },
      { kind: "delete", oldLine: 21, text: "y" },
      { kind: "context", oldLine: 22, newLine: 22, text: "z" },
    ]);
    expect([...map.addedLines].sort((a, b) => a - b)).toEqual([2, 3]);
    expect([...map.commentableLines].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 21, 22]);
  });

  it("reads headers without counts as one line, and ignores file headers before the first hunk", () => {
    const map = parsePatch(["--- a/x", "+++ b/x", "@@ -3 +3 @@", "-old", "+new"].join("\n"));
    expect(map.hunks[0]).toMatchObject({ oldStart: 3, oldLines: 1, newStart: 3, newLines: 1 });
    expect([...map.addedLines]).toEqual([3]);
  });

  it("skips the no-newline marker without counting it as a line", () => {
    const map = parsePatch(["@@ -1,2 +1,2 @@", " keep", "-x", "\\ No newline at end of file", "+y", "\\ No newline at end of file"].join("\n"));
    expect(map.hunks[0]!.lines.map((line) => `${line.kind}:${line.text}`)).toEqual(["context:keep", "delete:x", "add:y"]);
    expect([...map.addedLines]).toEqual([2]);
  });

  it("reads an added file (@@ -0,0 +1,n @@)", () => {
    const map = parsePatch("@@ -0,0 +1,3 @@\n+a\n+b\n+c");
    expect([...map.addedLines]).toEqual([1, 2, 3]);
  });

  it("returns an empty map for an empty patch", () => {
    expect(parsePatch("")).toEqual({ hunks: [], addedLines: new Set(), commentableLines: new Set() });
  });

  it("throws PatchParseError for a hunk shorter than its header", () => {
    expect(() => parsePatch("@@ -1,3 +1,3 @@\n a\n b")).toThrow(PatchParseError);
    expect(() => parsePatch("@@ -1,3 +1,3 @@\n a\n b")).toThrow(/ends early/);
  });

  it("throws PatchParseError with the line number of an unexpected line", () => {
    let error: unknown;
    try {
      parsePatch("@@ -1,2 +1,2 @@\n a\n?b");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PatchParseError);
    expect((error as PatchParseError).lineNumber).toBe(3);
  });

  it("throws when the body has more lines of one side than the header", () => {
    expect(() => parsePatch("@@ -1,1 +1,1 @@\n+a\n+b")).toThrow(PatchParseError);
  });
});

describe("wholeFileLineMap and countLines", () => {
  it("counts lines with and without a final newline", () => {
    expect(countLines("")).toBe(0);
    expect(countLines("a")).toBe(1);
    expect(countLines("a\n")).toBe(1);
    expect(countLines("a\nb")).toBe(2);
    expect([...wholeFileLineMap("a\nb\n").addedLines]).toEqual([1, 2]);
  });
});
