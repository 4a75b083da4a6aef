// The review pipeline: engines -> findings -> dedupe -> gate. Shared by the app and the CLI.
import { analyzeSnapshot } from "../analysis/engine.js";
import type { Rule } from "../analysis/rule.js";
import type { RepoConfig } from "../config/repo-config.js";
import { allRules } from "../../rules/index.js";
import { decideGate, markBlocking } from "./gate.js";
import { severityRank, type Finding, type PullRequestSnapshot, type ReviewResult } from "./types.js";

export interface ReviewOptions {
  config: RepoConfig;
  /** The rules to run; all registered rules by default. */
  rules?: readonly Rule[];
  /** Aborts between phases (a newer push superseded this review). */
  signal?: AbortSignal;
}

export function compareFindings(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || a.path.localeCompare(b.path) || a.line - b.line || a.ruleId.localeCompare(b.ruleId);
}

export async function reviewSnapshot(snapshot: PullRequestSnapshot, options: ReviewOptions): Promise<ReviewResult> {
  const started = performance.now();
  options.signal?.throwIfAborted();
  const staticStarted = performance.now();
  const analysis = analyzeSnapshot(snapshot, { config: options.config, rules: options.rules ?? allRules });
  const staticMs = performance.now() - staticStarted;
  options.signal?.throwIfAborted();

  const findings = markBlocking(analysis.findings, options.config).sort(compareFindings);
  const linesAdded = snapshot.files.reduce((sum, file) => sum + file.addedLines.size, 0);
  return {
    findings,
    gate: decideGate(findings, options.config),
    stats: {
      filesChanged: snapshot.files.length,
      filesAnalyzed: analysis.filesAnalyzed,
      linesAdded,
      durationMs: { static: Math.round(staticMs), total: Math.round(performance.now() - started) },
    },
    notes: [...snapshot.notes, ...analysis.notes],
    config: options.config,
  };
}
