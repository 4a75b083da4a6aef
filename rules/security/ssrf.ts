// security/ssrf: outbound requests (fetch, axios, got, undici, http/https, superagent, needle,
// headless browsers) whose URL or host comes from the request. A request value that only fills a
// path segment or query of a fixed origin is at most `low`; an allowlist check before the call ends
// the flow. Sinks are judged at the end of the file, when every write to their locals has been seen.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { calleeName, calleeReceiver, findLocalBinding, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression, type LocalWrites } from "../../src/analysis/ts-helpers.js";
import { checkParts, guardsBefore, isPresenceComparison, literalText, moduleOf, overlaps, relatedChains, flowTaint, rootIdentifier, severityFor, urlShape, code, callLabel } from "../../src/analysis/web-flow.js";

/** HTTP client modules: a bare call or a method call on something imported from them is an outbound request. */
const CLIENT_MODULES = new Set([
  "node-fetch",
  "cross-fetch",
  "isomorphic-fetch",
  "make-fetch-happen",
  "undici",
  "got",
  "axios",
  "superagent",
  "needle",
  "request",
  "request-promise",
  "request-promise-native",
  "phin",
  "ky",
  "http",
  "https",
  "http2",
]);
/** Receivers known by name when their import is out of view. */
const CLIENT_NAMES = new Set(["fetch", "axios", "got", "superagent", "needle", "undici", "http", "https", "ky", "httpService"]);
const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "head", "options", "request", "stream", "fetch", "paginate", "connect"]);
/** Properties of a request config that decide where it goes. */
const URL_KEYS = new Set(["url", "uri", "baseURL", "baseUrl", "prefixUrl", "href", "host", "hostname", "origin"]);
/** Headless browser navigation. */
const NAVIGATION_RECEIVER = /(?:^|[a-z])(?:page|Page|tab|Tab|frame|Frame)$|^(?:page|tab|frame)/;

/** Functions whose name says they vet a URL or host. */
const CHECKER_NAME = /allow|whitelist|trusted|permit|safe|valid|isPublic|isPrivate|private|internal|blocked|ssrf/i;
const MEMBERSHIP_CALLS = new Set(["has", "includes", "indexOf", "some", "every", "find", "test", "match"]);
const HOST_MEMBERS = new Set(["hostname", "host", "origin"]);
/** The path of the incoming request itself (always starts with `/`), as forwarded by proxies. */
const OWN_PATH = /^\w+(?:\.request)?\.(?:url|originalUrl|path|rawPath)$/;

interface Sink {
  call: ts.CallExpression;
  label: string;
  urls: ts.Expression[];
}

/** An axios/got instance: `const api = axios.create(...)`, `got.extend(...)`. */
function isClientInstance(identifier: ts.Identifier): boolean {
  const binding = findLocalBinding(identifier);
  if (binding?.kind !== "variable" || !binding.initializer) return false;
  const initializer = unwrapExpression(binding.initializer);
  if (!ts.isCallExpression(initializer)) return false;
  const name = calleeName(initializer);
  const receiver = calleeReceiver(initializer);
  const root = receiver && rootIdentifier(receiver);
  return (name === "create" || name === "extend") && root !== undefined && isClientIdentifier(root);
}

function isClientIdentifier(identifier: ts.Identifier): boolean {
  const module = moduleOf(identifier);
  if (module !== undefined) return CLIENT_MODULES.has(module);
  const binding = findLocalBinding(identifier);
  if (binding?.kind === "import") return false;
  return CLIENT_NAMES.has(identifier.text) || isClientInstance(identifier);
}

/** The URL-bearing values of a config object literal (or of a local bound to one). */
function urlsInConfig(argument: ts.Expression): ts.Expression[] | undefined {
  let node = unwrapExpression(argument);
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer && ts.isObjectLiteralExpression(unwrapExpression(binding.initializer))) {
      node = unwrapExpression(binding.initializer);
    }
  }
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const urls: ts.Expression[] = [];
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && URL_KEYS.has(property.name.text)) urls.push(property.initializer);
    else if (ts.isShorthandPropertyAssignment(property) && URL_KEYS.has(property.name.text)) urls.push(property.name);
    else if (ts.isSpreadAssignment(property)) urls.push(property.expression);
  }
  return urls;
}

