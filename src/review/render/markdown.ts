// The markdown summary of a review, for a check run (GitHub caps its summary at 65,535 characters) or
// a file. Free of GitHub and CLI specifics: the app and the CLI both call it.
import { SEVERITIES, type Conclusion, type Finding, type ReviewResult } from "../types.js";
import { countByCategory, countBySeverity, formatDuration, lineRange, plural, renderTitle } from "./counts.js";
import { codeCell, escapeCell, escapeInline } from "./markdown-escape.js";

export { renderTitle };

/** Under GitHub's 65,535-character cap on check-run summaries, with room to spare. */
export const DEFAULT_MAX_SUMMARY_LENGTH = 65_000;

export interface MarkdownSummaryOptions {
  maxLength?: number;
}

const GATE_WORD: Record<Conclusion, string> = { success: "passed", failure: "failed", neutral: "neutral" };
const SEVERITY_HEADER = "| Category | Critical | High | Medium | Low | Total |\n| --- | ---: | ---: | ---: | ---: | ---: |";
const FINDINGS_HEADER = "| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |";
/** Room kept for an "…and N more" line. */
const MORE_RESERVE = 40;

function countsTable(findings: readonly Finding[]): string {
  const row = (label: string, counts: Record<string, number>, total: number): string =>
    `| ${label} | ${SEVERITIES.map((severity) => counts[severity] || "·").join(" | ")} | ${total} |`;
  const rows = countByCategory(findings).map(({ category, counts, total }) => row(category, counts, total));
  rows.push(row("**Total**", countBySeverity(findings), findings.length));
  return `${SEVERITY_HEADER}\n${rows.join("\n")}`;
}

function findingRow(finding: Finding): string {
  const severity = finding.blocking ? `**${finding.severity}**` : finding.severity;
  const source = finding.source === "llm" ? " (llm)" : "";
  return `| ${severity} | ${codeCell(finding.ruleId)}${source} | ${codeCell(`${finding.path}:${lineRange(finding)}`)} | ${escapeCell(finding.message)} |`;
}

function statsLine(result: ReviewResult): string {
  const { stats } = result;
  return [
    `${plural(stats.filesChanged, "file")} changed, ${stats.filesAnalyzed} analysed`,
    `${plural(stats.linesAdded, "line")} added`,
    `${formatDuration(stats.durationMs.total)} (static analysis ${formatDuration(stats.durationMs.static)})`,
  ].join(" · ");
}

/** As many of `lines` as fit in `budget` characters (joined by newlines), then a line saying how many did not. */
function fitLines(lines: readonly string[], budget: number, more: (count: number) => string): string[] {
  const total = lines.reduce((sum, line) => sum + line.length + 1, 0);
  if (total <= budget) return [...lines];
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget - MORE_RESERVE) break;
    kept.push(line);
    used += line.length + 1;
  }
  return [...kept, more(lines.length - kept.length)];
}

export function renderMarkdownSummary(result: ReviewResult, options: MarkdownSummaryOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_SUMMARY_LENGTH;
  const gate = `**Gate: ${GATE_WORD[result.gate.conclusion]}** — ${escapeInline(result.gate.reason)}`;
  const counts = result.findings.length === 0 ? "No production gaps found." : countsTable(result.findings);
  const stats = `### Stats\n\n${statsLine(result)}`;
  const findingsHead = result.findings.length > 0 ? `### Findings\n\n${FINDINGS_HEADER}` : undefined;
  const notesHead = result.notes.length > 0 ? "### Skipped or not reviewed" : undefined;

  const fixed = [gate, counts, findingsHead, notesHead, stats].filter((part) => part !== undefined);
  // Each part is separated by a blank line: two newlines per gap, plus one before each list.
  let room = maxLength - fixed.reduce((sum, part) => sum + part.length + 2, 0) - 4;

  const rows = result.findings.map(findingRow);
  const noteLines = result.notes.map((note) => `- ${escapeInline(note)}`);
  const notesWanted = noteLines.reduce((sum, line) => sum + line.length + 1, 0);
  // Findings come first, but notes keep up to a quarter of the room: they explain what was not reviewed.
  const findingsBudget = Math.max(0, room - Math.min(notesWanted, Math.floor(room / 4)));
  const keptRows = fitLines(rows, findingsBudget, (count) => `\n…and ${count} more`);
  room -= keptRows.reduce((sum, line) => sum + line.length + 1, 0);
  const keptNotes = fitLines(noteLines, Math.max(0, room), (count) => `- …and ${count} more`);

  const parts = [
    gate,
    counts,
    findingsHead !== undefined ? `${findingsHead}\n${keptRows.join("\n")}` : undefined,
    notesHead !== undefined ? `${notesHead}\n\n${keptNotes.join("\n")}` : undefined,
    stats,
  ].filter((part) => part !== undefined);
  const text = `${parts.join("\n\n")}\n`;
  // Only a maxLength smaller than the fixed parts gets here; cut rather than exceed the cap.
  return text.length <= maxLength ? text : `${text.slice(0, Math.max(0, maxLength - 2))}…\n`;
}
