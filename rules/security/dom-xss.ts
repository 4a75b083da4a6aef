// security/dom-xss: markup sinks in the browser — `innerHTML`/`outerHTML`, `insertAdjacentHTML`,
// `document.write`, React `dangerouslySetInnerHTML`, Angular `bypassSecurityTrust*`, jQuery
// `.html()`/`.append()` — fed a non-constant value. High when the value comes from the URL,
// `document.referrer`, `window.name` or a `message` event (or from a server request); medium when
// its origin is unknown. Sinks are judged at the end of the file, when every write has been seen.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { calleeName, calleeReceiver, findLocalBinding, isFunctionLike, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression, type LocalWrites } from "../../src/analysis/ts-helpers.js";
import { clientSourceOf, code, flowTaint, isHtmlSanitizerCall, isInertHtmlValue, rootIdentifier, severityFor, urlShape, callLabel } from "../../src/analysis/web-flow.js";

const MARKUP_PROPERTIES = new Set(["innerHTML", "outerHTML"]);
const JQUERY_SETTERS = new Set(["html", "append", "prepend", "after", "before", "replaceWith", "wrap", "wrapAll", "wrapInner"]);
const ANGULAR_BYPASS = new Set(["bypassSecurityTrustHtml", "bypassSecurityTrustScript", "bypassSecurityTrustStyle", "bypassSecurityTrustUrl", "bypassSecurityTrustResourceUrl"]);
/** Imported raw assets (`import icon from "./close.svg?raw"`): markup from the repository. */
const ASSET_IMPORT = /\.(?:svg|html?)(?:\?raw)?$|\?raw$/;

type SinkKind = "markup" | "jquery-html" | "jquery-insert" | "react" | "angular" | "angular-url";

interface Sink {
  node: ts.Node;
  value: ts.Expression;
  label: string;
  kind: SinkKind;
}

/** `$("#x")`, `jQuery(el)`, `$el` / `this.$el`, chains of jQuery methods on those, or a local bound to one. */
function isJQuery(expression: ts.Expression, depth = 0): boolean {
  const node = unwrapExpression(expression);
  if (depth > 8) return false;
  if (ts.isCallExpression(node)) {
    const callee = unwrapExpression(node.expression);
    if (ts.isIdentifier(callee)) return callee.text === "$" || callee.text === "jQuery";
    const receiver = calleeReceiver(node);
    return receiver !== undefined && isJQuery(receiver, depth + 1);
  }
  const chain = propertyChain(node);
  const last = chain?.at(-1);
  if (last !== undefined && last.startsWith("$") && last.length > 1) return true;
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    return binding?.kind === "variable" && binding.initializer !== undefined && isJQuery(binding.initializer, depth + 1);
  }
  return false;
}

function isDocument(expression: ts.Expression): boolean {
  const last = propertyChain(expression)?.at(-1);
  if (last === "document" || last === "contentDocument") return true;
  const node = unwrapExpression(expression);
  return ts.isPropertyAccessExpression(node) && (node.name.text === "document" || node.name.text === "contentDocument");
}

function callSinks(call: ts.CallExpression, sourceFile: ts.SourceFile): Sink[] {
  const name = calleeName(call);
  if (!name) return [];
  const receiver = calleeReceiver(call);
  const label = callLabel(call, sourceFile, 60);
  const argument = (index: number): ts.Expression | undefined => {
    const value = call.arguments[index];
    return value && !ts.isSpreadElement(value) ? value : undefined;
  };
  if (name === "insertAdjacentHTML" && receiver) {
    const value = argument(1);
    return value ? [{ node: call, value, label, kind: "markup" }] : [];
  }
  if ((name === "write" || name === "writeln") && receiver && isDocument(receiver)) {
    return call.arguments.filter((value) => !ts.isSpreadElement(value)).map((value) => ({ node: call, value, label, kind: "markup" as const }));
  }
  if (ANGULAR_BYPASS.has(name) && receiver) {
    const value = argument(0);
    return value ? [{ node: call, value, label, kind: name.endsWith("Url") ? "angular-url" : "angular" }] : [];
  }
  if (JQUERY_SETTERS.has(name) && receiver && isJQuery(receiver)) {
    const value = argument(0);
    if (!value || isFunctionLike(unwrapExpression(value))) return [];
    return [{ node: call, value, label, kind: name === "html" ? "jquery-html" : "jquery-insert" }];
  }
  return [];
}

/** The `__html` value of a `dangerouslySetInnerHTML` object, following a `const` or a local function's returned object. */
function dangerousHtmlValue(expression: ts.Expression, depth = 0): ts.Expression {
  const node = unwrapExpression(expression);
  if (depth > 3) return node;
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property) && property.name.getText() === "__html") return property.initializer;
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === "__html") return property.name;
    }
    return node;
  }
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return dangerousHtmlValue(binding.initializer, depth + 1);
  }
  if (ts.isCallExpression(node)) {
    // `createMarkup()` from React's docs: a local function returning `{ __html: ... }`.
    const callee = unwrapExpression(node.expression);
    const binding = ts.isIdentifier(callee) ? findLocalBinding(callee) : undefined;
    const fn = binding?.kind === "function" ? binding.declaration : binding?.kind === "variable" && binding.initializer ? unwrapExpression(binding.initializer) : undefined;
    if (fn && isFunctionLike(fn) && fn.body) {
      const returned = ts.isBlock(fn.body) ? fn.body.statements.find(ts.isReturnStatement)?.expression : (fn.body as ts.Expression);
      if (returned) return dangerousHtmlValue(returned, depth + 1);
    }
  }
  return node;
}

