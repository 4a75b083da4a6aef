import { execFileSync } from "node:child_process";
import { symlinkSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { markerRule, runCaptured, runJson as runJsonWith } from "../helpers/cli-runner.js";
import { tempDir, writeFiles } from "../helpers/temp-files.js";

// Only the tiny rule below runs: these tests must not depend on the rule catalogue being written alongside.
vi.mock("../../rules/index.js", () => ({ allRules: [] }));



// Global and system config stay out, so a developer's hooks or signing settings cannot change the fixture.
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=Test", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    env: GIT_ENV,
    stdio: "pipe",
  }).toString("utf8");
}

function commit(root: string, message: string): void {
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", message);
}

/** Long enough that git detects the rename despite the edit. */
const LONG_FILE = Array.from({ length: 20 }, (_, index) => `export const value${index + 1} = ${index + 1}; // line ${index + 1}`).join("\n") + "\n";

/**
 * main: base.ts (a MARK_HIGH that predates the branch), other.ts, old.ts, logo.png, gone.ts.
 * feature: adds a MARK_HIGH to base.ts and a new file with a space and an accent in its name, renames
 * old.ts with an edit, changes the binary, deletes gone.ts. main then moves on with its own MARK_HIGH,
 * which a three-dot comparison must not show.
 */
function repoWithFeatureBranch(): string {
  const root = tempDir("prodgap-review-");
  git(root, "init", "-q", "-b", "main");
  writeFiles(root, {
    "src/base.ts": "const a = 1;\n// MARK_HIGH from before the branch\nconst b = 2;\n",
    "src/other.ts": "export const other = 1;\n",
    "src/old.ts": LONG_FILE,
    "assets/logo.png": new Uint8Array([0x89, 0x50, 0x00, 0x01]),
    "src/gone.ts": "export const gone = true;\n",
  });
  commit(root, "base");
  git(root, "checkout", "-q", "-b", "feature");
  writeFiles(root, {
    "src/base.ts": "const a = 1;\n// MARK_HIGH from before the branch\nconst b = 2;\n// MARK_HIGH added by the branch\n",
    "src/new é file.ts": "export const x = 1; // MARK_HIGH in a new file\n",
    "assets/logo.png": new Uint8Array([0x89, 0x50, 0x00, 0x02]),
  });
  git(root, "mv", "src/old.ts", "src/renamed.ts");
  writeFiles(root, { "src/renamed.ts": LONG_FILE.replace("// line 20", "// line 20, MARK_HIGH on a renamed file") });
  unlinkSync(join(root, "src/gone.ts"));
  commit(root, "feature");
  git(root, "checkout", "-q", "main");
  writeFiles(root, { "src/other.ts": "export const other = 1; // MARK_HIGH only on main\n" });
  commit(root, "main moves on");
  git(root, "checkout", "-q", "feature");
  return root;
}

/** The CLI with only the marker rule. */
function run(argv: string[], cwd: string) {
  return runCaptured(argv, cwd, { rules: [markerRule] });
}

function runJson(argv: string[], cwd: string) {
  return runJsonWith(argv, cwd, { rules: [markerRule] });
}

