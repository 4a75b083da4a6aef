// Route registrations in Express, Router, Fastify, Koa-router and Hono code, and NestJS controller
// handlers: which method and path, on which app or router, behind which middlewares. Shared by the
// rules about routes and their protections. Like the other helpers, everything here reads only a
// node, its own small subtree or its ancestors; `RouteTable` collects registrations during the
// engine's single walk so a rule can judge them, in source order, at `SourceFile:exit`.
import { ts } from "ts-morph";
import { calleeName, calleeReceiver, findLocalBinding, isFunctionLike, memberName, unwrapExpression, type LocalBinding } from "./ts-helpers.js";

/** The nodes `findLocalBinding` can find a declaration in: blocks, the file, functions, loops, catch clauses. */
function isScopeContainer(node: ts.Node): boolean {
  return (
    ts.isBlock(node) ||
    ts.isSourceFile(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseClause(node) ||
    ts.isDefaultClause(node) ||
    isFunctionLike(node) ||
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isCatchClause(node)
  );
}

const bindingCache = new WeakMap<ts.Node, Map<string, LocalBinding | undefined>>();

/**
 * `findLocalBinding`, memoized by (nearest scope, name): a file with hundreds of `router.post(...)`
 * calls at module level would otherwise scan every top-level statement once per call.
 * (A candidate for ts-helpers.)
 */
export function bindingOf(identifier: ts.Identifier): LocalBinding | undefined {
  let scope: ts.Node | undefined = identifier.parent;
  while (scope && !isScopeContainer(scope)) scope = scope.parent;
  if (!scope) return findLocalBinding(identifier);
  let byName = bindingCache.get(scope);
  if (!byName) {
    byName = new Map();
    bindingCache.set(scope, byName);
  }
  if (byName.has(identifier.text)) return byName.get(identifier.text);
  const binding = findLocalBinding(identifier);
  byName.set(identifier.text, binding);
  return binding;
}

export type RouteMethod = "get" | "post" | "put" | "patch" | "delete" | "all" | "use";

/** Methods that change state. */
export const MUTATING_METHODS: ReadonlySet<RouteMethod> = new Set<RouteMethod>(["post", "put", "patch", "delete"]);

/**
 * What the receiver is, as far as this file shows: `app` when it is created here by `express()`,
 * `Fastify()`/`fastify()` or `new Koa()` (nothing outside can put middleware in front of it);
 * `router` when created here by `Router()`, `express.Router()`, `new Router()` or `new Hono()` (it is
 * usually mounted elsewhere, where middleware may guard it); `other` for parameters, imports and
 * properties.
 */
export type ReceiverKind = "app" | "router" | "other";

export interface RouteRegistration {
  method: RouteMethod;
  /** The path when it is a literal (`"/orders/:id"`); a `use` without a path has none. */
  path?: string;
  /** The path as written, literal or not (`ROUTES.login`, `` `${base}/orders` ``), for names and messages. */
  pathText?: string;
  /** The receiver as written: `router`, `this.app`, `fastify`. */
  receiver: string;
  /** The receiver's identity: its declaration when it is a local name, else its text. */
  receiverKey: ts.Node | string;
  receiverKind: ReceiverKind;
  /** Middlewares in order (arrays and local constant arrays flattened; Fastify hooks from the route options). */
  middlewares: ts.Expression[];
  /** The final handler; undefined for `use` and for hook registrations. */
  handler?: ts.Expression;
  /** Fastify route options (`{ preHandler, onRequest, config, schema }`) or the `route({...})` object. */
  options?: ts.ObjectLiteralExpression;
  /** Some middleware is a spread or an array this file cannot see into: it may hold anything. */
  opaque: boolean;
  call: ts.CallExpression;
  /** Where the registration starts for reporting: the call, or the method name in a `route(path).post(...)` chain. */
  start: ts.Node;
  /** The last node of the registration's head (path, options, middlewares), so reports leave out the handler body. */
  headEnd: ts.Node;
  /** Source position that orders registrations as Express applies them. */
  order: number;
}

// Maps, not object literals: a method named `constructor` or `toString` must not look like a route.
const ROUTE_METHODS = new Map<string, RouteMethod>([
  ["get", "get"],
  ["post", "post"],
  ["put", "put"],
  ["patch", "patch"],
  ["delete", "delete"],
  ["del", "delete"],
  ["all", "all"],
  ["use", "use"],
]);
const HTTP_METHODS = new Map<string, RouteMethod>([
  ["GET", "get"],
  ["POST", "post"],
  ["PUT", "put"],
  ["PATCH", "patch"],
  ["DELETE", "delete"],
  ["ALL", "all"],
]);
const FASTIFY_HOOKS = new Set(["onRequest", "preParsing", "preValidation", "preHandler", "beforeHandler"]);

const APP_FACTORIES = new Set(["express", "Fastify", "fastify", "Koa", "polka", "connect", "restify.createServer", "createServer"]);
const ROUTER_FACTORIES = new Set(["Router", "express.Router", "KoaRouter", "Hono", "OpenAPIHono"]);
/** Factories whose result has `get`/`use`/`delete` methods but is no HTTP router. */
const NON_ROUTER_FACTORIES = /^(createApp|createSSRApp|initializeApp|createStore|createPinia|axios\.create|create|Map|Set|WeakMap|URLSearchParams|Headers|FormData|Redis|LRUCache|NodeCache|Keyv)$/;
/** Names that are routers in practice (`app`, `router`, `adminRouter`); weaker names also fit HTTP clients (`api.post(url, body)`). */
const STRONG_ROUTER_NAMES = /^(app|application|router|routes|fastify|hono|koa|expressApp)$|[a-z0-9](Router|Routes|App)$/;
const WEAK_ROUTER_NAMES = /^(server|route|api|instance|web|admin|v\d+)$|[a-z0-9](Server|Api|Route)$/;
/** Parameter and property types that declare a router: `(app: Express)`, `(router: Router)`, `(fastify: FastifyInstance)`. */
const ROUTER_TYPES = /\b(Express|Application|Router|IRouter|FastifyInstance|FastifyPluginAsync|Hono|Koa|KoaRouter|Polka)\b/;
const NON_ROUTER_NAMES = /^(axios|https?|got|ky|fetch|request|superagent|supertest|rest|msw|nock|scope|cache|map|store|redis|res|response|req|ctx|headers|params|searchParams|url|formData|storage|localStorage|sessionStorage)$|client|Client|mock|Mock|cache|Cache|store|Store/;

/** `a.b.c` from a property chain (calls inside, `this` included); undefined for anything else. */
function chainText(expression: ts.Expression): string | undefined {
  const node = unwrapExpression(expression);
  if (ts.isIdentifier(node)) return node.text;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return "this";
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const name = memberName(node);
    const inner = chainText(node.expression);
    return name !== undefined && inner !== undefined ? `${inner}.${name}` : undefined;
  }
  return undefined;
}

