// security/error-details-exposed: a caught error's stack, raw object or database internals sent back
// in an HTTP response. Every check reads the sink's own arguments and their ancestors only.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import {
  calleeName,
  calleeReceiver,
  findLocalBinding,
  isFunctionLike,
  propertyChain,
  shortText,
  TEST_PATH_GLOBS,
  unwrapExpression,
} from "../../src/analysis/ts-helpers.js";
import type { Severity } from "../../src/review/types.js";

type Level = "stack" | "whole" | "internals" | "message";
const RANK: Record<Level, number> = { stack: 3, whole: 2, internals: 2, message: 1 };

interface Exposure {
  level: Level;
  node: ts.Node;
}

/** Response objects by their conventional names (Express/Fastify/Hapi) and the methods that send a body. */
const RESPONSE_ROOTS = new Set(["res", "response", "reply", "resp", "rep", "h"]);
const SEND_METHODS = new Set(["send", "json", "jsonp", "end", "write", "response"]);
/** Hono's context: `c.json(…)`, `c.text(…)`. */
const HONO_METHODS = new Set(["json", "text", "html", "body"]);
/** Error members that carry database internals (Sequelize `sql`/`original`, pg `detail`/`hint`, mysql `sqlMessage`). */
const INTERNAL_MEMBERS = new Set(["sql", "original", "parent", "sqlMessage", "sqlState", "query", "parameters", "detail", "hint", "internalQuery", "where", "routine", "table", "constraint"]);
/** Formatters that include the stack trace. */
const STACK_FORMATTERS = new Set(["inspect", "serializeError", "formatWithOptions"]);
const ENV_GUARD = /NODE_ENV|\bisDev\w*|\bisProd\w*|\bdevelopment\b|\bproduction\b|\bdebug\b|\bDEBUG\b|\bverbose\b|app\.get\(\s*["']env["']\s*\)|\bexpose\b|\bshowErrors?\b|\bexposeErrors?\b/i;
/** A condition that is true in production: `NODE_ENV === "production"`, `isProd`, `isProduction`. */
const PRODUCTION_CHECK = /===?\s*["'`]production["'`]|["'`]production["'`]\s*===?|^\s*\(?\s*(config\.|env\.)?(isProd\w*|isProduction)\b/;
/** Checks that the error is a known, client-facing one (validation, HTTP errors) before echoing it. */
const APP_ERROR_GUARD = /\binstanceof\b|\.expose\b|isOperational|isHttpError|isBoom|\.isJoi\b|\.name\s*===|===\s*["'`]\w*Error["'`]|(status|statusCode)\s*<\s*500|ZodError|ValidationError|HttpException|HttpError|AppError|ApiError|ClientError|UserError|BadRequest/;

/** Whether `identifier` names a caught error: a `catch` binding, or the first parameter of an error handler or callback. */
function isErrorBinding(identifier: ts.Identifier, depth = 0): boolean {
  if (depth > 3) return false;
  const binding = findLocalBinding(identifier);
  if (!binding) return false;
  if (binding.kind === "catch") return true;
  if (binding.kind === "variable") {
    const initializer = binding.initializer && unwrapExpression(binding.initializer);
    return initializer !== undefined && ts.isIdentifier(initializer) && isErrorBinding(initializer, depth + 1);
  }
  if (binding.kind !== "parameter") return false;
  const parameter = binding.declaration;
  const fn = parameter.parent;
  if (!isFunctionLike(fn) || fn.parameters.indexOf(parameter) !== 0 || !ts.isIdentifier(parameter.name)) return false;
  // Express error middleware `(err, req, res, next)`.
  const third = fn.parameters[2]?.name;
  if (fn.parameters.length === 4 && third && ts.isIdentifier(third) && /^_?(res|response|resp|reply)$/.test(third.text)) return true;
  const call = fn.parent;
  if (call && ts.isCallExpression(call) && call.arguments.includes(fn as ts.Expression)) {
    const name = calleeName(call) ?? "";
    if (name === "catch" || name === "setErrorHandler" || name === "onError" || name === "errorHandler") return true;
    if (name === "then" && call.arguments.indexOf(fn as ts.Expression) === 1) return true;
  }
  // Node-style callbacks `(err, rows) => …`.
  return /^(err|error|exception|ex)$/i.test(parameter.name.text);
}

function strongest(a: Exposure | undefined, b: Exposure | undefined): Exposure | undefined {
  if (!a) return b;
  if (!b) return a;
  return RANK[b.level] > RANK[a.level] ? b : a;
}

function bindingElementName(declaration: ts.VariableDeclaration, wanted: string): string | undefined {
  if (!ts.isObjectBindingPattern(declaration.name)) return undefined;
  for (const element of declaration.name.elements) {
    if (ts.isIdentifier(element.name) && element.name.text === wanted) {
      const property = element.propertyName;
      return property && ts.isIdentifier(property) ? property.text : element.name.text;
    }
  }
  return undefined;
}

function memberLevel(member: string): Level | undefined {
  if (member === "stack") return "stack";
  if (member === "message") return "message";
  return INTERNAL_MEMBERS.has(member) ? "internals" : undefined;
}

/** What part of a caught error `expression` carries into the response. */
function exposureOf(expression: ts.Expression, sourceFile: ts.SourceFile, depth = 0): Exposure | undefined {
  if (depth > 5) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isIdentifier(node)) {
    if (isErrorBinding(node)) return { level: "whole", node };
    const binding = findLocalBinding(node);
    if (binding?.kind !== "variable" || binding.declarationKind !== "const") return undefined;
    if (binding.initializer) return exposureOf(binding.initializer, sourceFile, depth + 1);
    // `const { stack } = err`
    const source = binding.derivedFrom && unwrapExpression(binding.derivedFrom);
    const member = bindingElementName(binding.declaration, node.text);
    if (source && member && ts.isIdentifier(source) && isErrorBinding(source)) {
      const level = memberLevel(member);
      return level && { level, node };
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const chain = propertyChain(node);
    const root = chain && unwrapRootIdentifier(node);
    if (!chain || !root || !isErrorBinding(root)) return undefined;
    const level = chain[1] !== undefined ? memberLevel(chain[1]) : undefined;
    // `err.original.message`, `err.parent.detail` still come from the database driver.
    if (level === "internals" && chain.length > 2) return { level: "internals", node };
    return chain.length === 2 && level ? { level, node } : undefined;
  }
  if (ts.isObjectLiteralExpression(node)) {
    let found: Exposure | undefined;
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property)) found = strongest(found, exposureOf(property.initializer, sourceFile, depth + 1));
      else if (ts.isShorthandPropertyAssignment(property)) found = strongest(found, exposureOf(property.name, sourceFile, depth + 1));
      else if (ts.isSpreadAssignment(property)) found = strongest(found, exposureOf(property.expression, sourceFile, depth + 1));
    }
    return found;
  }
  if (ts.isArrayLiteralExpression(node)) {
    return node.elements.reduce<Exposure | undefined>((found, element) => strongest(found, exposureOf(ts.isSpreadElement(element) ? element.expression : element, sourceFile, depth + 1)), undefined);
  }
  if (ts.isTemplateExpression(node)) {
    return node.templateSpans.reduce<Exposure | undefined>((found, span) => strongest(found, asText(exposureOf(span.expression, sourceFile, depth + 1))), undefined);
  }
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken) return strongest(asText(exposureOf(node.left, sourceFile, depth + 1)), asText(exposureOf(node.right, sourceFile, depth + 1)));
    if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) return strongest(exposureOf(node.left, sourceFile, depth + 1), exposureOf(node.right, sourceFile, depth + 1));
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return ENV_GUARD.test(node.left.getText(sourceFile)) ? undefined : exposureOf(node.right, sourceFile, depth + 1);
    return undefined;
  }
  if (ts.isConditionalExpression(node)) {
    if (ENV_GUARD.test(node.condition.getText(sourceFile))) return undefined;
    return strongest(exposureOf(node.whenTrue, sourceFile, depth + 1), exposureOf(node.whenFalse, sourceFile, depth + 1));
  }
  if (ts.isCallExpression(node)) {
    const name = calleeName(node) ?? "";
    const receiver = calleeReceiver(node);
    const first = node.arguments[0];
    if (name === "toString" && receiver) return asText(exposureOf(receiver, sourceFile, depth + 1));
    if (!first || ts.isSpreadElement(first)) return undefined;
    if (name === "String") return asText(exposureOf(first, sourceFile, depth + 1));
    if (name === "stringify" && propertyChain(node.expression)?.[0] === "JSON") return exposureOf(first, sourceFile, depth + 1);
    if (STACK_FORMATTERS.has(name)) {
      const inner = exposureOf(first, sourceFile, depth + 1);
      return inner?.level === "whole" ? { level: "stack", node: inner.node } : inner;
    }
    return undefined; // an unknown formatter may well strip the details
  }
  return undefined;
}

