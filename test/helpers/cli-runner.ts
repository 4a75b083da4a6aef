// Runs the CLI in-process with captured streams, as the terminal would see it.
import { expect } from "vitest";
import { defineTextRule, type Rule } from "../../src/analysis/rule.js";
import { runCli, type CliIo } from "../../src/cli/run.js";
import type { JsonReport } from "../../src/review/render/json.js";

/** Flags added lines containing MARK_HIGH (high) or MARK_MEDIUM (medium): CLI tests need not depend on the catalogue. */
export const markerRule = defineTextRule({
  meta: { id: "reliability/test-marker", category: "reliability", severity: "high", title: "Test marker", description: "Test only.", why: "Test why.", fix: "Test fix." },
  check(document, context) {
    for (const line of document.addedLineNumbers) {
      const text = document.lineAt(line);
      if (text.includes("MARK_HIGH")) context.report({ line, message: "high marker found" });
      if (text.includes("MARK_MEDIUM")) context.report({ line, message: "medium marker found", severity: "medium" });
    }
  },
});

export interface RunOptions {
  /** The rules to run; every registered rule when omitted. */
  rules?: readonly Rule[];
  isTTY?: boolean;
  env?: Record<string, string>;
}

export async function runCaptured(argv: string[], cwd: string, options: RunOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk), ...(options.isTTY !== undefined ? { isTTY: options.isTTY } : {}) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd,
    env: options.env ?? {},
  };
  const code = await runCli(argv, io, options.rules ? { rules: options.rules } : {});
  return { code, stdout, stderr };
}

/** `--format json`, asserting nothing went to stderr. */
export async function runJson(argv: string[], cwd: string, options: RunOptions = {}): Promise<{ code: number; report: JsonReport }> {
  const result = await runCaptured([...argv, "--format", "json"], cwd, options);
  expect(result.stderr).toBe("");
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport };
}
