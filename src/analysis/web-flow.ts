// Helpers shared by the request-to-web-sink rules (path traversal, SSRF, open redirect, server-side
// and DOM XSS). Like the shared helpers in src/analysis, everything here reads a node, its own small
// subtree or its ancestors (and the statements of the blocks that hold them): never a second walk.
// Candidates to move into src/analysis once the family settles: `guardsBefore`/`chainsIn` (guard
// detection), `clientSourceOf` (browser taint), `moduleOf` (import/require resolution), `urlShape`.
import { ts } from "ts-morph";
import { taintOf, type SourceModel, type Taint } from "./taint.js";
import {
  calleeName,
  calleeReceiver,
  findLocalBinding,
  isConstantExpression,
  isFunctionLike,
  propertyChain,
  unwrapExpression,
  type LocalWrites,
} from "./ts-helpers.js";
import { lowerSeverity, type Severity } from "../review/types.js";


// ---- Severity ---------------------------------------------------------------------------------

/** The rule's severity for strong evidence, one level lower for a low-confidence source. */
export function severityFor(base: Severity, confidence: "high" | "low"): Severity {
  return confidence === "high" ? base : lowerSeverity(base);
}

// ---- Modules ----------------------------------------------------------------------------------

function normalizeModule(name: string): string {
  return name.startsWith("node:") ? name.slice("node:".length) : name;
}

/** `require("fs")`, `require("fs").promises`, `await import("fs")`: the module name. */
function requiredModule(expression: ts.Expression): string | undefined {
  let node = unwrapExpression(expression);
  if (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
  while (ts.isPropertyAccessExpression(node)) node = unwrapExpression(node.expression);
  if (!ts.isCallExpression(node)) return undefined;
  const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
  const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
  const [first] = node.arguments;
  return (isRequire || isImport) && first && ts.isStringLiteralLike(first) ? normalizeModule(first.text) : undefined;
}

/**
 * The module `identifier` was imported or required from (`node:` prefix dropped): `"fs"` for
 * `import fs from "node:fs"`, `import { readFile } from "fs/promises"`, `const { promises: fs } = require("fs")`.
 * Undefined for globals, parameters and locals bound to anything else.
 */
export function moduleOf(identifier: ts.Identifier): string | undefined {
  const binding = findLocalBinding(identifier);
  if (!binding) return undefined;
  if (binding.kind === "import") {
    const declaration = binding.declaration;
    if (ts.isImportDeclaration(declaration) && ts.isStringLiteral(declaration.moduleSpecifier)) return normalizeModule(declaration.moduleSpecifier.text);
    if (ts.isImportEqualsDeclaration(declaration) && ts.isExternalModuleReference(declaration.moduleReference) && ts.isStringLiteral(declaration.moduleReference.expression)) {
      return normalizeModule(declaration.moduleReference.expression.text);
    }
    return undefined;
  }
  if (binding.kind === "variable") {
    const source = binding.initializer ?? binding.derivedFrom;
    return source ? requiredModule(source) : undefined;
  }
  return undefined;
}

/** The identifier at the root of `a.b().c`, if any. */
export function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) current = unwrapExpression(current.expression);
  return ts.isIdentifier(current) ? current : undefined;
}

/** The calls a receiver chain is made of, outermost first: `res.status(200).type("html")` gives `type(…)`, `status(…)`. */
export function callsInReceiver(receiver: ts.Expression): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  let current = unwrapExpression(receiver);
  for (let steps = 0; steps < 12; steps++) {
    if (ts.isCallExpression(current)) {
      calls.push(current);
      current = unwrapExpression(current.expression);
    } else if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
      current = unwrapExpression(current.expression);
    } else break;
  }
  return calls;
}

// ---- Request taint through readers and rule-specific calls ------------------------------------

export interface FlowOptions {
  writes?: LocalWrites;
  isSanitizer?: (call: ts.CallExpression) => boolean;
  /** Calls to follow that `taintOf` does not: the expressions they pass on; `reads` names the call as the origin. */
  follow?: (call: ts.CallExpression) => { parts: ts.Expression[]; reads?: boolean } | undefined;
}