function literalText(expression: ts.Expression): string | undefined {
  const node = unwrapExpression(expression);
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
}

function isFunctionExpression(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

/** The factory a local router/app name was created by (`express()`, `new Hono()`, `express.Router()`). */
function factoryOf(initializer: ts.Expression): string | undefined {
  let node = unwrapExpression(initializer);
  if (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return chainText(node.expression);
  return undefined;
}

interface ReceiverInfo {
  text: string;
  key: ts.Node | string;
  kind: ReceiverKind;
  /** How sure we are this is a router: created by a known factory or typed as one, named like one, or named like one and like a client. */
  strength: "known" | "strong" | "weak";
}

/** Whether `receiver` is an app/router, and which one; undefined when it is something else (a client, a Map). */
function receiverInfo(receiver: ts.Expression): ReceiverInfo | undefined {
  const node = unwrapExpression(receiver);
  // Hono and Express chains: `app.get(...).post(...)`, `router.route("/x").get(...)`.
  if (ts.isCallExpression(node)) {
    const name = calleeName(node);
    const inner = calleeReceiver(node);
    if (!inner || !name) return undefined;
    if (name === "route" && node.arguments.length === 1) return receiverInfo(inner);
    if (ROUTE_METHODS.has(name)) return receiverInfo(inner);
    return undefined;
  }
  const text = chainText(node);
  if (text === undefined) return undefined;
  const last = text.slice(text.lastIndexOf(".") + 1);
  if (ts.isIdentifier(node)) {
    const binding = bindingOf(node);
    if (binding?.kind === "variable" && binding.initializer) {
      const factory = factoryOf(binding.initializer);
      if (factory !== undefined) {
        if (APP_FACTORIES.has(factory)) return { text, key: binding.declaration, kind: "app", strength: "known" };
        if (ROUTER_FACTORIES.has(factory) || /(^|\.)Router$/.test(factory)) return { text, key: binding.declaration, kind: "router", strength: "known" };
        if (NON_ROUTER_FACTORIES.test(factory.slice(factory.lastIndexOf(".") + 1)) || NON_ROUTER_FACTORIES.test(factory)) return undefined;
      }
    }
    const key = binding?.declaration ?? text;
    if ((binding?.kind === "parameter" || binding?.kind === "variable") && binding.declaration.type && ROUTER_TYPES.test(binding.declaration.type.getText())) {
      return { text, key, kind: "other", strength: "known" };
    }
    // Fastify encapsulation: `fastify.register(async (instance) => { instance.post(...) })`.
    if (binding?.kind === "parameter" && isFunctionLike(binding.declaration.parent) && binding.declaration.parent.parameters[0] === binding.declaration) {
      const outer = binding.declaration.parent.parent;
      if (outer && ts.isCallExpression(outer) && calleeName(outer) === "register" && !NON_ROUTER_NAMES.test(last)) return { text, key, kind: "other", strength: "known" };
    }
    const strength = nameStrength(last);
    return strength ? { text, key, kind: "other", strength } : undefined;
  }
  const strength = nameStrength(last);
  return strength ? { text, key: text, kind: "other", strength } : undefined;
}

function nameStrength(name: string): "strong" | "weak" | undefined {
  if (NON_ROUTER_NAMES.test(name)) return undefined;
  if (STRONG_ROUTER_NAMES.test(name)) return "strong";
  if (WEAK_ROUTER_NAMES.test(name)) return "weak";
  return undefined;
}

function isPathLike(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  const literal = literalText(node);
  if (literal !== undefined) return literal.startsWith("/") || literal === "*" || literal === "";
  if (ts.isTemplateExpression(node)) return true;
  if (ts.isRegularExpressionLiteral(node)) return true;
  // `ROUTES.login`, `paths.orders`: a name, not a middleware (those are called or function-valued).
  if (ts.isArrayLiteralExpression(node)) return node.elements.length > 0 && node.elements.every((element) => literalText(element as ts.Expression)?.startsWith("/") === true);
  return false;
}

/** Flattens middleware arguments: arrays, local `const` arrays; reports spreads and unknown arrays as opaque. */
function flattenMiddlewares(args: readonly ts.Expression[], out: ts.Expression[], depth = 0): boolean {
  let opaque = false;
  for (const argument of args) {
    if (ts.isSpreadElement(argument)) {
      const inner = unwrapExpression(argument.expression);
      if (depth < 3 && ts.isIdentifier(inner)) {
        const binding = bindingOf(inner);
        const init = binding?.kind === "variable" && binding.declarationKind === "const" ? binding.initializer : undefined;
        if (init && ts.isArrayLiteralExpression(unwrapExpression(init))) {
          opaque = flattenMiddlewares((unwrapExpression(init) as ts.ArrayLiteralExpression).elements, out, depth + 1) || opaque;
          continue;
        }
      }
      out.push(argument.expression);
      opaque = true;
      continue;
    }
    const node = unwrapExpression(argument);
    if (ts.isArrayLiteralExpression(node)) {
      opaque = flattenMiddlewares(node.elements, out, depth + 1) || opaque;
      continue;
    }
    if (ts.isIdentifier(node) && depth < 3) {
      const binding = bindingOf(node);
      const init = binding?.kind === "variable" && binding.declarationKind === "const" ? binding.initializer : undefined;
      if (init && ts.isArrayLiteralExpression(unwrapExpression(init))) {
        opaque = flattenMiddlewares((unwrapExpression(init) as ts.ArrayLiteralExpression).elements, out, depth + 1) || opaque;
        continue;
      }
    }
    out.push(argument);
  }
  return opaque;
}

function propertyNamed(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return object.properties.find((property) => property.name !== undefined && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === name);
}

/** The value of `name` in an object literal (`name: value`, or the shorthand `{ name }`). */
export function propertyValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const property = propertyNamed(object, name);
  if (!property) return undefined;
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  if (ts.isMethodDeclaration(property)) return undefined;
  return undefined;
}

/** Fastify hook middlewares (`onRequest`, `preHandler`, ...) in route options, flattened. */
function hookMiddlewares(options: ts.ObjectLiteralExpression, out: ts.Expression[]): boolean {
  let opaque = false;
  for (const property of options.properties) {
    if (property.name === undefined || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) || !FASTIFY_HOOKS.has(property.name.text)) continue;
    if (ts.isPropertyAssignment(property)) opaque = flattenMiddlewares([property.initializer], out) || opaque;
    else if (ts.isShorthandPropertyAssignment(property)) out.push(property.name);
    else if (ts.isMethodDeclaration(property)) opaque = true; // inline hook: `preHandler(req, reply, done) {...}`
  }
  return opaque;
}

