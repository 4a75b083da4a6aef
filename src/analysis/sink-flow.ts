// How values reach sinks, shared by the injection rules (command, code, SQL, NoSQL, deserialization):
// which module a callee comes from, which parts of a string are spliced in, which values the server
// made itself, which allowlist guards sit before a sink, and how to describe a taint in a message.
// Like every analysis helper, these read a node, its small subtree, its ancestors and the
// declarations those hold: never a second walk of the file.
import { ts } from "ts-morph";
import type { Taint } from "./taint.js";
import { matchesAny } from "./glob.js";
import {
  calleeName,
  calleeReceiver,
  findLocalBinding,
  isConstantExpression,
  isFunctionLike,
  memberName,
  propertyChain,
  shortText,
  unwrapExpression,
  type LocalWrites,
} from "./ts-helpers.js";
import type { Severity } from "../review/types.js";

// ---- which module a value comes from --------------------------------------------------

/** A value imported from a module: the module object itself (`member` undefined) or one of its exports (`"exec"`, `"sync"`, `"Types.ObjectId"`). */
export interface ModuleRef {
  module: string;
  member: string | undefined;
}

const MAX_MODULE_DEPTH = 6;

export function moduleName(specifier: string): string {
  return specifier.startsWith("node:") ? specifier.slice("node:".length) : specifier;
}

/**
 * The module of `require("x")` or `import("x")`. `require` counts as the global unless `declared`
 * (the names this file declares, see `createDeclaredNames`) shows a local of that name.
 */
export function requiredModule(call: ts.CallExpression, declared?: ReadonlySet<string>): string | undefined {
  const [argument] = call.arguments;
  if (!argument || !ts.isStringLiteralLike(argument)) return undefined;
  const callee = unwrapExpression(call.expression);
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return moduleName(argument.text);
  if (ts.isIdentifier(callee) && callee.text === "require" && !(declared?.has("require") && findLocalBinding(callee))) return moduleName(argument.text);
  return undefined;
}

export function propertyNameText(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function withMember(base: ModuleRef, name: string): ModuleRef {
  return { module: base.module, member: base.member === undefined || base.member === "default" ? name : `${base.member}.${name}` };
}

function identifierModuleRef(identifier: ts.Identifier, depth: number, declared: ReadonlySet<string> | undefined): ModuleRef | undefined {
  if (declared && !declared.has(identifier.text)) return undefined;
  const binding = findLocalBinding(identifier);
  if (!binding) return undefined;
  if (binding.kind === "import") {
    const declaration = binding.declaration;
    if (ts.isImportEqualsDeclaration(declaration)) {
      const reference = declaration.moduleReference;
      return ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression) ? { module: moduleName(reference.expression.text), member: undefined } : undefined;
    }
    if (!ts.isStringLiteral(declaration.moduleSpecifier)) return undefined;
    const module = moduleName(declaration.moduleSpecifier.text);
    const clause = declaration.importClause;
    if (clause?.name?.text === identifier.text) return { module, member: undefined };
    const named = clause?.namedBindings;
    if (named && ts.isNamespaceImport(named)) return { module, member: undefined };
    const element = named && ts.isNamedImports(named) ? named.elements.find((candidate) => candidate.name.text === identifier.text) : undefined;
    if (!element) return undefined;
    const imported = (element.propertyName ?? element.name).text;
    return { module, member: imported === "default" ? undefined : imported };
  }
  if (binding.kind !== "variable") return undefined;
  if (binding.initializer) return moduleRefOf(binding.initializer, declared, depth + 1);
  // `const { exec } = require("child_process")`, `const { exec: run } = cp`.
  const pattern = binding.declaration.name;
  if (!binding.derivedFrom || !ts.isObjectBindingPattern(pattern)) return undefined;
  const element = pattern.elements.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === identifier.text);
  if (!element || element.dotDotDotToken) return undefined;
  const property = element.propertyName ? propertyNameText(element.propertyName) : identifier.text;
  const base = property === undefined ? undefined : moduleRefOf(binding.derivedFrom, declared, depth + 1);
  return base && property !== undefined ? withMember(base, property) : undefined;
}

/**
 * The module export `expression` refers to: `cp.exec`, `exec` imported or destructured from
 * `child_process`, `require("child_process").exec`, `promisify(exec)`, `yaml.load` with `yaml`
 * from `js-yaml`. Undefined for anything not traced to an import or `require` in this file.
 */
