// TST-001: runtime logic added without any test change in the pull request.
// A cross-file rule: it needs every changed path to know whether a test moved with the code.
import { ts } from "ts-morph";
import { isScriptLanguage } from "../../src/analysis/language.js";
import { defineSnapshotRule } from "../../src/analysis/rule.js";
import { looksLikeTestPath } from "../../src/analysis/test-paths.js";
import type { ChangedFile, PullRequestSnapshot } from "../../src/review/types.js";

const DEFAULT_MIN_LOGIC_LINES = 5;

// ---- Paths ------------------------------------------------------------------------------------

/** Scripts, config, docs, examples, migrations and generated code ship no runtime behaviour to test. */
const NOT_RUNTIME_DIRECTORY =
  /(?:^|\/)(?:scripts?|bench(?:marks?)?|examples?|demos?|docs?|migrations?|seeds?|seeders|db\/migrate|generated|__generated__|fixtures|stories|\.storybook|\.github|\.husky)\//i;
const NOT_RUNTIME_NAME =
  /(?:^|\/)(?:[^/]+\.config\.[cm]?[jt]s|[^/]*\.conf\.[cm]?js|\.[^/]*rc\.[cm]?[jt]s|gulpfile\.[cm]?[jt]s|gruntfile\.[cm]?[jt]s)$|\.(?:stories|story|generated|gen|migration)\.[cm]?[jt]sx?$|_pb\.[jt]s$|\.pb\.[jt]s$|\.min\.js$/i;

function isRuntimeSource(file: ChangedFile): boolean {
  if (!isScriptLanguage(file.language) || file.status === "removed") return false;
  if (file.content === undefined || file.skipReason !== undefined) return false;
  return !looksLikeTestPath(file.path) && !NOT_RUNTIME_DIRECTORY.test(file.path) && !NOT_RUNTIME_NAME.test(file.path);
}

type TestLayout = "sibling" | "__tests__" | "mirror";

/** `packages/api/test/` → `packages/api/`: the directory a mirrored test root sits in. */
function parentDirectory(directory: string): string {
  return directory.slice(0, directory.lastIndexOf("/", directory.length - 2) + 1);
}

function layoutOf(testPath: string): { layout: TestLayout; root?: string } | undefined {
  if (!/\.(?:test|spec)\.[cm]?[jt]sx?$/.test(testPath)) return undefined;
  if (testPath.includes("__tests__/")) return { layout: "__tests__" };
  const mirror = /^(?:(.*?)\/)?(tests?)\//.exec(testPath);
  if (mirror) return { layout: "mirror", root: `${mirror[1] ? `${mirror[1]}/` : ""}${mirror[2]}/` };
  return { layout: "sibling" };
}