function methodFromValue(value: ts.Expression | undefined): RouteMethod | undefined {
  if (!value) return undefined;
  const node = unwrapExpression(value);
  const single = literalText(node);
  if (single !== undefined) return HTTP_METHODS.get(single.toUpperCase());
  if (ts.isArrayLiteralExpression(node)) {
    const methods = node.elements.map((element) => literalText(element as ts.Expression)).map((text) => (text ? HTTP_METHODS.get(text.toUpperCase()) : undefined));
    return methods.find((method) => method !== undefined && MUTATING_METHODS.has(method)) ?? methods.find((method) => method !== undefined);
  }
  return undefined;
}

function lastOf<T>(list: readonly T[]): T | undefined {
  return list[list.length - 1];
}

/**
 * The route `call` registers, or undefined when it is not one: `app.get(path, ...mw, handler)`,
 * `router.route(path).post(...)`, `app.use([path], ...mw)`, Fastify `post(path, { preHandler }, handler)`
 * and `route({ method, url, ... })`, Fastify `addHook("onRequest", fn)` (as a `use`), Koa-router named
 * routes `get(name, path, handler)`, Hono `app.post(path, mw, handler)` and `app.route(path, subApp)`.
 * The receiver must be created by a known router factory in this file or be named like one
 * (`app`, `router`, `adminRouter`, `server`, `fastify`); HTTP clients (`axios`, `api` without a
 * function handler, `http`, `client`) are not routes.
 */
export function routeRegistration(call: ts.CallExpression): RouteRegistration | undefined {
  const name = calleeName(call);
  if (name === undefined) return undefined;
  const isRouteCall = name === "route";
  const isHook = name === "addHook";
  const routeMethod = ROUTE_METHODS.get(name);
  if (routeMethod === undefined && !isRouteCall && !isHook) return undefined;
  const receiverExpression = calleeReceiver(call);
  if (!receiverExpression || call.arguments.length === 0) return undefined;
  // Cheap shape checks before any scope lookup: `map.get(key)` and `headers.get("x")` stop here.
  if (routeMethod !== undefined && routeMethod !== "use" && call.arguments.length < 2 && routeChainPath(receiverExpression) === undefined) return undefined;
  if (isHook && call.arguments.length < 2) return undefined;
  const receiver = receiverInfo(receiverExpression);
  if (!receiver) return undefined;

  const callee = unwrapExpression(call.expression);
  const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  const base = {
    receiver: receiver.text,
    receiverKey: receiver.key,
    receiverKind: receiver.kind,
    call,
    order: nameNode.getStart(),
  };
  const args = [...call.arguments];

  if (isHook) {
    // Fastify `addHook("onRequest", fastify.authenticate)`: applies to every route of this instance.
    const hookName = args[0] && literalText(args[0]);
    const hook = args[1];
    if (!hookName || !FASTIFY_HOOKS.has(hookName) || !hook) return undefined;
    return { ...base, method: "use", middlewares: [hook], opaque: false, start: call, headEnd: hook };
  }

  if (isRouteCall) {
    const first = unwrapExpression(args[0]!);
    // Fastify `route({ method, url, preHandler, handler })`.
    if (ts.isObjectLiteralExpression(first) && args.length === 1) {
      const method = methodFromValue(propertyValue(first, "method"));
      const url = propertyValue(first, "url") ?? propertyValue(first, "path");
      if (!method || !url) return undefined;
      const middlewares: ts.Expression[] = [];
      const opaque = hookMiddlewares(first, middlewares);
      const handler = propertyValue(first, "handler");
      const path = literalText(url);
      return {
        ...base,
        method,
        ...(path !== undefined ? { path } : {}),
        pathText: path ?? url.getText(),
        middlewares,
        ...(handler ? { handler } : {}),
        options: first,
        opaque,
        start: call,
        headEnd: url,
      };
    }
    // Hono `app.route("/admin", admin)`: mounts a sub-app, like `use`.
    if (args.length === 2 && isPathLike(first)) {
      const path = literalText(first);
      const mounted = args[1]!;
      return { ...base, method: "use", ...(path !== undefined ? { path } : {}), pathText: path ?? first.getText(), middlewares: [mounted], opaque: false, start: call, headEnd: mounted };
    }
    return undefined;
  }

  const method = routeMethod!;
  // `router.route("/orders/:id").delete(...)`: the path is on the `route` call.
  let path: string | undefined;
  let pathText: string | undefined;
  let rest = args;
  let start: ts.Node = call;
  let headEnd: ts.Node = nameNode;
  const chainedRoute = routeChainPath(receiverExpression);
  if (chainedRoute && method !== "use") {
    path = literalText(chainedRoute);
    pathText = path ?? chainedRoute.getText();
    start = nameNode;
  } else if (args[0] && isPathLike(args[0]) && !ts.isSpreadElement(args[0])) {
    // Koa-router named routes: `router.get("user", "/users/:id", handler)`.
    path = literalText(args[0]);
    pathText = path ?? args[0].getText();
    headEnd = args[0];
    rest = args.slice(1);
  } else if (args[0] && args[1] && literalText(args[0]) !== undefined && isPathLike(args[1]) && method !== "use") {
    path = literalText(args[1]);
    pathText = path ?? args[1].getText();
    headEnd = args[1];
    rest = args.slice(2);
  } else if (method !== "use") {
    // `app.get("env")`, `cache.get(key)`: a route needs a path. A non-literal path (`ROUTES.login`)
    // counts only when a function-valued handler follows.
    const first = args[0] && unwrapExpression(args[0]);
    if (!first || args.length < 2 || !(ts.isIdentifier(first) || ts.isPropertyAccessExpression(first)) || !isFunctionExpression(lastOf(args)!)) return undefined;
    pathText = first.getText();
    headEnd = first;
    rest = args.slice(1);
  }
  if (method !== "use" && rest.length === 0) return undefined;
  // Weakly named receivers (`api`, `server`) must look like route code: a function handler or a handler-like name.
  if (method !== "use" && receiver.strength === "weak" && !looksLikeHandler(lastOf(rest)!)) return undefined;

  let options: ts.ObjectLiteralExpression | undefined;
  const middlewares: ts.Expression[] = [];
  let opaque = false;
  const handlerArg = method === "use" ? undefined : lastOf(rest);
  const middlewareArgs = method === "use" ? rest : rest.slice(0, -1);
  const plain: ts.Expression[] = [];
  for (const argument of middlewareArgs) {
    const node = unwrapExpression(argument);
    if (ts.isObjectLiteralExpression(node) && !options) {
      // Fastify shorthand options: `fastify.post(path, { preHandler: [...] }, handler)`.
      options = node;
      opaque = hookMiddlewares(node, middlewares) || opaque;
    } else plain.push(argument);
  }
  opaque = flattenMiddlewares(plain, middlewares) || opaque;
  let handler = handlerArg;
  if (handler && ts.isArrayLiteralExpression(unwrapExpression(handler))) {
    // `app.post(path, [auth, validate, handler])`: the last element is the handler.
    const flat: ts.Expression[] = [];
    opaque = flattenMiddlewares([handler], flat) || opaque;
    handler = flat.pop();
    middlewares.push(...flat);
  }
  if (method === "use" && middlewares.length === 0) return undefined;
  const lastHead = lastOf(middlewareArgs);
  if (lastHead) headEnd = lastHead;
  return {
    ...base,
    method,
    ...(path !== undefined ? { path } : {}),
    ...(pathText !== undefined ? { pathText } : {}),
    middlewares,
    ...(handler ? { handler } : {}),
    ...(options ? { options } : {}),
    opaque,
    start,
    headEnd,
  };
}

