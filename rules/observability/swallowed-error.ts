// observability/swallowed-error: errors caught and dropped without a trace.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { calleeName, calleeReceiver, isFunctionLike, shortText, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";

/** Words that show the author judged the error safe to drop; such blocks are reported at `low`. */
const JUSTIFICATION = /\b(ignor\w*|intentional\w*|deliberate\w*|expected|best[- ]effort|on purpose|safe to|harmless|non[- ]?fatal|not (?:an? )?(?:error|problem|fatal)|swallow\w*)\b/i;

/** The text inside a block besides its statements: for the small blocks judged here, its comments. */
function commentsInside(block: ts.Block, sourceFile: ts.SourceFile): string {
  let text = sourceFile.text.slice(block.getStart(sourceFile) + 1, block.getEnd() - 1);
  for (const statement of block.statements) text = text.replace(statement.getText(sourceFile), "");
  return text.trim();
}

/** Whether `statement` is `return;`, `return null;`, `return undefined;` or `return void 0;`. */
function returnsNothing(statement: ts.Statement): statement is ts.ReturnStatement {
  if (!ts.isReturnStatement(statement)) return false;
  if (!statement.expression) return true;
  const value = unwrapExpression(statement.expression);
  return value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === "undefined") || ts.isVoidExpression(value);
}

/** When a promise rejection handler does nothing (`() => {}`, `() => undefined`, `function () {}`, `noop`): the comments in its body. */
function emptyHandler(handler: ts.Expression, sourceFile: ts.SourceFile): { comments: string } | undefined {
  const node = unwrapExpression(handler);
  if (ts.isIdentifier(node) && node.text === "noop") return { comments: "" };
  if (ts.isPropertyAccessExpression(node) && node.name.text === "noop") return { comments: "" };
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return undefined;
  const body = node.body;
  if (ts.isBlock(body)) return body.statements.length === 0 ? { comments: commentsInside(body, sourceFile) } : undefined;
  const value = unwrapExpression(body);
  return (ts.isIdentifier(value) && value.text === "undefined") || ts.isVoidExpression(value) ? { comments: "" } : undefined;
}

/** The nearest `try` in the same function whose protected block contains `node`. */
function nearestTryAround(node: ts.Node): ts.TryStatement | undefined {
  let child: ts.Node = node;
  for (let current = node.parent; current && !isFunctionLike(current); child = current, current = current.parent) {
    if (ts.isTryStatement(current) && current.tryBlock === child) return current;
  }
  return undefined;
}

function tryLabel(tryBlock: ts.Block, sourceFile: ts.SourceFile): string {
  const [first] = tryBlock.statements;
  if (!first) return "its `try` block";
  const more = tryBlock.statements.length > 1 ? ` and ${tryBlock.statements.length - 1} more statement${tryBlock.statements.length > 2 ? "s" : ""}` : "";
  return `\`${shortText(first, sourceFile, 50)}\`${more}`;
}

export const swallowedError = defineTsRule({
  meta: {
    id: "observability/swallowed-error",
    category: "observability",
    severity: "medium",
    title: "Error caught and silently discarded",
    description:
      "Detects errors that are caught and dropped without a trace: an empty `catch` block, a comment-only `catch` block, a promise rejection handler that does nothing (`.catch(() => {})`, `.catch(() => undefined)`, `.catch(function () {})`, `.catch(noop)`, or the same as the second argument of `.then`), and a `catch` whose only statement is `return null`/`return undefined`/`return` when its `try` block awaits something (an I/O failure turned into \"no result\"). A comment inside the empty block that states the decision (\"ignore\", \"intentional\", \"expected\", \"best effort\", \"safe to\", ...) makes it a judged choice: it is still reported, but at `low`, so it shows in the check run without an inline comment. It deliberately does not fire on a catch that does anything at all (logs, rethrows, returns a fallback value, sets state, calls a function), on `return null` after purely synchronous work such as `JSON.parse` or `new URL` (the parse-or-null idiom), or in test files.",
    why: "A swallowed error leaves no log, metric or trace: the operation fails in production, the caller carries on as if it succeeded, and the first sign is corrupted data or a user report, with nothing to debug from.",
    fix: "Handle the error or make it visible: log it with context (`logger.warn({ err }, \"cache refresh failed\")`), rethrow it (`throw new Error(\"…\", { cause: err })`), or return an explicit error result. If dropping it is right, say why in the block and narrow it to the one error you expect (e.g. `if (err.code !== \"ENOENT\") throw err`).",
    // Benchmarks and examples never run in production; a swallowed error there costs nothing.
    defaultIgnore: [...TEST_PATH_GLOBS, "**/bench/**", "**/benchmarks/**", "**/examples/**", "**/example/**"],
  },
  create(context) {
    const { sourceFile } = context;
    // try statements whose try block contains an await, recorded as the walk passes (before the catch).
    const awaitingTries = new Set<ts.TryStatement>();

    const report = (location: { node: ts.Node }, comments: string, message: string): void => {
      const justified = comments !== "" && JUSTIFICATION.test(comments);
      context.report({
        ...location,
        ...(justified ? { severity: "low" as const } : {}),
        message: justified ? `${message} The comment explains it, so this is only noted; logging at debug level still leaves a trace.` : message,
      });
    };

    return {
      AwaitExpression(node) {
        const tryStatement = nearestTryAround(node);
        if (tryStatement) awaitingTries.add(tryStatement);
      },
      CatchClause(node) {
        const { block } = node;
        const tryStatement = node.parent;
        if (tryStatement.tryBlock.statements.length === 0) return; // nothing can throw
        const label = tryLabel(tryStatement.tryBlock, sourceFile);
        if (block.statements.length === 0) {
          const comments = commentsInside(block, sourceFile);
          const kind = comments === "" ? "This empty `catch`" : "This `catch` holds only a comment and";
          report({ node }, comments, `${kind} discards every error thrown by ${label}.`);
          return;
        }
        const [only] = block.statements;
        if (block.statements.length === 1 && only && returnsNothing(only) && awaitingTries.has(tryStatement)) {
          const value = only.expression ? shortText(only.expression, sourceFile) : "undefined";
          report({ node }, commentsInside(block, sourceFile), `This \`catch\` turns every failure of ${label} into \`${value}\` without logging it: callers cannot tell an outage from "no result".`);
        }
      },
      CallExpression(node) {
        const name = calleeName(node);
        const receiver = calleeReceiver(node);
        if (!receiver) return;
        const handler = name === "catch" && node.arguments.length === 1 ? node.arguments[0] : name === "then" && node.arguments.length === 2 ? node.arguments[1] : undefined;
        if (!handler || ts.isSpreadElement(handler)) return;
        const empty = emptyHandler(handler, sourceFile);
        if (!empty) return;
        const promise = shortText(receiver, sourceFile, 50);
        const call = `.${name}(${name === "then" ? "…, " : ""}${shortText(handler, sourceFile, 30)})`;
        report({ node: handler }, empty.comments, `\`${call}\` discards every rejection of \`${promise}\`.`);
      },
    };
  },
});
