import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/diff/hunk.js";
import { parseUnifiedDiff, unquoteCPath, UnifiedDiffParseError } from "../../src/diff/unified-diff.js";

const lines = (...rows: string[]): string => `${rows.join("\n")}\n`;

describe("parseUnifiedDiff", () => {
  it("reads a modified file with several hunks and keeps only the hunk text as its patch", () => {
    const diff = lines(
      "diff --git a/src/app.ts b/src/app.ts",
      "index 1111111..2222222 100644",
      "--- a/src/app.ts",
      "+++ b/src/app.ts",
      "@@ -1,3 +1,4 @@",
      " import x from 'x';",
      "-const a = 1;",
      "+const a = 2;",
      "+const b = 3;",
      " export { a };",
      "@@ -10,2 +11,2 @@ function f() {",
      " keep",
      "-old",
      "+new",
    );
    const [file, ...rest] = parseUnifiedDiff(diff);
    expect(rest).toHaveLength(0);
    expect(file).toEqual({
      path: "src/app.ts",
      status: "modified",
      binary: false,
      oldMode: "100644",
      newMode: "100644",
      patch: [
        "@@ -1,3 +1,4 @@",
        " import x from 'x';",
        "-const a = 1;",
        "+const a = 2;",
        "+const b = 3;",
        " export { a };",
        "@@ -10,2 +11,2 @@ function f() {",
        " keep",
        "-old",
        "+new",
      ].join("\n"),
    });
    expect([...parsePatch(file!.patch).addedLines]).toEqual([2, 3, 12]);
  });

  it("reads added and removed files, including an empty added file without hunks", () => {
    const diff = lines(
      "diff --git a/added.ts b/added.ts",
      "new file mode 100644",
      "index 0000000..3e75765",
      "--- /dev/null",
      "+++ b/added.ts",
      "@@ -0,0 +1,2 @@",
      "+one",
      "+two",
      "diff --git a/gone.ts b/gone.ts",
      "deleted file mode 100644",
      "index 286c5f5..0000000",
      "--- a/gone.ts",
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-gone",
      "diff --git a/empty.ts b/empty.ts",
      "new file mode 100644",
      "index 0000000..e69de29",
    );
    const files = parseUnifiedDiff(diff);
    expect(files.map(({ path, status, newMode, oldMode }) => ({ path, status, newMode, oldMode }))).toEqual([
      { path: "added.ts", status: "added", newMode: "100644", oldMode: undefined },
      { path: "gone.ts", status: "removed", newMode: undefined, oldMode: "100644" },
      { path: "empty.ts", status: "added", newMode: "100644", oldMode: undefined },
    ]);
    expect(files[0]!.patch).toBe("@@ -0,0 +1,2 @@\n+one\n+two");
    expect(files[1]!.patch).toBe("@@ -1 +0,0 @@\n-gone");
    expect(files[2]!.patch).toBe("");
  });

  it("reads a rename with a content change and a pure rename without hunks", () => {
    const diff = lines(
      "diff --git a/old.ts b/new.ts",
      "similarity index 85%",
      "rename from old.ts",
      "rename to new.ts",
      "index 2019eda..4d3ab13 100644",
      "--- a/old.ts",
      "+++ b/new.ts",
      "@@ -1,3 +1,3 @@",
      " one",
      "-two",
      "+TWO",
      " three",
      "diff --git a/lib/pure.ts b/src/pure.ts",
      "similarity index 100%",
      "rename from lib/pure.ts",
      "rename to src/pure.ts",
    );
    const [changed, pure] = parseUnifiedDiff(diff);
    expect(changed).toMatchObject({ path: "new.ts", previousPath: "old.ts", status: "renamed", binary: false });
    expect(changed!.patch.startsWith("@@ -1,3 +1,3 @@")).toBe(true);
    expect(pure).toEqual({ path: "src/pure.ts", previousPath: "lib/pure.ts", status: "renamed", patch: "", binary: false });
  });

  it("reads a mode-only change as modified with no patch", () => {
    const diff = lines("diff --git a/run.sh b/run.sh", "old mode 100644", "new mode 100755");
    expect(parseUnifiedDiff(diff)).toEqual([
      { path: "run.sh", status: "modified", patch: "", binary: false, oldMode: "100644", newMode: "100755" },
    ]);
  });

  it("marks binary files, changed and added", () => {
    const diff = lines(
      "diff --git a/img.png b/img.png",
      "index 88768ef..3e3315e 100644",
      "Binary files a/img.png and b/img.png differ",
      "diff --git a/assets/new logo.png b/assets/new logo.png",
      "new file mode 100644",
      "index 0000000..f76dd23",
      "Binary files /dev/null and b/assets/new logo.png differ",
    );
    expect(parseUnifiedDiff(diff)).toEqual([
      { path: "img.png", status: "modified", patch: "", binary: true, oldMode: "100644", newMode: "100644" },
      { path: "assets/new logo.png", status: "added", patch: "", binary: true, newMode: "100644" },
    ]);
  });

  it("reads paths with spaces, which git ends with a tab on the ---/+++ lines", () => {
    const diff = lines(
      "diff --git a/my file.ts b/my file.ts",
      "index f05367e..ae138b0 100644",
      "--- a/my file.ts\t",
      "+++ b/my file.ts\t",
      "@@ -1 +1 @@",
      "-sp",
      "+sp2",
      "diff --git a/a b/c.ts b/a b/c.ts",
      "old mode 100644",
      "new mode 100755",
    );
    const files = parseUnifiedDiff(diff);
    expect(files.map((file) => file.path)).toEqual(["my file.ts", "a b/c.ts"]);
  });

  it("decodes quoted paths with octal UTF-8 escapes, tabs and quotes, including renames", () => {
    const diff = lines(
      'diff --git "a/p\\303\\251.ts" "b/p\\303\\251.ts"',
      "index 4ae8ef0..967e095 100644",
      '--- "a/p\\303\\251.ts"',
      '+++ "b/p\\303\\251.ts"',
      "@@ -1 +1 @@",
      "-u",
      "+u2",
      'diff --git a/old name.ts "b/n\\303\\251w name.ts"',
      "similarity index 75%",
      "rename from old name.ts",
      'rename to "n\\303\\251w name.ts"',
      "index fa81868..5e2f465 100644",
      "--- a/old name.ts\t",
      '+++ "b/n\\303\\251w name.ts"\t',
      "@@ -1 +1 @@",
      "-r",
      "+R",
      'diff --git "a/ta\\tb.ts" "b/ta\\tb.ts"',
      "old mode 100644",
      "new mode 100755",
      'diff --git "a/we\\"ird.ts" "b/we\\"ird.ts"',
      "deleted file mode 100644",
      "index bca70f3..0000000",
      '--- "a/we\\"ird.ts"',
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-q",
    );
    const files = parseUnifiedDiff(diff);
    expect(files.map(({ path, previousPath, status }) => ({ path, previousPath, status }))).toEqual([
      { path: "pé.ts", previousPath: undefined, status: "modified" },
      { path: "néw name.ts", previousPath: "old name.ts", status: "renamed" },
      { path: "ta\tb.ts", previousPath: undefined, status: "modified" },
      { path: 'we"ird.ts', previousPath: undefined, status: "removed" },
    ]);
  });

  it("keeps the no-newline marker in the patch, where parsePatch skips it", () => {
    const diff = lines(
      "diff --git a/nonl.txt b/nonl.txt",
      "index c1b0730..e25f181 100644",
      "--- a/nonl.txt",
      "+++ b/nonl.txt",
      "@@ -1 +1 @@",
      "-x",
      "\\ No newline at end of file",
      "+y",
      "\\ No newline at end of file",
    );
    const [file] = parseUnifiedDiff(diff);
    expect(file!.patch.split("\n")).toHaveLength(5);
    const map = parsePatch(file!.patch);
    expect([...map.addedLines]).toEqual([1]);
    expect(map.hunks[0]!.lines.map((line) => line.text)).toEqual(["x", "y"]);
  });

  it("does not mistake deleted or added lines that look like headers for headers", () => {
    const diff = lines(
      "diff --git a/m.sql b/m.sql",
      "index 1111111..2222222 100644",
      "--- a/m.sql",
      "+++ b/m.sql",
      "@@ -1,2 +1,2 @@",
      "--- a/comment",
      "+++ b/comment",
      " select 1;",
    );
    const [file] = parseUnifiedDiff(diff);
    expect(file!.path).toBe("m.sql");
    expect(file!.patch).toBe("@@ -1,2 +1,2 @@\n--- a/comment\n+++ b/comment\n select 1;");
  });

  it("keeps carriage returns of CRLF files as content", () => {
    const diff = "diff --git a/w.txt b/w.txt\nindex 1..2 100644\n--- a/w.txt\n+++ b/w.txt\n@@ -1 +1 @@\n-a\r\n+b\r\n";
    const [file] = parseUnifiedDiff(diff);
    expect(parsePatch(file!.patch).hunks[0]!.lines.map((line) => line.text)).toEqual(["a\r", "b\r"]);
  });

  it("returns nothing for an empty diff and ignores text before the first file", () => {
    expect(parseUnifiedDiff("")).toEqual([]);
    expect(parseUnifiedDiff("commit abc\n\n    message\n\n")).toEqual([]);
  });

  it("reads the mode of a submodule change from the index line", () => {
    const diff = lines(
      "diff --git a/vendor/lib b/vendor/lib",
      "index 1234567..89abcde 160000",
      "--- a/vendor/lib",
      "+++ b/vendor/lib",
      "@@ -1 +1 @@",
      "-Subproject commit 1234567",
      "+Subproject commit 89abcde",
    );
    expect(parseUnifiedDiff(diff)[0]).toMatchObject({ path: "vendor/lib", newMode: "160000" });
  });

  it("throws UnifiedDiffParseError with the line of the broken file", () => {
    const diff = lines("diff --git a/ok.ts b/ok.ts", "old mode 100644", "new mode 100755", 'diff --git "a/bad', "--- \"a/bad\\q\"");
    expect(() => parseUnifiedDiff(diff)).toThrow(UnifiedDiffParseError);
    expect(() => parseUnifiedDiff(diff)).toThrow(/diff line 4/);
    expect(() => parseUnifiedDiff("diff --cc file.ts\n")).toThrow(/combined/);
  });
});

describe("unquoteCPath", () => {
  it("decodes C escapes and multi-byte octal sequences", () => {
    const quoted = '"a\\\\b\\n\\"c\\342\\234\\223" rest';
    expect(unquoteCPath(quoted)).toEqual({ value: 'a\\b\n"c✓', end: quoted.indexOf(" rest") });
  });

  it("rejects unterminated strings", () => {
    expect(() => unquoteCPath('"abc')).toThrow(/unterminated/);
  });
});
