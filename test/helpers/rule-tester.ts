// Runs rules through the real engine on in-memory files, the way the app and the CLI do.
import { analyzeSnapshot } from "../../src/analysis/engine.js";
import type { Rule } from "../../src/analysis/rule.js";
import { defaultRepoConfig, validateRepoConfig, type RepoConfig } from "../../src/config/repo-config.js";
import { buildChangedFile } from "../../src/review/changed-file.js";
import type { Finding, FileStatus, PullRequestSnapshot } from "../../src/review/types.js";

export interface TestFile {
  path: string;
  content: string;
  /** Unified-diff hunks for review mode; without one the whole file counts as added. */
  patch?: string;
  status?: FileStatus;
}

export interface RunOptions {
  mode?: "review" | "scan";
  /** Raw config, validated like `.github/prodgap.yml`. */
  config?: unknown;
}

export function snapshotOf(files: TestFile[], mode: "review" | "scan" = "scan"): PullRequestSnapshot {
  return {
    repo: { owner: "acme", name: "shop" },
    number: 1,
    title: "test",
    body: "",
    baseSha: "base",
    headSha: "head",
    mode,
    notes: [],
    files: files.map((file) =>
      buildChangedFile({
        path: file.path,
        status: file.status ?? (file.patch ? "modified" : "added"),
        content: file.content,
        ...(file.patch !== undefined ? { patch: file.patch } : {}),
      }),
    ),
  };
}

export function configOf(raw: unknown): RepoConfig {
  return raw === undefined ? defaultRepoConfig() : validateRepoConfig(raw, "test config");
}

/** The findings of `rules` on `files`, plus the engine's notes (a failing rule shows up there). */
export function analyze(rules: Rule[], files: TestFile[], options: RunOptions = {}): { findings: Finding[]; notes: string[] } {
  const result = analyzeSnapshot(snapshotOf(files, options.mode ?? "scan"), { config: configOf(options.config), rules });
  return { findings: result.findings, notes: result.notes };
}

/** Findings of one rule on one file; fails the test if the engine noted a rule failure. */
export function findingsOf(rule: Rule, path: string, content: string, options: RunOptions = {}): Finding[] {
  const { findings, notes } = analyze([rule], [{ path, content }], options);
  if (notes.length > 0) throw new Error(`engine notes: ${notes.join("; ")}`);
  return findings.filter((finding) => finding.ruleId === rule.meta.id);
}

/** A patch that adds `addedLines` (1-based) of `content` and keeps every other line as context. */
export function patchAdding(content: string, addedLines: number[]): string {
  const lines = content.replace(/\n$/, "").split("\n");
  const added = new Set(addedLines);
  const oldCount = lines.length - addedLines.length;
  const body = lines.map((line, index) => (added.has(index + 1) ? `+${line}` : ` ${line}`));
  return [`@@ -1,${oldCount} +1,${lines.length} @@`, ...body].join("\n");
}