/** Values of unknown origin that still cannot carry markup: imported raw assets and SCREAMING_CASE constants. */
function isTrustedConstant(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  const root = rootIdentifier(node);
  if (!root || (ts.isCallExpression(node))) return false;
  const binding = findLocalBinding(root);
  if (binding?.kind === "import" && ts.isImportDeclaration(binding.declaration) && ts.isStringLiteral(binding.declaration.moduleSpecifier)) {
    if (ASSET_IMPORT.test(binding.declaration.moduleSpecifier.text)) return true;
  }
  return /^[A-Z][A-Z0-9_]+$/.test(root.text);
}

/** The non-inert parts of a markup value (templates, concatenation, conditionals, locals built as text). */
function riskyParts(expression: ts.Expression, writes: LocalWrites, depth = 0, seen = new Set<ts.Node>()): ts.Expression[] {
  const node = unwrapExpression(expression);
  if (seen.has(node) || isInertHtmlValue(node) || isTrustedConstant(node)) return [];
  seen.add(node);
  if (depth > 5) return [node];
  if (ts.isTemplateExpression(node)) return node.templateSpans.flatMap((span) => riskyParts(span.expression, writes, depth + 1, seen));
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) {
      return [...riskyParts(node.left, writes, depth + 1, seen), ...riskyParts(node.right, writes, depth + 1, seen)];
    }
  }
  if (ts.isConditionalExpression(node)) return [...riskyParts(node.whenTrue, writes, depth + 1, seen), ...riskyParts(node.whenFalse, writes, depth + 1, seen)];
  if (ts.isCallExpression(node) && calleeName(node) === "join") {
    const receiver = calleeReceiver(node);
    const mapped = receiver && unwrapExpression(receiver);
    if (mapped && ts.isCallExpression(mapped) && calleeName(mapped) === "map") {
      const callback = mapped.arguments[0] && unwrapExpression(mapped.arguments[0]);
      if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
        const returned = ts.isBlock(callback.body) ? callback.body.statements.find(ts.isReturnStatement)?.expression : callback.body;
        if (returned) return riskyParts(returned, writes, depth + 1, seen);
      }
    }
    if (mapped && ts.isArrayLiteralExpression(mapped)) return mapped.elements.flatMap((element) => (ts.isSpreadElement(element) ? [element] : riskyParts(element, writes, depth + 1, seen)));
  }
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.initializer) {
      const sources = [binding.initializer, ...(binding.declarationKind === "const" ? [] : writes.writesTo(binding.declaration, node.text).map((write) => write.value))];
      const initializer = unwrapExpression(binding.initializer);
      const building = ts.isStringLiteralLike(initializer) || ts.isTemplateExpression(initializer) || ts.isBinaryExpression(initializer) || ts.isConditionalExpression(initializer) || (ts.isCallExpression(initializer) && calleeName(initializer) === "join");
      if (building) return sources.flatMap((source) => riskyParts(source, writes, depth + 1, seen));
    }
  }
  return [node];
}

/** A value that is clearly a DOM node or jQuery object rather than markup, for `.append(x)`-style calls. */
function isMarkupString(expression: ts.Expression, depth = 0): boolean {
  const node = unwrapExpression(expression);
  if (ts.isTemplateExpression(node) || ts.isStringLiteralLike(node)) return true;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return isMarkupString(node.left, depth + 1) || isMarkupString(node.right, depth + 1);
  if (ts.isIdentifier(node) && depth < 3) {
    const binding = findLocalBinding(node);
    return binding?.kind === "variable" && binding.initializer !== undefined && isMarkupString(binding.initializer, depth + 1);
  }
  return false;
}

// ---- The rule ---------------------------------------------------------------------------------

const FIX =
  "Insert text, not markup: `el.textContent = value` (React: render `{value}`; jQuery: `.text(value)`; build elements with `document.createElement`). When HTML is really needed, sanitize it right at the sink: `el.innerHTML = DOMPurify.sanitize(html)`, `dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html) }}`; in Angular bind `[innerHTML]` and let the built-in sanitizer work instead of `bypassSecurityTrust*`.";

/** "reaches `el.innerHTML` unsanitized", or for Angular "is marked trusted by `…bypassSecurityTrustHtml()`, skipping Angular's sanitizer". */
function reachesSink(sink: Sink): string {
  const where = code(sink.label);
  return sink.kind === "angular" || sink.kind === "angular-url" ? `is marked trusted by ${where}, skipping Angular's sanitizer` : `reaches ${where} unsanitized`;
}