/** `src/orders/refund.ts` → where this repository would put its test, judged from known test paths. */
export function suggestTestPath(sourcePath: string, knownTestPaths: readonly string[]): { path: string; fromConvention: boolean } {
  const layouts = knownTestPaths.map(layoutOf).filter((layout) => layout !== undefined);
  const specs = knownTestPaths.filter((path) => /\.spec\.[cm]?[jt]sx?$/.test(path)).length;
  const tests = knownTestPaths.filter((path) => /\.test\.[cm]?[jt]sx?$/.test(path)).length;
  const suffix = specs > tests ? "spec" : "test";
  const counts = new Map<TestLayout, number>();
  for (const { layout } of layouts) counts.set(layout, (counts.get(layout) ?? 0) + 1);
  const layout = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "sibling";

  const slash = sourcePath.lastIndexOf("/");
  const directory = sourcePath.slice(0, slash + 1);
  const fileName = sourcePath.slice(slash + 1);
  const dot = fileName.lastIndexOf(".");
  const testName = `${fileName.slice(0, dot)}.${suffix}${fileName.slice(dot)}`;
  const fromConvention = layouts.length > 0;
  if (layout === "__tests__") return { path: `${directory}__tests__/${testName}`, fromConvention };
  if (layout === "mirror") {
    // Monorepos have one test root per package: take the one whose package holds the source.
    const roots = layouts.flatMap((entry) => (entry.root ? [entry.root] : []));
    const root = roots.find((candidate) => sourcePath.startsWith(parentDirectory(candidate))) ?? roots[0] ?? "test/";
    const relative = directory.slice(parentDirectory(root).length).replace(/^(?:src|lib)\//, "");
    return { path: `${root}${relative}${testName}`, fromConvention };
  }
  return { path: `${directory}${testName}`, fromConvention };
}

// ---- Logic lines ------------------------------------------------------------------------------

const K = ts.SyntaxKind;
/** Tokens that alone do not make a line logic: `});`, `],`, a lone `{`. */
const PUNCTUATION = new Set([K.OpenBraceToken, K.CloseBraceToken, K.OpenParenToken, K.CloseParenToken, K.OpenBracketToken, K.CloseBracketToken, K.SemicolonToken, K.CommaToken]);
const REGEX_AFTER_KEYWORD = new Set([K.ReturnKeyword, K.TypeOfKeyword, K.CaseKeyword, K.DoKeyword, K.ElseKeyword, K.InKeyword, K.InstanceOfKeyword, K.NewKeyword, K.DeleteKeyword, K.VoidKeyword, K.ThrowKeyword, K.YieldKeyword, K.AwaitKeyword]);
const NO_REGEX_AFTER = new Set([K.Identifier, K.NumericLiteral, K.BigIntLiteral, K.StringLiteral, K.RegularExpressionLiteral, K.NoSubstitutionTemplateLiteral, K.TemplateTail, K.CloseParenToken, K.CloseBracketToken, K.CloseBraceToken, K.PlusPlusToken, K.MinusMinusToken]);
/** In a type, a line break after or before these does not end the declaration. */
const TYPE_CONTINUES_AFTER = new Set([K.EqualsToken, K.BarToken, K.AmpersandToken, K.EqualsGreaterThanToken, K.QuestionToken, K.ColonToken, K.CommaToken, K.DotToken, K.ExtendsKeyword, K.KeyOfKeyword, K.TypeOfKeyword, K.ReadonlyKeyword, K.InferKeyword, K.NewKeyword, K.IsKeyword]);
const TYPE_CONTINUES_BEFORE = new Set([K.BarToken, K.AmpersandToken, K.EqualsGreaterThanToken, K.QuestionToken, K.ColonToken, K.DotToken, K.ExtendsKeyword, K.OpenBracketToken, K.LessThanToken, K.EqualsToken]);
const OPENERS = new Set([K.OpenBraceToken, K.OpenParenToken, K.OpenBracketToken, K.LessThanToken]);
const CLOSERS = new Set([K.CloseBraceToken, K.CloseParenToken, K.CloseBracketToken, K.GreaterThanToken]);

interface Token {
  kind: ts.SyntaxKind;
  start: number;
  end: number;
  lineBreakBefore: boolean;
}

function tokenize(content: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, content);
  const tokens: Token[] = [];
  const braces: Array<"brace" | "template"> = [];
  for (let kind = scanner.scan(); kind !== K.EndOfFileToken; kind = scanner.scan()) {
    const previous = tokens[tokens.length - 1]?.kind;
    // The scanner cannot tell a regex from a division without the parser; the previous token can.
    if ((kind === K.SlashToken || kind === K.SlashEqualsToken) && regexMayFollow(previous)) kind = scanner.reScanSlashToken();
    if (kind === K.TemplateHead || kind === K.OpenBraceToken) braces.push(kind === K.TemplateHead ? "template" : "brace");
    else if (kind === K.CloseBraceToken && braces.pop() === "template") {
      kind = scanner.reScanTemplateToken(false);
      if (kind === K.TemplateMiddle) braces.push("template");
    }
    tokens.push({ kind, start: scanner.getTokenStart(), end: scanner.getTokenEnd(), lineBreakBefore: scanner.hasPrecedingLineBreak() });
  }
  return tokens;
}

function isKeyword(kind: ts.SyntaxKind): boolean {
  return kind >= K.FirstKeyword && kind <= K.LastKeyword;
}

function regexMayFollow(previous: ts.SyntaxKind | undefined): boolean {
  if (previous === undefined) return true;
  if (NO_REGEX_AFTER.has(previous)) return false;
  return isKeyword(previous) ? REGEX_AFTER_KEYWORD.has(previous) : true;
}

/** Index of the `}` matching the first `{` at or after `from`; the last token when unbalanced. */
function matchingBrace(tokens: readonly Token[], from: number): number {
  let depth = 0;
  for (let index = from; index < tokens.length; index++) {
    const kind = tokens[index]!.kind;
    if (kind === K.OpenBraceToken) depth++;
    else if (kind === K.CloseBraceToken && --depth === 0) return index;
  }
  return tokens.length - 1;
}

/** The body's closing brace; braces inside the type parameters (`<T extends { id: string }>`) are skipped. */
function interfaceEnd(tokens: readonly Token[], from: number): number {
  let angles = 0;
  for (let index = from; index < tokens.length; index++) {
    const kind = tokens[index]!.kind;
    if (kind === K.LessThanToken) angles++;
    else if (kind === K.GreaterThanToken) angles--;
    else if (kind === K.OpenBraceToken && angles <= 0) return matchingBrace(tokens, index);
  }
  return tokens.length - 1;
}