describe("prodgap review", () => {
  it("reviews only the lines the branch adds, from the merge base with the default base (main)", async () => {
    const root = repoWithFeatureBranch();
    const { code, report } = await runJson(["review"], root);
    expect(code).toBe(1);
    expect(report.findings.map(({ path, line }) => `${path}:${line}`).sort()).toEqual(["src/base.ts:4", "src/new é file.ts:1", "src/renamed.ts:20"]);
    expect(report.stats.filesChanged).toBe(5);
    expect(report.stats.filesAnalyzed).toBe(3);
    expect(report.stats.linesAdded).toBe(3);
    expect(report.notes.join("\n")).toContain("Skipped 1 file — binary file: `assets/logo.png`.");
  });

  it("reports the same repository-relative paths when run from a subdirectory", async () => {
    const root = repoWithFeatureBranch();
    const { report } = await runJson(["review", "--base", "main", "--head", "HEAD"], join(root, "src"));
    expect(report.findings.map((finding) => finding.path)).toContain("src/base.ts");
  });

  it("passes with a note when head and base are the same", async () => {
    const root = repoWithFeatureBranch();
    const { code, report } = await runJson(["review", "--base", "feature"], root);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.notes).toContain("No changes between feature and HEAD.");
  });

  it("takes an explicit head ref without checking it out", async () => {
    const root = repoWithFeatureBranch();
    git(root, "checkout", "-q", "main");
    const { code, report } = await runJson(["review", "--base", "main", "--head", "feature"], root);
    expect(code).toBe(1);
    expect(report.findings).toHaveLength(3);
  });

  it("reviews uncommitted changes with --head WORKTREE and notes untracked files", async () => {
    const root = repoWithFeatureBranch();
    writeFiles(root, { "src/other.ts": "export const other = 1;\nconst late = 1; // MARK_HIGH not committed\n", "src/untracked.ts": "MARK_HIGH\n" });
    const { report } = await runJson(["review", "--head", "WORKTREE"], root);
    expect(report.findings.map(({ path, line }) => `${path}:${line}`)).toContain("src/other.ts:2");
    expect(report.findings.map((finding) => finding.path)).not.toContain("src/untracked.ts");
    expect(report.notes).toContain("1 untracked file is not part of the diff (`git add -N` includes them).");
  });

  it("prefers origin/HEAD in a clone", async () => {
    const origin = repoWithFeatureBranch();
    git(origin, "checkout", "-q", "main");
    const clone = join(tempDir("prodgap-review-"), "clone");
    git(origin, "clone", "-q", origin, clone);
    git(clone, "checkout", "-q", "-b", "topic");
    writeFiles(clone, { "src/topic.ts": "// MARK_HIGH\n" });
    commit(clone, "topic");
    // A local main that has moved on must not become the base while origin/HEAD exists.
    git(clone, "branch", "-f", "main", "topic");
    const { code, report } = await runJson(["review"], clone);
    expect(code).toBe(1);
    expect(report.findings.map((finding) => finding.path)).toEqual(["src/topic.ts"]);
  });

  it("falls back through the default bases and names them when none exists", async () => {
    const root = tempDir("prodgap-review-");
    git(root, "init", "-q", "-b", "trunk");
    writeFiles(root, { "a.ts": "const a = 1;\n" });
    commit(root, "base");
    const result = await run(["review"], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "prodgap: no base ref found (tried origin/HEAD, origin/main, main, origin/master, master); pass --base <ref>\n",
    );

    git(root, "branch", "master");
    writeFiles(root, { "a.ts": "const a = 1;\n// MARK_HIGH\n" });
    commit(root, "change");
    expect((await run(["review"], root)).code).toBe(1);
  });

  it("exits 2 for an unknown base or head ref and outside a git repository", async () => {
    const root = repoWithFeatureBranch();
    const unknown = await run(["review", "--base", "no-such-branch"], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^prodgap: unknown base ref "no-such-branch": not a commit in .+\n$/);

    const unknownHead = await run(["review", "--base", "main", "--head", "v9.9.9"], root);
    expect(unknownHead.code).toBe(2);
    expect(unknownHead.stderr).toContain('unknown head ref "v9.9.9"');

    const plain = tempDir("prodgap-review-");
    const notGit = await run(["review"], plain);
    expect(notGit.code).toBe(2);
    expect(notGit.stderr).toMatch(/^prodgap: not a git repository: .+\n$/);
  });

  it("exits 2 when branches share no history", async () => {
    const root = repoWithFeatureBranch();
    git(root, "checkout", "-q", "--orphan", "island");
    writeFiles(root, { "island.ts": "// MARK_HIGH\n" });
    commit(root, "unrelated");
    const result = await run(["review", "--base", "main"], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no common ancestor");
  });

  it("reads the repository config and lets --fail-on override its gate", async () => {
    const root = repoWithFeatureBranch();
    writeFiles(root, { ".github/prodgap.yml": "gate:\n  failOn: none\nreview:\n  ignore: ['**/renamed.ts']\n" });
    const { code, report } = await runJson(["review"], root);
    expect(code).toBe(0);
    expect(report.findings.map((finding) => finding.path)).not.toContain("src/renamed.ts");
    expect(report.notes.join("\n")).toContain("ignored by `review.ignore`: `src/renamed.ts`");
    expect((await run(["review", "--fail-on", "high"], root)).code).toBe(1);
  });

  it("skips files beyond review.maxFiles with a note", async () => {
    const root = repoWithFeatureBranch();
    writeFiles(root, { ".github/prodgap.yml": "review:\n  maxFiles: 1\n" });
    const { report } = await runJson(["review"], root);
    expect(report.stats.filesAnalyzed).toBe(1);
    expect(report.notes.join("\n")).toMatch(/Skipped 2 files — beyond `review.maxFiles` \(1\)/);
  });

  it("notes oversized blobs and symbolic links instead of reading them", async () => {
    const root = repoWithFeatureBranch();
    writeFiles(root, { "src/huge.ts": `// MARK_HIGH\n${"x".repeat(500)}\n` });
    symlinkSync("base.ts", join(root, "src/link.ts"));
    commit(root, "more");
    writeFiles(root, { ".github/prodgap.yml": "review:\n  maxFileBytes: 400\n" });
    const { report } = await runJson(["review"], root);
    const notes = report.notes.join("\n");
    expect(notes).toContain("larger than `review.maxFileBytes` (514 > 400 bytes): `src/huge.ts`");
    expect(notes).toContain("symbolic link: `src/link.ts`");
    expect(report.findings.map((finding) => finding.path)).not.toContain("src/huge.ts");
  });
});