export const domXss = defineTsRule({
  meta: {
    id: "security/dom-xss",
    category: "security",
    severity: "high",
    title: "Non-constant markup written into the DOM",
    description:
      "Detects markup sinks in browser code fed a non-constant value: `innerHTML`/`outerHTML` assignment (and `+=`), `insertAdjacentHTML`, `document.write`/`writeln`, React `dangerouslySetInnerHTML` (JSX or `createElement` props), Solid's `innerHTML` JSX prop, Angular `DomSanitizer.bypassSecurityTrustHtml/Script/Style/Url/ResourceUrl`, and jQuery `.html(x)` / `.append`/`.prepend`/`.after`/`.before`/`.replaceWith`/`.wrap` on `$()` results. It is high when the value comes from the URL (`location.hash`/`search`/`href`, `URLSearchParams`, `useSearchParams()`, `router.query`), `document.referrer`, `window.name`, a `message` event's `data`, or a server request; low (an audit note in the check, no review comment) when its origin is unknown. It deliberately does not fire on constants and templates of constants, numbers, values passed through `DOMPurify.sanitize`/`sanitizeHtml`/`escapeHtml`/`he.encode`, markdown renderers that do not pass raw HTML (`markdown-it` defaults, `{ sanitize: true }`), SCREAMING_CASE constants and imported `.svg`/`.html`/`?raw` assets, copies of existing `innerHTML`, `textContent`/`innerText`, Angular `[innerHTML]` bindings (sanitized by Angular), `bypassSecurityTrustUrl/ResourceUrl` with a fixed origin, jQuery insertion of elements rather than strings, or test files. Vue `v-html` is covered by `security/vue-v-html`.",
    why: "Markup inserted this way is parsed and its event handlers run with the page's privileges: whoever controls the value can run script in the user's session, read their data and act as them (DOM-based XSS).",
    fix: FIX,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const { writes } = context.facts;
    const sinks: Sink[] = [];

    const judge = (sink: Sink): void => {
      const value = sink.value;
      const reaches = reachesSink(sink);
      const client = clientSourceOf(value, sourceFile, writes);
      const request = client ? undefined : flowTaint(value, sourceFile, { writes, isSanitizer: isHtmlSanitizerCall });
      if (sink.kind === "angular-url" && urlShape(value, (part) => !isInertHtmlValue(part)).kind !== "open") return;
      if (client || request) {
        if (sink.kind === "jquery-insert" && !client && !isMarkupString(value)) return;
        const origin = client ?? request!.origin;
        const shown = shortText(value, sourceFile, 50);
        const via = shown === origin ? code(shown) : `${code(shown)} (from ${code(origin)})`;
        context.report({
          node: sink.node,
          severity: request ? severityFor("high", request.confidence) : "high",
          message: `${via} ${reaches}: whoever crafts that ${client ? "link or message" : "request"} runs script in this page.`,
        });
        return;
      }
      if (sink.kind === "jquery-insert" && !isMarkupString(value)) return;
      const parts = riskyParts(value, writes);
      if (parts.length === 0) return;
      const [first] = parts;
      const named = first && first !== unwrapExpression(value) ? ` (through ${code(shortText(first, sourceFile, 40))})` : "";
      // No source in sight: an audit note (annotation only), not a review comment (RULES.md, lesson 1).
      context.report({
        node: sink.node,
        severity: "low",
        message: `${code(shortText(value, sourceFile, 50))}${named} is not a constant and ${reaches}: if user data ever flows into it, its markup runs as script.`,
      });
    };

    const reactSink = (node: ts.Node, initializer: ts.Expression): void => {
      sinks.push({ node, value: dangerousHtmlValue(initializer), label: "dangerouslySetInnerHTML", kind: "react" });
    };

    return {
      BinaryExpression(node) {
        const operator = node.operatorToken.kind;
        if (operator !== ts.SyntaxKind.EqualsToken && operator !== ts.SyntaxKind.PlusEqualsToken) return;
        const left = unwrapExpression(node.left);
        if (!ts.isPropertyAccessExpression(left) || !MARKUP_PROPERTIES.has(left.name.text)) return;
        sinks.push({ node, value: node.right, label: shortText(left, sourceFile, 60), kind: "markup" });
      },
      CallExpression(node) {
        sinks.push(...callSinks(node, sourceFile));
      },
      JsxAttribute(node) {
        const name = node.name.getText(sourceFile);
        if ((name !== "dangerouslySetInnerHTML" && name !== "innerHTML") || !node.initializer || !ts.isJsxExpression(node.initializer) || !node.initializer.expression) return;
        if (name === "dangerouslySetInnerHTML") reactSink(node, node.initializer.expression);
        // Solid's `<div innerHTML={html} />` sets markup directly.
        else sinks.push({ node, value: node.initializer.expression, label: "innerHTML", kind: "markup" });
      },
      PropertyAssignment(node) {
        if (!ts.isIdentifier(node.name) || node.name.text !== "dangerouslySetInnerHTML") return;
        reactSink(node, node.initializer);
      },
      "SourceFile:exit": () => sinks.forEach(judge),
    };
  },
});