/** The URL argument: a string, or the URL keys of a config object. */
function urlsOf(argument: ts.Expression | undefined): ts.Expression[] {
  if (!argument || ts.isSpreadElement(argument)) return [];
  return urlsInConfig(argument) ?? [argument];
}

function sinkOf(call: ts.CallExpression, sourceFile: ts.SourceFile): Sink | undefined {
  const name = calleeName(call);
  if (!name) return undefined;
  const callee = unwrapExpression(call.expression);
  const label = callLabel(call, sourceFile);
  if (ts.isIdentifier(callee)) {
    // fetch (global or imported), axios(...), got(...), needle("get", url), request(url) from undici/request.
    const bound = findLocalBinding(callee);
    const isClient = bound === undefined ? CLIENT_NAMES.has(name) : bound.kind === "import" || bound.kind === "variable" ? isClientIdentifier(callee) : name === "fetch";
    if (!isClient) return undefined;
    const first = call.arguments[0];
    // needle("get", url) and superagent("GET", url): a method name first.
    const methodFirst = name !== "fetch" && call.arguments.length > 1 && /^(?:get|post|put|patch|delete|head|options)$/i.test(literalText(first) ?? "");
    const urlArgument = methodFirst ? call.arguments[1] : first;
    return { call, label, urls: urlsOf(urlArgument) };
  }
  const receiver = calleeReceiver(call);
  if (!receiver) return undefined;
  if (name === "goto") {
    const last = propertyChain(receiver)?.at(-1);
    return last && NAVIGATION_RECEIVER.test(last) ? { call, label, urls: urlsOf(call.arguments[0]) } : undefined;
  }
  if (!HTTP_METHODS.has(name)) return undefined;
  const chain = propertyChain(receiver);
  const root = rootIdentifier(receiver);
  if (!chain) return undefined;
  const last = chain.at(-1)!;
  // axios.get, got.post, http.request, this.httpService.get, api.get where api = axios.create(...).
  const isClient = last === "httpService" || (root !== undefined && (chain.length === 1 ? isClientIdentifier(root) : chain.length === 2 && chain[1] === "default" && isClientIdentifier(root)));
  if (!isClient) return undefined;
  const first = call.arguments[0];
  // needle.request("get", url) and the like.
  const urlArgument = name === "request" && /^(?:get|post|put|patch|delete|head|options)$/i.test(literalText(first) ?? "") ? call.arguments[1] : first;
  return { call, label, urls: urlsOf(urlArgument) };
}

/** Whether a check before the call restricts where the URL may point. */
function isAllowlistCheck(check: ts.Expression, related: ReadonlySet<string>): boolean {
  for (const part of checkParts(check)) {
    if (!overlaps(relatedChains(part.node), related)) continue;
    if (ts.isCallExpression(part.node)) {
      const name = calleeName(part.node) ?? "";
      if (MEMBERSHIP_CALLS.has(name) || CHECKER_NAME.test(name)) return true;
      if (name === "startsWith" || name === "endsWith") {
        const prefix = literalText(part.node.arguments[0]);
        // `url.startsWith("https://")` checks the scheme only; a host (or a non-literal origin) restricts the target.
        if (prefix === undefined || /^[a-z]+:\/\/[^/]+/i.test(prefix) || (name === "endsWith" && prefix.includes("."))) return true;
      }
    } else if (!isPresenceComparison(part.node)) {
      const sides = [unwrapExpression(part.node.left), unwrapExpression(part.node.right)];
      if (sides.some((side) => ts.isPropertyAccessExpression(side) && HOST_MEMBERS.has(side.name.text))) return true;
      const schemeOnly = sides.some((side) => ts.isPropertyAccessExpression(side) && side.name.text === "protocol");
      if (!schemeOnly && literalText(part.node.right) !== "" && literalText(part.node.left) !== "") return true; // `target === CONFIG.webhookUrl`
    }
  }
  return false;
}

const FIX =
  "Do not let the caller choose where the server connects. Keep the origin fixed and put request values only in the path or query, encoded: `fetch(`https://api.example.com/users/${encodeURIComponent(id)}`)`. When the target really is user-supplied (webhooks, link previews), parse it and check it against an allowlist before the call: `const target = new URL(input); if (target.protocol !== \"https:\" || !ALLOWED_HOSTS.has(target.hostname)) throw new BadRequest();` — and for open-ended targets also resolve the host and refuse private, loopback and link-local addresses (e.g. with `ssrf-req-filter` or a custom `lookup`).";