export function moduleRefOf(expression: ts.Expression, declared?: ReadonlySet<string>, depth = 0): ModuleRef | undefined {
  if (depth > MAX_MODULE_DEPTH) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isAwaitExpression(node)) return moduleRefOf(node.expression, declared, depth + 1);
  if (ts.isCallExpression(node)) {
    const required = requiredModule(node, declared);
    if (required !== undefined) return { module: required, member: undefined };
    // util.promisify(cp.exec) keeps what it wraps.
    const [first] = node.arguments;
    return calleeName(node) === "promisify" && first && !ts.isSpreadElement(first) ? moduleRefOf(first, declared, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const name = memberName(node);
    const base = name === undefined ? undefined : moduleRefOf(node.expression, declared, depth + 1);
    return base && name !== undefined ? withMember(base, name) : undefined;
  }
  if (ts.isIdentifier(node)) return identifierModuleRef(node, depth, declared);
  return undefined;
}


/** Whether a declaration's initializer could bind a module or one of its exports (`require(…)`, `await import(…)`, `promisify(…)`, `x.y` of those). */
export function looksLikeModuleBinding(initializer: ts.Expression | undefined, known: ReadonlySet<string>): boolean {
  let node = initializer && unwrapExpression(initializer);
  while (node && (ts.isAwaitExpression(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node))) node = unwrapExpression(node.expression);
  if (!node) return false;
  if (ts.isIdentifier(node)) return known.has(node.text);
  if (!ts.isCallExpression(node)) return false;
  const callee = unwrapExpression(node.expression);
  return callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require") || calleeName(node) === "promisify";
}

// ---- text spliced from non-constant parts ---------------------------------------------

/** The non-constant values spliced into a piece of text, and whether it was built at all (template, `+`, `join`). */
export interface Spliced {
  built: boolean;
  parts: ts.Expression[];
}

const MAX_SPLICE_DEPTH = 5;
const TEXT_METHODS = new Set(["trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "toString", "normalize", "padStart", "padEnd"]);

function isTextBuilding(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  return (
    ts.isTemplateExpression(node) ||
    (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) ||
    ts.isConditionalExpression(node) ||
    (ts.isCallExpression(node) && (calleeName(node) === "join" || calleeName(node) === "concat"))
  );
}

/**
 * Takes apart text built from templates, `+`, `+=`, conditionals, `[…].join()` and local variables
 * (a few steps back, with the writes seen during the walk), and returns the values spliced in that
 * `isTrusted` does not accept. A value that is not built at all is returned as one part.
 */
export function splicedParts(expression: ts.Expression, writes: LocalWrites, isTrusted: (value: ts.Expression) => boolean): Spliced {
  const result: Spliced = { built: false, parts: [] };
  const seen = new Set<ts.Node>();
  const visit = (value: ts.Expression, depth: number): void => {
    const node = unwrapExpression(value);
    if (isConstantExpression(node)) return;
    if (depth > MAX_SPLICE_DEPTH || seen.has(node)) {
      if (!isTrusted(node)) result.parts.push(node);
      return;
    }
    seen.add(node);
    if (ts.isTemplateExpression(node)) {
      result.built = true;
      for (const span of node.templateSpans) visit(span.expression, depth + 1);
      return;
    }
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator === ts.SyntaxKind.PlusToken) result.built = true;
      if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) {
        visit(node.left, depth + 1);
        visit(node.right, depth + 1);
        return;
      }
    }
    if (ts.isConditionalExpression(node)) {
      visit(node.whenTrue, depth + 1);
      visit(node.whenFalse, depth + 1);
      return;
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const receiver = calleeReceiver(node);
      if (name === "join" && receiver) {
        const array = unwrapExpression(receiver);
        const elements = arrayElements(array, writes);
        if (elements) {
          result.built = true;
          for (const element of elements) visit(element, depth + 1);
          return;
        }
      }
      if (name === "concat" && receiver && !isTrusted(node)) {
        result.built = true;
        visit(receiver, depth + 1);
        for (const argument of node.arguments) visit(ts.isSpreadElement(argument) ? argument.expression : argument, depth + 1);
        return;
      }
      if (name && receiver && TEXT_METHODS.has(name) && node.arguments.length <= 2) {
        visit(receiver, depth + 1);
        return;
      }
    }
    if (ts.isIdentifier(node)) {
      const binding = findLocalBinding(node);
      if (binding?.kind === "variable" && binding.initializer) {
        const assigned = binding.declarationKind === "const" ? [] : writes.writesTo(binding.declaration, node.text).filter((write) => write.kind !== "push");
        if (assigned.length > 0 || isTextBuilding(binding.initializer)) {
          visit(binding.initializer, depth + 1);
          for (const write of assigned) {
            if (write.kind === "append") result.built = true;
            visit(write.value, depth + 1);
          }
          return;
        }
      }
    }
    if (!isTrusted(node)) result.parts.push(node);
  };
  visit(expression, 0);
  return result;
}

