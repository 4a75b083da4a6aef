// The machine-readable report (`--format json`). Version 1 is a contract for scripts and CI: add fields
// in a new version rather than renaming or removing them here.
import type { Category, Conclusion, ReviewResult, ReviewStats, Severity } from "../types.js";

export interface JsonFinding {
  ruleId: string;
  category: Category;
  severity: Severity;
  /** Relative to the repository root, forward slashes. */
  path: string;
  line: number;
  endLine: number;
  message: string;
  source: "static" | "llm";
}

export interface JsonReport {
  version: 1;
  findings: JsonFinding[];
  stats: ReviewStats;
  gate: { conclusion: Conclusion; reason: string };
  notes: string[];
}

export function toJsonReport(result: ReviewResult): JsonReport {
  return {
    version: 1,
    findings: result.findings.map((finding) => ({
      ruleId: finding.ruleId,
      category: finding.category,
      severity: finding.severity,
      // Snapshot builders already make paths repository-relative with forward slashes.
      path: finding.path,
      line: finding.line,
      endLine: finding.endLine,
      message: finding.message,
      source: finding.source,
    })),
    stats: {
      filesChanged: result.stats.filesChanged,
      filesAnalyzed: result.stats.filesAnalyzed,
      linesAdded: result.stats.linesAdded,
      durationMs: { static: result.stats.durationMs.static, total: result.stats.durationMs.total },
    },
    gate: { conclusion: result.gate.conclusion, reason: result.gate.reason },
    notes: [...result.notes],
  };
}

export function renderJson(result: ReviewResult): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}
