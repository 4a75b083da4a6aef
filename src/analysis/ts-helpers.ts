// Small AST helpers shared by the TypeScript/JavaScript rules. Every helper here looks only at a
// node, its own small subtree or its ancestors: rules get one walk of the file from the engine and
// must never walk the whole tree again.
import { ts } from "ts-morph";
import { matchesAny } from "./glob.js";

/** Paths that hold tests, test helpers or end-to-end suites; rules that target runtime code skip them. */
export const TEST_PATH_GLOBS: readonly string[] = [
  "**/*.test.*",
  "**/*.spec.*",
  "**/__tests__/**",
  "**/__mocks__/**",
  "**/test/**",
  "**/tests/**",
  "**/e2e/**",
  "**/cypress/**",
];

/** Whether `path` (repository-relative, forward slashes) is test code. */
export function isTestPath(path: string): boolean {
  return matchesAny(path, TEST_PATH_GLOBS);
}

/** The source text of `node`, without leading trivia. */
export function nodeText(node: ts.Node, sourceFile: ts.SourceFile): string {
  return node.getText(sourceFile);
}

/** `nodeText` on one line and at most `max` characters, for messages that quote code. */
export function shortText(node: ts.Node, sourceFile: ts.SourceFile, max = 60): string {
  const text = nodeText(node, sourceFile).replace(/\s+/g, " ");
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Strips parentheses, type assertions (`as`, `<T>`, `satisfies`) and non-null `!`, which never change a value. */
export function unwrapExpression(expression: ts.Expression): ts.Expression {
  let current = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** The name of a property access or of an element access with a literal key (`a.b`, `a["b"]`). */
export function memberName(expression: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  if (ts.isElementAccessExpression(expression)) {
    const key = unwrapExpression(expression.argumentExpression);
    if (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)) return key.text;
  }
  return undefined;
}

/**
 * `a.b.c` as `["a", "b", "c"]` (`this` counts as a name; literal element keys too);
 * undefined when any link is something else, such as a call.
 */
export function propertyChain(expression: ts.Expression): string[] | undefined {
  const chain: string[] = [];
  let current = unwrapExpression(expression);
  for (;;) {
    if (ts.isIdentifier(current)) {
      chain.unshift(current.text);
      return chain;
    }
    if (current.kind === ts.SyntaxKind.ThisKeyword) {
      chain.unshift("this");
      return chain;
    }
    const name = memberName(current);
    if (name === undefined || !(ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current))) return undefined;
    chain.unshift(name);
    current = unwrapExpression(current.expression);
  }
}

/** The called name: `f` for `f()`, `c` for `a.b.c()` or `a["c"]()`; undefined for computed callees. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  return memberName(callee);
}

/** The object a method is called on: `a.b` for `a.b.c()`; undefined for plain function calls. */
export function calleeReceiver(call: ts.CallExpression): ts.Expression | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) return callee.expression;
  return undefined;
}

export type FunctionLikeWithBody =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

/** Whether `node` is a function, arrow, method, constructor or accessor. */
export function isFunctionLike(node: ts.Node): node is FunctionLikeWithBody {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** The nearest function-like ancestor of `node`, or undefined at module level. */
export function enclosingFunction(node: ts.Node): FunctionLikeWithBody | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return undefined;
}

/** A local variable: `const|let|var`, a destructured name, or a `for…of`/`for…in` loop variable. */
export interface VariableBinding {
  kind: "variable";
  declarationKind: "const" | "let" | "var";
  declaration: ts.VariableDeclaration;
  /** The expression bound directly to the name (`const q = <initializer>`); undefined otherwise. */
  initializer?: ts.Expression;
  /** Where the value comes from when not bound directly: the destructured value or the iterated collection. */
  derivedFrom?: ts.Expression;
}

export type LocalBinding =
  | VariableBinding
  | { kind: "parameter"; declaration: ts.ParameterDeclaration }
  | { kind: "catch"; declaration: ts.VariableDeclaration }
  | { kind: "import"; declaration: ts.ImportDeclaration | ts.ImportEqualsDeclaration }
  | { kind: "function" | "class" | "enum"; declaration: ts.Node };

function declarationKindOf(list: ts.VariableDeclarationList): VariableBinding["declarationKind"] {
  if (list.flags & ts.NodeFlags.Const) return "const";
  if (list.flags & ts.NodeFlags.Let) return "let";
  return "var";
}