/** The value a text starts with (`cmd` in `cmd + " --json"` or `${cmd} --json`): text made elsewhere, judged where it is built. */
export function leadingValue(expression: ts.Expression): ts.Expression {
  let node = unwrapExpression(expression);
  for (let step = 0; step < MAX_SPLICE_DEPTH; step++) {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) node = unwrapExpression(node.left);
    else if (ts.isTemplateExpression(node) && node.head.text === "" && node.templateSpans[0]) node = unwrapExpression(node.templateSpans[0].expression);
    else if (ts.isIdentifier(node)) {
      const binding = findLocalBinding(node);
      if (binding?.kind !== "variable" || binding.declarationKind !== "const" || !binding.initializer || !isTextBuilding(binding.initializer)) return node;
      node = unwrapExpression(binding.initializer);
    } else return node;
  }
  return node;
}

/** The elements of an array literal, or of a local array built from one with `push` (undefined when unknown). */
export function arrayElements(expression: ts.Expression, writes: LocalWrites): ts.Expression[] | undefined {
  const node = unwrapExpression(expression);
  const spreadable = (elements: ts.NodeArray<ts.Expression>): ts.Expression[] => elements.map((element) => (ts.isSpreadElement(element) ? element.expression : element));
  if (ts.isArrayLiteralExpression(node)) return spreadable(node.elements);
  if (!ts.isIdentifier(node)) return undefined;
  const binding = findLocalBinding(node);
  if (binding?.kind !== "variable" || !binding.initializer) return undefined;
  const initializer = unwrapExpression(binding.initializer);
  if (!ts.isArrayLiteralExpression(initializer)) return undefined;
  const added = writes.writesTo(binding.declaration, node.text);
  if (added.some((write) => write.kind !== "push")) return undefined;
  return [...spreadable(initializer.elements), ...added.map((write) => write.value)];
}

// ---- request taint, also through JSON.parse --------------------------------------------


// ---- values that are not attacker-controlled ------------------------------------------

/** Whether a `const` table holds only constants: `{ asc: "ASC", desc: "DESC" }` or `new Map([["name", "name"]])`. */
function isConstantTable(identifier: ts.Identifier): boolean {
  const binding = findLocalBinding(identifier);
  if (binding?.kind !== "variable" || binding.declarationKind !== "const" || !binding.initializer) return false;
  const table = unwrapExpression(binding.initializer);
  if (ts.isObjectLiteralExpression(table)) {
    return table.properties.every((property) => ts.isPropertyAssignment(property) && isConstantExpression(property.initializer));
  }
  if (ts.isNewExpression(table) && calleeName(table) === "Map") {
    const entries = table.arguments?.[0] && unwrapExpression(table.arguments[0]);
    return (
      entries !== undefined &&
      ts.isArrayLiteralExpression(entries) &&
      entries.elements.every((entry) => {
        const pair = unwrapExpression(entry);
        return ts.isArrayLiteralExpression(pair) && pair.elements.length === 2 && isConstantExpression(pair.elements[1]!);
      })
    );
  }
  return false;
}

/**
 * A value picked from a table of constants, whatever the key: `SORTABLE.get(key)`, `COLUMNS[key]`
 * (the result is one of the table's values or undefined, never the key itself).
 */
export function isConstantLookup(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  if (ts.isCallExpression(node) && calleeName(node) === "get") {
    const receiver = calleeReceiver(node);
    const table = receiver && unwrapExpression(receiver);
    return table !== undefined && ts.isIdentifier(table) && isConstantTable(table);
  }
  if (ts.isElementAccessExpression(node)) {
    const table = unwrapExpression(node.expression);
    return ts.isIdentifier(table) && isConstantTable(table);
  }
  return false;
}