/** `String(err)`, `` `${err}` `` and `err + ""` give "Error: <message>", not the object. */
function asText(exposure: Exposure | undefined): Exposure | undefined {
  return exposure?.level === "whole" ? { level: "message", node: exposure.node } : exposure;
}

function unwrapRootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
  return ts.isIdentifier(current) ? current : undefined;
}

function rootOfCallChain(expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) current = unwrapExpression(current.expression);
  return ts.isIdentifier(current) ? current : undefined;
}

function isParameter(identifier: ts.Identifier): boolean {
  return findLocalBinding(identifier)?.kind === "parameter";
}

/** The status a response is sent with, when written as a number: `res.status(400)`, `reply.code(404)`, `{ status: 400 }`, `c.json(x, 400)`. */
function explicitStatus(sink: ts.CallExpression | ts.NewExpression | ts.BinaryExpression): number | undefined {
  const numberOf = (expression: ts.Expression | undefined): number | undefined => {
    const node = expression && unwrapExpression(expression);
    return node && ts.isNumericLiteral(node) ? Number(node.text) : undefined;
  };
  if (ts.isBinaryExpression(sink)) return undefined;
  const args = sink.arguments ?? [];
  const second = args[1] && unwrapExpression(args[1] as ts.Expression);
  if (second && ts.isNumericLiteral(second)) return Number(second.text);
  if (second && ts.isObjectLiteralExpression(second)) {
    for (const property of second.properties) {
      if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === "status") return numberOf(property.initializer);
    }
  }
  let current: ts.Expression = unwrapExpression(sink.expression);
  while (ts.isPropertyAccessExpression(current) || ts.isCallExpression(current) || ts.isElementAccessExpression(current)) {
    if (ts.isCallExpression(current) && /^(status|code|sendStatus)$/.test(calleeName(current) ?? "")) return numberOf(current.arguments[0] as ts.Expression | undefined);
    current = unwrapExpression(current.expression);
  }
  return undefined;
}

