// security/xxe: libxmljs/libxmljs2 parsing with entity substitution (`noent: true`) or external DTD
// loading switched on. Other common Node XML parsers (xml2js/sax, fast-xml-parser, @xmldom/xmldom)
// do not resolve external entities, so they are not sinks here.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { taintOf } from "../../src/analysis/taint.js";
import {
  calleeName,
  calleeReceiver,
  findLocalBinding,
  isConstantExpression,
  propertyChain,
  shortText,
  TEST_PATH_GLOBS,
  unwrapExpression,
} from "../../src/analysis/ts-helpers.js";
import type { Severity } from "../../src/review/types.js";

const LIBXML_MODULES = /^(libxmljs|libxmljs2|libxmljs-mt|libxml-xsd|@\w+\/libxmljs\w*)$/;
const LIBXML_NAMES = /^(libxmljs2?|libxml|libxmljsMt|xmljs)$/i;
const PARSE_METHODS = new Set(["parseXml", "parseXmlString", "parseXmlAsync", "parseXmlStringAsync", "fromXml"]);

/** The module an identifier was imported or required from, when this file says. */
function moduleOf(identifier: ts.Identifier): string | undefined {
  const binding = findLocalBinding(identifier);
  if (binding?.kind === "import") {
    const declaration = binding.declaration;
    if (ts.isImportDeclaration(declaration) && ts.isStringLiteral(declaration.moduleSpecifier)) return declaration.moduleSpecifier.text;
    if (ts.isImportEqualsDeclaration(declaration) && ts.isExternalModuleReference(declaration.moduleReference) && ts.isStringLiteral(declaration.moduleReference.expression)) {
      return declaration.moduleReference.expression.text;
    }
    return undefined;
  }
  if (binding?.kind === "variable") {
    // const libxml = require("libxmljs"); const { parseXml } = require("libxmljs2");
    const source = binding.initializer ?? binding.derivedFrom;
    let node = source && unwrapExpression(source);
    while (node && (ts.isPropertyAccessExpression(node) || ts.isAwaitExpression(node))) node = unwrapExpression(node.expression);
    if (node && ts.isCallExpression(node) && (calleeName(node) === "require" || node.expression.kind === ts.SyntaxKind.ImportKeyword)) {
      const specifier = node.arguments[0];
      return specifier && ts.isStringLiteral(specifier) ? specifier.text : undefined;
    }
  }
  return undefined;
}

/** Whether `call` is a libxmljs document parse: `libxmljs.parseXml(…)`, `parseXmlString(…)` imported from it, `libxml.Document.fromXml(…)`. */
function isLibxmlParse(call: ts.CallExpression): boolean {
  const name = calleeName(call);
  if (!name || !PARSE_METHODS.has(name)) return false;
  const receiver = calleeReceiver(call);
  const callee = unwrapExpression(call.expression);
  const root = receiver ? propertyChain(receiver)?.[0] : ts.isIdentifier(callee) ? callee.text : undefined;
  if (!root) return false;
  const rootNode = receiver ? rootIdentifierOf(receiver) : (callee as ts.Identifier);
  const module = rootNode ? moduleOf(rootNode) : undefined;
  if (module !== undefined) return LIBXML_MODULES.test(module);
  // Not imported in this file (a global or a wrapper module): trust only the library's usual names.
  return receiver !== undefined && LIBXML_NAMES.test(root);
}

function rootIdentifierOf(expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
  return ts.isIdentifier(current) ? current : undefined;
}

/** The options object literal, following a `const` that holds one. */
function optionsObject(expression: ts.Expression | undefined, depth = 0): ts.ObjectLiteralExpression | undefined {
  if (!expression || depth > 3) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return optionsObject(binding.initializer, depth + 1);
  }
  return undefined;
}

function enabled(options: ts.ObjectLiteralExpression, name: string): ts.Node | undefined {
  for (const property of options.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === name && property.initializer.kind === ts.SyntaxKind.TrueKeyword) return property;
  }
  return undefined;
}