const NUMERIC_TYPES: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.BigIntKeyword, ts.SyntaxKind.BooleanKeyword]);
const NUMERIC_CALLS = new Set(["Number", "parseInt", "parseFloat", "BigInt", "Boolean", "toFixed", "toPrecision", "getTime", "valueOf", "indexOf", "findIndex", "push", "now"]);
/** Calls whose result the server makes: random ids, temporary directories, the working directory. */
const SERVER_MADE_CALLS = new Set(["randomUUID", "randomBytes", "randomInt", "nanoid", "uuidv4", "v4", "mkdtemp", "mkdtempSync", "tmpdir", "homedir", "cwd"]);
const SERVER_VALUES = new Set(["__dirname", "__filename"]);
const PROCESS_MEMBERS = new Set(["env", "argv", "cwd", "pid", "ppid", "platform", "arch", "execPath", "version", "versions", "execArgv", "title"]);
const PATH_FUNCTIONS = new Set(["join", "resolve", "dirname", "basename", "extname", "relative", "normalize"]);
/** Multer stores uploads under a generated name: these members of `req.file` are server-made. */
const SERVER_MADE_UPLOAD_MEMBERS = new Set(["path", "destination", "filename", "size"]);

/**
 * Values an attacker does not control: constants, numbers, `process.env`/`process.argv` and other
 * process facts, `__dirname`, `os.*()`, SCREAMING_CASE constants, `path.*` of such values, and
 * calls accepted by `isSanitizer`.
 */
export function isServerValue(expression: ts.Expression, isSanitizer: (call: ts.CallExpression) => boolean, depth = 0): boolean {
  if (depth > 4) return false;
  const node = unwrapExpression(expression);
  if (isConstantExpression(node)) return true;
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) return true;
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) {
      return isServerValue(node.left, isSanitizer, depth + 1) && isServerValue(node.right, isSanitizer, depth + 1);
    }
    return operator !== ts.SyntaxKind.EqualsToken && operator !== ts.SyntaxKind.CommaToken; // arithmetic and comparisons
  }
  if (ts.isConditionalExpression(node)) return isServerValue(node.whenTrue, isSanitizer, depth + 1) && isServerValue(node.whenFalse, isSanitizer, depth + 1);
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => isServerValue(span.expression, isSanitizer, depth + 1));
  if (ts.isMetaProperty(node)) return true; // import.meta
  if (isConstantLookup(node)) return true;
  if (ts.isIdentifier(node)) {
    if (SERVER_VALUES.has(node.text)) return true; // also ESM's `const __dirname = path.dirname(fileURLToPath(import.meta.url))`
    const binding = findLocalBinding(node);
    if ((binding?.kind === "parameter" || binding?.kind === "variable") && binding.declaration.type && NUMERIC_TYPES.has(binding.declaration.type.kind)) return true;
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return isServerValue(binding.initializer, isSanitizer, depth + 1);
    return /^[A-Z][A-Z0-9_]+$/.test(node.text);
  }
  if (ts.isCallExpression(node)) {
    if (isSanitizer(node)) return true;
    const name = calleeName(node) ?? "";
    const chain = propertyChain(node.expression);
    if (NUMERIC_CALLS.has(name) || SERVER_MADE_CALLS.has(name) || chain?.[0] === "Math") return true;
    const receiver = calleeReceiver(node);
    if (receiver && TEXT_METHODS.has(name)) return isServerValue(receiver, isSanitizer, depth + 1); // randomBytes(8).toString("hex")
    if (chain?.[0] === "process" && chain.length === 2 && PROCESS_MEMBERS.has(chain[1]!)) return true;
    if (chain?.[0] === "os" && chain.length === 2) return true;
    if (chain && chain.length === 2 && chain[0] === "path" && PATH_FUNCTIONS.has(name)) {
      return node.arguments.every((argument) => !ts.isSpreadElement(argument) && isServerValue(argument, isSanitizer, depth + 1));
    }
    return false;
  }
  const chain = propertyChain(node);
  if (chain) {
    if (chain.at(-1) === "length" || chain.at(-1) === "size" || chain.at(-1) === "pid") return true;
    if (chain[0] === "process" && chain.length >= 2 && PROCESS_MEMBERS.has(chain[1]!)) return true;
    if ((chain[0] === "req" || chain[0] === "request") && (chain[1] === "file" || chain[1] === "files") && SERVER_MADE_UPLOAD_MEMBERS.has(chain.at(-1)!)) return true;
    const root = chain[0] === "this" ? chain[1] : chain[0];
    if (root !== undefined && /^[A-Z][A-Z0-9_]+$/.test(root)) return true;
  }
  return false;
}