const FOLLOWED_FUNCTIONS = new Set(["String", "decodeURIComponent", "decodeURI"]);
const FOLLOWED_METHODS = new Set(["toString", "trim", "toLowerCase", "slice", "substring", "replace", "replaceAll", "at", "concat"]);

/**
 * `formData.get("next")`, `new URL(request.url).searchParams.get("to")`: a lookup on request data is
 * request data; and the string conversions and `JSON.parse` around such a value (`String(formData.get("to"))`).
 */
function followReaders(call: ts.CallExpression): { parts: ts.Expression[]; reads?: boolean } | undefined {
  const name = calleeName(call) ?? "";
  const receiver = calleeReceiver(call);
  if (receiver && (name === "get" || name === "getAll")) return { parts: [receiver], reads: true };
  if (receiver && FOLLOWED_METHODS.has(name)) return { parts: [receiver] };
  // `JSON.parse(event.body)` (Lambda bodies arrive as text): the parsed object is still the caller's.
  if (name === "parse" && receiver && ts.isIdentifier(unwrapExpression(receiver)) && (unwrapExpression(receiver) as ts.Identifier).text === "JSON") {
    return { parts: call.arguments.filter((argument) => !ts.isSpreadElement(argument)) };
  }
  if (!receiver && FOLLOWED_FUNCTIONS.has(name)) return { parts: call.arguments.filter((argument) => !ts.isSpreadElement(argument)) };
  return undefined;
}

/**
 * `taintOf`, also following what `taintOf` stops at: `get`/`getAll` on request data (FormData of
 * server actions, `URLSearchParams` built from `request.url`) and the rule's own `follow` calls
 * (e.g. `path.join`), through locals, templates, concatenation and conditionals.
 */
export function flowTaint(expression: ts.Expression, sourceFile: ts.SourceFile, options: FlowOptions = {}, depth = 0, seen = new Set<ts.Node>()): Taint | undefined {
  const direct = taintOf(expression, sourceFile, options);
  const node = unwrapExpression(expression);
  if (direct || depth > 5 || seen.has(node)) return direct;
  seen.add(node);
  const parts: ts.Expression[] = [];
  let reads = false;
  if (ts.isCallExpression(node)) {
    if (options.isSanitizer?.(node)) return undefined;
    const followed = options.follow?.(node) ?? followReaders(node);
    if (followed) {
      parts.push(...followed.parts);
      reads = followed.reads === true;
    }
  } else if (ts.isTemplateExpression(node)) parts.push(...node.templateSpans.map((span) => span.expression));
  else if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) parts.push(node.left, node.right);
  } else if (ts.isConditionalExpression(node)) parts.push(node.whenTrue, node.whenFalse);
  else if (ts.isAwaitExpression(node)) parts.push(node.expression);
  else if (ts.isNewExpression(node) && (calleeName(node) === "URL" || calleeName(node) === "URLSearchParams")) parts.push(...(node.arguments ?? []));
  else if (ts.isPropertyAccessExpression(node) && node.name.text !== "length" && node.name.text !== "size") parts.push(node.expression);
  else if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable") {
      const bound = binding.initializer ?? binding.derivedFrom;
      if (bound) parts.push(bound);
      parts.push(...(options.writes?.writesTo(binding.declaration, node.text).map((write) => write.value) ?? []));
    } else if (binding?.kind === "parameter") {
      const iterated = iteratedBy(binding.declaration);
      if (iterated) parts.push(iterated);
    }
  }
  let low: Taint | undefined;
  for (const part of parts) {
    let taint = flowTaint(part, sourceFile, options, depth + 1, seen);
    if (taint && reads) taint = { ...taint, origin: node.getText(sourceFile).replace(/\s+/g, " ").slice(0, 60) };
    if (taint?.confidence === "high") return taint;
    low ??= taint;
  }
  return low;
}

const ITERATING_METHODS = new Set(["map", "forEach", "filter", "flatMap", "some", "every", "find", "findLast"]);