/** The path of `router.route(path)` at the head of a method chain, if `receiver` is one. */
function routeChainPath(receiver: ts.Expression): ts.Expression | undefined {
  let node = unwrapExpression(receiver);
  while (ts.isCallExpression(node)) {
    const name = calleeName(node);
    const inner = calleeReceiver(node);
    if (name === "route" && node.arguments.length === 1 && node.arguments[0] && !ts.isObjectLiteralExpression(unwrapExpression(node.arguments[0]))) return node.arguments[0];
    if (!name || !inner || !ROUTE_METHODS.has(name)) return undefined;
    // Hono chains (`app.get("/a", h).post("/b", h)`) carry their own paths: not a route(path) chain.
    const first = node.arguments[0];
    if (first && isPathLike(first)) return undefined;
    node = unwrapExpression(inner);
  }
  return undefined;
}

function looksLikeHandler(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  if (isFunctionExpression(node)) return true;
  // `asyncHandler(async (req, res) => ...)`.
  return ts.isCallExpression(node) && node.arguments.some((argument) => isFunctionExpression(argument));
}

// ---- Middleware names -----------------------------------------------------------------------------

/**
 * A middleware's name as written: `requireAuth` for `requireAuth` and `requireAuth()`,
 * `passport.authenticate` for `passport.authenticate("jwt", {...})`, `auth.required`, `jwt.unless`
 * for `jwt({...}).unless({...})`, `this.auth` for `this.auth.bind(this)`, `AuthGuard` for
 * `AuthGuard("jwt")` and `new AuthGuard()`; undefined for inline functions.
 */
export function middlewareName(expression: ts.Expression): string | undefined {
  const node = unwrapExpression(expression);
  if (ts.isIdentifier(node)) return node.text;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return "this";
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const name = memberName(node);
    if (name === undefined) return undefined;
    const inner = middlewareName(node.expression);
    return inner === undefined ? name : `${inner}.${name}`;
  }
  if (ts.isCallExpression(node)) {
    const callee = unwrapExpression(node.expression);
    if (ts.isPropertyAccessExpression(callee) && (callee.name.text === "bind" || callee.name.text === "call")) return middlewareName(callee.expression);
    return middlewareName(callee);
  }
  if (ts.isNewExpression(node)) return middlewareName(node.expression);
  if (ts.isAwaitExpression(node)) return middlewareName(node.expression);
  return undefined;
}

/** `requireAuth` -> ["require", "auth"]; `JWTAuthGuard` -> ["jwt", "auth", "guard"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** Segments that mean "this is not an access check" whatever else the name says. */
const NOT_ACCESS_CHECK =
  /limit|throttl|slowdown|brute|router$|routes$|controller$|csrf|xsrf|optional|maybe|soft|attach|populate|cors|helmet|logger|logging|schema|validat(e|or|ion)body|forward|redirectif|guest|not(auth|logged|signed)|loggedout|signedout|unauth|anonymous|noauth|skipauth|public/;
const AUTHN = /auth(?!or(?!i[sz]))|jwt|loggedin|signedin|loginrequired|requirelogin|ensurelogin|requiresession|verifysession|sessionrequired|(verify|check|validate|require|ensure)(access)?(token|user|apikey|key|signature|bearer)|tokenrequired|apikey|bearer|protect|secured|^guard|guard$|keycloak|clerk|firebaseauth|requireuser|ensureuser/;
const AUTHZ = /role|permission|admin|acl|polic(y|ies)|scope|ability|authoriz|owner|^can$|^permit/;
/** Last segments that only qualify the segment before them (`auth.required`, `jwt.unless`, `passport.authenticate`). */
const QUALIFIER = /^(required|require|check|verify|ensure|enforce|middleware|mw|handler|unless|authenticate|authorize|protect|guard|strict|any|all|default|express)$/;

export type AccessCheckKind = "authentication" | "authorization";

