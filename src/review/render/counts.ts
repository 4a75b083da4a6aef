// Counting findings for titles and summaries; shared by every renderer so they never disagree.
import { CATEGORIES, SEVERITIES, type Category, type Finding, type ReviewResult, type Severity } from "../types.js";

export type SeverityCounts = Record<Severity, number>;

export function emptySeverityCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0 };
}

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts = emptySeverityCounts();
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** Categories that have findings, in the catalogue's order, each with its severity counts. */
export function countByCategory(findings: readonly Finding[]): Array<{ category: Category; counts: SeverityCounts; total: number }> {
  return CATEGORIES.flatMap((category) => {
    const inCategory = findings.filter((finding) => finding.category === category);
    return inCategory.length === 0 ? [] : [{ category, counts: countBySeverity(inCategory), total: inCategory.length }];
  });
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `2 high · 3 medium production gaps`, `1 critical production gap` or `No production gaps found`. */
export function renderTitle(result: Pick<ReviewResult, "findings">): string {
  const counts = countBySeverity(result.findings);
  const total = result.findings.length;
  if (total === 0) return "No production gaps found";
  const parts = SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => `${counts[severity]} ${severity}`);
  return `${parts.join(" · ")} production ${total === 1 ? "gap" : "gaps"}`;
}

/** Milliseconds for people: `850 ms`, `2.4 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Findings grouped by path (paths sorted), each group in line order: how people read a file. */
export function groupByPath(findings: readonly Finding[]): Array<[string, Finding[]]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.path) ?? [];
    group.push(finding);
    groups.set(finding.path, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, group]) => [path, group.sort((a, b) => a.line - b.line || a.endLine - b.endLine)]);
}

export function lineRange(finding: Pick<Finding, "line" | "endLine">): string {
  return finding.endLine > finding.line ? `${finding.line}-${finding.endLine}` : `${finding.line}`;
}
