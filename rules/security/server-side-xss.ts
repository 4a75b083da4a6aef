// security/server-side-xss: request data written into an HTML response without escaping —
// `res.send`/`res.write`/`res.end` with HTML built by templates or concatenation, Koa `ctx.body`,
// Fastify `reply.type("text/html").send`, `new Response(html, { headers: { "Content-Type": "text/html" } })`.
// Sinks are judged at the end of the file, when every write to the locals they read has been seen.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import type { Taint } from "../../src/analysis/taint.js";
import { calleeName, calleeReceiver, findLocalBinding, isFunctionLike, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression, type LocalWrites } from "../../src/analysis/ts-helpers.js";
import { callsInReceiver, code, flowTaint, isHtmlSanitizerCall, literalText, rootIdentifier, severityFor, callLabel } from "../../src/analysis/web-flow.js";

/** Response objects by conventional name: `res`/`response` (Express, Node), `reply` (Fastify). */
const RESPONSE_ROOTS = new Set(["res", "response", "resp", "reply"]);
const KOA_ROOTS = new Set(["ctx", "context"]);
const CONTENT_TYPE_SETTERS = new Set(["type", "contentType", "set", "header", "setHeader", "writeHead", "headers"]);
/** An HTML tag, opening or closing, or the start of one with attributes (`<a href="`). */
const HTML_TAG = /<\/?[a-zA-Z][\w-]*(?:\s[^<>]*)?\/?>|<[a-zA-Z][\w-]*\s|<!--|<!doctype/i;
/** Request containers Express serializes as JSON when passed whole (`res.send(req.body)`). */
const CONTAINERS = new Set(["query", "body", "params", "headers", "cookies", "signedCookies", "files"]);

type Framework = "express" | "node" | "fastify" | "koa" | "fetch";

interface Sink {
  node: ts.Node;
  value: ts.Expression;
  label: string;
  framework: Framework;
  /** The content type declared on the response chain or before the call: html, something else, or unknown. */
  declared: "html" | "other" | undefined;
}

function classifyType(value: ts.Expression | undefined): "html" | "other" | undefined {
  const text = literalText(value);
  if (text === undefined) return undefined;
  return /html/i.test(text) ? "html" : "other";
}

function contentTypeIn(object: ts.Expression): "html" | "other" | undefined {
  const node = unwrapExpression(object);
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text.toLowerCase() === "content-type") {
      return classifyType(property.initializer);
    }
  }
  return undefined;
}

/** The content type a call like `res.type("html")`, `res.set("Content-Type", …)`, `res.writeHead(200, {…})` declares. */
function declaredBy(call: ts.CallExpression): "html" | "other" | undefined {
  const name = calleeName(call);
  if (!name || !CONTENT_TYPE_SETTERS.has(name)) return undefined;
  const [first, second] = call.arguments;
  if (name === "type" || name === "contentType") return classifyType(first);
  if (name === "writeHead") return second ? contentTypeIn(second) : undefined;
  if (first && literalText(first)?.toLowerCase() === "content-type") return classifyType(second);
  return first ? contentTypeIn(first) : undefined;
}

/** The content type declared for `rootName`'s response on the receiver chain or by earlier statements of the enclosing blocks. */
function declaredContentType(sink: ts.Node, receiver: ts.Expression | undefined, rootName: string): "html" | "other" | undefined {
  for (const call of receiver ? callsInReceiver(receiver) : []) {
    const declared = declaredBy(call);
    if (declared) return declared;
  }
  let child: ts.Node = sink;
  for (let current = sink.parent; current && !ts.isSourceFile(current); child = current, current = current.parent) {
    if (ts.isBlock(current)) {
      for (const statement of current.statements) {
        if (statement === child) break;
        if (!ts.isExpressionStatement(statement)) continue;
        const expression = unwrapExpression(statement.expression);
        // Koa: `ctx.type = "html"`.
        if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const chain = propertyChain(expression.left);
          if (chain && chain[0] === rootName && chain.at(-1) === "type") return classifyType(expression.right);
          continue;
        }
        if (!ts.isCallExpression(expression) || rootIdentifier(expression)?.text !== rootName) continue;
        for (const call of [expression, ...callsInReceiver(calleeReceiver(expression) ?? expression.expression)]) {
          const declared = declaredBy(call);
          if (declared) return declared;
        }
      }
    }
    if (isFunctionLike(current)) break;
  }
  return undefined;
}

function callSink(call: ts.CallExpression, sourceFile: ts.SourceFile): Sink | undefined {
  const name = calleeName(call);
  if (name !== "send" && name !== "write" && name !== "end") return undefined;
  const receiver = calleeReceiver(call);
  const root = receiver && rootIdentifier(receiver);
  const [value] = call.arguments;
  if (!root || !value || ts.isSpreadElement(value) || !RESPONSE_ROOTS.has(root.text)) return undefined;
  // The response must be a parameter (or a local bound to one), not a client or socket of the same name.
  const binding = findLocalBinding(root);
  if (binding?.kind !== "parameter") return undefined;
  const framework: Framework = root.text === "reply" ? "fastify" : name === "send" ? "express" : "node";
  return { node: call, value, label: callLabel(call, sourceFile), framework, declared: declaredContentType(call, receiver, root.text) };
}