/**
 * Whether a middleware (or guard) name looks like an access check, and which kind: authentication
 * (`requireAuth`, `isAuthenticated`, `ensureLoggedIn`, `verifyToken`, `passport.authenticate`,
 * `jwt`/`expressjwt`/`checkJwt`, `protect`, `guard`, `withAuth`, `AuthGuard`) or authorization
 * (`requireRole`, `isAdmin`, `RolesGuard`, `authorize`). Rate limiters (`authLimiter`), routers
 * (`authRouter`), optional auth (`auth.optional`, `optionalAuth`), guest-only checks that send signed-in
 * users away (`forwardAuthenticated`, `ensureNotAuthenticated`, `redirectIfLoggedIn`) and CSRF
 * protection are not.
 */
export function accessCheckKind(name: string | undefined): AccessCheckKind | undefined {
  if (!name) return undefined;
  const segments = name.split(".").filter((segment) => segment !== "this");
  const lowered = segments.map((segment) => segment.toLowerCase().replace(/[_-]/g, ""));
  if (lowered.some((segment) => NOT_ACCESS_CHECK.test(segment))) return undefined;
  const kindOf = (segment: string): AccessCheckKind | undefined => (AUTHZ.test(segment) ? "authorization" : AUTHN.test(segment) ? "authentication" : undefined);
  const last = lowered[lowered.length - 1];
  if (last === undefined) return undefined;
  const own = kindOf(last);
  if (own) return own;
  if (lowered.length > 1 && QUALIFIER.test(last)) {
    for (let index = lowered.length - 2; index >= 0; index--) {
      const kind = kindOf(lowered[index]!);
      if (kind) return kind;
    }
  }
  // `passport.authenticate(...)` and friends: a library name plus a qualifier.
  if (lowered.length > 1 && QUALIFIER.test(last) && /^(passport|keycloak|oidc|auth0|clerk|supabase|firebase)$/.test(lowered[0]!)) return "authentication";
  return undefined;
}

/**
 * Whether a middleware name looks like a rate limiter (`rateLimit`, `loginLimiter`, `throttle`,
 * `slowDown`, `bruteforce.prevent`, `authLimit`). A bare `limit` (query builders' `.limit(10)`) and
 * body-size limits (`bodyLimit`, `express.json({ limit })`) are not.
 */
export function isRateLimiterName(name: string | undefined): boolean {
  if (!name) return false;
  const last = name.slice(name.lastIndexOf(".") + 1);
  const lowered = name.toLowerCase().replace(/[_-]/g, "");
  if (/(body|size|payload|upload|json|file|page|text|urlencoded|raw)limit|limit(size|body|payload|upload|fields|files)/.test(lowered)) return false;
  if (/ratelimit|limiter|throttl|slowdown|brute|speedlimit/.test(lowered)) return true;
  const words = nameWords(last);
  return words.includes("limit") && words.some((word) => /^(auth|login|signin|signup|register|otp|api|ip|requests?|global|strict|sensitive|password|reset|email|sms|default|route)$/.test(word));
}

// ---- Paths ------------------------------------------------------------------------------------------

/** Lower-case words of a path or path expression: `/auth/sign-in` -> auth, sign, in; `ROUTES.forgotPassword` -> routes, forgot, password. */
export function pathWords(pathText: string): string[] {
  return nameWords(pathText.replace(/:[A-Za-z_]\w*/g, " ").replace(/\$\{[^}]*\}/g, " "));
}

function hasPair(words: readonly string[], first: string | RegExp, second: string | RegExp): boolean {
  const test = (pattern: string | RegExp, word: string): boolean => (typeof pattern === "string" ? word === pattern : pattern.test(word));
  return words.some((word, index) => test(first, word) && words[index + 1] !== undefined && test(second, words[index + 1]!));
}

const PUBLIC_WORDS = new Set([
  "login",
  "logout",
  "signin",
  "signup",
  "signout",
  "register",
  "registration",
  "health",
  "healthz",
  "healthcheck",
  "readyz",
  "livez",
  "liveness",
  "readiness",
  "ping",
  "webhook",
  "webhooks",
  "callback",
  "callbacks",
  "oauth",
  "oauth2",
  "sso",
  "saml",
  "oidc",
  "public",
  "contact",
  "newsletter",
  "unsubscribe",
  "csp",
  "beacon",
  "graphql",
  "trpc",
  "otp",
  "passwordless",
  "track",
  "telemetry",
  "analytics",
]);

/**
 * Whether a route is public by convention: login/signup/register, password reset and forgot-password,
 * email verification, OAuth/SSO callbacks, webhooks, health and readiness probes, `/public/...`,
 * token refresh, contact and newsletter forms, analytics beacons, GraphQL and tRPC endpoints (which authorize per resolver).
 */
export function isConventionallyPublicPath(pathText: string | undefined): boolean {
  if (!pathText) return false;
  const words = pathWords(pathText);
  if (words.some((word) => PUBLIC_WORDS.has(word))) return true;
  if (hasPair(words, /^(sign|log)$/, /^(in|up|out)$/)) return true;
  if (words.includes("password") && words.some((word) => /^(reset|forgot|forgotten|recover|recovery|lost)$/.test(word))) return true;
  if ((words.includes("refresh") && words.some((word) => word === "token" || word === "session")) || words[words.length - 1] === "token") return true;
  if (words.some((word) => /^(verify|confirm|verification|confirmation)$/.test(word)) && words.some((word) => /^(email|account|phone)$/.test(word))) return true;
  if (hasPair(words, "magic", "link") || hasPair(words, "accept", /^invites?$/) || hasPair(words, /^invites?$/, "accept")) return true;
  return false;
}

export type SensitiveSurface = "admin" | "debug" | "heapdump" | "env" | "metrics" | "actuator" | "internal";

/** The sensitive surface a path exposes, by its segments: `/admin/...`, `/debug`, `/heapdump`, `/env`, `/metrics`, `/actuator`, `/_internal`. */
export function sensitiveSurfaceOf(path: string | undefined): SensitiveSurface | undefined {
  if (!path) return undefined;
  const segments = path
    .toLowerCase()
    .split("/")
    .map((segment) => segment.replace(/\*.*$/, "").replace(/\(.*\)$/, ""))
    .filter((segment) => segment !== "" && !segment.startsWith(":") && !segment.startsWith("{"));
  for (const segment of segments) {
    if (segment === "admin" || segment === "_admin" || segment === "__admin") return "admin";
    if (segment === "debug" || segment === "_debug" || segment === "__debug" || segment === "__debug__" || segment === "pprof") return "debug";
    if (segment === "heapdump" || segment === "heap-dump" || segment === "heapsnapshot" || segment === "heap-snapshot") return "heapdump";
    if (segment === "env" || segment === "_env" || segment === "environment" || segment === ".env") return "env";
    if (segment === "metrics" || segment === "_metrics" || segment === "prometheus") return "metrics";
    if (segment === "actuator") return "actuator";
    if (segment === "_internal" || segment === "__internal") return "internal";
  }
  return undefined;
}

