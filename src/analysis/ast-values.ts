// Reading values out of the syntax tree: object-literal properties, `const` bindings, and the module a
// name is imported from. Shared by rules that judge configuration objects and library calls.
import { ts } from "ts-morph";
import { findLocalBinding, unwrapExpression } from "./ts-helpers.js";

/** The module an identifier is imported or required from (`import jwt from "jsonwebtoken"`, `const { sign } = require("jsonwebtoken")`). */
export function importedModule(identifier: ts.Identifier): string | undefined {
  const binding = findLocalBinding(identifier);
  if (binding?.kind === "import") {
    const declaration = binding.declaration;
    if (ts.isImportDeclaration(declaration)) return ts.isStringLiteral(declaration.moduleSpecifier) ? declaration.moduleSpecifier.text : undefined;
    const reference = declaration.moduleReference;
    return ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression) ? reference.expression.text : undefined;
  }
  if (binding?.kind !== "variable") return undefined;
  let source = binding.initializer ?? binding.derivedFrom;
  for (let step = 0; source && step < 4; step++) {
    const node = unwrapExpression(source);
    if (ts.isAwaitExpression(node)) source = node.expression;
    else if (ts.isPropertyAccessExpression(node)) source = node.expression;
    else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const isLoader = node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require");
      return isLoader && first && ts.isStringLiteral(first) ? first.text : undefined;
    } else return undefined;
  }
  return undefined;
}

/** The identifier at the root of `a.b["c"].d`. */
export function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
  return ts.isIdentifier(current) ? current : undefined;
}

/** The literal name of an object-literal property (`a`, `"a"`, `` `a` ``). */
export function propertyKey(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name))) return name.text;
  return undefined;
}

/** The object literal an expression is, or a `const` bound to (followed a few steps). */
export function objectLiteralOf(expression: ts.Expression | undefined, depth = 0): ts.ObjectLiteralExpression | undefined {
  if (!expression || depth > 3) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return objectLiteralOf(binding.initializer, depth + 1);
  }
  return undefined;
}

/** The value of property `name` in an object literal (shorthand properties included). */
export function propertyValue(object: ts.ObjectLiteralExpression | undefined, name: string): ts.Expression | undefined {
  for (const property of object?.properties ?? []) {
    if (propertyKey(property) !== name) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}