function bindsName(name: ts.BindingName, wanted: string): boolean {
  if (ts.isIdentifier(name)) return name.text === wanted;
  return name.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, wanted));
}

function variableBinding(list: ts.VariableDeclarationList, wanted: string, iterated?: ts.Expression): VariableBinding | undefined {
  for (const declaration of list.declarations) {
    if (!bindsName(declaration.name, wanted)) continue;
    const direct = ts.isIdentifier(declaration.name);
    const binding: VariableBinding = { kind: "variable", declarationKind: declarationKindOf(list), declaration };
    if (iterated) binding.derivedFrom = iterated;
    else if (direct && declaration.initializer) binding.initializer = declaration.initializer;
    else if (!direct && declaration.initializer) binding.derivedFrom = declaration.initializer;
    return binding;
  }
  return undefined;
}

function importBinds(statement: ts.ImportDeclaration, wanted: string): boolean {
  const clause = statement.importClause;
  if (!clause) return false;
  if (clause.name?.text === wanted) return true;
  const bindings = clause.namedBindings;
  if (!bindings) return false;
  if (ts.isNamespaceImport(bindings)) return bindings.name.text === wanted;
  return bindings.elements.some((element) => element.name.text === wanted);
}

function bindingInStatements(statements: readonly ts.Statement[], wanted: string): LocalBinding | undefined {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      const found = variableBinding(statement.declarationList, wanted);
      if (found) return found;
    } else if (ts.isFunctionDeclaration(statement) && statement.name?.text === wanted) {
      return { kind: "function", declaration: statement };
    } else if (ts.isClassDeclaration(statement) && statement.name?.text === wanted) {
      return { kind: "class", declaration: statement };
    } else if (ts.isEnumDeclaration(statement) && statement.name.text === wanted) {
      return { kind: "enum", declaration: statement };
    } else if (ts.isImportDeclaration(statement) && importBinds(statement, wanted)) {
      return { kind: "import", declaration: statement };
    } else if (ts.isImportEqualsDeclaration(statement) && statement.name.text === wanted) {
      return { kind: "import", declaration: statement };
    }
  }
  return undefined;
}

function bindingInScope(scope: ts.Node, wanted: string): LocalBinding | undefined {
  if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
    return bindingInStatements(scope.statements, wanted);
  }
  if (isFunctionLike(scope)) {
    const parameter = scope.parameters.find((candidate) => bindsName(candidate.name, wanted));
    if (parameter) return { kind: "parameter", declaration: parameter };
    if (ts.isFunctionExpression(scope) && scope.name?.text === wanted) return { kind: "function", declaration: scope };
    return undefined;
  }
  if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    const iterated = ts.isForStatement(scope) ? undefined : scope.expression;
    return variableBinding(scope.initializer, wanted, iterated);
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration && bindsName(scope.variableDeclaration.name, wanted)) {
    return { kind: "catch", declaration: scope.variableDeclaration };
  }
  return undefined;
}

/**
 * The declaration `identifier` refers to, found by looking at the statements of each enclosing
 * block (and the parameters of each enclosing function) up to the file: the nearest one wins, as
 * in lexical scoping. Undefined for globals and for `var`s hoisted out of nested blocks.
 */
export function findLocalBinding(identifier: ts.Identifier): LocalBinding | undefined {
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    const found = bindingInScope(scope, identifier.text);
    if (found) return found;
  }
  return undefined;
}

const MAX_CONSTANT_DEPTH = 4;
const ARITHMETIC: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.AsteriskAsteriskToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken,
]);

/**
 * Whether `expression` always has the same value: literals, templates and `+`/arithmetic of
 * constants, `cond ? constant : constant`, `[constants].join(constant)`, members of a local enum,
 * and `const` names bound to any of these (in the same file, followed a few steps).
 */