/** `use` path prefix applies to `path`: no prefix, `/`, `*`, or `/api` for `/api/orders` (Hono `/api/*` too). */
export function prefixCovers(prefix: string | undefined, path: string | undefined): boolean {
  if (prefix === undefined) return true;
  const normalized = prefix.replace(/\{?\/?\*[\w]*\}?$/, "").replace(/\/\(\.\*\)$/, "").replace(/\/+$/, "");
  if (normalized === "") return true;
  if (path === undefined) return false;
  return path === normalized || path.startsWith(`${normalized}/`);
}

function joinPaths(prefix: string | undefined, path: string | undefined): string | undefined {
  if (prefix === undefined) return path;
  if (path === undefined) return undefined;
  const head = prefix.replace(/\{?\/?\*[\w]*\}?$/, "").replace(/\/+$/, "");
  return path === "/" || path === "" ? head || "/" : `${head}${path.startsWith("/") ? "" : "/"}${path}`;
}

// ---- Registrations of one file -------------------------------------------------------------------

interface Mount {
  parentKey: ts.Node | string;
  parentKind: ReceiverKind;
  path: string | undefined;
  order: number;
  /** Middlewares in the mounting call before the child (`app.use("/api", requireAuth, apiRouter)`). */
  before: ts.Expression[];
  /** Fastify `register`: hooks of the parent apply whenever they were added. */
  anyOrder: boolean;
}

/** A middleware that applies to a route, and where it was applied. */
export interface AppliedMiddleware {
  expression: ts.Expression;
  name: string | undefined;
  /** `route`: in the route's own list; `use`: router/app-level, before the route or its mount. */
  via: "route" | "use";
}

/**
 * The registrations of one file, collected during the walk (feed it from a `CallExpression`
 * visitor) and queried at `SourceFile:exit`: siblings on the same receiver, and the middlewares that
 * apply to a route through `use`/`addHook` before it, on its receiver and on the apps it is mounted
 * on (`app.use("/api", apiRouter)`, Hono `app.route`, Fastify `register(async (child) => ...)`).
 */
export class RouteTable {
  readonly registrations: RouteRegistration[] = [];
  private readonly mounts = new Map<ts.Node | string, Mount[]>();
  private sorted = true;

  /** Records `call` if it registers a route, a `use` or a Fastify plugin; returns the registration. */
  visit(call: ts.CallExpression): RouteRegistration | undefined {
    const name = calleeName(call);
    if (name === "register") {
      this.visitRegister(call);
      return undefined;
    }
    const registration = routeRegistration(call);
    if (!registration) return undefined;
    this.registrations.push(registration);
    this.sorted = false;
    if (registration.method === "use") {
      registration.middlewares.forEach((middleware, index) => {
        const key = receiverKeyOf(middleware);
        if (key === undefined) return;
        const list = this.mounts.get(key) ?? [];
        list.push({ parentKey: registration.receiverKey, parentKind: registration.receiverKind, path: registration.path, order: registration.order, before: registration.middlewares.slice(0, index), anyOrder: false });
        this.mounts.set(key, list);
      });
    }
    return registration;
  }

  private visitRegister(call: ts.CallExpression): void {
    const receiverExpression = calleeReceiver(call);
    let plugin: ts.Node | undefined = call.arguments[0] && unwrapExpression(call.arguments[0]);
    // `fastify.register(orderRoutes, { prefix })` with `async function orderRoutes(fastify) {...}` in this file.
    if (plugin && ts.isIdentifier(plugin)) {
      const binding = bindingOf(plugin);
      plugin = binding?.kind === "function" ? binding.declaration : binding?.kind === "variable" && binding.initializer ? unwrapExpression(binding.initializer) : undefined;
    }
    if (!receiverExpression || !plugin || !isFunctionLike(plugin)) return;
    const parent = receiverInfo(receiverExpression);
    const childParameter = plugin.parameters[0];
    if (!parent || !childParameter) return;
    const options = call.arguments[1] && unwrapExpression(call.arguments[1]);
    const prefix = options && ts.isObjectLiteralExpression(options) ? propertyValue(options, "prefix") : undefined;
    const path = prefix ? literalText(prefix) : undefined;
    const list = this.mounts.get(childParameter) ?? [];
    list.push({ parentKey: parent.key, parentKind: parent.kind, path, order: call.getStart(), before: [], anyOrder: true });
    this.mounts.set(childParameter, list);
  }

  /** All registrations in source order. */
  all(): RouteRegistration[] {
    if (!this.sorted) {
      this.registrations.sort((a, b) => a.order - b.order);
      this.sorted = true;
    }
    return this.registrations;
  }

  /** Route registrations (not `use`) on the same receiver, except `registration` itself. */
  siblings(registration: RouteRegistration): RouteRegistration[] {
    return this.all().filter((other) => other !== registration && other.method !== "use" && other.receiverKey === registration.receiverKey);
  }

  /** Every middleware that applies to `registration`: its own, then `use`s before it here and on the apps it is mounted on. */
  applied(registration: RouteRegistration): AppliedMiddleware[] {
    const own: AppliedMiddleware[] = registration.middlewares.map((expression) => ({ expression, name: middlewareName(expression), via: "route" }));
    if (registration.method === "use") return own;
    return [...own, ...this.inherited(registration.receiverKey, registration.path, registration.order, false, 0)];
  }

  /** The full path of a route, through the mounts seen in this file (`app.use("/admin", adminRouter)` + `/users`). */
  fullPath(registration: RouteRegistration): string | undefined {
    let path = registration.path;
    let key = registration.receiverKey;
    for (let depth = 0; depth < 4; depth++) {
      const mount = this.mounts.get(key)?.[0];
      if (!mount) break;
      path = joinPaths(mount.path, path);
      key = mount.parentKey;
    }
    return path;
  }