/** libxmljs 1.x style `flags: [XMLParseFlags.XML_PARSE_NOENT]`. */
function flagged(options: ts.ObjectLiteralExpression, flag: string): ts.Node | undefined {
  for (const property of options.properties) {
    if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name) || property.name.text !== "flags") continue;
    const value = unwrapExpression(property.initializer);
    if (!ts.isArrayLiteralExpression(value)) continue;
    for (const element of value.elements) {
      const chain = ts.isSpreadElement(element) ? undefined : propertyChain(element);
      if (chain?.[chain.length - 1] === flag) return element;
    }
  }
  return undefined;
}

/** `TEMPLATE_XML`, `Fixtures.SAMPLE`: constants by convention, even when imported. */
function isScreamingConstant(expression: ts.Expression): boolean {
  const chain = propertyChain(expression);
  const last = chain?.[chain.length - 1];
  return last !== undefined && last.length > 1 && /^[A-Z][A-Z0-9_]*$/.test(last);
}

export const xxe = defineTsRule({
  meta: {
    id: "security/xxe",
    category: "security",
    severity: "high",
    title: "XML parsed with external entities enabled",
    description:
      "Detects libxmljs/libxmljs2 document parsing (`parseXml`, `parseXmlString`, `parseXmlAsync`, `Document.fromXml`) with `noent: true` (or the `XML_PARSE_NOENT` flag), which makes libxml2 substitute entities and load external ones, and, one level lower, with `dtdload: true`/`dtdvalid: true` (`XML_PARSE_DTDLOAD`/`XML_PARSE_DTDVALID`) alone, which fetches the external DTD and its parameter entities. Full severity when the document comes from the request; one level lower when its origin is unknown; nothing when it is a constant. It deliberately does not fire on xml2js/sax, fast-xml-parser, @xmldom/xmldom or node-expat, which do not resolve external entities, on libxmljs calls without those options (entity substitution is off by default), or on the libxmljs SAX parsers, whose entity behaviour could not be verified from the library's documentation.",
    why: "With entity substitution on, a document that declares `<!ENTITY x SYSTEM \"file:///etc/passwd\">` makes the server read local files or call internal URLs (SSRF) and put the result in the parsed tree, and nested entities can exhaust memory.",
    fix: "Drop `noent` (and `dtdload`/`dtdvalid`) for untrusted XML: `libxmljs.parseXml(xml)` keeps entities unexpanded and loads nothing. If you need DTD validation, validate against a schema you ship (`doc.validate(xsdDoc)`) instead of the document's own DTD, and keep `nonet: true`.",
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    return {
      CallExpression(node) {
        if (!isLibxmlParse(node)) return;
        const [document, optionsArgument] = node.arguments;
        if (!document || ts.isSpreadElement(document) || !optionsArgument || ts.isSpreadElement(optionsArgument)) return;
        const options = optionsObject(optionsArgument);
        if (!options) return;
        const noent = enabled(options, "noent") ?? flagged(options, "XML_PARSE_NOENT");
        const dtd = enabled(options, "dtdload") ?? enabled(options, "dtdvalid") ?? flagged(options, "XML_PARSE_DTDLOAD") ?? flagged(options, "XML_PARSE_DTDVALID");
        if (!noent && !dtd) return;
        if (isConstantExpression(document) || isScreamingConstant(document)) return;
        const taint = taintOf(document, sourceFile);
        const fromRequest = taint?.confidence === "high";
        const base: Severity = noent ? "high" : "medium";
        const severity: Severity = fromRequest ? base : base === "high" ? "medium" : "low";
        const option = shortText((noent ?? dtd)!, sourceFile, 40);
        const label = `${shortText(node.expression, sourceFile, 40)}(…)`;
        const source = fromRequest ? `\`${shortText(document, sourceFile, 40)}\` (from the request)` : `\`${shortText(document, sourceFile, 40)}\``;
        const effect = noent
          ? "external entities in it are resolved, so a crafted document can read local files or reach internal URLs"
          : "its external DTD is fetched, so a crafted document can make the server request internal URLs or files";
        context.report({
          node,
          severity,
          message: `\`${label}\` parses ${source} with \`${option}\`: ${effect}.`,
        });
      },
    };
  },
});
