// The static engine: each changed file is parsed once and walked once; every rule that asked for a
// syntax kind is called from that walk. Findings are kept only on lines the change adds, unless a
// suppression with a reason covers them.
import { ts } from "ts-morph";
import type { RepoConfig } from "../config/repo-config.js";
import { severityRank, type ChangedFile, type Finding, type PullRequestSnapshot, type Severity } from "../review/types.js";
import { rulesDocsUrl } from "./docs-url.js";
import { parseDockerfile } from "./dockerfile.js";
import { baseLinesOf } from "../diff/base-content.js";
import { wholeFileLineMap } from "../diff/hunk.js";
import { createFileFacts } from "./file-facts.js";
import { fingerprintOf, normalizeCode } from "./fingerprint.js";
import { isScriptLanguage } from "./language.js";
import type { Report, Rule, RuleContext, RuleMeta, SnapshotRule, TsRule } from "./rule.js";
import { isRuleEnabled, ruleSettingFor, type EffectiveRuleSetting } from "./rule-settings.js";
import { parseSuppressions, suppressionCovers, type Suppression } from "./suppressions.js";
import { createTextDocument, splitLines } from "./text-document.js";
import { addToDispatch, type DispatchTable } from "./visitors.js";
import { invalidSuppressionMeta } from "./invalid-suppression.js";

export interface StaticAnalysisResult {
  findings: Finding[];
  notes: string[];
  filesAnalyzed: number;
}

/** A report resolved to lines, before scope, suppression and fingerprinting. */
interface LocatedReport {
  meta: RuleMeta;
  setting: EffectiveRuleSetting;
  report: Report;
  line: number;
  endLine: number;
}

function scriptKindFor(path: string): ts.ScriptKind {
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  if (extension === "tsx") return ts.ScriptKind.TSX;
  if (extension === "ts" || extension === "mts" || extension === "cts") return ts.ScriptKind.TS;
  // JSX is common in plain .js files; the JSX parser accepts all other JavaScript too.
  return ts.ScriptKind.JSX;
}

/** Walks the tree once without recursion, so deeply nested generated code cannot overflow the stack. */
function walk(sourceFile: ts.SourceFile, table: DispatchTable): void {
  const stack: Array<{ node: ts.Node; exiting: boolean }> = [{ node: sourceFile, exiting: false }];
  const children: ts.Node[] = [];
  while (stack.length > 0) {
    const { node, exiting } = stack.pop()!;
    if (exiting) {
      for (const listener of table.exit.get(node.kind) ?? []) listener(node);
      continue;
    }
    for (const listener of table.enter.get(node.kind) ?? []) listener(node);
    if (table.exit.has(node.kind)) stack.push({ node, exiting: true });
    children.length = 0;
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let index = children.length - 1; index >= 0; index--) stack.push({ node: children[index]!, exiting: false });
  }
}

function lineOf(sourceFile: ts.SourceFile, position: number): number {
  return sourceFile.getLineAndCharacterOfPosition(position).line + 1;
}

export interface AnalyzeOptions {
  config: RepoConfig;
  rules: readonly Rule[];
}