  /** The kind of the outermost receiver `registration` reaches through mounts in this file: `app` when it ends at an app created here. */
  rootKind(registration: RouteRegistration): ReceiverKind {
    let kind = registration.receiverKind;
    let key = registration.receiverKey;
    for (let depth = 0; depth < 4 && kind !== "app"; depth++) {
      const mount = this.mounts.get(key)?.[0];
      if (!mount) break;
      kind = mount.parentKind;
      key = mount.parentKey;
    }
    return kind;
  }

  /** `use`/`addHook` registrations and wildcard `all("*", mw)` gates, by receiver, in source order. */
  private gatesByKey: Map<ts.Node | string, RouteRegistration[]> | undefined;

  private gates(key: ts.Node | string): RouteRegistration[] {
    if (!this.gatesByKey || !this.sorted) {
      this.gatesByKey = new Map();
      for (const registration of this.all()) {
        const wildcardAll = registration.method === "all" && registration.handler !== undefined && (registration.path === undefined || /\*|\(\.\*\)/.test(registration.path));
        if (registration.method !== "use" && !wildcardAll) continue;
        const list = this.gatesByKey.get(registration.receiverKey) ?? [];
        list.push(registration);
        this.gatesByKey.set(registration.receiverKey, list);
      }
    }
    return this.gatesByKey.get(key) ?? [];
  }

  private inherited(key: ts.Node | string, path: string | undefined, order: number, anyOrder: boolean, depth: number): AppliedMiddleware[] {
    const found: AppliedMiddleware[] = [];
    for (const gate of this.gates(key)) {
      if (!anyOrder && gate.order >= order) break;
      if (!prefixCovers(gate.method === "use" ? gate.path : (gate.path ?? gate.pathText), path)) continue;
      // `router.all("*", requireAuth)`: the last argument is a middleware too.
      const expressions = gate.method === "use" ? gate.middlewares : [...gate.middlewares, gate.handler!];
      for (const expression of expressions) found.push({ expression, name: middlewareName(expression), via: "use" });
    }
    if (depth >= 3) return found;
    for (const mount of this.mounts.get(key) ?? []) {
      for (const expression of mount.before) found.push({ expression, name: middlewareName(expression), via: "use" });
      found.push(...this.inherited(mount.parentKey, joinPaths(mount.path, path), mount.order, mount.anyOrder, depth + 1));
    }
    return found;
  }
}

/**
 * The receiver key an argument refers to when it names a local router: `apiRouter` in
 * `app.use("/api", apiRouter)`, or Koa's `app.use(router.routes())`.
 */
function receiverKeyOf(expression: ts.Expression): ts.Node | string | undefined {
  let node = unwrapExpression(expression);
  if (ts.isCallExpression(node) && (calleeName(node) === "routes" || calleeName(node) === "middleware") && node.arguments.length === 0) {
    const inner = calleeReceiver(node);
    if (inner) node = unwrapExpression(inner);
  }
  if (!ts.isIdentifier(node)) return undefined;
  const binding = bindingOf(node);
  return binding?.declaration ?? node.text;
}

// ---- Handler bodies --------------------------------------------------------------------------------

