// Facts about one TS/JS file that many rules need, recorded once by the engine during its single walk
// (before any rule's visitor sees the same node), instead of once per rule.
import { ts } from "ts-morph";
import { createLocalWrites, type LocalWrites } from "./ts-helpers.js";

export interface FileFacts {
  /** Writes to locals: `x = v`, `x += v`, `x.push(v)`. Complete once the walk is done (`SourceFile:exit`). */
  readonly writes: LocalWrites;
  /**
   * Every name the file declares (variables, parameters, functions, classes, imports). A name not in
   * it is a global, so no scope lookup is needed. Complete once the walk is done.
   */
  readonly declaredNames: ReadonlySet<string>;
}

/** Adds the names a binding pattern binds (`{ a, b: [c] }`) to `into`. */
export function boundNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) {
    into.add(name.text);
    return;
  }
  for (const element of name.elements) if (!ts.isOmittedExpression(element)) boundNames(element.name, into);
}

function recordDeclaration(node: ts.Node, names: Set<string>): void {
  if (ts.isVariableDeclaration(node) || ts.isParameter(node)) boundNames(node.name, names);
  else if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassDeclaration(node)) && node.name) names.add(node.name.text);
  else if (ts.isImportEqualsDeclaration(node)) names.add(node.name.text);
  else if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (clause?.name) names.add(clause.name.text);
    const named = clause?.namedBindings;
    if (named && ts.isNamespaceImport(named)) names.add(named.name.text);
    if (named && ts.isNamedImports(named)) for (const element of named.elements) names.add(element.name.text);
  }
}

const DECLARING_KINDS = [
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.Parameter,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ImportEqualsDeclaration,
];

/** The facts of one file and the listeners (by syntax kind) that record them during the walk. */
export function createFileFacts(): { facts: FileFacts; recorders: Map<ts.SyntaxKind, (node: ts.Node) => void> } {
  const writes = createLocalWrites();
  const declaredNames = new Set<string>();
  const recorders = new Map<ts.SyntaxKind, (node: ts.Node) => void>();
  for (const kind of DECLARING_KINDS) recorders.set(kind, (node) => recordDeclaration(node, declaredNames));
  recorders.set(ts.SyntaxKind.BinaryExpression, (node) => writes.visitBinaryExpression(node as ts.BinaryExpression));
  recorders.set(ts.SyntaxKind.CallExpression, (node) => writes.visitCallExpression(node as ts.CallExpression));
  return { facts: { writes, declaredNames }, recorders };
}