/** `items.map((item) => …)`: the collection the first parameter of an iteration callback walks. */
function iteratedBy(parameter: ts.ParameterDeclaration): ts.Expression | undefined {
  const fn = parameter.parent;
  if (!isFunctionLike(fn) || fn.parameters[0] !== parameter) return undefined;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  return ITERATING_METHODS.has(calleeName(call) ?? "") ? calleeReceiver(call) : undefined;
}

// ---- Access chains and guards -----------------------------------------------------------------

/** Names that are too generic to link a condition to a value on their own. */
const GENERIC_ROOTS = new Set(["req", "request", "ctx", "context", "event", "evt", "res", "response", "reply", "this", "window", "document", "self", "globalThis"]);

/** Every access chain in `node`'s subtree as text (`req.query.file`, `target`), outermost only. */
export function chainsIn(node: ts.Node, into: Set<string> = new Set()): Set<string> {
  const visit = (current: ts.Node): void => {
    if (ts.isIdentifier(current) || ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
      const chain = propertyChain(current as ts.Expression);
      if (chain) {
        into.add(chain.join("."));
        if (ts.isElementAccessExpression(current)) visit(current.argumentExpression);
        return;
      }
    }
    // A called function's own name (`isAllowed(x)`, `new URL(x)`) says nothing about which value is checked.
    if ((ts.isCallExpression(current) || ts.isNewExpression(current)) && ts.isIdentifier(unwrapExpression(current.expression))) {
      for (const argument of current.arguments ?? []) visit(argument);
      return;
    }
    // The name in `a.b` is not a chain of its own; property names in object literals are not reads.
    if (ts.isPropertyAccessExpression(current)) {
      visit(current.expression);
      return;
    }
    if (ts.isPropertyAssignment(current)) {
      visit(current.initializer);
      return;
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  return into;
}

/**
 * The chains a sink's value is made of: those written in it and, a few steps back, those in the
 * initializers (and later writes) of the locals it reads. Used to tell whether a check is about it.
 */
export function relatedChains(expression: ts.Expression, writes?: LocalWrites): Set<string> {
  const related = new Set<string>();
  const seen = new Set<ts.Node>();
  const follow = (node: ts.Expression, depth: number): void => {
    if (depth > 4 || seen.has(node)) return;
    seen.add(node);
    const before = new Set(related);
    chainsIn(node, related);
    const roots = new Set([...related].filter((chain) => !before.has(chain)).map((chain) => chain.split(".")[0]!));
    for (const root of roots) {
      const identifier = identifierIn(node, root);
      if (!identifier) continue;
      const binding = findLocalBinding(identifier);
      if (binding?.kind !== "variable") continue;
      const source = binding.initializer ?? binding.derivedFrom;
      if (source) follow(source, depth + 1);
      for (const write of writes?.writesTo(binding.declaration, root) ?? []) follow(write.value, depth + 1);
    }
  };
  follow(expression, 0);
  return related;
}

/** The first identifier named `name` in `node`'s subtree (small: a sink argument or an initializer). */
function identifierIn(node: ts.Node, name: string): ts.Identifier | undefined {
  let found: ts.Identifier | undefined;
  const visit = (current: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(current) && current.text === name && !(ts.isPropertyAccessExpression(current.parent) && current.parent.name === current)) {
      found = current;
      return;
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  return found;
}

/** Whether the chains of a check and of a value overlap (the same chain, or one a member of the other). */
export function overlaps(checked: ReadonlySet<string>, related: ReadonlySet<string>): boolean {
  for (const a of checked) {
    for (const b of related) {
      if (a === b ? !GENERIC_ROOTS.has(a) : (b.startsWith(`${a}.`) && !GENERIC_ROOTS.has(a)) || (a.startsWith(`${b}.`) && !GENERIC_ROOTS.has(b))) return true;
    }
  }
  return false;
}

/**
 * The checks that run before `sink`: conditions of the `if`s, `?:` and `&&`/`||` around it, of the
 * `if` statements (and `else if` chains) that precede it in each enclosing block, and calls made as
 * statements before it (`assertSafePath(p)`). Identifiers in a condition bound to a `const` bring
 * their initializer along (`const ok = ALLOWED.has(host); if (!ok) return;`). Module level is not read.
 */
export function guardsBefore(sink: ts.Node): ts.Expression[] {
  const guards: ts.Expression[] = [];
  const addCondition = (condition: ts.Expression): void => {
    guards.push(condition);
    const node = unwrapExpression(condition);
    const inner = ts.isPrefixUnaryExpression(node) ? unwrapExpression(node.operand) : node;
    if (ts.isIdentifier(inner)) {
      const binding = findLocalBinding(inner);
      if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) guards.push(binding.initializer);
    }
  };
  let child: ts.Node = sink;
  for (let current = sink.parent; current && !ts.isSourceFile(current); child = current, current = current.parent) {
    if (ts.isIfStatement(current) && child !== current.expression) addCondition(current.expression);
    else if (ts.isConditionalExpression(current) && child !== current.condition) addCondition(current.condition);
    else if (ts.isBinaryExpression(current) && child === current.right) {
      const operator = current.operatorToken.kind;
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) addCondition(current.left);
    }
    if (ts.isBlock(current) || ts.isCaseClause(current) || ts.isDefaultClause(current)) {
      for (const statement of current.statements) {
        if (statement === child) break;
        if (ts.isIfStatement(statement)) {
          if (!endsOrResets(statement)) continue;
          for (let branch: ts.Statement | undefined = statement; branch && ts.isIfStatement(branch); branch = branch.elseStatement) addCondition(branch.expression);
        } else if (ts.isExpressionStatement(statement)) {
          let expression = unwrapExpression(statement.expression);
          if (ts.isAwaitExpression(expression)) expression = unwrapExpression(expression.expression);
          if (ts.isCallExpression(expression)) guards.push(expression);
        }
      }
    }
  }
  return guards;
}

/**
 * Whether an `if` before the sink can stop the flow: one of its branches returns, throws, breaks,
 * ends the response (`res.status(400).end()`, `next(err)`), or resets a variable (`next = "/"`).
 * `if (url.match(...)) flagged = true` does not guard what follows it.
 */
function endsOrResets(statement: ts.IfStatement): boolean {
  const branches: ts.Statement[] = [];
  for (let branch: ts.Statement | undefined = statement; branch; branch = ts.isIfStatement(branch) ? branch.elseStatement : undefined) {
    branches.push(ts.isIfStatement(branch) ? branch.thenStatement : branch);
  }
  return branches.some((branch) => {
    const statements = ts.isBlock(branch) ? branch.statements : [branch];
    return statements.some((inner) => {
      if (ts.isReturnStatement(inner) || ts.isThrowStatement(inner) || ts.isBreakStatement(inner) || ts.isContinueStatement(inner)) return true;
      if (!ts.isExpressionStatement(inner)) return false;
      let expression = unwrapExpression(inner.expression);
      if (ts.isAwaitExpression(expression)) expression = unwrapExpression(expression.expression);
      if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) return ts.isIdentifier(unwrapExpression(expression.left));
      if (!ts.isCallExpression(expression)) return false;
      const name = calleeName(expression) ?? "";
      const root = rootIdentifier(expression.expression)?.text ?? "";
      return name === "next" || name === "exit" || (/^(res|response|reply|resp|ctx|h)$/.test(root) && /^(end|send|json|sendStatus|redirect|status|render|sendFile|throw|badRequest|forbidden)$/.test(name));
    });
  });
}