const INLINE_ACCESS_CHECK =
  /\b40[13]\b|unauthori[sz]ed|forbidden|isAuthenticated\s*\(|!\s*(req|request|ctx)(\.state)?\.(user|session|auth)\b|\b(getServerSession|getSession|currentUser|requireAuth|requireUser|verifyToken|verifyIdToken|authenticate|authorize|assertAuth\w*|checkAuth\w*|ensureAuth\w*)\s*\(|\bjwt\.verify\s*\(/i;

/**
 * The function a handler argument stands for, when this file shows it: an inline function, or a
 * local function / arrow declared in the file (also wrapped once: `asyncHandler(fn)`).
 */
export function handlerFunction(handler: ts.Expression | undefined, depth = 0): ts.Node | undefined {
  if (!handler || depth > 2) return undefined;
  const node = unwrapExpression(handler);
  if (isFunctionExpression(node)) return node;
  if (ts.isIdentifier(node)) {
    const binding = bindingOf(node);
    if (binding?.kind === "function") return binding.declaration;
    if (binding?.kind === "variable" && binding.initializer) return handlerFunction(binding.initializer, depth + 1);
    return undefined;
  }
  if (ts.isCallExpression(node)) {
    const inner = node.arguments.find((argument) => isFunctionExpression(argument) || ts.isIdentifier(unwrapExpression(argument)));
    return inner ? handlerFunction(inner, depth + 1) : undefined;
  }
  return undefined;
}

/** Whether a handler visibly checks access itself (401/403 responses, `!req.user`, `getServerSession()`, `jwt.verify`). */
export function handlerChecksAccess(handler: ts.Expression | ts.Node | undefined, sourceFile: ts.SourceFile): boolean {
  if (!handler) return false;
  const fn = ts.isFunctionDeclaration(handler) || ts.isMethodDeclaration(handler) ? handler : handlerFunction(handler as ts.Expression);
  if (!fn) return false;
  return INLINE_ACCESS_CHECK.test(fn.getText(sourceFile));
}

// ---- Comments inside a registration -----------------------------------------------------------------

/** A comment in the file: its text and where it ends. */
export interface CommentSpan {
  text: string;
  start: number;
  end: number;
}

/** The comments in `[start, end)` of the file, read with the scanner so strings and templates are not mistaken for comments. */
export function commentsBetween(sourceFile: ts.SourceFile, start: number, end: number): CommentSpan[] {
  if (end <= start) return [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sourceFile.languageVariant, sourceFile.text, undefined, start, end - start);
  const comments: CommentSpan[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) {
      comments.push({ text: scanner.getTokenText(), start: scanner.getTokenStart(), end: scanner.getTokenEnd() });
    }
  }
  return comments;
}

/**
 * Code-shaped pieces of a comment that could be a commented-out middleware or decorator:
 * `// requireAuth,` -> requireAuth; `/* passport.authenticate("jwt"), *\/` -> passport.authenticate;
 * `// @UseGuards(JwtAuthGuard)` -> JwtAuthGuard. Prose (`// auth is done by the gateway`) yields nothing.
 */
export function commentedOutNames(comment: string): string[] {
  const body = comment.startsWith("//") ? comment.slice(2) : comment.replace(/^\/\*+/, "").replace(/\*+\/$/, "");
  const names: string[] = [];
  for (const rawLine of body.split(/\r?\n/)) {
    // `// preHandler: [fastify.authenticate],` in Fastify route options: the value is the middleware.
    const line = rawLine
      .replace(/^\s*\*?\s*/, "")
      .replace(/^(onRequest|preParsing|preValidation|preHandler|beforeHandler)\s*:\s*/, "")
      .replace(/^\[|\],?\s*$/g, "")
      .trim();
    if (line === "") continue;
    for (const piece of line.split(/,(?![^(]*\))/)) {
      const code = piece.trim();
      if (code === "" || /^\/\//.test(code)) continue;
      const match = /^@?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*(\((.*)\))?\s*;?$/.exec(code);
      if (!match) {
        // Prose: give up on this line.
        break;
      }
      const [, callee, , inner] = match;
      if (callee === "UseGuards" && inner) {
        for (const guard of inner.split(",")) {
          const guardName = /^\s*(?:new\s+)?([A-Za-z_$][\w$.]*)/.exec(guard)?.[1];
          if (guardName) names.push(guardName);
        }
      } else if (callee) names.push(callee);
    }
  }
  return names;
}

// ---- NestJS ---------------------------------------------------------------------------------------

const NEST_METHODS = new Map<string, RouteMethod>([
  ["Get", "get"],
  ["Post", "post"],
  ["Put", "put"],
  ["Patch", "patch"],
  ["Delete", "delete"],
  ["All", "all"],
]);
const NEST_PUBLIC = /^(Public|IsPublic|AllowAnonymous|Anonymous|SkipAuth|NoAuth|Unprotected|PublicRoute|AllowUnauthenticated|AllowUnauthorizedRequest)$/;

export interface NestRoute {
  method: RouteMethod;
  /** The method decorator's literal path (`@Post(":id/cancel")`), if any. */
  path?: string;
  /** The controller's literal prefix (`@Controller("orders")`), if any. */
  controllerPath?: string;
  declaration: ts.MethodDeclaration;
  decorator: ts.Decorator;
  controller: ts.ClassDeclaration;
  /** Guards and auth-like decorators on the method: `@UseGuards(...)` arguments and decorators such as `@Auth()`, `@Roles()`. */
  guards: ts.Expression[];
  /** The same on the controller class. */
  classGuards: ts.Expression[];
  /** `@Public()`, `@AllowAnonymous()`, `@SkipAuth()`... on the method or the class. */
  isPublic: boolean;
  /** Names of every decorator on the method and on the class (`Throttle`, `SkipThrottle`, `UseGuards`). */
  decoratorNames: string[];
  classDecoratorNames: string[];
}

function decoratorsOf(node: ts.Node): readonly ts.Decorator[] {
  return (ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined) ?? [];
}

export function decoratorName(decorator: ts.Decorator): string | undefined {
  const expression = unwrapExpression(decorator.expression);
  if (ts.isCallExpression(expression)) return middlewareName(expression.expression);
  return middlewareName(expression);
}

function guardsOf(decorators: readonly ts.Decorator[]): ts.Expression[] {
  const guards: ts.Expression[] = [];
  for (const decorator of decorators) {
    const name = decoratorName(decorator);
    const expression = unwrapExpression(decorator.expression);
    if (name === "UseGuards" && ts.isCallExpression(expression)) guards.push(...expression.arguments);
    else if (name !== undefined && !NEST_METHODS.has(name) && !NEST_PUBLIC.test(name) && accessCheckKind(name)) guards.push(decorator.expression);
  }
  return guards;
}

/** The NestJS route a controller method handles (`@Post()` in a `@Controller()` class), or undefined. */
export function nestRoute(method: ts.MethodDeclaration): NestRoute | undefined {
  const decorators = decoratorsOf(method);
  if (decorators.length === 0) return undefined;
  const routeDecorator = decorators.find((decorator) => {
    const name = decoratorName(decorator);
    return name !== undefined && NEST_METHODS.has(name) && ts.isCallExpression(unwrapExpression(decorator.expression));
  });
  if (!routeDecorator) return undefined;
  const controller = method.parent;
  if (!ts.isClassDeclaration(controller)) return undefined;
  const classDecorators = decoratorsOf(controller);
  const controllerDecorator = classDecorators.find((decorator) => decoratorName(decorator) === "Controller");
  if (!controllerDecorator) return undefined;
  const call = unwrapExpression(routeDecorator.expression) as ts.CallExpression;
  const path = call.arguments[0] ? literalText(call.arguments[0]) : undefined;
  const controllerCall = unwrapExpression(controllerDecorator.expression);
  const controllerArgument = ts.isCallExpression(controllerCall) ? controllerCall.arguments[0] : undefined;
  const controllerPath = controllerArgument ? (literalText(controllerArgument) ?? (ts.isObjectLiteralExpression(unwrapExpression(controllerArgument)) ? literalOf(propertyValue(unwrapExpression(controllerArgument) as ts.ObjectLiteralExpression, "path")) : undefined)) : undefined;
  const decoratorNames = decorators.map(decoratorName).filter((name): name is string => name !== undefined);
  const classDecoratorNames = classDecorators.map(decoratorName).filter((name): name is string => name !== undefined);
  return {
    method: NEST_METHODS.get(decoratorName(routeDecorator)!)!,
    ...(path !== undefined ? { path } : {}),
    ...(controllerPath !== undefined ? { controllerPath } : {}),
    declaration: method,
    decorator: routeDecorator,
    controller,
    guards: guardsOf(decorators),
    classGuards: guardsOf(classDecorators),
    isPublic: decoratorNames.some((name) => NEST_PUBLIC.test(name)) || classDecoratorNames.some((name) => NEST_PUBLIC.test(name)),
    decoratorNames,
    classDecoratorNames,
  };
}

function literalOf(expression: ts.Expression | undefined): string | undefined {
  return expression ? literalText(expression) : undefined;
}

/** `orders` + `:id/cancel` -> `/orders/:id/cancel`, for messages and path checks. */
export function nestFullPath(route: NestRoute): string {
  const parts = [route.controllerPath, route.path].filter((part): part is string => part !== undefined && part !== "").map((part) => part.replace(/^\/+|\/+$/g, ""));
  return `/${parts.join("/")}`;
}
