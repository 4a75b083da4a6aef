// observability/console-log: `console.*` output left in runtime code.
import { ts } from "ts-morph";
import { z } from "zod";
import { defineTsRule } from "../../src/analysis/rule.js";
import { findLocalBinding, memberName, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";

const METHODS = ["log", "info", "debug", "warn", "error", "trace", "dir", "table"] as const;
const GLOBAL_OBJECTS = new Set(["globalThis", "window", "global", "self"]);
/** Module specifiers of structured loggers, or of a project module that is evidently one. */
const LOGGER_MODULE = /^(pino|winston|bunyan|log4js|loglevel|consola|tslog|roarr|signale|@nestjs\/common)$|(^|[/.-])log(ger|ging)?(\.[cm]?[jt]sx?)?$/i;

const optionsSchema = z
  .object({
    /** Methods this repository accepts, e.g. `["warn", "error"]` (as ESLint's no-console `allow`). */
    allow: z.array(z.enum(METHODS)).default([]),
  })
  .strict();

/** Whether `receiver` is the global console: `console` or `globalThis.console`, not a local of that name. */
function isGlobalConsole(receiver: ts.Expression): boolean {
  const node = unwrapExpression(receiver);
  // A local `console` (a parameter, an injected logger) is not the global one.
  if (ts.isIdentifier(node)) return node.text === "console" && findLocalBinding(node) === undefined;
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== "console") return false;
  const root = unwrapExpression(node.expression);
  return ts.isIdentifier(root) && GLOBAL_OBJECTS.has(root.text) && findLocalBinding(root) === undefined;
}

export const consoleLog = defineTsRule({
  meta: {
    id: "observability/console-log",
    category: "observability",
    severity: "low",
    title: "`console` output in runtime code",
    description:
      "Detects `console.log/info/debug/warn/error/trace/dir/table` calls (also through `globalThis`/`window`) in runtime source, browser code included: console output in a shipped bundle is noise at best and leaks internals at worst. It deliberately does not fire where console output is the interface or is never shipped: tests, scripts, `bin/` and CLI code, benchmarks, examples, Storybook stories, migrations and seeds, and config files; nor on a `console` that is a local variable or parameter, nor on `logger.log`. Extend the ignored paths with `rules.observability/console-log.ignore`, or accept some methods with `options.allow` (e.g. `[\"warn\", \"error\"]`).",
    why: "Console output has no level, no structure and no request context: it cannot be filtered, searched or correlated in production, it bypasses the logger's redaction of secrets, and in hot paths synchronous writes to stdout slow the process down.",
    fix: "Use the project's structured logger (pino, winston, Nest `Logger`, …) with a level and context, e.g. `logger.info({ orderId }, \"order placed\")`; remove debugging output before merging.",
    defaultIgnore: [
      ...TEST_PATH_GLOBS,
      "**/scripts/**",
      "**/bin/**",
      "**/cli/**",
      "**/cli.*",
      "**/bench/**",
      "**/benchmarks/**",
      "**/examples/**",
      "**/example/**",
      "**/*.stories.*",
      "**/.storybook/**",
      "**/migrations/**",
      "**/seeds/**",
      "**/seed.*",
      "*.config.*",
      "**/.*rc.{js,cjs,mjs,ts}",
      "**/{gulpfile,Gruntfile,Jakefile}.*",
    ],
  },
  create(context) {
    const parsed = optionsSchema.safeParse(context.options);
    if (!parsed.success) throw new Error(`invalid options: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
    const allowed = new Set<string>(parsed.data.allow);
    const calls: Array<{ node: ts.CallExpression; method: string; receiver: string }> = [];
    let logger: string | undefined;

    return {
      ImportDeclaration(node) {
        const clause = node.importClause;
        if (logger || !clause || !ts.isStringLiteral(node.moduleSpecifier) || !LOGGER_MODULE.test(node.moduleSpecifier.text)) return;
        const bindings = clause.namedBindings;
        const names = bindings && ts.isNamedImports(bindings) ? bindings.elements.map((element) => element.name.text) : bindings ? [bindings.name.text] : [];
        // `import pino from "pino"`, `import { Logger } from "@nestjs/common"`, `import * as log from "./log"`.
        logger = names.find((name) => /log/i.test(name)) ?? clause.name?.text ?? (bindings && ts.isNamespaceImport(bindings) ? bindings.name.text : undefined);
      },
      CallExpression(node) {
        const callee = unwrapExpression(node.expression);
        if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return;
        const method = memberName(callee);
        if (!method || !(METHODS as readonly string[]).includes(method) || allowed.has(method)) return;
        if (!isGlobalConsole(callee.expression)) return;
        calls.push({ node, method, receiver: unwrapExpression(callee.expression).getText(context.sourceFile) });
      },
      // Reported at the end so an import below the first call still shapes the message.
      "SourceFile:exit"() {
        for (const { node, method, receiver } of calls) {
          const instead = logger ? `use \`${logger}\`, which this file already imports` : "use the project's structured logger";
          context.report({ node, message: `\`${receiver}.${method}(…)\` writes unstructured output from runtime code; ${instead}.` });
        }
      },
    };
  },
});