/** A call or a comparison inside a check. */
export interface CheckPart {
  node: ts.CallExpression | ts.BinaryExpression;
}

const COMPARISONS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/**
 * The calls and `===`/`!==` comparisons of a check, including those in callbacks
 * (`ALLOWED.some((origin) => url.startsWith(origin))`: the callback's body is part of the check).
 */
export function checkParts(check: ts.Expression): CheckPart[] {
  const parts: CheckPart[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) parts.push({ node });
    else if (ts.isBinaryExpression(node) && COMPARISONS.has(node.operatorToken.kind)) parts.push({ node });
    ts.forEachChild(node, visit);
  };
  visit(check);
  return parts;
}

/** Whether a comparison only tests presence or type (`x === undefined`, `typeof x !== "string"`, `x.length === 0`). */
export function isPresenceComparison(node: ts.BinaryExpression): boolean {
  const sides = [unwrapExpression(node.left), unwrapExpression(node.right)];
  return sides.some(
    (side) =>
      side.kind === ts.SyntaxKind.NullKeyword ||
      (ts.isIdentifier(side) && side.text === "undefined") ||
      ts.isTypeOfExpression(side) ||
      (ts.isPropertyAccessExpression(side) && (side.name.text === "length" || side.name.text === "size")) ||
      ts.isNumericLiteral(side) ||
      (ts.isPrefixUnaryExpression(side) && ts.isNumericLiteral(side.operand)) ||
      side.kind === ts.SyntaxKind.TrueKeyword ||
      side.kind === ts.SyntaxKind.FalseKeyword,
  );
}

