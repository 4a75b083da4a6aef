import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { colorEnabled, sanitizeForTerminal } from "../../src/review/render/ansi.js";
import { renderJson } from "../../src/review/render/json.js";
import { DEFAULT_MAX_SUMMARY_LENGTH, renderMarkdownSummary, renderTitle } from "../../src/review/render/markdown.js";
import { codeCell, escapeCell, escapeInline, inlineCode } from "../../src/review/render/markdown-escape.js";
import { brief, renderText } from "../../src/review/render/text.js";
import type { Finding, ReviewResult, Severity } from "../../src/review/types.js";

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "security/sql-injection",
    category: "security",
    severity: "high",
    path: "src/db.ts",
    line: 10,
    endLine: 10,
    message: "Query built from request input.",
    why: "An attacker can read any row.",
    fix: "Use a parameterised query.",
    source: "static",
    fingerprint: "abc",
    blocking: true,
    ...overrides,
  };
}

function result(findings: Finding[], overrides: Partial<ReviewResult> = {}): ReviewResult {
  const blocking = findings.filter((item) => item.blocking).length;
  return {
    findings,
    gate:
      blocking > 0
        ? { conclusion: "failure", reason: `${blocking} findings at or above \`high\` block the merge.` }
        : { conclusion: "success", reason: "No finding at or above `high`." },
    stats: { filesChanged: 4, filesAnalyzed: 3, linesAdded: 120, durationMs: { static: 30, total: 45 } },
    notes: [],
    config: defaultRepoConfig(),
    ...overrides,
  };
}

const severities = (...list: Severity[]): Finding[] => list.map((severity, index) => finding({ severity, line: index + 1, blocking: false }));

/** Splits a GFM table row the way GitHub does: a backslash escapes the next character. */
function tableCells(row: string): string[] {
  const cells: string[] = [];
  let current = "";
  for (let index = 0; index < row.length; index++) {
    const char = row[index]!;
    if (char === "\\") {
      current += char + (row[index + 1] ?? "");
      index++;
    } else if (char === "|") {
      cells.push(current);
      current = "";
    } else current += char;
  }
  cells.push(current);
  return cells.slice(1, -1);
}

describe("renderTitle", () => {
  it("counts by severity, most severe first, with singular and plural", () => {
    expect(renderTitle(result([]))).toBe("No production gaps found");
    expect(renderTitle(result(severities("critical")))).toBe("1 critical production gap");
    expect(renderTitle(result(severities("medium", "high", "medium", "high", "medium")))).toBe("2 high · 3 medium production gaps");
    expect(renderTitle(result(severities("low", "critical")))).toBe("1 critical · 1 low production gaps");
  });
});

describe("renderText", () => {
  const sample = result(
    [
      finding({ path: "src/b.ts", line: 30 }),
      finding({ path: "src/a.ts", line: 7, endLine: 9, severity: "medium", ruleId: "reliability/x", category: "reliability", blocking: false }),
      finding({ path: "src/b.ts", line: 3, severity: "low", ruleId: "observability/y", category: "observability", blocking: false }),
    ],
    { notes: ["Skipped 1 file — binary file: `logo.png`."] },
  );

  it("groups findings by file in path and line order, with message, why, fix, gate, notes and stats", () => {
    const text = renderText(sample);
    expect(text).not.toContain("\u001b[");
    const lines = text.split("\n");
    expect(lines.filter((line) => line === "src/a.ts" || line === "src/b.ts")).toEqual(["src/a.ts", "src/b.ts"]);
    expect(text.indexOf("observability/y")).toBeLessThan(text.indexOf("security/sql-injection"));
    expect(text).toContain("7-9  medium");
    expect(text).toContain("Query built from request input.");
    expect(text).toContain("why: An attacker can read any row.");
    expect(text).toContain("fix: Use a parameterised query.");
    expect(text).toContain("(blocks)");
    expect(text).toContain("1 high · 1 medium · 1 low production gaps");
    expect(text).toMatch(/Gate: failed — 1 findings at or above `high` block the merge\./);
    expect(text).toContain("  - Skipped 1 file — binary file: `logo.png`.");
    expect(text).toContain("4 files, 3 analysed, 120 lines added, 45 ms");
  });

  it("colours severities only when asked", () => {
    const coloured = renderText(sample, { color: true });
    expect(coloured).toContain("\u001b[31m"); // high in red
    expect(coloured).toContain("\u001b[33m"); // medium in yellow
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(renderText(sample));
  });

  it("prints a passing gate when nothing was found", () => {
    const text = renderText(result([]));
    expect(text).toContain("No production gaps found");
    expect(text).toContain("Gate: passed — No finding at or above `high`.");
  });

  it("neutralises escape sequences quoted from the reviewed code and keeps multi-line messages indented", () => {
    const text = renderText(result([finding({ message: "evil \u001b]0;title\u0007 here\nsecond line" })]));
    expect(text).not.toContain("\u001b");
    expect(text).toContain("evil \\x1b]0;title\\x07 here");
    expect(text).toMatch(/\n {6,}second line/);
  });
});

