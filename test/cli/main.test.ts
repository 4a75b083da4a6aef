// The real entry point in a child process: shebang-free startup through tsx, exit codes, one-line errors.
// Only paths that stop before the review engine run here, so the test does not depend on the rule catalogue.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const entry = join(repoRoot, "src/cli/main.ts");
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const outside = mkdtempSync(join(tmpdir(), "prodgap-main-"));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

function spawnCli(args: string[], cwd = repoRoot): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", tsxLoader, entry, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe("prodgap entry point", () => {
  it("starts with a node shebang", () => {
    expect(readFileSync(entry, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  });

  it("prints the package version", async () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
    const result = await spawnCli(["--version"]);
    expect(result).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
  });

  it("prints usage for --help", async () => {
    const result = await spawnCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: prodgap <command> [options]");
  });

  it("exits 2 with one line on stderr and no stack trace for an unknown flag", async () => {
    const result = await spawnCli(["scan", "--frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("prodgap: unknown option '--frobnicate' (see prodgap --help)\n");
  });

  it("exits 2 for review outside a git repository", async () => {
    const result = await spawnCli(["review"], outside);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^prodgap: not a git repository: \S+/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