/** A string argument's literal text, following a `const` bound to a literal. */
export function literalText(expression: ts.Expression | undefined): string | undefined {
  if (!expression) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) {
      const initializer = unwrapExpression(binding.initializer);
      if (ts.isStringLiteralLike(initializer)) return initializer.text;
    }
  }
  return undefined;
}

// ---- URL shape --------------------------------------------------------------------------------

type UrlPart = { text: string } | { expression: ts.Expression };

/** A URL expression as literal text and opaque values, following templates, `+` and `const`s. */
function urlParts(expression: ts.Expression, depth = 0): UrlPart[] {
  const node = unwrapExpression(expression);
  if (depth > 4) return [{ expression: node }];
  if (ts.isStringLiteralLike(node)) return [{ text: node.text }];
  if (ts.isTemplateExpression(node)) {
    const parts: UrlPart[] = [{ text: node.head.text }];
    for (const span of node.templateSpans) parts.push(...urlParts(span.expression, depth + 1), { text: span.literal.text });
    return parts;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...urlParts(node.left, depth + 1), ...urlParts(node.right, depth + 1)];
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) {
      const initializer = unwrapExpression(binding.initializer);
      if (ts.isStringLiteralLike(initializer) || ts.isTemplateExpression(initializer) || ts.isBinaryExpression(initializer)) return urlParts(initializer, depth + 1);
    }
  }
  return [{ expression: node }];
}

/**
 * Whether the text before the first attacker-controlled value already fixes where the URL points
 * (`X` stands for a value that is not attacker-controlled): `https://api.example.com/…`, `X/users/`,
 * a root-relative `/orders/`, a relative `reports/`, or a query `?q=`. `https://api.example.com`
 * without the closing `/` is not fixed (`.evil.net` or `@evil.net` can follow), nor is a lone `/` (`//evil.net`).
 */