export function analyzeSnapshot(snapshot: PullRequestSnapshot, options: AnalyzeOptions): StaticAnalysisResult {
  const { config } = options;
  const rules = options.rules.filter((rule) => isRuleEnabled(rule.meta, config));
  const knownRuleIds = new Set(options.rules.map((rule) => rule.meta.id));
  knownRuleIds.add(invalidSuppressionMeta.id);
  const notes: string[] = [];
  const located = new Map<ChangedFile, LocatedReport[]>();
  const linesByFile = new Map<ChangedFile, readonly string[]>();
  const failedRules = new Set<string>();
  let filesAnalyzed = 0;

  const recordFailure = (meta: RuleMeta, path: string, error: unknown): void => {
    const key = `${meta.id}\u0000${path}`;
    if (failedRules.has(key)) return;
    failedRules.add(key);
    notes.push(`Rule \`${meta.id}\` failed on \`${path}\` and was skipped for that file: ${(error as Error).message ?? String(error)}`);
  };

  const contextFor = (file: ChangedFile, meta: RuleMeta, setting: EffectiveRuleSetting, lines: readonly string[], sourceFile?: ts.SourceFile): RuleContext => ({
    file,
    options: setting.options,
    report(report) {
      let line: number;
      let endLine: number;
      if ("node" in report) {
        if (!sourceFile) throw new Error(`rule ${meta.id} reported a node outside a script file`);
        line = lineOf(sourceFile, report.node.getStart(sourceFile));
        endLine = lineOf(sourceFile, (report.endNode ?? report.node).getEnd());
      } else {
        line = report.line;
        endLine = report.endLine ?? report.line;
      }
      line = Math.max(1, Math.min(line, Math.max(lines.length, 1)));
      endLine = Math.max(line, Math.min(endLine, Math.max(lines.length, 1)));
      const list = located.get(file) ?? [];
      list.push({ meta, setting, report, line, endLine });
      located.set(file, list);
    },
  });

  for (const file of snapshot.files) {
    if (file.skipReason !== undefined || file.content === undefined || file.status === "removed") continue;
    const content = file.content;
    const applicable = rules
      .filter((rule) => rule.kind !== "snapshot")
      .map((rule) => ({ rule, setting: ruleSettingFor(rule.meta, config, file.path) }))
      .filter((entry): entry is { rule: Exclude<Rule, SnapshotRule>; setting: EffectiveRuleSetting } => entry.setting !== undefined);
    const lines = splitLines(content);
    linesByFile.set(file, lines);
    filesAnalyzed++;

    const tsRules = applicable.filter((entry): entry is { rule: TsRule; setting: EffectiveRuleSetting } => entry.rule.kind === "typescript");
    if (isScriptLanguage(file.language) && tsRules.length > 0) {
      const sourceFile = ts.createSourceFile(file.path, content, ts.ScriptTarget.Latest, true, scriptKindFor(file.path));
      const table: DispatchTable = { enter: new Map(), exit: new Map() };
      // The shared facts are recorded first, so a rule sees them up to date for every node it visits.
      const { facts, recorders } = createFileFacts();
      for (const [kind, recorder] of recorders) table.enter.set(kind, [recorder]);
      for (const { rule, setting } of tsRules) {
        const context = { ...contextFor(file, rule.meta, setting, lines, sourceFile), sourceFile, facts };
        const guard = (fn: (node: ts.Node) => void) => (node: ts.Node) => {
          if (failedRules.has(`${rule.meta.id}\u0000${file.path}`)) return;
          try {
            fn(node);
          } catch (error) {
            recordFailure(rule.meta, file.path, error);
          }
        };
        try {
          addToDispatch(table, rule.create(context), guard);
        } catch (error) {
          recordFailure(rule.meta, file.path, error);
        }
      }
      walk(sourceFile, table);
    }

    const needsText = applicable.some(({ rule }) => rule.kind === "text");
    const document = needsText ? createTextDocument(file, content) : undefined;
    const dockerfile = file.language === "dockerfile" && applicable.some(({ rule }) => rule.kind === "dockerfile") ? parseDockerfile(content) : undefined;
    for (const { rule, setting } of applicable) {
      try {
        if (rule.kind === "text" && document && (!rule.languages || rule.languages.includes(file.language))) {
          rule.check(document, contextFor(file, rule.meta, setting, lines));
        } else if (rule.kind === "dockerfile" && dockerfile) {
          rule.check(dockerfile, contextFor(file, rule.meta, setting, lines));
        }
      } catch (error) {
        recordFailure(rule.meta, file.path, error);
      }
    }
  }

  for (const rule of rules) {
    if (rule.kind !== "snapshot") continue;
    const setting = ruleSettingFor(rule.meta, config, "");
    if (!setting) continue;
    try {
      rule.check({
        snapshot,
        options: setting.options,
        report(file, report) {
          // Cross-file rules still honour per-path config for the file they anchor on.
          const fileSetting = ruleSettingFor(rule.meta, config, file.path);
          if (!fileSetting) return;
          const lines = linesByFile.get(file) ?? splitLines(file.content ?? "");
          linesByFile.set(file, lines);
          contextFor(file, rule.meta, fileSetting, lines).report(report);
        },
      });
    } catch (error) {
      recordFailure(rule.meta, "(pull request)", error);
    }
  }

  const findings: Finding[] = [];
  for (const file of snapshot.files) {
    const lines = linesByFile.get(file);
    if (!lines) continue;
    const suppressions = parseSuppressions(lines);
    const reports = [...(located.get(file) ?? []), ...invalidSuppressionReports(suppressions, knownRuleIds, config, file.path)];
    const { inScope, unchangedLines } = finalize(file, lines, reports, suppressions, snapshot.mode);
    findings.push(...inScope);
    if (unchangedLines.length > 0) findings.push(...introducedOnUnchangedLines(file, lines, unchangedLines, { config, rules: options.rules }));
  }
  return { findings, notes, filesAnalyzed };
}

/** What identifies "the same finding" between base and head: the rule and the flagged code. */
function sameFindingKey(finding: Finding, lines: readonly string[]): string {
  return `${finding.ruleId}\u0000${normalizeCode(lines.slice(finding.line - 1, finding.endLine).join("\n"))}`;
}

/**
 * A PR can create a finding without touching its line: it deletes the guard before an unchanged
 * sink, or changes where the value is bound. Those findings are new because the base version of the
 * file does not have them, so the same file rules run on the base (rebuilt from the head and the
 * patch). A finding on an unchanged line is kept when the base has no finding of the same rule and
 * code at the same or a higher severity left to explain it: a fix that only lowers a severity is not
 * reported as a new problem, a change that raises one is.
 */