function koaSink(node: ts.BinaryExpression, sourceFile: ts.SourceFile): Sink | undefined {
  if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const chain = propertyChain(node.left);
  if (!chain || chain.at(-1) !== "body" || !KOA_ROOTS.has(chain[0]!) || chain.length > 3) return undefined;
  const root = rootIdentifier(node.left);
  if (!root || findLocalBinding(root)?.kind !== "parameter") return undefined;
  return { node, value: node.right, label: `${shortText(node.left, sourceFile, 30)} =`, framework: "koa", declared: declaredContentType(node, undefined, root.text) };
}

function responseSink(node: ts.NewExpression, sourceFile: ts.SourceFile): Sink | undefined {
  const name = calleeName(node);
  if (name !== "Response" && name !== "NextResponse") return undefined;
  const [value, init] = node.arguments ?? [];
  if (!value || !init) return undefined;
  const initNode = unwrapExpression(init);
  if (!ts.isObjectLiteralExpression(initNode)) return undefined;
  const headers = initNode.properties.find((property): property is ts.PropertyAssignment => ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === "headers");
  const declared = headers ? contentTypeIn(headers.initializer) : undefined;
  return declared === "html" ? { node, value, label: callLabel(node, sourceFile), framework: "fetch", declared } : undefined;
}

// ---- The HTML a value builds ------------------------------------------------------------------

/** The literal text of an HTML value and its non-literal parts, following locals (`+=`, `push`) and `map(...).join("")`. */
class HtmlText {
  text = "";
  readonly dynamic: ts.Expression[] = [];
  readonly #seen = new Set<ts.Node>();
  constructor(private readonly writes: LocalWrites) {}

  add(expression: ts.Expression, depth = 0): void {
    const node = unwrapExpression(expression);
    if (depth > 5 || this.#seen.has(node)) return;
    this.#seen.add(node);
    if (ts.isStringLiteralLike(node)) {
      this.text += node.text;
    } else if (ts.isTemplateExpression(node)) {
      this.text += node.head.text;
      for (const span of node.templateSpans) {
        this.add(span.expression, depth + 1);
        this.text += span.literal.text;
      }
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      this.add(node.left, depth + 1);
      this.add(node.right, depth + 1);
    } else if (ts.isConditionalExpression(node)) {
      this.add(node.whenTrue, depth + 1);
      this.add(node.whenFalse, depth + 1);
    } else if (ts.isCallExpression(node) && calleeName(node) === "join" && calleeReceiver(node)) {
      this.addArray(calleeReceiver(node)!, depth + 1);
    } else if (ts.isIdentifier(node) && this.addLocal(node, depth)) {
      // followed
    } else {
      this.dynamic.push(node);
    }
  }

  private addArray(expression: ts.Expression, depth: number): void {
    const node = unwrapExpression(expression);
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) this.add(ts.isSpreadElement(element) ? element.expression : element, depth + 1);
      return;
    }
    if (ts.isCallExpression(node) && calleeName(node) === "map") {
      const callback = node.arguments[0] && unwrapExpression(node.arguments[0]);
      if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
        const body = callback.body;
        const returned = ts.isBlock(body) ? body.statements.find(ts.isReturnStatement)?.expression : body;
        if (returned) {
          this.add(returned, depth + 1);
          return;
        }
      }
    }
    if (ts.isIdentifier(node)) {
      const binding = findLocalBinding(node);
      if (binding?.kind === "variable") {
        if (binding.initializer) this.addArray(binding.initializer, depth + 1);
        for (const write of this.writes.writesTo(binding.declaration, node.text)) this.add(write.value, depth + 1);
        return;
      }
    }
    this.dynamic.push(node);
  }

  /** Follows a local built as text: its initializer and every `=`/`+=` into it. */
  private addLocal(identifier: ts.Identifier, depth: number): boolean {
    const binding = findLocalBinding(identifier);
    if (binding?.kind !== "variable" || !binding.initializer) return false;
    const initializer = unwrapExpression(binding.initializer);
    const building = ts.isStringLiteralLike(initializer) || ts.isTemplateExpression(initializer) || (ts.isBinaryExpression(initializer) && initializer.operatorToken.kind === ts.SyntaxKind.PlusToken) || (ts.isCallExpression(initializer) && calleeName(initializer) === "join");
    if (!building) return false;
    this.add(initializer, depth + 1);
    for (const write of this.writes.writesTo(binding.declaration, identifier.text)) if (write.kind !== "push") this.add(write.value, depth + 1);
    return true;
  }
}

