// The report for people at a terminal: findings grouped by file, then the gate, what was skipped and the stats.
import type { Conclusion, Finding, ReviewResult, Severity } from "../types.js";
import { painter, sanitizeForTerminal, type Painter, type Style } from "./ansi.js";
import { formatDuration, groupByPath, lineRange, plural, renderTitle } from "./counts.js";

export interface TextRenderOptions {
  /** ANSI colours; decide with colorEnabled() from the stream and environment. */
  color?: boolean;
}

const SEVERITY_STYLE: Record<Severity, Style[]> = {
  critical: ["bold", "magenta"],
  high: ["bold", "red"],
  medium: ["yellow"],
  low: ["cyan"],
};

const GATE_WORD: Record<Conclusion, { word: string; style: Style }> = {
  success: { word: "passed", style: "green" },
  failure: { word: "failed", style: "red" },
  neutral: { word: "neutral", style: "yellow" },
};

const SEVERITY_WIDTH = Math.max(..."critical high medium low".split(" ").map((word) => word.length));

const BRIEF_MAX = 240;

/**
 * The first sentence, at most BRIEF_MAX characters: a terminal report gives the gist; the full text is in
 * the docs, the JSON and the check run. Abbreviations such as "e.g." do not end a sentence.
 */
export function brief(text: string): string {
  const end = /(?<!\b(?:e\.g|i\.e|etc|vs))[.!?](?=\s+[A-Z`"(])/.exec(text);
  const sentence = end ? text.slice(0, end.index + 1) : text;
  if (sentence.length <= BRIEF_MAX) return sentence;
  const cut = sentence.slice(0, BRIEF_MAX - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), BRIEF_MAX / 2))}…`;
}

/** Indents every line after the first, so multi-line text stays under its label. */
function hang(text: string, indent: string): string {
  return sanitizeForTerminal(text).replace(/\r?\n/g, `\n${indent}`);
}

function renderFinding(finding: Finding, paint: Painter, locationWidth: number): string[] {
  const location = lineRange(finding).padStart(locationWidth);
  const severity = paint(finding.severity.padEnd(SEVERITY_WIDTH), ...SEVERITY_STYLE[finding.severity]);
  const indent = " ".repeat(2 + locationWidth + 2);
  const blocking = finding.blocking ? paint(" (blocks)", "bold") : "";
  const source = finding.source === "llm" ? paint(" [llm]", "dim") : "";
  return [
    `  ${location}  ${severity}  ${paint(finding.ruleId, "dim")}${blocking}${source}`,
    `${indent}${hang(finding.message, indent)}`,
    `${indent}${paint("why:", "dim")} ${hang(brief(finding.why), indent + "     ")}`,
    `${indent}${paint("fix:", "dim")} ${hang(brief(finding.fix), indent + "     ")}`,
  ];
}

export function renderText(result: ReviewResult, options: TextRenderOptions = {}): string {
  const paint = painter(options.color ?? false);
  const out: string[] = [];

  for (const [path, findings] of groupByPath(result.findings)) {
    const locationWidth = Math.max(...findings.map((finding) => lineRange(finding).length));
    out.push(paint(sanitizeForTerminal(path), "bold", "blue"));
    for (const finding of findings) out.push(...renderFinding(finding, paint, locationWidth), "");
  }

  out.push(paint(renderTitle(result), "bold"));
  const gate = GATE_WORD[result.gate.conclusion];
  out.push(`${paint("Gate:", "bold")} ${paint(gate.word, "bold", gate.style)} — ${hang(result.gate.reason, "  ")}`);

  if (result.notes.length > 0) {
    out.push("", paint("Skipped or not reviewed:", "bold"));
    for (const note of result.notes) out.push(`  - ${hang(note, "    ")}`);
  }

  const { stats } = result;
  out.push(
    "",
    paint(
      `${plural(stats.filesChanged, "file")}, ${stats.filesAnalyzed} analysed, ${plural(stats.linesAdded, "line")} added, ${formatDuration(stats.durationMs.total)}`,
      "dim",
    ),
  );
  return `${out.join("\n")}\n`;
}
