// The rule contract. A rule is metadata plus one of four kinds of check:
//   typescript: visitors by syntax kind, dispatched from the engine's single walk of each TS/JS file;
//   text:       the added lines of any text file;
//   dockerfile: the parsed Dockerfile;
//   snapshot:   the whole pull request (cross-file rules).
// Rules never walk a tree themselves and never see Octokit.
import type { ts } from "ts-morph";
import type { Category, ChangedFile, Language, PullRequestSnapshot, Severity } from "../review/types.js";
import type { Dockerfile } from "./dockerfile.js";
import type { FileFacts } from "./file-facts.js";
import type { TextDocument } from "./text-document.js";
import type { Visitors } from "./visitors.js";

export interface RuleMeta {
  /** `<category>/<what-it-detects>`, e.g. `security/sql-injection`. */
  id: string;
  category: Category;
  /** The default severity; config and weaker evidence may lower it. */
  severity: Severity;
  title: string;
  /** One paragraph for docs/rules.md: what the rule detects and what it deliberately does not. */
  description: string;
  /** Default production consequence, used when a report does not give its own. */
  why: string;
  /** Default way to close the gap, used when a report does not give its own. */
  fix: string;
  /** Globs of paths the rule skips by default (config `rules.<id>.ignore` adds more). */
  defaultIgnore?: string[];
}

/** Where a report points: a node (TS rules) or explicit head-side lines. */
export type ReportLocation = { node: ts.Node; endNode?: ts.Node } | { line: number; endLine?: number };

export type Report = ReportLocation & {
  message: string;
  /** Overrides the rule's severity for this report (e.g. weaker evidence: one level lower). */
  severity?: Severity;
  why?: string;
  fix?: string;
  /** Replacement for the reported lines when the fix is mechanical; keep the file's indentation. */
  suggestion?: string;
};

export interface RuleContext {
  file: ChangedFile;
  /** Rule options from config (`rules.<id>.options`), unvalidated: each rule validates its own. */
  options: Readonly<Record<string, unknown>>;
  report(report: Report): void;
}

export interface TsRuleContext extends RuleContext {
  sourceFile: ts.SourceFile;
  /** Local writes and declared names, recorded once for all rules; complete at `SourceFile:exit`. */
  facts: FileFacts;
}

export interface TsRule {
  kind: "typescript";
  meta: RuleMeta;
  /** Called once per file; returns the visitors for that file's single walk. */
  create(context: TsRuleContext): Visitors;
}

export interface TextRule {
  kind: "text";
  meta: RuleMeta;
  /** Languages this rule reads; omitted means every text file. */
  languages?: Language[];
  check(document: TextDocument, context: RuleContext): void;
}

export interface DockerfileRule {
  kind: "dockerfile";
  meta: RuleMeta;
  check(dockerfile: Dockerfile, context: RuleContext): void;
}

export interface SnapshotRuleContext {
  snapshot: PullRequestSnapshot;
  options: Readonly<Record<string, unknown>>;
  /** Reports against one file of the snapshot. */
  report(file: ChangedFile, report: { line: number; endLine?: number } & Omit<Report, "node" | "endNode">): void;
}

export interface SnapshotRule {
  kind: "snapshot";
  meta: RuleMeta;
  check(context: SnapshotRuleContext): void;
}

export type Rule = TsRule | TextRule | DockerfileRule | SnapshotRule;

/** Identity helpers that give rule files checked types without ceremony. */
export function defineTsRule(rule: Omit<TsRule, "kind">): TsRule {
  return { kind: "typescript", ...rule };
}
export function defineTextRule(rule: Omit<TextRule, "kind">): TextRule {
  return { kind: "text", ...rule };
}
export function defineDockerfileRule(rule: Omit<DockerfileRule, "kind">): DockerfileRule {
  return { kind: "dockerfile", ...rule };
}
export function defineSnapshotRule(rule: Omit<SnapshotRule, "kind">): SnapshotRule {
  return { kind: "snapshot", ...rule };
}