/** Whether an `if`, `?:` or `&&` between the exposure and the sink's function gates it on the environment or on a known error class. */
function guardAround(node: ts.Node, sourceFile: ts.SourceFile): { env: boolean; appError: boolean } {
  const result = { env: false, appError: false };
  let child: ts.Node = node;
  const mark = (text: string): void => {
    if (ENV_GUARD.test(text)) result.env = true;
    if (APP_ERROR_GUARD.test(text)) result.appError = true;
  };
  for (let current = node.parent; current && !isFunctionLike(current); child = current, current = current.parent) {
    // An earlier `if (production) return …;` in the same block gates everything after it.
    if (ts.isBlock(current) || ts.isCaseClause(current) || ts.isDefaultClause(current)) {
      for (const statement of current.statements) {
        if (statement === child) break;
        if (!ts.isIfStatement(statement) || !exits(statement.thenStatement)) continue;
        // What follows runs only outside production, or only for known client-facing errors.
        const text = statement.expression.getText(sourceFile);
        if (PRODUCTION_CHECK.test(text)) result.env = true;
        if (text.trimStart().startsWith("!") && APP_ERROR_GUARD.test(text)) result.appError = true;
      }
      continue;
    }
    let condition: ts.Expression | undefined;
    if (ts.isIfStatement(current) && child !== current.expression) condition = current.expression;
    else if (ts.isConditionalExpression(current) && child !== current.condition) condition = current.condition;
    else if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === current.right) condition = current.left;
    if (condition) mark(condition.getText(sourceFile));
  }
  return result;
}

/** Whether a branch always leaves the function: `return …`, `throw …`, or a block ending in one. */
function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && (ts.isReturnStatement(last) || ts.isThrowStatement(last));
  }
  return false;
}

const WHAT: Record<Level, string> = {
  stack: "the error's stack trace",
  whole: "the raw error object",
  internals: "database error internals",
  message: "the error message",
};

const CONSEQUENCE: Record<Level, string> = {
  stack: "it reveals file paths, dependency versions and code structure to anyone who can trigger an error",
  whole: "its enumerable fields can carry SQL text, query parameters, hostnames or driver details (Sequelize `sql`/`original`, pg `detail`, Mongo `keyValue`)",
  internals: "it can contain SQL text, table and constraint names, or the values of other rows",
  message: "messages from drivers and libraries can carry SQL fragments, file paths or hostnames",
};

