import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { defineTextRule } from "../../src/analysis/rule.js";
import { runCli, type CliIo } from "../../src/cli/run.js";
import type { JsonReport } from "../../src/review/render/json.js";
import { tempDir, writeFiles } from "../helpers/temp-files.js";

// Only the tiny rule below runs: these tests must not depend on the rule catalogue being written alongside.
vi.mock("../../rules/index.js", () => ({ allRules: [] }));

/** Flags added lines containing MARK_HIGH (high) or MARK_MEDIUM (medium). */
const markerRule = defineTextRule({
  meta: { id: "reliability/test-marker", category: "reliability", severity: "high", title: "Test marker", description: "Test only.", why: "Test why.", fix: "Test fix." },
  check(document, context) {
    for (const line of document.addedLineNumbers) {
      const text = document.lineAt(line);
      if (text.includes("MARK_HIGH")) context.report({ line, message: "high marker found" });
      if (text.includes("MARK_MEDIUM")) context.report({ line, message: "medium marker found", severity: "medium" });
    }
  },
});


function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=Test", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });
}

async function run(argv: string[], cwd: string, stream: { isTTY?: boolean; env?: Record<string, string> } = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk), ...(stream.isTTY !== undefined ? { isTTY: stream.isTTY } : {}) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd,
    env: stream.env ?? {},
  };
  const code = await runCli(argv, io, { rules: [markerRule] });
  return { code, stdout, stderr };
}

async function runJson(argv: string[], cwd: string) {
  const result = await run([...argv, "--format", "json"], cwd);
  expect(result.stderr).toBe("");
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport };
}