export function isConstantExpression(expression: ts.Expression, depth = 0): boolean {
  if (depth > MAX_CONSTANT_DEPTH) return false;
  const node = unwrapExpression(expression);
  if (ts.isStringLiteral(node) || ts.isNumericLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isBigIntLiteral(node)) return true;
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isPrefixUnaryExpression(node)) return isConstantExpression(node.operand, depth);
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => isConstantExpression(span.expression, depth));
  if (ts.isBinaryExpression(node)) {
    return ARITHMETIC.has(node.operatorToken.kind) && isConstantExpression(node.left, depth) && isConstantExpression(node.right, depth);
  }
  if (ts.isConditionalExpression(node)) return isConstantExpression(node.whenTrue, depth) && isConstantExpression(node.whenFalse, depth);
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((element) => !ts.isSpreadElement(element) && isConstantExpression(element, depth));
  if (ts.isCallExpression(node) && calleeName(node) === "join") {
    const receiver = calleeReceiver(node);
    const separator = node.arguments[0];
    return receiver !== undefined && (separator === undefined || isConstantExpression(separator, depth)) && isConstantExpression(receiver, depth + 1);
  }
  if (ts.isPropertyAccessExpression(node)) {
    // `Direction.Asc` where `Direction` is an enum of this file.
    const root = unwrapExpression(node.expression);
    return ts.isIdentifier(root) && findLocalBinding(root)?.kind === "enum";
  }
  if (ts.isIdentifier(node)) {
    if (node.text === "undefined") return true;
    const binding = findLocalBinding(node);
    return binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer !== undefined && isConstantExpression(binding.initializer, depth + 1);
  }
  return false;
}

/** A write to a local variable seen during the walk: `x = v`, `x += v`, or `x.push(v)`. */
export interface LocalWrite {
  kind: "assign" | "append" | "push";
  target: ts.Identifier;
  value: ts.Expression;
}

/**
 * Records writes to local variables as the engine's walk visits them, so a rule can later ask what
 * else flowed into a `let` or an array without walking the function again. Feed it from the rule's
 * `BinaryExpression` and `CallExpression` visitors; ask after the walk (e.g. in `SourceFile:exit`).
 */
export interface LocalWrites {
  visitBinaryExpression(node: ts.BinaryExpression): void;
  visitCallExpression(node: ts.CallExpression): void;
  /** The writes whose target resolves to `declaration` (flow-insensitive: order is not considered). */
  writesTo(declaration: ts.VariableDeclaration, name: string): LocalWrite[];
}

export function createLocalWrites(): LocalWrites {
  const byName = new Map<string, LocalWrite[]>();
  const record = (write: LocalWrite): void => {
    const list = byName.get(write.target.text) ?? [];
    list.push(write);
    byName.set(write.target.text, list);
  };
  return {
    visitBinaryExpression(node) {
      const operator = node.operatorToken.kind;
      const target = unwrapExpression(node.left);
      if (!ts.isIdentifier(target)) return;
      if (operator === ts.SyntaxKind.EqualsToken) record({ kind: "assign", target, value: node.right });
      else if (operator === ts.SyntaxKind.PlusEqualsToken) record({ kind: "append", target, value: node.right });
    },
    visitCallExpression(node) {
      const name = calleeName(node);
      const receiver = calleeReceiver(node);
      if ((name !== "push" && name !== "unshift") || !receiver) return;
      const target = unwrapExpression(receiver);
      if (!ts.isIdentifier(target)) return;
      for (const argument of node.arguments) {
        record({ kind: "push", target, value: ts.isSpreadElement(argument) ? argument.expression : argument });
      }
    },
    writesTo(declaration, name) {
      // Resolve lazily: only names a rule actually asks about pay for the scope lookup.
      return (byName.get(name) ?? []).filter((write) => {
        const binding = findLocalBinding(write.target);
        return binding?.kind === "variable" && binding.declaration === declaration;
      });
    },
  };
}

/** The value a local function returns for a call, when it is a single expression we can follow. */
export function returnedExpressions(fn: FunctionLikeWithBody): ts.Expression[] {
  if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) return [fn.body];
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return [];
  return body.statements.filter(ts.isReturnStatement).flatMap((statement) => (statement.expression ? [statement.expression] : []));
}

/** The function a call invokes when it is declared in this file (`function f`, `const f = () => …`). */
export function localFunction(call: ts.CallExpression): FunctionLikeWithBody | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const binding = findLocalBinding(callee);
  if (binding?.kind === "function" && isFunctionLike(binding.declaration)) return binding.declaration;
  if (binding?.kind === "variable" && binding.initializer) {
    const initializer = unwrapExpression(binding.initializer);
    if (isFunctionLike(initializer)) return initializer;
  }
  return undefined;
}

/** The binding element that introduces `name` in a destructuring pattern. */
export function bindingElementFor(name: ts.BindingName, wanted: string): ts.BindingElement | undefined {
  if (ts.isIdentifier(name)) return undefined;
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name) && element.name.text === wanted) return element;
    const nested = bindingElementFor(element.name, wanted);
    if (nested) return nested;
  }
  return undefined;
}