export function prefixFixesTarget(prefix: string): boolean {
  const absolute = /^(?:[a-zA-Z][\w+.-]*:|X:)?\/\//.exec(prefix);
  if (absolute) return /^[^/?#\\@]+[/?#\\]/.test(prefix.slice(absolute[0].length));
  if (prefix.startsWith("/") || prefix.startsWith("\\")) return prefix.length >= 2 && prefix[0] === "/" && prefix[1] !== "/" && prefix[1] !== "\\";
  if (prefix.startsWith("X")) return /^X[^/?#\\:@]*[/?#]/.test(prefix);
  return /^[^:/?#\\@]+[/?#]/.test(prefix) || prefix.startsWith("?") || prefix.startsWith("#");
}

export type UrlShape =
  /** The attacker-controlled part comes after a fixed origin (or inside a same-origin path). */
  | { kind: "fixed"; prefix: string }
  /** The attacker-controlled part (`part`, when known) can decide the scheme, host or port. */
  | { kind: "open"; part?: ts.Expression }
  /** No attacker-controlled part was found in the URL's text. */
  | { kind: "clean" };

/** Where the first attacker-controlled part of a URL sits; `new URL(path, base)` is read as the URL it makes. */
export function urlShape(expression: ts.Expression, isControlled: (part: ts.Expression) => boolean, depth = 0): UrlShape {
  const node = unwrapExpression(expression);
  if (depth > 4) return isControlled(node) ? { kind: "open", part: node } : { kind: "clean" };
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) {
      const initializer = unwrapExpression(binding.initializer);
      if (ts.isNewExpression(initializer)) return urlShape(initializer, isControlled, depth + 1);
    }
  }
  if (ts.isNewExpression(node) && calleeName(node) === "URL" && node.arguments?.[0]) {
    const [input, base] = node.arguments;
    const inputShape = urlShape(input, isControlled, depth + 1);
    const relative = inputShape.kind !== "open" && !/^[a-zA-Z][\w+.-]*:/.test(firstText(input));
    // A relative input takes its origin from the base; an absolute one ignores the base.
    if (relative && base) {
      const baseShape = urlShape(base, isControlled, depth + 1);
      if (baseShape.kind === "open") return baseShape;
    }
    return inputShape;
  }
  let prefix = "";
  for (const part of urlParts(node)) {
    if ("text" in part) {
      prefix += part.text;
      continue;
    }
    if (isControlled(part.expression)) return prefixFixesTarget(prefix) ? { kind: "fixed", prefix } : { kind: "open", part: part.expression };
    prefix += "X";
  }
  return { kind: "clean" };
}

function firstText(expression: ts.Expression): string {
  const [first] = urlParts(expression);
  return first && "text" in first ? first.text : "";
}

// ---- Values that cannot carry markup ----------------------------------------------------------

const NUMERIC_CALLS = /^(Number|parseInt|parseFloat|BigInt|Boolean|toFixed|toPrecision|getTime|valueOf|now|round|floor|ceil|abs|min|max|indexOf|lastIndexOf|findIndex|charCodeAt|codePointAt|isNaN|isFinite)$/;

/** Calls that escape or sanitize markup (DOMPurify, sanitize-html, he, validator, lodash `escape`, `xss`). */
export function isHtmlSanitizerCall(call: ts.CallExpression): boolean {
  const name = calleeName(call) ?? "";
  // Case-sensitive on purpose: `unescape` undoes escaping.
  if (/^(?:[sS]anitize\w*|[eE]scape\w*|\w+Escape(?:Html|HTML)?|[eE]ncode\w*|htmlEncode|xss|filterXSS|purify|stripTags|striptags)$/.test(name)) return true;
  const receiver = calleeReceiver(call);
  const root = receiver ? propertyChain(receiver)?.[0] : undefined;
  if (root === "DOMPurify" || root === "sanitizeHtml" || root === "xss") return true;
  // `text.replace(/</g, "&lt;")`, `.replace(/[<>]/g, "")`: hand-written escaping.
  if ((name === "replace" || name === "replaceAll") && call.arguments.length >= 2) {
    const [pattern, replacement] = call.arguments;
    const replacementText = literalText(replacement);
    // HTML entities, or `\u003c`-style escapes for JSON placed in a `<script>`.
    if (replacementText !== undefined && /^(?:&|\\[ux])/.test(replacementText)) return true;
    if (pattern && ts.isRegularExpressionLiteral(pattern) && pattern.text.includes("<") && replacementText === "") return true;
  }
  return false;
}

/** A markdown renderer configured not to pass raw HTML through (`{ sanitize: true }`, markdown-it's default `html: false`). */
export function isSafeMarkdownRender(call: ts.CallExpression): boolean {
  if (call.arguments.some((argument) => hasTrueOption(argument, "sanitize") || hasOption(argument, "sanitizer"))) return true;
  const name = calleeName(call);
  const receiver = calleeReceiver(call);
  if ((name === "render" || name === "renderInline") && receiver) {
    const root = unwrapExpression(receiver);
    if (ts.isIdentifier(root)) {
      const binding = findLocalBinding(root);
      const initializer = binding?.kind === "variable" && binding.initializer ? unwrapExpression(binding.initializer) : undefined;
      if (initializer && (ts.isCallExpression(initializer) || ts.isNewExpression(initializer))) {
        const factory = calleeName(initializer) ?? "";
        if (/^markdown-?it$/i.test(factory) || factory === "MarkdownIt") return !(initializer.arguments ?? []).some((argument) => hasTrueOption(argument, "html"));
      }
    }
  }
  return false;
}

function hasOption(argument: ts.Expression, name: string): boolean {
  const node = unwrapExpression(argument);
  return ts.isObjectLiteralExpression(node) && node.properties.some((property) => property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === name);
}

function hasTrueOption(argument: ts.Expression, name: string): boolean {
  const node = unwrapExpression(argument);
  if (!ts.isObjectLiteralExpression(node)) return false;
  return node.properties.some(
    (property) => ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === name && unwrapExpression(property.initializer).kind === ts.SyntaxKind.TrueKeyword,
  );
}

/** Values that cannot inject markup: constants, numbers, booleans, escaped or sanitized text, existing markup. */
export function isInertHtmlValue(expression: ts.Expression, depth = 0): boolean {
  const node = unwrapExpression(expression);
  if (depth > 4) return false;
  if (isConstantExpression(node)) return true;
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) return true;
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken) return isInertHtmlValue(node.left, depth + 1) && isInertHtmlValue(node.right, depth + 1);
    if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) return isInertHtmlValue(node.left, depth + 1) && isInertHtmlValue(node.right, depth + 1);
    return operator !== ts.SyntaxKind.AmpersandAmpersandToken && operator !== ts.SyntaxKind.CommaToken && operator !== ts.SyntaxKind.EqualsToken;
  }
  if (ts.isConditionalExpression(node)) return isInertHtmlValue(node.whenTrue, depth + 1) && isInertHtmlValue(node.whenFalse, depth + 1);
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => isInertHtmlValue(span.expression, depth + 1));
  if (ts.isCallExpression(node)) {
    const name = calleeName(node) ?? "";
    const root = propertyChain(node.expression)?.[0];
    return NUMERIC_CALLS.test(name) || root === "Math" || isHtmlSanitizerCall(node) || isSafeMarkdownRender(node);
  }
  if (ts.isPropertyAccessExpression(node) && ["length", "size", "innerHTML", "outerHTML"].includes(node.name.text)) return true;
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if ((binding?.kind === "variable" || binding?.kind === "parameter") && binding.declaration.type) {
      const kind = binding.declaration.type.kind;
      if (kind === ts.SyntaxKind.NumberKeyword || kind === ts.SyntaxKind.BooleanKeyword || kind === ts.SyntaxKind.BigIntKeyword) return true;
    }
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return isInertHtmlValue(binding.initializer, depth + 1);
  }
  return false;
}