describe("prodgap scan", () => {
  it("walks a plain directory, skipping build and vendor folders, and fails the gate on a high finding", async () => {
    const root = tempDir("prodgap-scan-");
    writeFiles(root, {
      "src/app.ts": "const a = 1;\n// MARK_HIGH here\n",
      "src/clean.ts": "export const b = 2;\n",
      "node_modules/dep/index.js": "MARK_HIGH\n",
      "dist/app.js": "MARK_HIGH\n",
      "coverage/x.js": "MARK_HIGH\n",
    });
    const { code, report } = await runJson(["scan"], root);
    expect(code).toBe(1);
    expect(report.version).toBe(1);
    expect(report.findings).toEqual([
      { ruleId: "reliability/test-marker", category: "reliability", severity: "high", path: "src/app.ts", line: 2, endLine: 2, message: "high marker found", source: "static" },
    ]);
    expect(report.gate.conclusion).toBe("failure");
    expect(report.stats).toMatchObject({ filesChanged: 2, filesAnalyzed: 2, linesAdded: 3 });
  });

  it("applies the gate threshold and --fail-on", async () => {
    const root = tempDir("prodgap-scan-");
    writeFiles(root, { "a.ts": "// MARK_MEDIUM\n" });
    expect((await run(["scan"], root)).code).toBe(0);
    expect((await run(["scan", "--fail-on", "medium"], root)).code).toBe(1);
    writeFiles(root, { "b.ts": "// MARK_HIGH\n" });
    expect((await run(["scan", "--fail-on", "none"], root)).code).toBe(0);
    expect((await run(["scan", "--fail-on", "critical"], root)).code).toBe(0);
  });

  it("honours .gitignore inside a git work tree and reports paths relative to the repository root", async () => {
    const root = tempDir("prodgap-scan-");
    git(root, "init", "-q", "-b", "main");
    writeFiles(root, {
      ".gitignore": "generated-out/\n*.log\n",
      "pkg/src/tracked.ts": "// MARK_HIGH\n",
      "pkg/src/untracked.ts": "// MARK_HIGH\n",
      "pkg/generated-out/x.ts": "// MARK_HIGH\n",
      "pkg/src/debug.log": "MARK_HIGH\n",
      "other/outside.ts": "// MARK_HIGH\n",
    });
    git(root, "add", "pkg/src/tracked.ts", ".gitignore");
    const { code, report } = await runJson(["scan", "src"], join(root, "pkg"));
    expect(code).toBe(1);
    expect(report.findings.map((finding) => finding.path)).toEqual(["pkg/src/tracked.ts", "pkg/src/untracked.ts"]);
  });

  it("scans an explicitly named file and rejects missing paths with exit 2", async () => {
    const root = tempDir("prodgap-scan-");
    writeFiles(root, { "one.ts": "// MARK_HIGH\n", "two.ts": "// MARK_HIGH\n" });
    const { report } = await runJson(["scan", "two.ts"], root);
    expect(report.findings.map((finding) => finding.path)).toEqual(["two.ts"]);

    const missing = await run(["scan", "nope.ts"], root);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toBe("prodgap: path not found: nope.ts\n");
  });

  it("notes binary, oversized, minified, generated and ignored files instead of analysing them", async () => {
    const root = tempDir("prodgap-scan-");
    writeFiles(root, {
      "logo.png": new Uint8Array([0x89, 0x50, 0x00, 0x01, 0x02]),
      "big.ts": `// MARK_HIGH\n${"x".repeat(9000)}\n`,
      "bundle.js": `${"a".repeat(6000)}\n`,
      "gen.ts": "// @generated by a tool\n// MARK_HIGH\n",
      "package-lock.json": "{}\n",
      "ok.ts": "const fine = true;\n",
      ".github/prodgap.yml": "review:\n  maxFileBytes: 8000\n",
    });
    const { code, report } = await runJson(["scan"], root);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    const notes = report.notes.join("\n");
    expect(notes).toContain("Skipped 1 file — binary file: `logo.png`.");
    expect(notes).toContain("Skipped 1 file — larger than `review.maxFileBytes` (9014 > 8000 bytes): `big.ts`.");
    expect(notes).toContain("Skipped 1 file — minified file (lines longer than 2000 characters): `bundle.js`.");
    expect(notes).toContain("Skipped 1 file — generated file (marked as generated in its header): `gen.ts`.");
    expect(notes).toContain("Skipped 1 file — ignored by `review.ignore`: `package-lock.json`.");
    expect(report.stats.filesAnalyzed).toBe(2); // ok.ts and the config file itself
  });

  it("exits 2 with zod's path and message for an invalid config, and for a missing --config", async () => {
    const root = tempDir("prodgap-scan-");
    writeFiles(root, { "a.ts": "const a = 1;\n", ".github/prodgap.yml": "gate:\n  failOn: sometimes\n" });
    const invalid = await run(["scan"], root);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^prodgap: invalid config: \.github\/prodgap\.yml: gate\.failOn: .+\n$/);

    writeFiles(root, { "bad.yml": "rules: [unclosed\n" });
    const yaml = await run(["scan", "--config", "bad.yml"], root);
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(/^prodgap: invalid config: bad\.yml: invalid YAML/);

    const missing = await run(["scan", "--config", "missing.yml"], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("config file not found: missing.yml");
  });

  it("uses an explicit --config over the repository's own", async () => {
    const root = tempDir("prodgap-scan-");
    writeFiles(root, { "a.ts": "// MARK_HIGH\n", ".github/prodgap.yml": "gate:\n  failOn: none\n", "strict.yml": "gate:\n  failOn: high\n" });
    expect((await run(["scan", "a.ts"], root)).code).toBe(0);
    expect((await run(["scan", "a.ts", "--config", "strict.yml"], root)).code).toBe(1);
    writeFiles(root, { "off.yml": "rules:\n  reliability/test-marker: off\n" });
    expect((await run(["scan", "a.ts", "--config", "off.yml"], root)).code).toBe(0);
  });

  it("prints text without colour to a pipe, with colour to a TTY, and never with NO_COLOR", async () => {
    const root = tempDir("prodgap-scan-");
    writeFiles(root, { "a.ts": "// MARK_HIGH\n" });
    const piped = await run(["scan"], root);
    expect(piped.stdout).toContain("a.ts");
    expect(piped.stdout).toContain("high marker found");
    expect(piped.stdout).toContain("Gate: failed");
    expect(piped.stdout).not.toContain("\u001b[");
    expect((await run(["scan"], root, { isTTY: true })).stdout).toContain("\u001b[");
    expect((await run(["scan"], root, { isTTY: true, env: { NO_COLOR: "1" } })).stdout).not.toContain("\u001b[");
  });

  it("prints markdown with the title as a heading", async () => {
    const root = tempDir("prodgap-scan-");
    writeFiles(root, { "a.ts": "// MARK_HIGH\n" });
    const { code, stdout } = await run(["scan", "--format", "markdown"], root);
    expect(code).toBe(1);
    expect(stdout.startsWith("## 1 high production gap\n\n**Gate: failed**")).toBe(true);
    expect(stdout).toContain("| **high** | `reliability/test-marker` | `a.ts:1` | high marker found |");
  });

  it("answers --help and --version on stdout with exit 0", async () => {
    const root = tempDir("prodgap-scan-");
    const help = await run(["--help"], root);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: prodgap <command> \[options\]/);
    const version = await run(["--version"], root);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