describe("brief", () => {
  it("keeps the first sentence of why and fix, not counting abbreviations", () => {
    expect(brief("Data leaks. Then more text.")).toBe("Data leaks.");
    expect(brief("Log it, e.g. `logger.warn(err)`. Or rethrow.")).toBe("Log it, e.g. `logger.warn(err)`.");
    expect(brief("Version 1.2 is fine")).toBe("Version 1.2 is fine");
    const long = brief(`${"word ".repeat(100)}end.`);
    expect(long.length).toBeLessThanOrEqual(240);
    expect(long.endsWith("…")).toBe(true);
  });

  it("is used for why and fix in the text report", () => {
    const text = renderText(result([finding({ why: "Short why. Long explanation follows here.", fix: "Do this. And then that." })]));
    expect(text).toContain("why: Short why.\n");
    expect(text).toContain("fix: Do this.\n");
    expect(text).not.toContain("Long explanation");
  });
});

describe("colorEnabled", () => {
  it("follows the TTY, NO_COLOR, FORCE_COLOR and TERM=dumb", () => {
    expect(colorEnabled({ isTTY: true, env: {} })).toBe(true);
    expect(colorEnabled({ isTTY: false, env: {} })).toBe(false);
    expect(colorEnabled({ env: {} })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: "1" } })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: "" } })).toBe(true);
    expect(colorEnabled({ isTTY: true, env: { TERM: "dumb" } })).toBe(false);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: "1" } })).toBe(true);
    expect(colorEnabled({ isTTY: true, env: { FORCE_COLOR: "0" } })).toBe(true);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).toBe(false);
  });

  it("sanitizeForTerminal keeps newlines and tabs", () => {
    expect(sanitizeForTerminal("a\tb\nc\u0000")).toBe("a\tb\nc\\x00");
  });
});

describe("renderJson", () => {
  it("has exactly the version 1 shape", () => {
    const parsed: unknown = JSON.parse(renderJson(result([finding({ suggestion: "x" })], { notes: ["n"] })));
    expect(parsed).toEqual({
      version: 1,
      findings: [
        {
          ruleId: "security/sql-injection",
          category: "security",
          severity: "high",
          path: "src/db.ts",
          line: 10,
          endLine: 10,
          message: "Query built from request input.",
          source: "static",
        },
      ],
      stats: { filesChanged: 4, filesAnalyzed: 3, linesAdded: 120, durationMs: { static: 30, total: 45 } },
      gate: { conclusion: "failure", reason: "1 findings at or above `high` block the merge." },
      notes: ["n"],
    });
    expect(Object.keys(parsed as object)).toEqual(["version", "findings", "stats", "gate", "notes"]);
  });

  it("ends with a newline and renders an empty review", () => {
    const text = renderJson(result([]));
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ findings: [], gate: { conclusion: "success" } });
  });
});