// ---- allowlist guards before a sink ---------------------------------------------------

/** `allowlist`: membership, regex or equality checks; `string-type`: also `typeof x === "string"` (enough where only the type matters). */
export type GuardKind = "allowlist" | "string-type";

const MEMBERSHIP_METHODS = new Set(["includes", "has", "test", "indexOf"]);
const VALIDATOR_NAME = /^(is|has)[A-Z0-9_]|valid|allowed|permitted|whitelist|allowlist|safe/i;
/** Type and presence checks: they say nothing about the characters of a string. */
const NOT_AN_ALLOWLIST = /^is(String|Object|Array|Defined|Undefined|Empty|Nil|Null|Present|Truthy|Falsy)$/;

function normalized(node: ts.Node, sourceFile: ts.SourceFile): string {
  return node.getText(sourceFile).replace(/\s+/g, "").replace(/\?\./g, ".");
}

/** The texts a guard may use to name `value`: itself and, for a local, what it was bound to. */
function guardNames(value: ts.Expression, sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  let current: ts.Expression | undefined = unwrapExpression(value);
  for (let step = 0; current && step < 3; step++) {
    names.add(normalized(current, sourceFile));
    if (!ts.isIdentifier(current)) break;
    const binding = findLocalBinding(current);
    current = binding?.kind === "variable" && binding.declarationKind === "const" ? (binding.initializer ?? undefined) : undefined;
    if (current) current = unwrapExpression(current);
    if (current && !(ts.isIdentifier(current) || ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current))) break;
  }
  return names;
}

/** A literal an allowlist compares with: a non-empty string or a number (not `""`, `null` or `undefined`, which only test presence). */
function isAllowlistLiteral(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  if (ts.isStringLiteralLike(node)) return node.text !== "";
  if (ts.isNumericLiteral(node)) return true;
  if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) return node.getText() !== "undefined" && isConstantExpression(node);
  return false;
}

/**
 * Whether `condition` being `holds` (true or false) proves that one of `names` passed a check:
 * `ALLOWED.includes(x)`, `/^\w+$/.test(x)`, `x === "a" || x === "b"` when true; their negations,
 * `x !== "a" && x !== "b"` or `!ALLOWED.has(x) || …` when false. Reads only the condition.
 */
function proves(condition: ts.Expression, holds: boolean, names: ReadonlySet<string>, kind: GuardKind, sourceFile: ts.SourceFile): boolean {
  const node = unwrapExpression(condition);
  const mentions = (candidate: ts.Node): boolean => names.has(normalized(unwrapExpression(candidate as ts.Expression), sourceFile));
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return proves(node.operand, !holds, names, kind, sourceFile);
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    const left = unwrapExpression(node.left);
    const right = unwrapExpression(node.right);
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
      // a && b true: both hold, one check is enough; false: one of them failed, so each must be a check.
      return holds ? proves(left, true, names, kind, sourceFile) || proves(right, true, names, kind, sourceFile) : proves(left, false, names, kind, sourceFile) && proves(right, false, names, kind, sourceFile);
    }
    if (operator === ts.SyntaxKind.BarBarToken) {
      return holds ? proves(left, true, names, kind, sourceFile) && proves(right, true, names, kind, sourceFile) : proves(left, false, names, kind, sourceFile) || proves(right, false, names, kind, sourceFile);
    }
    const equal = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
    const unequal = operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
    if (!equal && !unequal) return holds && operator === ts.SyntaxKind.InKeyword && mentions(left); // `name in HANDLERS`
    if (holds !== equal) return false; // `x === "a"` proves it when true; `x !== "a"` when false
    if ((mentions(left) && isAllowlistLiteral(right)) || (mentions(right) && isAllowlistLiteral(left))) return true;
    if (kind !== "string-type") return false;
    const typeOf = ts.isTypeOfExpression(left) ? left : ts.isTypeOfExpression(right) ? right : undefined;
    const other = typeOf === left ? right : left;
    return typeOf !== undefined && mentions(typeOf.expression) && ts.isStringLiteralLike(other) && other.text === "string";
  }
  if (!holds || !ts.isCallExpression(node)) return false;
  const name = calleeName(node) ?? "";
  const receiver = calleeReceiver(node);
  const argumentMentioned = node.arguments.some((argument) => mentions(argument));
  if (MEMBERSHIP_METHODS.has(name) && argumentMentioned) return true;
  if (name === "match" && receiver !== undefined && mentions(receiver)) return true;
  if (NOT_AN_ALLOWLIST.test(name) && !(kind === "string-type" && name === "isString")) return false;
  return VALIDATOR_NAME.test(name) && argumentMentioned;
}