/** Last index of a statement that may end at a line break (type aliases, `declare const`, `import x =`). */
function statementEnd(tokens: readonly Token[], from: number): number {
  let depth = 0;
  for (let index = from; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (OPENERS.has(token.kind)) depth++;
    else if (CLOSERS.has(token.kind)) depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    if (token.kind === K.SemicolonToken) return index;
    const next = tokens[index + 1];
    if (!next || (next.lineBreakBefore && !TYPE_CONTINUES_AFTER.has(token.kind) && !TYPE_CONTINUES_BEFORE.has(next.kind))) return index;
  }
  return tokens.length - 1;
}

/** After a closing token: an optional `from "module"` and `;`. */
function moduleClauseEnd(tokens: readonly Token[], index: number): number {
  let end = index;
  if (tokens[end + 1]?.kind === K.FromKeyword && tokens[end + 2]?.kind === K.StringLiteral) end += 2;
  if (tokens[end + 1]?.kind === K.SemicolonToken) end++;
  return end;
}

/** `import ... from "x"`: up to the module string at depth 0, or a whole `import x = ...` statement. */
function importEnd(tokens: readonly Token[], from: number): number {
  let depth = 0;
  for (let index = from + 1; index < tokens.length; index++) {
    const kind = tokens[index]!.kind;
    if (kind === K.OpenBraceToken) depth++;
    else if (kind === K.CloseBraceToken) depth--;
    else if (depth === 0 && kind === K.StringLiteral) {
      let end = index;
      // Import attributes: `with { type: "json" }` (or the older `assert`).
      const attributes = tokens[end + 1]?.kind;
      if ((attributes === K.WithKeyword || attributes === K.AssertKeyword) && tokens[end + 2]?.kind === K.OpenBraceToken) end = matchingBrace(tokens, end + 2);
      return tokens[end + 1]?.kind === K.SemicolonToken ? end + 1 : end;
    } else if (depth === 0 && kind === K.EqualsToken) return statementEnd(tokens, index);
  }
  return tokens.length - 1;
}

/** Type alias, interface or ambient declaration starting at `index`; undefined when it is none. */
function typeDeclarationEnd(tokens: readonly Token[], index: number): number | undefined {
  const kind = tokens[index]?.kind;
  const next = tokens[index + 1];
  if (!next || next.lineBreakBefore) return undefined;
  if (kind === K.InterfaceKeyword && next.kind !== K.OpenParenToken) return interfaceEnd(tokens, index);
  if (kind === K.TypeKeyword && (tokens[index + 2]?.kind === K.EqualsToken || tokens[index + 2]?.kind === K.LessThanToken)) return statementEnd(tokens, index);
  if (kind === K.DeclareKeyword && (next.kind === K.Identifier || isKeyword(next.kind))) {
    const end = statementEnd(tokens, index);
    // `declare module "x" { ... }` and `declare global { ... }` end at their block.
    const brace = tokens.findIndex((token, position) => position > index && position <= end && token.kind === K.OpenBraceToken);
    return brace >= 0 ? Math.max(end, matchingBrace(tokens, brace)) : end;
  }
  return undefined;
}

/** End index of a non-logic statement (import, re-export, export list, type-only declaration) at `index`. */
function nonLogicEnd(tokens: readonly Token[], index: number): number | undefined {
  const token = tokens[index]!;
  const next = tokens[index + 1];
  if (token.kind === K.ImportKeyword) {
    return next && next.kind !== K.OpenParenToken && next.kind !== K.DotToken ? importEnd(tokens, index) : undefined;
  }
  if (token.kind !== K.ExportKeyword) return typeDeclarationEnd(tokens, index);
  let at = index + 1;
  if (tokens[at]?.kind === K.TypeKeyword && (tokens[at + 1]?.kind === K.OpenBraceToken || tokens[at + 1]?.kind === K.AsteriskToken)) at++;
  if (tokens[at]?.kind === K.OpenBraceToken) return moduleClauseEnd(tokens, matchingBrace(tokens, at));
  if (tokens[at]?.kind === K.AsteriskToken) {
    const module = tokens.findIndex((candidate, position) => position > at && candidate.kind === K.StringLiteral);
    return module >= 0 ? moduleClauseEnd(tokens, module) : undefined;
  }
  if (tokens[at]?.kind === K.DefaultKeyword && tokens[at + 1]?.kind === K.InterfaceKeyword) at++;
  return typeDeclarationEnd(tokens, at);
}

function lineStartsOf(content: string): number[] {
  const starts = [0];
  for (let index = 0; index < content.length; index++) if (content.charCodeAt(index) === 10) starts.push(index + 1);
  return starts;
}