// ---- Browser sources --------------------------------------------------------------------------

const GLOBAL_ROOTS = new Set(["window", "self", "globalThis", "top", "parent"]);
const DOCUMENT_SOURCES = new Set(["URL", "documentURI", "baseURI", "referrer"]);
const LOCATION_SOURCES = new Set(["hash", "search", "href"]);
const CLIENT_SOURCE_HOOKS = new Set(["useSearchParams", "useParams"]);

/** Whether `parameter` is the event of a `message` listener (`addEventListener("message", (e) => …)`, `onmessage = (e) => …`). */
function isMessageEventParameter(identifier: ts.Identifier): boolean {
  const binding = findLocalBinding(identifier);
  if (binding?.kind !== "parameter") return false;
  const fn = binding.declaration.parent;
  if (!isFunctionLike(fn) || fn.parameters[0] !== binding.declaration) return false;
  const parent = fn.parent;
  if (parent && ts.isCallExpression(parent) && calleeName(parent) === "addEventListener") return literalText(parent.arguments[0]) === "message";
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return propertyChain(parent.left)?.at(-1) === "onmessage";
  return false;
}

/** Whether `identifier` is bound to `useRouter()` (Next.js pages router: `router.query` is the URL's). */
function isRouter(identifier: ts.Identifier): boolean {
  const binding = findLocalBinding(identifier);
  if (binding?.kind !== "variable" || !binding.initializer) return false;
  const initializer = unwrapExpression(binding.initializer);
  return ts.isCallExpression(initializer) && calleeName(initializer) === "useRouter";
}