export const ssrf = defineTsRule({
  meta: {
    id: "security/ssrf",
    category: "security",
    severity: "high",
    title: "Outbound request to a URL taken from the request",
    description:
      "Detects server-side requests whose URL or host comes from request input (`req.query`, `req.body`, headers, Koa/Fastify/Next.js/Lambda equivalents, NestJS `@Query`/`@Body`, server action arguments): `fetch` (global, `node-fetch`, `undici`), `axios(...)`/`axios.get/post/...`/`axios.request({ url })` and `axios.create` instances, `got`, `undici.request`, `http(s).get/request` (URL or `host`/`hostname` options), `superagent`, `needle`, `request`, NestJS `HttpService`, and headless browser navigation `page.goto(url)` (Puppeteer, Playwright). When the request value only fills a path segment or query after a fixed origin (`https://api.example.com/users/${id}`, `${API_BASE}/users/${id}`, a root-relative path on an axios instance) it is reported at `low` (the caller can still walk the API with `../`), and not at all once the value is encoded (`encodeURIComponent`). It deliberately does not fire when a check before the call restricts the target (`ALLOWED_HOSTS.has(new URL(u).hostname)`, a comparison of `.hostname`/`.origin`, a `startsWith` with a full origin, a function named like `isAllowedUrl`/`assertSafeUrl`), on URLs of unknown origin, on request values passed only as query parameters or bodies (`axios.get(URL, { params })`), on service-worker `fetch` events, or in test files.",
    why: "The server makes the request with its own network position and credentials: a caller who picks the URL can reach internal services, cloud metadata endpoints (`169.254.169.254` hands out instance credentials), admin ports on localhost, or use the server to attack third parties.",
    fix: FIX,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const { writes } = context.facts;
    const sinks: Sink[] = [];

    const judge = (sink: Sink): void => {
      for (const url of sink.urls) {
        const taint = flowTaint(url, sourceFile, { writes });
        if (!taint) continue;
        const shape = urlShape(url, (part) => flowTaint(part, sourceFile, { writes }) !== undefined);
        if (shape.kind === "clean") continue; // the taint flows through something the URL's text does not show (e.g. a header value)
        if (isGuarded(sink.call, url, writes)) return;
        const shown = shortText(url, sourceFile, 50);
        const via = shown === taint.origin ? code(shown) : `${code(shown)} (from ${code(taint.origin)})`;
        // `${API_BASE}${req.originalUrl}`: a proxy forwarding the request's own path, which always starts with `/`.
        const partOrigin = shape.kind === "open" && shape.part && shape.part !== unwrapExpression(url) ? flowTaint(shape.part, sourceFile, { writes })?.origin : undefined;
        const forwardsOwnPath = partOrigin !== undefined && OWN_PATH.test(partOrigin);
        if (shape.kind === "fixed" || forwardsOwnPath) {
          if (taint.confidence !== "high") return;
          const after = shape.kind === "fixed" ? `after the fixed prefix ${code(shape.prefix.replace(/X/g, "…"))}` : "after a fixed origin";
          context.report({
            node: sink.call,
            severity: "low",
            message: `${via} fills the path or query of ${code(sink.label)} ${after} without encoding: \`../\` segments can reach other endpoints of that service.`,
            fix: "Encode each request value placed in a path segment or query: `encodeURIComponent(id)` (or build the URL with `new URL(path, BASE)` and `url.searchParams.set(...)`), and validate its format (e.g. a UUID) before the call.",
          });
          return;
        }
        context.report({
          node: sink.call,
          severity: severityFor("high", taint.confidence),
          message: `${via} decides where ${code(sink.label)} connects: the caller can point this server at internal services or the cloud metadata endpoint.`,
        });
        return;
      }
    };

    const isGuarded = (call: ts.CallExpression, url: ts.Expression, localWrites: LocalWrites): boolean => {
      const related = relatedChains(url, localWrites);
      return guardsBefore(call).some((check) => isAllowlistCheck(check, related));
    };

    return {
      CallExpression(node) {
        const sink = sinkOf(node, sourceFile);
        if (sink && sink.urls.length > 0) sinks.push(sink);
      },
      "SourceFile:exit": () => sinks.forEach(judge),
    };
  },
});