export const errorDetailsExposed = defineTsRule({
  meta: {
    id: "security/error-details-exposed",
    category: "security",
    severity: "medium",
    title: "Error details sent to the client",
    description:
      "Detects a caught error (a `catch` binding, the first parameter of an Express `(err, req, res, next)` error handler, of a `.catch()` callback, of Fastify `setErrorHandler`, or an `err`/`error` callback parameter) reaching an HTTP response: `res.send/json/end/write(…)` (also after `res.status(500)`), Fastify `reply.send`, Hapi `h.response`, Koa `ctx.body =`, Hono `c.json/c.text`, `NextResponse.json`, `Response.json` and `new Response(…)`, directly or inside an object, array, template or `const`. `err.stack` (or `util.inspect(err)`, `serializeError(err)`) is high; the whole error object (`res.json(err)`, `{ error: err }`, `{ ...err }`) and database internals (`err.sql`, `err.original`, `err.detail`) are medium; `err.message`, `String(err)`, `` `${err}` `` and Fastify `reply.send(err)` (serialized by Fastify's error handler to status, code and message) are low. It deliberately does not fire when the exposure is gated on the environment (`process.env.NODE_ENV !== \"production\"`, `isDev`, `app.get(\"env\")`, `err.expose`), on the error message or whole error when a known client-facing error class is checked first (`instanceof`, `isOperational`, `ZodError`, `ValidationError`, `status < 500`) or when the response status is an explicit 4xx, on an error passed through an unknown formatter, on logging (`logger.error(err)`), or on `next(err)`.",
    why: "Stack traces and raw driver errors tell an attacker which files, libraries, versions, tables and queries sit behind the endpoint, turning a probe into a map for the next attack; they can also leak other users' data included in the failing query.",
    fix: "Log the error server-side with a request id and send a generic body: `logger.error({ err, reqId }, \"order failed\"); res.status(500).json({ error: \"Internal error\", reqId });`. Send details only for errors you raise for clients (`if (err instanceof HttpError) return res.status(err.status).json({ error: err.message })`), or behind `process.env.NODE_ENV !== \"production\"`.",
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;

    const judge = (sink: ts.CallExpression | ts.NewExpression | ts.BinaryExpression, payload: ts.Expression | undefined, label: string): void => {
      if (!payload || ts.isSpreadElement(payload)) return;
      let exposure = exposureOf(payload, sourceFile);
      if (!exposure) return;
      // Fastify serializes an Error passed to `reply.send` through its error handler: status, code and message only.
      const root = ts.isCallExpression(sink) ? rootOfCallChain(sink.expression) : undefined;
      if (root?.text === "reply" && exposure.level === "whole" && exposure.node === unwrapExpression(payload)) exposure = { level: "message", node: exposure.node };
      const guard = guardAround(exposure.node, sourceFile);
      if (guard.env) return;
      if (guard.appError && exposure.level !== "stack") return;
      const status = explicitStatus(sink);
      const clientError = status !== undefined && status >= 400 && status < 500;
      let severity: Severity = exposure.level === "stack" ? "high" : exposure.level === "message" ? "low" : "medium";
      if (clientError && exposure.level === "message") return;
      if (clientError && exposure.level !== "stack") severity = "low";
      context.report({
        node: sink,
        severity,
        message: `\`${label}\` sends ${WHAT[exposure.level]} (\`${shortText(exposure.node, sourceFile, 40)}\`) to the client: ${CONSEQUENCE[exposure.level]}.`,
      });
    };

    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (!name) return;
        const receiver = calleeReceiver(node);
        if (!receiver) return;
        const label = `${shortText(node.expression, sourceFile, 40)}(…)`;
        if (SEND_METHODS.has(name)) {
          const root = rootOfCallChain(receiver);
          if (root && RESPONSE_ROOTS.has(root.text) && isParameter(root)) judge(node, node.arguments[0], label);
          else if (name === "json" && ts.isIdentifier(unwrapExpression(receiver)) && /^(NextResponse|Response)$/.test((unwrapExpression(receiver) as ts.Identifier).text)) judge(node, node.arguments[0], label);
          else if (root?.text === "c" && HONO_METHODS.has(name) && isParameter(root)) judge(node, node.arguments[0], label);
        } else if (HONO_METHODS.has(name)) {
          const root = rootOfCallChain(receiver);
          if (root?.text === "c" && isParameter(root)) judge(node, node.arguments[0], label);
        }
      },
      NewExpression(node) {
        const callee = unwrapExpression(node.expression);
        if (ts.isIdentifier(callee) && (callee.text === "Response" || callee.text === "NextResponse")) judge(node, node.arguments?.[0], `new ${callee.text}(…)`);
      },
      BinaryExpression(node) {
        if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        const chain = propertyChain(node.left);
        if (!chain || chain[chain.length - 1] !== "body") return;
        const koa = (chain.length === 2 || (chain.length === 3 && chain[1] === "response")) && (chain[0] === "ctx" || chain[0] === "context");
        const root = unwrapRootIdentifier(node.left);
        if (koa && root && isParameter(root)) judge(node, node.right, `${shortText(node.left, sourceFile, 30)} =`);
      },
    };
  },
});