/** A direct read of URL-controlled input in the browser. */
function clientSourceRead(node: ts.Expression, sourceFile: ts.SourceFile): string | undefined {
  const origin = (): string => node.getText(sourceFile).replace(/\s+/g, " ").slice(0, 60);
  if (ts.isCallExpression(node)) {
    const callee = unwrapExpression(node.expression);
    return ts.isIdentifier(callee) && CLIENT_SOURCE_HOOKS.has(callee.text) ? origin() : undefined;
  }
  const full = propertyChain(node);
  if (!full) return undefined;
  let chain = full;
  while (chain.length > 1 && GLOBAL_ROOTS.has(chain[0]!)) chain = chain.slice(1);
  if (chain.length !== full.length && chain.length === 1 && chain[0] === "name" && full.at(-2) === "window") return origin();
  if (chain[0] === "document") {
    if (chain.length >= 2 && DOCUMENT_SOURCES.has(chain[1]!)) return origin();
    if (chain[1] === "location") chain = chain.slice(1);
  }
  if (chain[0] === "location") {
    // `location.hash` (also on react-router's `useLocation()` result), `window.location`; a bare
    // `location` identifier only when it is the global.
    if (chain.length >= 2) {
      if (LOCATION_SOURCES.has(chain[1]!)) return origin();
    } else if (ts.isPropertyAccessExpression(node) || (ts.isIdentifier(node) && findLocalBinding(node) === undefined)) {
      return origin();
    }
  }
  const root = unwrapExpression(rootExpression(node));
  if (ts.isIdentifier(root) && full.length >= 2) {
    if (full[1] === "data" && isMessageEventParameter(root)) return origin();
    if (full[1] === "query" && isRouter(root)) return origin();
  }
  return undefined;
}

function rootExpression(node: ts.Expression): ts.Expression {
  let current = unwrapExpression(node);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
  return current;
}


/**
 * The URL-controlled browser input `expression` carries (`location.hash`/`search`/`href`,
 * `document.URL`/`referrer`, `window.name`, `URLSearchParams` of those, `useSearchParams()`,
 * `useParams()`, `router.query`, and `event.data` of a `message` listener), as written; undefined when none.
 */
/** The browser as a source model for `taintOf`: URL, referrer, window name, message data, router query. */
const CLIENT_SOURCES: SourceModel = {
  read(node, sourceFile) {
    const origin = clientSourceRead(node, sourceFile);
    return origin ? { kind: "client", confidence: "high", origin } : undefined;
  },
};

export function clientSourceOf(expression: ts.Expression, sourceFile: ts.SourceFile, writes?: LocalWrites): string | undefined {
  return taintOf(expression, sourceFile, { sources: CLIENT_SOURCES, isSanitizer: isHtmlSanitizerCall, ...(writes ? { writes } : {}) })?.origin;
}

// ---- Messages ---------------------------------------------------------------------------------

/** `text` as a Markdown code span; code that holds backticks (template literals) gets a double-backtick span. */
export function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** A call's callee for messages, `fs.promises.readFile()`, with line breaks of chained calls removed. */
export function callLabel(call: ts.CallExpression | ts.NewExpression, sourceFile: ts.SourceFile, max = 50): string {
  const text = call.expression.getText(sourceFile).replace(/\s*\n\s*/g, "").replace(/\s+/g, " ");
  const prefix = ts.isNewExpression(call) ? "new " : "";
  return `${prefix}${text.length <= max ? text : `…${text.slice(text.length - max + 1)}`}()`;
}