function lineAt(starts: readonly number[], position: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= position) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/**
 * Line numbers carrying logic: not blank, not comments, not imports or re-exports, not type-only
 * declarations, not lone punctuation. Token-based, so strings and comments cannot fool it.
 */
export function logicLines(content: string): Set<number> {
  const tokens = tokenize(content);
  const starts = lineStartsOf(content);
  const lines = new Set<number>();
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const statementStart = index === 0 || token.lineBreakBefore || tokens[index - 1]!.kind === K.SemicolonToken || tokens[index - 1]!.kind === K.CloseBraceToken;
    const skipTo = statementStart ? nonLogicEnd(tokens, index) : undefined;
    if (skipTo !== undefined) {
      index = skipTo;
      continue;
    }
    if (PUNCTUATION.has(token.kind)) continue;
    const last = lineAt(starts, Math.max(token.start, token.end - 1));
    for (let line = lineAt(starts, token.start); line <= last; line++) lines.add(line);
  }
  return lines;
}

// ---- The rule ---------------------------------------------------------------------------------

interface Candidate {
  file: ChangedFile;
  /** Added lines that carry logic, ascending. */
  lines: number[];
}

function minLogicLinesOption(options: Readonly<Record<string, unknown>>): number {
  const value = options["minLogicLines"];
  return typeof value === "number" && Number.isInteger(value) && value >= 1 ? value : DEFAULT_MIN_LOGIC_LINES;
}

/** False when config or the snapshot says the repository has no tests; true or unknown otherwise. */
function repoMayHaveTests(snapshot: PullRequestSnapshot, options: Readonly<Record<string, unknown>>): boolean {
  const configured = options["repoHasTests"];
  if (typeof configured === "boolean") return configured;
  // Unknown (the adapter did not count) is treated as "has tests": at medium it does not block by default.
  return snapshot.repoTestFiles !== 0;
}

export const missingTests = defineSnapshotRule({
  meta: {
    id: "testing/missing-tests",
    category: "testing",
    severity: "medium",
    title: "Logic changed without a test change",
    description:
      "Flags a pull request that adds at least `minLogicLines` (default 5) lines of logic to one runtime TypeScript/JavaScript file while changing no test file at all; one finding per pull request, on the first added logic line of the file with the most new logic, naming the test path the repository's convention suggests. Blank lines, comments, imports, re-exports, type-only declarations and lone brackets are not logic. It deliberately stays silent for test files, config, scripts, docs, examples, migrations, stories and generated code, for `prodgap scan` (there is no change to pair tests with), when any test file (of any language) changes in the pull request, and for repositories without tests (`repoHasTests: false` in the rule's options, or a snapshot that counted zero test files): a repository with no test convention gets nothing from this comment.",
    why: "Logic merged without a test is verified only by the author's manual check at the time; the next refactor or dependency bump can break it without anything failing in CI.",
    fix: "Add or update a test that exercises the new behaviour, next to the repository's existing tests.",
  },
  check(context) {
    const { snapshot, options } = context;
    if (snapshot.mode !== "review") return;
    if (snapshot.files.some((file) => file.status !== "removed" && looksLikeTestPath(file.path))) return;
    if (!repoMayHaveTests(snapshot, options)) return;

    const candidates: Candidate[] = [];
    for (const file of snapshot.files) {
      if (!isRuntimeSource(file) || file.addedLines.size === 0) continue;
      const logic = logicLines(file.content ?? "");
      const lines = [...file.addedLines].filter((line) => logic.has(line)).sort((a, b) => a - b);
      if (lines.length > 0) candidates.push({ file, lines });
    }
    candidates.sort((a, b) => b.lines.length - a.lines.length || a.file.path.localeCompare(b.file.path));
    const top = candidates[0];
    // The threshold applies per file: ten one-line edits across files are a rename, not untested logic.
    if (!top || top.lines.length < minLogicLinesOption(options)) return;

    const knownTests = [...(snapshot.repoTestPaths ?? []), ...snapshot.files.map((file) => file.path).filter(looksLikeTestPath)];
    const suggestion = suggestTestPath(top.file.path, knownTests);
    const others = candidates.length - 1;
    const alsoChanged = others > 0 ? ` (${others} more source file${others === 1 ? "" : "s"} also change${others === 1 ? "s" : ""} logic)` : "";
    const where = suggestion.fromConvention ? `following the repository's layout, \`${suggestion.path}\`` : `for example \`${suggestion.path}\``;
    context.report(top.file, {
      line: top.lines[0]!,
      message: `\`${top.file.path}\` adds ${top.lines.length} lines of logic${alsoChanged}, but this pull request changes no test file. Cover the new behaviour in a test, ${where}.`,
    });
  },
});