function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isContinueStatement(statement) || ts.isBreakStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements.at(-1);
    return last !== undefined && exits(last);
  }
  return false;
}

/**
 * Whether `value`, used at `sink`, was checked against an allowlist first in the same function:
 * `if (!ALLOWED.includes(x)) return …`, `if (!/^[\w-]+$/.test(x)) throw …`, `assert(ALLOWED.has(x))`,
 * `if (x === "a" || x === "b") { sink }`, `switch (x) { case "a": sink }`. Only ancestors and the
 * statements before the sink in each enclosing block are read.
 */
export function isGuarded(sink: ts.Node, value: ts.Expression, kind: GuardKind, sourceFile: ts.SourceFile): boolean {
  const names = guardNames(value, sourceFile);
  let child: ts.Node = sink;
  for (let parent = sink.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression && proves(parent.expression, child === parent.thenStatement, names, kind, sourceFile)) return true;
    if (ts.isConditionalExpression(parent) && child !== parent.condition && proves(parent.condition, child === parent.whenTrue, names, kind, sourceFile)) return true;
    if (ts.isCaseClause(parent) && isAllowlistLiteral(parent.expression) && names.has(normalized(parent.parent.parent.expression, sourceFile))) return true;
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      for (const statement of parent.statements) {
        if (statement === child) break;
        if (ts.isIfStatement(statement) && exits(statement.thenStatement) && proves(statement.expression, false, names, kind, sourceFile)) return true;
        if (ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression)) {
          const name = calleeName(statement.expression) ?? "";
          if (/^(assert|invariant|ok)$/.test(name) && statement.expression.arguments.some((argument) => proves(argument, true, names, kind, sourceFile))) return true;
        }
      }
    }
    if (isFunctionLike(parent)) return false;
  }
  return false;
}

// ---- reporting helpers ----------------------------------------------------------------

/** Build, release and developer scripts: they run with the operator's own input, so unknown-origin findings are skipped there. */
export const DEV_TOOLING_GLOBS: readonly string[] = [
  "scripts/**",
  "**/scripts/**",
  "script/**",
  "tools/**",
  "tooling/**",
  "bin/**",
  "**/bin/**",
  ".github/**",
  ".husky/**",
  "**/*.config.*",
  "**/gulpfile.*",
  "**/Gruntfile.*",
  "**/Jakefile*",
];

export function isDevToolingPath(path: string): boolean {
  return matchesAny(path, DEV_TOOLING_GLOBS);
}

/** How a taint is named in messages: "`req.query.host` (request input)". */
export function describeTaint(part: ts.Expression, taint: Taint, sourceFile: ts.SourceFile): string {
  const full = shortText(part, sourceFile, 200);
  // `Buffer.from(req.cookies.x, "base64").toString()`: name the request value itself.
  const text = full.length > 40 && full.includes(taint.origin) ? taint.origin : shortText(part, sourceFile, 40);
  if (taint.kind === "handler-parameter") return `\`${text}\` (${taint.origin}, which looks like client input)`;
  if (text === taint.origin) return `\`${text}\` (request input)`;
  return taint.origin.includes("`") ? `\`${text}\` (request input: ${taint.origin})` : `\`${text}\` (from \`${taint.origin}\`, request input)`;
}

/** One entry per spliced value, even when it is spliced in twice (`convert ${f} thumbs/${f}`). */
export function uniqueParts<T extends { part: ts.Expression }>(entries: T[], sourceFile: ts.SourceFile): T[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const text = entry.part.getText(sourceFile);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** Severity for a taint: the rule's own for request input, one level lower for a parameter that merely looks client-controlled. */
export function severityForTaint(taint: Taint, strong: Severity, weak: Severity): Severity {
  return taint.kind === "request" && taint.confidence === "high" ? strong : weak;
}