function introducedOnUnchangedLines(file: ChangedFile, lines: readonly string[], candidates: readonly Finding[], options: AnalyzeOptions): Finding[] {
  if (file.status === "added" || file.hunks.length === 0) return [];
  const baseLines = baseLinesOf(lines, file.hunks);
  const baseContent = `${baseLines.join("\n")}\n`;
  const lineMap = wholeFileLineMap(baseContent);
  const baseFile: ChangedFile = { path: file.path, status: "modified", language: file.language, hunks: [], addedLines: lineMap.addedLines, commentableLines: lineMap.commentableLines, content: baseContent };
  const base = analyzeSnapshot(
    { repo: { owner: "", name: "" }, number: 0, title: "", body: "", baseSha: "", headSha: "", mode: "scan", notes: [], files: [baseFile] },
    { config: options.config, rules: options.rules.filter((rule) => rule.kind !== "snapshot") },
  );
  // Base severities per key, highest first; each base finding explains at most one head finding.
  const unexplained = new Map<string, number[]>();
  for (const finding of base.findings) {
    const key = sameFindingKey(finding, baseLines);
    unexplained.set(key, [...(unexplained.get(key) ?? []), severityRank(finding.severity)].sort((a, b) => b - a));
  }
  const explains = (finding: Finding): boolean => {
    const ranks = unexplained.get(sameFindingKey(finding, lines)) ?? [];
    const index = ranks.findIndex((rank) => rank >= severityRank(finding.severity));
    if (index < 0) return false;
    ranks.splice(index, 1);
    return true;
  };
  return candidates.filter((finding) => !explains(finding));
}

function invalidSuppressionReports(suppressions: Suppression[], knownRuleIds: ReadonlySet<string>, config: RepoConfig, path: string): LocatedReport[] {
  const setting = ruleSettingFor(invalidSuppressionMeta, config, path);
  if (!setting) return [];
  const reports: LocatedReport[] = [];
  for (const suppression of suppressions) {
    const problems: string[] = [];
    if (suppression.ruleIds.length === 0) problems.push("names no rule id");
    const unknown = suppression.ruleIds.filter((id) => id !== "*" && !id.endsWith("/*") && !knownRuleIds.has(id));
    if (unknown.length > 0) problems.push(`names unknown rule ${unknown.map((id) => `\`${id}\``).join(", ")}`);
    if (!suppression.reason) problems.push("gives no reason after `--`");
    if (problems.length === 0) continue;
    reports.push({
      meta: invalidSuppressionMeta,
      setting,
      line: suppression.line,
      endLine: suppression.line,
      report: { line: suppression.line, message: `This suppression ${problems.join(" and ")}, so it is not honoured.` },
    });
  }
  return reports;
}

function isValidSuppression(suppression: Suppression): boolean {
  return suppression.ruleIds.length > 0 && suppression.reason !== undefined;
}

/** Findings on added lines (every line in `scan`), and in `review` the others, as candidates for the base comparison. */
function finalize(file: ChangedFile, lines: readonly string[], reports: LocatedReport[], suppressions: Suppression[], mode: PullRequestSnapshot["mode"]): { inScope: Finding[]; unchangedLines: Finding[] } {
  reports.sort((a, b) => a.line - b.line || a.endLine - b.endLine);
  const occurrences = new Map<string, number>();
  const seen = new Set<string>();
  const inScope: Finding[] = [];
  const unchangedLines: Finding[] = [];
  for (const { meta, setting, report, line, endLine } of reports) {
    const code = lines.slice(line - 1, endLine).join("\n");
    // Occurrences are counted over the whole file, before the scope filter, so they do not
    // depend on which lines a push happens to touch.
    const occurrenceKey = `${meta.id}\u0000${normalizeCode(code)}`;
    const occurrence = occurrences.get(occurrenceKey) ?? 0;
    occurrences.set(occurrenceKey, occurrence + 1);
    const fingerprint = fingerprintOf(meta.id, file.path, code, occurrence);
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);

    const suppressed = suppressions.some(
      (suppression) => isValidSuppression(suppression) && suppressionCovers(suppression, meta.id) && suppression.targetLine >= line && suppression.targetLine <= endLine,
    );
    if (suppressed && meta.id !== invalidSuppressionMeta.id) continue;

    const severity: Severity = setting.severity ?? report.severity ?? meta.severity;
    const target = mode === "review" && !rangeTouchesAdded(file, line, endLine) ? unchangedLines : inScope;
    target.push({
      ruleId: meta.id,
      category: meta.category,
      severity,
      path: file.path,
      line,
      endLine,
      message: report.message,
      why: report.why ?? meta.why,
      fix: report.fix ?? meta.fix,
      ...(report.suggestion !== undefined ? { suggestion: report.suggestion } : {}),
      source: "static",
      docsUrl: rulesDocsUrl(meta.id),
      fingerprint,
      blocking: false,
    });
  }
  return { inScope, unchangedLines };
}

function rangeTouchesAdded(file: ChangedFile, line: number, endLine: number): boolean {
  for (let current = line; current <= endLine; current++) if (file.addedLines.has(current)) return true;
  return false;
}
