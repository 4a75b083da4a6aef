// security/open-redirect: redirects whose target comes from the request (server) or from the URL
// (browser), and allowlists that test the raw URL string with startsWith/includes/indexOf/endsWith,
// which a look-alike host passes. Sinks are judged at the end of the file, when every write to
// their locals has been seen.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import type { Taint } from "../../src/analysis/taint.js";
import { calleeName, calleeReceiver, findLocalBinding, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";
import { checkParts, clientSourceOf, code, flowTaint, guardsBefore, isPresenceComparison, literalText, overlaps, relatedChains, severityFor, urlShape, callLabel } from "../../src/analysis/web-flow.js";

const RESPONSE_NAMES = new Set(["res", "response", "resp", "reply", "ctx", "context", "h"]);
const HEADER_SETTERS = new Set(["setHeader", "set", "header", "append", "setHeaders"]);
const GLOBAL_ROOTS = new Set(["window", "self", "top", "globalThis", "document"]);
/** Request values that point back at this server or at the page the user came from: not attacker-chosen destinations. */
const SELF_ORIGIN =
  /^\w+(?:\.request)?\.(?:url|originalUrl|nextUrl|href|host|hostname|protocol|path|rawPath|baseUrl|origin)$|^\w+(?:\.request)?\.headers(?:\.(?:host|referr?er)|\[["'](?:host|referr?er|x-forwarded-host)["']\])$|^\w+(?:\.request)?\.(?:get|header)\(["'](?:host|referr?er|x-forwarded-host)["']\)$/i;

const CHECKER_NAME = /allow|whitelist|trusted|safe|valid|relative|local|internal|sameOrigin|sameSite|isOwn/i;

interface Sink {
  node: ts.Node;
  value: ts.Expression;
  label: string;
  side: "server" | "client";
}

/** A weak check: what it is and an input that passes it. */
interface Weakness {
  check: ts.CallExpression;
  bypass: string;
  /** What the check does wrong, for the message. */
  flaw: string;
}

function isResponseReceiver(receiver: ts.Expression | undefined): boolean {
  const chain = receiver && propertyChain(receiver);
  return chain !== undefined && RESPONSE_NAMES.has(chain.at(-1)!);
}

function isLocationHeader(expression: ts.Expression | undefined): boolean {
  return literalText(expression)?.toLowerCase() === "location";
}

/** `location`, `window.location`, `document.location`, and `.href` on any of them. */
function isLocationTarget(expression: ts.Expression): boolean {
  const chain = propertyChain(expression);
  if (!chain) return false;
  let rest = chain;
  while (rest.length > 1 && GLOBAL_ROOTS.has(rest[0]!)) rest = rest.slice(1);
  if (rest[0] !== "location" || rest.length > 2 || (rest.length === 2 && rest[1] !== "href")) return false;
  // A bare `location` must be the global, not a local of the same name.
  const root = unwrapExpression(expression);
  const first = rootName(root);
  return first !== undefined && (first.text !== "location" || findLocalBinding(first) === undefined);
}

function rootName(expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
  return ts.isIdentifier(current) ? current : undefined;
}

function callSink(call: ts.CallExpression, sourceFile: ts.SourceFile): Sink[] {
  const name = calleeName(call);
  if (!name) return [];
  const label = callLabel(call, sourceFile);
  const receiver = calleeReceiver(call);
  const values = (list: readonly ts.Expression[], side: Sink["side"] = "server"): Sink[] =>
    list.filter((argument) => !ts.isSpreadElement(argument) && !ts.isNumericLiteral(unwrapExpression(argument))).map((value) => ({ node: call, value, label, side }));
  if (name === "redirect") {
    if (receiver) {
      const chain = propertyChain(receiver);
      // res.redirect, reply.redirect, ctx.redirect, h.redirect, NextResponse.redirect, Response.redirect.
      if (isResponseReceiver(receiver) || (chain?.length === 1 && (chain[0] === "NextResponse" || chain[0] === "Response"))) return values(call.arguments);
      return [];
    }
  }
  if ((name === "redirect" || name === "permanentRedirect") && !receiver) {
    // Next.js `redirect()`, Remix/React Router `redirect()`, SvelteKit `redirect(303, url)`: imported functions.
    const callee = unwrapExpression(call.expression);
    return ts.isIdentifier(callee) && findLocalBinding(callee)?.kind === "import" ? values(call.arguments) : [];
  }
  if (name === "location" && isResponseReceiver(receiver)) return values(call.arguments.slice(0, 1));
  if (HEADER_SETTERS.has(name) && receiver && isLocationHeader(call.arguments[0])) {
    const chain = propertyChain(receiver);
    if (isResponseReceiver(receiver) || chain?.at(-1) === "headers") return values(call.arguments.slice(1, 2));
    return [];
  }
  if ((name === "assign" || name === "replace") && receiver && isLocationTarget(receiver)) return values(call.arguments.slice(0, 1), "client");
  return [];
}

/**
 * `{ Location: x }` in `headers` of a Lambda/`Response` result or in `res.writeHead(302, { Location: x })`,
 * and Next.js `getServerSideProps` results: `{ redirect: { destination: x } }`.
 */
function headerSink(property: ts.PropertyAssignment, sourceFile: ts.SourceFile): Sink | undefined {
  const name = property.name;
  if (ts.isIdentifier(name) && name.text === "destination") {
    const holder = property.parent.parent;
    return holder && ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name) && holder.name.text === "redirect"
      ? { node: property, value: property.initializer, label: "the `redirect.destination`", side: "server" }
      : undefined;
  }
  if (!(ts.isIdentifier(name) || ts.isStringLiteral(name)) || name.text.toLowerCase() !== "location") return undefined;
  const object = property.parent;
  const holder = object.parent;
  if (holder && ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name) && holder.name.text === "headers") {
    return { node: property, value: property.initializer, label: "the `Location` header", side: "server" };
  }
  if (holder && ts.isCallExpression(holder) && calleeName(holder) === "writeHead") {
    return { node: holder, value: property.initializer, label: callLabel(holder, sourceFile), side: "server" };
  }
  return undefined;
}

function assignmentSink(node: ts.BinaryExpression, sourceFile: ts.SourceFile): Sink | undefined {
  if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !isLocationTarget(node.left)) return undefined;
  return { node, value: node.right, label: shortText(node.left, sourceFile, 40), side: "client" };
}

// ---- Checks -----------------------------------------------------------------------------------

const HOST_MEMBERS = new Set(["hostname", "host", "origin"]);

/** Whether `expression` reads a parsed host (`new URL(x).hostname`, `url.origin`). */
function readsParsedHost(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  return ts.isPropertyAccessExpression(node) && HOST_MEMBERS.has(node.name.text);
}

type Verdict = { kind: "safe" } | { kind: "weak"; weakness: Weakness } | { kind: "companion" } | { kind: "unrelated" };

/** What one call or comparison in a check says about the redirect target. */
function judgeCheckPart(node: ts.CallExpression | ts.BinaryExpression, related: ReadonlySet<string>): Verdict {
  if (!overlaps(relatedChains(node), related)) return { kind: "unrelated" };
  if (ts.isBinaryExpression(node)) return isPresenceComparison(node) || literalText(node.left) === "" || literalText(node.right) === "" ? { kind: "unrelated" } : { kind: "safe" };
  const name = calleeName(node) ?? "";
  const receiver = calleeReceiver(node);
  const receiverRelated = receiver !== undefined && overlaps(relatedChains(receiver), related);
  if (!receiverRelated) {
    // `ALLOWED.includes(next)`, `ALLOWED_HOSTS.has(url.hostname)`, `isSafeRedirect(next)`: exact membership or a dedicated validator.
    return name === "has" || name === "includes" || name === "indexOf" || name === "some" || name === "test" || CHECKER_NAME.test(name) || name === "find" ? { kind: "safe" } : { kind: "unrelated" };
  }
  if (name === "test" || name === "match" || CHECKER_NAME.test(name)) return { kind: "safe" };
  if (!["startsWith", "endsWith", "includes", "indexOf", "search"].includes(name)) return { kind: "unrelated" };
  const literal = literalText(node.arguments[0]);
  if (literal === undefined) return { kind: "safe" }; // compared with a configured value: cannot judge, trust it
  const parsed = receiver !== undefined && readsParsedHost(receiver);
  const parsedFlaw = name === "endsWith" ? "matches the host name by suffix without the leading dot" : "matches the host name by prefix or substring";
  const weak = (bypass: string): Verdict => ({ kind: "weak", weakness: { check: node, bypass, flaw: parsed ? parsedFlaw : "tests the raw URL text" } });
  if (parsed) {
    if (name === "endsWith") return literal.startsWith(".") ? { kind: "safe" } : weak(`evil${literal}`);
    return weak(`${literal}.evil.example`);
  }
  if (literal === "//" || literal === "/\\" || literal === "\\") return { kind: "companion" };
  const mode = name === "startsWith" || (name === "indexOf" && comparedWithZero(node)) ? "prefix" : name === "endsWith" ? "suffix" : "contains";
  if (mode === "prefix") {
    if (/^[a-z][\w+.-]*:\/\/[^/?#]+[/?#]/i.test(literal)) return { kind: "safe" }; // an origin and its closing `/`
    if (/^[a-z][\w+.-]*:\/\/[^/?#]+$/i.test(literal)) return weak(`${literal}.evil.example`);
    if (/^https?:?\/?\/?$/i.test(literal)) return weak("//evil.example");
    if (literal === "/") return weak("//evil.example");
    if (literal.startsWith("/")) return { kind: "safe" };
    return { kind: "unrelated" };
  }
  if (literal === "://" || /^https?:?\/?\/?$/i.test(literal)) return weak("//evil.example");
  if (literal.includes(".")) return mode === "suffix" ? weak(`https://evil.example/#${literal}`) : weak(`https://evil.example/?${literal}`);
  return { kind: "unrelated" };
}

/** `url.indexOf(x) === 0`: a prefix test written with indexOf. */
function comparedWithZero(call: ts.CallExpression): boolean {
  let child: ts.Node = call;
  while (ts.isParenthesizedExpression(child.parent)) child = child.parent;
  const parent = child.parent;
  if (!ts.isBinaryExpression(parent)) return false;
  const other = parent.left === child ? parent.right : parent.left;
  return ts.isNumericLiteral(unwrapExpression(other)) && unwrapExpression(other).getText() === "0";
}

/**
 * Conditions of the ternaries that pick the destination on its way to the sink, following `const`
 * locals: `const safeNext = next.startsWith("/") && !next.startsWith("//") ? next : "/"` gives the
 * condition, which guards the value exactly like an `if` around the redirect would.
 */
function selectingConditions(value: ts.Expression, depth = 0): ts.Expression[] {
  const node = unwrapExpression(value);
  if (depth > 4) return [];
  if (ts.isConditionalExpression(node)) return [node.condition, ...selectingConditions(node.whenTrue, depth + 1), ...selectingConditions(node.whenFalse, depth + 1)];
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return selectingConditions(binding.initializer, depth + 1);
  }
  return [];
}

/**
 * The values a destination can take, looking through the ternaries that pick it (and `const` locals
 * bound to one): `ok ? next : "/"` gives `next` and `"/"`, so the condition's own names (`ALLOWED`)
 * are not mistaken for the destination when its checks are judged.
 */
function selectedValues(value: ts.Expression, depth = 0): ts.Expression[] {
  const node = unwrapExpression(value);
  if (depth > 4) return [value];
  if (ts.isConditionalExpression(node)) return [...selectedValues(node.whenTrue, depth + 1), ...selectedValues(node.whenFalse, depth + 1)];
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer && ts.isConditionalExpression(unwrapExpression(binding.initializer))) {
      return selectedValues(binding.initializer, depth + 1);
    }
  }
  return [value];
}

/** The verdict of all checks before a sink: safe, or the weak check that stands in for an allowlist, or nothing. */
function judgeChecks(sink: ts.Node, value: ts.Expression, related: ReadonlySet<string>): { kind: "safe" } | { kind: "weak"; weakness: Weakness } | { kind: "none" } {
  let weakness: Weakness | undefined;
  let relativeWeakness: Weakness | undefined;
  let companion = false;
  for (const check of [...guardsBefore(sink), ...selectingConditions(value)]) {
    for (const part of checkParts(check)) {
      const verdict = judgeCheckPart(part.node, related);
      if (verdict.kind === "safe") return { kind: "safe" };
      if (verdict.kind === "companion") companion = true;
      if (verdict.kind === "weak") {
        const isRelativeCheck = ts.isCallExpression(verdict.weakness.check) && literalText(verdict.weakness.check.arguments[0]) === "/";
        if (isRelativeCheck) relativeWeakness ??= verdict.weakness;
        else weakness ??= verdict.weakness;
      }
    }
  }
  if (weakness) return { kind: "weak", weakness };
  // `next.startsWith("/") && !next.startsWith("//")`: the safe relative-path idiom.
  if (relativeWeakness) return companion ? { kind: "safe" } : { kind: "weak", weakness: relativeWeakness };
  return { kind: "none" };
}

// ---- The rule ---------------------------------------------------------------------------------

const FIX =
  "Redirect only to destinations you chose: a constant, a key looked up in a map of allowed paths (`res.redirect(DESTINATIONS[req.query.to] ?? \"/\")`), or a same-site path checked as such (`next.startsWith(\"/\") && !next.startsWith(\"//\") && !next.startsWith(\"/\\\\\")`). When other origins are allowed, parse the URL and compare the parsed origin: `const target = new URL(next, APP_ORIGIN); if (!ALLOWED_ORIGINS.has(target.origin)) target = new URL(\"/\", APP_ORIGIN);`.";

export const openRedirect = defineTsRule({
  meta: {
    id: "security/open-redirect",
    category: "security",
    severity: "medium",
    title: "Redirect to a destination taken from the request",
    description:
      "Detects redirects whose destination comes from request input: Express `res.redirect`/`res.location`, Fastify `reply.redirect`, Koa `ctx.redirect`, hapi `h.redirect`, Next.js `redirect()`/`permanentRedirect()`/`NextResponse.redirect(new URL(x, base))`/`getServerSideProps` `{ redirect: { destination } }`, Remix/SvelteKit `redirect()`, `Location` headers (`res.setHeader`/`res.set`/`res.header`, `res.writeHead`, `headers: { Location }` of a Lambda or `Response` result); and, in the browser, `location = x`, `location.href = x`, `location.assign(x)`/`replace(x)` with a value from `location.search`/`hash`, `URLSearchParams`, `useSearchParams()` or `router.query`. It also reports allowlists that test the raw URL string (`url.startsWith(\"https://example.com\")`, `url.includes(\"example.com\")`, `indexOf`, `endsWith`, a lone `startsWith(\"/\")`), naming an input that passes them. It deliberately does not fire on constant destinations, on templates that fix the path or origin first (`/orders/${id}`, `/login?next=${encodeURIComponent(x)}`), after a safe check (`startsWith(\"/\") && !startsWith(\"//\")`, exact comparison, `ALLOWED.includes(x)`/`Set.has`, `new URL(x).origin === expected`, a function named like `isSafeRedirect`), on values that point back at the same server or the referring page (`req.originalUrl`, the `Host` header, `Referer`), or in test files.",
    why: "A link on your own domain that forwards to any site makes phishing convincing (the victim sees your domain first), and it can leak OAuth codes or tokens carried in the redirect to the attacker's server.",
    fix: FIX,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const { writes } = context.facts;
    const sinks: Sink[] = [];

    const serverTaint = (part: ts.Expression): Taint | undefined => {
      const taint = flowTaint(part, sourceFile, { writes });
      return taint && !SELF_ORIGIN.test(taint.origin) ? taint : undefined;
    };

    const judge = (sink: Sink): void => {
      const controlled = (part: ts.Expression): Taint | undefined => {
        if (sink.side === "server") return serverTaint(part);
        const origin = clientSourceOf(part, sourceFile, writes);
        return origin ? { kind: "request", confidence: "high", origin } : undefined;
      };
      const shape = urlShape(sink.value, (part) => controlled(part) !== undefined);
      if (shape.kind !== "open") return;
      const taint = controlled(shape.part ?? sink.value) ?? controlled(sink.value);
      if (!taint) return;
      const related = new Set(selectedValues(sink.value).flatMap((value) => [...relatedChains(value, writes)]));
      const verdict = judgeChecks(sink.node, sink.value, related);
      if (verdict.kind === "safe") return;
      const shown = shortText(sink.value, sourceFile, 50);
      const via = shown === taint.origin ? code(shown) : `${code(shown)} (from ${code(taint.origin)})`;
      const severity = severityFor("medium", taint.confidence);
      if (verdict.kind === "weak") {
        const { check, bypass, flaw } = verdict.weakness;
        const after = check.getStart(sourceFile) < sink.node.getStart(sourceFile);
        context.report({
          node: check,
          ...(after ? { endNode: sink.node } : {}),
          severity,
          message: `${code(shortText(check, sourceFile, 60))} is the only check on ${via} before ${sink.label.startsWith("the ") ? sink.label : code(sink.label)}, and it ${flaw}: ${code(bypass)} passes it.`,
        });
        return;
      }
      context.report({
        node: sink.node,
        severity,
        message: `${via} decides where ${sink.label.startsWith("the ") ? sink.label : code(sink.label)} sends the user: a link to this site can forward visitors to any other site.`,
      });
    };

    return {
      BinaryExpression(node) {
        const sink = assignmentSink(node, sourceFile);
        if (sink) sinks.push(sink);
      },
      CallExpression(node) {
        sinks.push(...callSink(node, sourceFile));
      },
      PropertyAssignment(node) {
        const sink = headerSink(node, sourceFile);
        if (sink) sinks.push(sink);
      },
      "SourceFile:exit": () => sinks.forEach(judge),
    };
  },
});
