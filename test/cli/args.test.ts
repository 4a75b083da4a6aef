import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli/args.js";
import { UsageError } from "../../src/cli/errors.js";

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
}

describe("parseCliArgs", () => {
  it("parses scan with default path and format", () => {
    expect(parseCliArgs(["scan"])).toEqual({ kind: "scan", paths: ["."], format: "text" });
    expect(parseCliArgs(["scan", "src", "rules", "--format", "json", "--fail-on=none", "--config", "x.yml"])).toEqual({
      kind: "scan",
      paths: ["src", "rules"],
      format: "json",
      failOn: "none",
      config: "x.yml",
    });
  });

  it("parses review with refs, flags before the command too", () => {
    expect(parseCliArgs(["--format", "markdown", "review", "--base", "origin/dev", "--head", "WORKTREE"])).toEqual({
      kind: "review",
      base: "origin/dev",
      head: "WORKTREE",
      format: "markdown",
    });
  });

  it("treats paths after -- as paths", () => {
    expect(parseCliArgs(["scan", "--", "--odd-name.ts"])).toMatchObject({ paths: ["--odd-name.ts"] });
  });

  it("answers help and version before anything else", () => {
    expect(parseCliArgs(["scan", "--help"])).toEqual({ kind: "help" });
    expect(parseCliArgs(["-h"])).toEqual({ kind: "help" });
    expect(parseCliArgs(["--version"])).toEqual({ kind: "version" });
    expect(parseCliArgs(["-v"])).toEqual({ kind: "version" });
  });

  it("names the problem in one line", () => {
    expect(usageError(["scan", "--frobnicate"])).toBe("unknown option '--frobnicate'");
    expect(usageError(["scan", "--format", "xml"])).toMatch(/^--format "xml": .*text.*json.*markdown/);
    expect(usageError(["scan", "--fail-on", "severe"])).toMatch(/^--fail-on "severe": /);
    expect(usageError(["scan", "--format"])).toMatch(/--format.*argument missing/);
    expect(usageError([])).toBe("missing command: expected scan or review");
    expect(usageError(["lint"])).toBe('unknown command "lint": expected scan or review');
    expect(usageError(["scan", "--base", "main"])).toBe("--base only applies to review");
    expect(usageError(["review", "src"])).toMatch(/review takes no paths/);
    expect(usageError(["review", "--base=--output=/tmp/x"])).toMatch(/--base .*must not start with '-'/);
    for (const argv of [["scan", "--frobnicate"], ["scan", "--format", "xml"]]) expect(usageError(argv)).not.toContain("\n");
  });
});
