// Visitors keyed by syntax-kind name, with the node typed for the kinds rules commonly ask for.
// `Kind:exit` runs after the node's children, for rules that track scopes.
import { ts } from "ts-morph";

interface NodeOfKind {
  ArrowFunction: ts.ArrowFunction;
  AwaitExpression: ts.AwaitExpression;
  BinaryExpression: ts.BinaryExpression;
  Block: ts.Block;
  CallExpression: ts.CallExpression;
  CatchClause: ts.CatchClause;
  ClassDeclaration: ts.ClassDeclaration;
  Decorator: ts.Decorator;
  ElementAccessExpression: ts.ElementAccessExpression;
  ExportAssignment: ts.ExportAssignment;
  ForInStatement: ts.ForInStatement;
  ForOfStatement: ts.ForOfStatement;
  ForStatement: ts.ForStatement;
  FunctionDeclaration: ts.FunctionDeclaration;
  FunctionExpression: ts.FunctionExpression;
  Identifier: ts.Identifier;
  IfStatement: ts.IfStatement;
  ImportDeclaration: ts.ImportDeclaration;
  JsxAttribute: ts.JsxAttribute;
  MethodDeclaration: ts.MethodDeclaration;
  NewExpression: ts.NewExpression;
  NoSubstitutionTemplateLiteral: ts.NoSubstitutionTemplateLiteral;
  ObjectLiteralExpression: ts.ObjectLiteralExpression;
  Parameter: ts.ParameterDeclaration;
  PropertyAccessExpression: ts.PropertyAccessExpression;
  PropertyAssignment: ts.PropertyAssignment;
  ReturnStatement: ts.ReturnStatement;
  SourceFile: ts.SourceFile;
  StringLiteral: ts.StringLiteral;
  TaggedTemplateExpression: ts.TaggedTemplateExpression;
  TemplateExpression: ts.TemplateExpression;
  TryStatement: ts.TryStatement;
  VariableDeclaration: ts.VariableDeclaration;
  VariableStatement: ts.VariableStatement;
  WhileStatement: ts.WhileStatement;
}

export type SyntaxKindName = keyof typeof ts.SyntaxKind;
type NodeFor<K extends string> = K extends keyof NodeOfKind ? NodeOfKind[K] : ts.Node;
type Listener<K extends string> = (node: NodeFor<K>) => void;

export type Visitors = { [K in SyntaxKindName]?: Listener<K> } & {
  [K in SyntaxKindName as `${K}:exit`]?: Listener<K>;
};

/** Listeners indexed by SyntaxKind number, built once per file from every rule's visitors. */
export interface DispatchTable {
  enter: Map<ts.SyntaxKind, Array<(node: ts.Node) => void>>;
  exit: Map<ts.SyntaxKind, Array<(node: ts.Node) => void>>;
}

export function syntaxKindOf(name: string): ts.SyntaxKind {
  const kind = (ts.SyntaxKind as unknown as Record<string, ts.SyntaxKind | undefined>)[name];
  if (kind === undefined) throw new Error(`unknown syntax kind in visitor key: ${name}`);
  return kind;
}

export function addToDispatch(table: DispatchTable, visitors: Visitors, wrap: (fn: (node: ts.Node) => void) => (node: ts.Node) => void): void {
  for (const [key, listener] of Object.entries(visitors)) {
    if (typeof listener !== "function") continue;
    const isExit = key.endsWith(":exit");
    const kind = syntaxKindOf(isExit ? key.slice(0, -":exit".length) : key);
    const target = isExit ? table.exit : table.enter;
    const list = target.get(kind) ?? [];
    list.push(wrap(listener as (node: ts.Node) => void));
    target.set(kind, list);
  }
}
