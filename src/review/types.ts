// The core types shared by the review pipeline, the static engine and every adapter (GitHub, CLI).
// Nothing here may import Octokit, Probot or the queue: this is the seam that keeps the core testable.
import type { Hunk } from "../diff/hunk.js";
import type { RepoConfig } from "../config/repo-config.js";

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = [
  "security",
  "testing",
  "observability",
  "reliability",
  "performance",
  "data",
  "deploy",
  "ai",
  "prodgap",
] as const;
/** `prodgap` is the engine's own category (e.g. a suppression comment without a reason). */
export type Category = (typeof CATEGORIES)[number];

export type FileStatus = "added" | "modified" | "removed" | "renamed";

export type Language =
  | "typescript"
  | "javascript"
  | "dockerfile"
  | "yaml"
  | "json"
  | "sql"
  | "shell"
  | "markdown"
  | "text";

export interface ChangedFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  previousPath?: string;
  status: FileStatus;
  language: Language;
  /** The unified-diff hunks of this file (head side numbered), empty when the whole file is new in `scan`. */
  hunks: Hunk[];
  /** Head-side line numbers the change adds or modifies. */
  addedLines: ReadonlySet<number>;
  /** Head-side line numbers that appear in a hunk (added or context): where GitHub accepts a comment. */
  commentableLines: ReadonlySet<number>;
  /** Head content; undefined when it was not fetched (removed, binary, too large, ignored). */
  content?: string;
  /** Why the file is not analysed, when it is not. */
  skipReason?: string;
}

export interface PullRequestSnapshot {
  repo: { owner: string; name: string };
  number: number;
  title: string;
  body: string;
  baseSha: string;
  headSha: string;
  files: ChangedFile[];
  /** `review` keeps findings on added lines only; `scan` treats every line as added. */
  mode: "review" | "scan";
  /** What the snapshot builder could not include, in words for the summary. */
  notes: string[];
  /** Test files in the head tree (undefined: unknown); 0 means the repository has no test convention. */
  repoTestFiles?: number;
  /** A sample of those test paths, to suggest a test location that follows the repository's layout. */
  repoTestPaths?: string[];
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  path: string;
  line: number;
  endLine: number;
  /** What is wrong here. */
  message: string;
  /** The production consequence. */
  why: string;
  /** How to close the gap. */
  fix: string;
  /** Replacement text for lines line..endLine, when the fix is mechanical. */
  suggestion?: string;
  source: "static" | "llm";
  docsUrl?: string;
  /** Stable across pushes: rule + path + normalized code of the flagged lines + occurrence. */
  fingerprint: string;
  /** Whether this finding alone makes the gate fail. */
  blocking: boolean;
}

export type Conclusion = "success" | "failure" | "neutral";

export interface GateDecision {
  conclusion: Conclusion;
  reason: string;
}

export interface ReviewStats {
  filesChanged: number;
  filesAnalyzed: number;
  linesAdded: number;
  durationMs: { static: number; total: number };
}

export interface ReviewResult {
  findings: Finding[];
  gate: GateDecision;
  stats: ReviewStats;
  /** What was skipped and why, in words a user can act on. */
  notes: string[];
  config: RepoConfig;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** True when `severity` is at least `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** One level lower, for findings with weaker evidence; `low` stays `low`. */
export function lowerSeverity(severity: Severity): Severity {
  const order: Severity[] = ["low", "low", "medium", "high"];
  return order[SEVERITY_RANK[severity] - 1] ?? "low";
}