describe("markdown escaping", () => {
  it("keeps table cells intact whatever the text holds", () => {
    for (const text of ["a | b", "a \\| b", "ends with \\", "a\nb | c", "`x | y`", "\\\\|"]) {
      const row = `| ${escapeCell(text)} | ${codeCell(text)} |`;
      expect(row).not.toContain("\n");
      expect(tableCells(row)).toHaveLength(2);
    }
  });

  it("escapes HTML outside code spans only, so a comment cannot hide the rest", () => {
    expect(escapeInline("<!-- hide")).toBe("&lt;!-- hide");
    expect(escapeInline("`Promise<void>` is <b>")).toBe("`Promise<void>` is &lt;b&gt;");
  });

  it("fences code containing backticks with a longer fence", () => {
    expect(inlineCode("a`b")).toBe("``a`b``");
    expect(inlineCode("`a")).toBe("`` `a ``");
  });
});

describe("renderMarkdownSummary", () => {
  it("shows the gate, counts by category and severity, findings, notes and stats", () => {
    const summary = renderMarkdownSummary(
      result(
        [
          finding(),
          finding({ ruleId: "reliability/timeout", category: "reliability", severity: "medium", path: "src/http.ts", line: 4, endLine: 6, blocking: false }),
        ],
        { notes: ["Skipped 2 files — binary file: `a.png`, `b.png`."] },
      ),
    );
    expect(summary).toContain("**Gate: failed** — 1 findings at or above `high` block the merge.");
    expect(summary).toContain("| Category | Critical | High | Medium | Low | Total |");
    expect(summary).toContain("| security | · | 1 | · | · | 1 |");
    expect(summary).toContain("| reliability | · | · | 1 | · | 1 |");
    expect(summary).toContain("| **Total** | · | 1 | 1 | · | 2 |");
    expect(summary).toContain("| **high** | `security/sql-injection` | `src/db.ts:10` | Query built from request input. |");
    expect(summary).toContain("| medium | `reliability/timeout` | `src/http.ts:4-6` |");
    expect(summary).toContain("- Skipped 2 files — binary file: `a.png`, `b.png`.");
    expect(summary).toContain("4 files changed, 3 analysed · 120 lines added · 45 ms (static analysis 30 ms)");
  });

  it("says so when nothing was found and leaves out empty sections", () => {
    const summary = renderMarkdownSummary(result([]));
    expect(summary).toContain("No production gaps found.");
    expect(summary).not.toContain("### Findings");
    expect(summary).not.toContain("### Skipped");
  });

  it("escapes messages that quote code so the findings table keeps four columns", () => {
    const summary = renderMarkdownSummary(result([finding({ message: "uses `a || b`\nand x | y <!--", path: "src/we|rd.ts" })]));
    const rows = summary.split("\n").filter((line) => line.startsWith("| ") && line.includes("sql-injection"));
    expect(rows).toHaveLength(1);
    expect(tableCells(rows[0]!)).toHaveLength(4);
    expect(summary).not.toContain("<!--");
  });

  it("stays under the default cap with thousands of findings and says how many were left out", () => {
    const many = Array.from({ length: 5000 }, (_, index) =>
      finding({ line: index + 1, endLine: index + 1, message: `Message number ${index} ${"x".repeat(40)}` }),
    );
    const notes = Array.from({ length: 500 }, (_, index) => `Skipped 1 file — binary file: \`asset-${index}.png\`.`);
    const summary = renderMarkdownSummary(result(many, { notes }));
    expect(summary.length).toBeLessThanOrEqual(DEFAULT_MAX_SUMMARY_LENGTH);
    expect(summary).toMatch(/…and \d+ more/);
    expect(summary).toContain("- Skipped 1 file — binary file: `asset-0.png`.");
    expect(summary).toContain("### Stats");
    const shown = summary.split("\n").filter((line) => line.includes("security/sql-injection")).length;
    const more = Number(/\n…and (\d+) more/.exec(summary)?.[1]);
    expect(shown + more).toBe(5000);
  });

  it("honours a small maxLength", () => {
    const many = Array.from({ length: 50 }, (_, index) => finding({ line: index + 1 }));
    for (const maxLength of [200, 1000, 3000]) {
      expect(renderMarkdownSummary(result(many), { maxLength }).length).toBeLessThanOrEqual(maxLength);
    }
  });
});