/** A whole request container (`req.body`, `req.query`), which Express sends as JSON. */
function isContainer(expression: ts.Expression, depth = 0): boolean {
  const node = unwrapExpression(expression);
  if (ts.isAwaitExpression(node)) return isContainer(node.expression, depth);
  if (ts.isCallExpression(node)) {
    const name = calleeName(node);
    return name === "json" || name === "formData" || (name === "stringify" && propertyChain(node.expression)?.[0] === "JSON");
  }
  if (ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node)) return true;
  const chain = propertyChain(node);
  if (chain && chain.length === 2 && CONTAINERS.has(chain[1]!)) return true;
  if (ts.isIdentifier(node) && depth < 3) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.initializer && !binding.derivedFrom) return isContainer(binding.initializer, depth + 1);
  }
  return false;
}

// ---- The rule ---------------------------------------------------------------------------------

const FIX =
  "Render HTML with a template engine that escapes by default (`res.render(\"search\", { q })` with EJS `<%= q %>`, Handlebars `{{q}}`, Pug `#{q}`, or React server rendering), or escape every request value placed in markup: `res.send(`<p>Results for ${escapeHtml(q)}</p>`)` (`escape-html`, `he.encode`). For data, send JSON (`res.json(...)`) instead of HTML.";

export const serverSideXss = defineTsRule({
  meta: {
    id: "security/server-side-xss",
    category: "security",
    severity: "high",
    title: "Request data written into an HTML response without escaping",
    description:
      "Detects request input (`req.query`, `req.params`, `req.body`, headers, Koa/Fastify/Next.js/Lambda equivalents) written unescaped into HTML responses: `res.send`/`res.write`/`res.end` with HTML built by a template literal, concatenation, `+=` into a local or `items.map(...).join(\"\")`; Koa `ctx.body = html`; Fastify `reply.type(\"text/html\").send(...)`; `new Response(html, { headers: { \"Content-Type\": \"text/html\" } })`. It is high when the value sits in HTML markup (or the response declares `text/html`), and medium for Express `res.send(req.query.x)` with a plain string, which Express also serves as `text/html`. It deliberately does not fire on escaped or sanitized values (`escapeHtml`, `he.encode`, `validator.escape`, `DOMPurify.sanitize`, `.replace(/</g, \"&lt;\")`), on numbers, on `res.json`, `res.render` and template engines (see `security/unescaped-template-output` for `<%-`, `{{{ }}}`, `!{}`), on responses declared as JSON or plain text, on whole request objects (`res.send(req.body)`, sent as JSON), on Fastify `reply.send` without an HTML content type (plain text by default), or in test files.",
    why: "Markup from the request runs in your site's origin: a crafted link can execute script in the victim's session, read their data, act as them and steal tokens (reflected XSS).",
    fix: FIX,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const { writes } = context.facts;
    const sinks: Sink[] = [];

    const taintOfPart = (part: ts.Expression): Taint | undefined => flowTaint(part, sourceFile, { writes, isSanitizer: isHtmlSanitizerCall });

    const judge = (sink: Sink): void => {
      if (sink.declared === "other") return;
      const html = new HtmlText(writes);
      html.add(sink.value);
      const looksHtml = sink.declared === "html" || HTML_TAG.test(html.text);
      let taint: Taint | undefined;
      let part: ts.Expression | undefined;
      for (const candidate of html.dynamic) {
        const found = taintOfPart(candidate);
        if (found && (!taint || (found.confidence === "high" && taint.confidence !== "high"))) {
          taint = found;
          part = candidate;
        }
      }
      if (!taint || !part) return;
      const shown = shortText(part, sourceFile, 50);
      const via = shown === taint.origin ? code(shown) : `${code(shown)} (from ${code(taint.origin)})`;
      const target = sink.framework === "koa" ? code(sink.label.replace(/ =$/, "")) : code(sink.label);
      if (looksHtml && (sink.framework !== "fastify" || sink.declared === "html")) {
        context.report({
          node: sink.node,
          severity: severityFor("high", taint.confidence),
          message: `${via} is written unescaped into the HTML sent by ${target}: a crafted request with \`<script>\` in it runs script in this site's origin.`,
        });
        return;
      }
      // Express serves any string as text/html: `res.send("Not found: " + id)` and even a value alone are reflected as markup.
      const isString = html.text !== "" || (html.dynamic.length === 1 && !isContainer(sink.value));
      if (sink.framework === "express" && isString && !isContainer(part)) {
        context.report({
          node: sink.node,
          severity: severityFor("medium", taint.confidence),
          message: `${via} is sent back by ${target}, which Express serves as \`text/html\`: markup in it runs in this site's origin.`,
          fix: "Send data as JSON (`res.json({ value })`), or set a non-HTML type (`res.type(\"text/plain\")`), or escape it (`escapeHtml(value)`) if it must be part of a page.",
        });
      }
    };

    return {
      BinaryExpression(node) {
        const sink = koaSink(node, sourceFile);
        if (sink) sinks.push(sink);
      },
      CallExpression(node) {
        const sink = callSink(node, sourceFile);
        if (sink) sinks.push(sink);
      },
      NewExpression(node) {
        const sink = responseSink(node, sourceFile);
        if (sink) sinks.push(sink);
      },
      "SourceFile:exit": () => sinks.forEach(judge),
    };
  },
});
