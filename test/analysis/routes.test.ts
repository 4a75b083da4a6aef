import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import {
  accessCheckKind,
  commentedOutNames,
  commentsBetween,
  handlerChecksAccess,
  isConventionallyPublicPath,
  isRateLimiterName,
  middlewareName,
  nestFullPath,
  nestRoute,
  prefixCovers,
  routeRegistration,
  RouteTable,
  sensitiveSurfaceOf,
  type RouteRegistration,
} from "../../src/analysis/routes.js";

function parse(code: string, name = "routes.ts"): ts.SourceFile {
  return ts.createSourceFile(name, code, ts.ScriptTarget.Latest, true, name.endsWith(".ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS);
}

/** Every node matching `test`, in source order (a test may walk; rules may not). */
function all<T extends ts.Node>(sourceFile: ts.SourceFile, test: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node): void => {
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function registrations(code: string, name?: string): RouteRegistration[] {
  const sourceFile = parse(code, name);
  return all(sourceFile, ts.isCallExpression)
    .map((call) => routeRegistration(call))
    .filter((registration): registration is RouteRegistration => registration !== undefined)
    .sort((a, b) => a.order - b.order);
}

function summary(registration: RouteRegistration): string {
  const names = registration.middlewares.map((middleware) => middlewareName(middleware) ?? "<inline>");
  return `${registration.receiver}.${registration.method} ${registration.pathText ?? "-"} [${names.join(", ")}]${registration.handler ? " -> handler" : ""}`;
}

function table(code: string): { table: RouteTable; sourceFile: ts.SourceFile } {
  const sourceFile = parse(code);
  const routes = new RouteTable();
  for (const call of all(sourceFile, ts.isCallExpression)) routes.visit(call);
  return { table: routes, sourceFile };
}

describe("routeRegistration: Express and Router", () => {
  it("reads method, path, middlewares and handler, flattening arrays and local constant arrays", () => {
    const code = [
      'import express, { Router } from "express";',
      "const router = Router();",
      "const adminOnly = [requireAuth, requireRole('admin')];",
      'router.get("/orders", requireAuth, listOrders);',
      'router.post("/orders", [requireAuth, validate(orderSchema)], async (req, res) => res.json({}));',
      'router.delete("/orders/:id", ...adminOnly, removeOrder);',
      "router.use(requireAuth);",
      'router.use("/internal", passport.authenticate("jwt", { session: false }), internalRouter);',
    ].join("\n");
    expect(registrations(code).map(summary)).toEqual([
      "router.get /orders [requireAuth] -> handler",
      "router.post /orders [requireAuth, validate] -> handler",
      "router.delete /orders/:id [requireAuth, requireRole] -> handler",
      "router.use - [requireAuth]",
      "router.use /internal [passport.authenticate, internalRouter]",
    ]);
    const [first] = registrations(code);
    expect(first?.receiverKind).toBe("router");
  });

  it("reads `router.route(path)` chains, with the path on the `route` call", () => {
    const code = ['const router = express.Router();', 'router.route("/items/:id").get(showItem).put(requireAuth, updateItem).delete(removeItem);'].join("\n");
    expect(registrations(code).map(summary)).toEqual([
      "router.get /items/:id [] -> handler",
      "router.put /items/:id [requireAuth] -> handler",
      "router.delete /items/:id [] -> handler",
    ]);
  });

  it("knows an app made by express() and keeps `app.get(setting)` and non-routers out", () => {
    const code = [
      'const app = express();',
      'const port = app.get("port");',
      'app.post("/upload", upload.single("file"), (req, res) => res.sendStatus(204));',
      'const cache = new Map(); cache.delete("/orders");',
      'axios.post("/api/orders", body);',
      'const api = axios.create({ baseURL }); api.post("/orders", (x) => x);',
      'http.get("/users", () => HttpResponse.json([]));',
      'this.http.post("/api/orders", order);',
    ].join("\n");
    const found = registrations(code);
    expect(found.map(summary)).toEqual(["app.post /upload [upload.single] -> handler"]);
    expect(found[0]?.receiverKind).toBe("app");
  });

  it("accepts a weakly named receiver only with a function handler", () => {
    const code = ['api.post("/orders", payload, config);', 'server.post("/orders", requireAuth, (req, res) => res.send("ok"));', 'server.use("/static");', "server.use(restify.plugins.bodyParser());"].join("\n");
    expect(registrations(code).map(summary)).toEqual(["server.post /orders [requireAuth] -> handler", "server.use - [restify.plugins.bodyParser]"]);
  });

  it("accepts a router typed as one and a non-literal path with a function handler", () => {
    const code = [
      "export function mount(r: Router) {",
      "  r.post(ROUTES.login, async (req, res) => res.json({}));",
      "}",
    ].join("\n");
    expect(registrations(code).map(summary)).toEqual(["r.post ROUTES.login [] -> handler"]);
  });

  it("reads Koa-router named routes", () => {
    const code = ['const router = new Router();', 'router.post("create-user", "/users", koaBody(), createUser);'].join("\n");
    expect(registrations(code, "routes.js").map(summary)).toEqual(["router.post /users [koaBody] -> handler"]);
  });
});

describe("routeRegistration: Fastify and Hono", () => {
  it("reads Fastify shorthand options hooks and route({...})", () => {
    const code = [
      "export default async function routes(fastify) {",
      '  fastify.post("/orders", { preHandler: [fastify.authenticate], schema }, createOrder);',
      '  fastify.route({ method: "DELETE", url: "/orders/:id", onRequest: fastify.authenticate, handler: removeOrder });',
      '  fastify.addHook("onRequest", fastify.verifyJWT);',
      '  fastify.get("/orders", { config: { rateLimit: { max: 5 } } }, listOrders);',
      "}",
    ].join("\n");
    const found = registrations(code, "routes.js");
    expect(found.map(summary)).toEqual([
      "fastify.post /orders [fastify.authenticate] -> handler",
      "fastify.delete /orders/:id [fastify.authenticate] -> handler",
      "fastify.use - [fastify.verifyJWT]",
      "fastify.get /orders [] -> handler",
    ]);
    expect(found[3]?.options).toBeDefined();
  });

  it("reads Hono routes, wildcards and chains", () => {
    const code = [
      'const app = new Hono();',
      'app.use("/api/*", jwt({ secret: env.JWT_SECRET }));',
      'app.post("/api/posts", zValidator("json", schema), (c) => c.json({}, 201)).delete("/api/posts/:id", (c) => c.body(null, 204));',
      'app.route("/admin", admin);',
    ].join("\n");
    expect(registrations(code).map(summary)).toEqual([
      "app.use /api/* [jwt]",
      "app.post /api/posts [zValidator] -> handler",
      "app.delete /api/posts/:id [] -> handler",
      "app.use /admin [admin]",
    ]);
  });
});

describe("middlewareName and name classifiers", () => {
  it("names middlewares as written", () => {
    const sourceFile = parse(
      [
        "f(requireAuth, requireAuth(), passport.authenticate('jwt'), auth.required, jwt({ secret }).unless({ path }), this.auth.bind(this), AuthGuard('jwt'), new JwtGuard(), (req, res, next) => next());",
      ].join("\n"),
    );
    const call = all(sourceFile, ts.isCallExpression)[0]!;
    expect(call.arguments.map((argument) => middlewareName(argument))).toEqual([
      "requireAuth",
      "requireAuth",
      "passport.authenticate",
      "auth.required",
      "jwt.unless",
      "this.auth",
      "AuthGuard",
      "JwtGuard",
      undefined,
    ]);
  });

  it("tells authentication, authorization and look-alikes apart", () => {
    const authn = ["auth", "authenticate", "requireAuth", "isAuthenticated", "ensureLoggedIn", "verifyToken", "requireUser", "passport.authenticate", "jwt", "expressjwt", "checkJwt", "protect", "guard", "withAuth", "auth.required", "jwt.unless", "fastify.authenticate", "AuthGuard", "JwtAuthGuard", "keycloak.protect", "authMiddleware", "authMiddleware.checkAuthentication", "derelict.isAuth"];
    const authz = ["requireRole", "isAdmin", "RolesGuard", "authorize", "requirePermission", "adminOnly"];
    const neither = ["authLimiter", "authRouter", "auth.optional", "optionalAuth", "csrfProtection", "loadAuthor", "validate", "express.json", "cors", "passport.initialize", "passport.session", "ThrottlerGuard", "upload.single", "helmet", "forwardAuthenticated", "ensureNotAuthenticated", "redirectIfLoggedIn", "isGuest", "checkNotAuthenticated", "derelict.attachUser"];
    expect(authn.filter((name) => accessCheckKind(name) !== "authentication")).toEqual([]);
    expect(authz.filter((name) => accessCheckKind(name) !== "authorization")).toEqual([]);
    expect(neither.filter((name) => accessCheckKind(name) !== undefined)).toEqual([]);
  });

  it("recognizes rate limiters but not body-size limits", () => {
    expect(["rateLimit", "RateLimit", "loginLimiter", "authLimiter", "limiter", "slowDown", "throttle", "bruteforce.prevent", "fastify.rateLimit"].every(isRateLimiterName)).toBe(true);
    expect(["bodyLimit", "express.json", "requireAuth", "uploadLimit", "db.select.from.limit", "limit", undefined].some((name) => isRateLimiterName(name))).toBe(false);
    expect(isRateLimiterName("authLimit")).toBe(true);
  });
});

describe("paths", () => {
  it("knows conventionally public routes", () => {
    const publicPaths = ["/login", "/auth/sign-in", "/signup", "/register", "/health", "/webhooks/stripe", "/oauth/google/callback", "/password/reset", "/forgot-password", "/public/terms", "/auth/refresh-token", "ROUTES.signIn", "/verify-email"];
    const privatePaths = ["/orders/:id", "/users/:id/password", "/admin/users", "/devices", "/api-keys"];
    expect(publicPaths.filter((path) => !isConventionallyPublicPath(path))).toEqual([]);
    expect(privatePaths.filter((path) => isConventionallyPublicPath(path))).toEqual([]);
  });

  it("finds sensitive surfaces by segment", () => {
    expect(["/admin/users", "/debug/vars", "/heapdump", "/env", "/metrics", "/actuator/env", "/_internal/jobs"].map(sensitiveSurfaceOf)).toEqual(["admin", "debug", "heapdump", "env", "metrics", "actuator", "internal"]);
    expect(["/administrators", "/environments", "/orders/:id", "/api/metrics-dashboard", undefined].map(sensitiveSurfaceOf)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("applies use prefixes by segment", () => {
    expect(prefixCovers(undefined, "/x")).toBe(true);
    expect(prefixCovers("/api", "/api/orders")).toBe(true);
    expect(prefixCovers("/api/*", "/api/orders")).toBe(true);
    expect(prefixCovers("*", "/orders")).toBe(true);
    expect(prefixCovers("/api", "/apis")).toBe(false);
    expect(prefixCovers("/admin", "/orders")).toBe(false);
  });
});

describe("RouteTable", () => {
  it("applies router-level middleware only to routes after it, and through mounts", () => {
    const code = [
      "const app = express();",
      "const api = express.Router();",
      'api.post("/login", login);',
      "api.use(requireAuth);",
      'api.post("/orders", createOrder);',
      'const admin = express.Router(); admin.delete("/users/:id", removeUser);',
      'app.use("/admin", requireRole("admin"), admin);',
      'app.use("/api", api);',
    ].join("\n");
    const { table: routes } = table(code);
    const byPath = (path: string) => routes.all().find((registration) => registration.path === path)!;
    expect(routes.applied(byPath("/login")).map((applied) => applied.name)).toEqual([]);
    expect(routes.applied(byPath("/orders")).map((applied) => applied.name)).toEqual(["requireAuth"]);
    expect(routes.applied(byPath("/users/:id")).map((applied) => applied.name)).toEqual(["requireRole"]);
    expect(routes.fullPath(byPath("/users/:id"))).toBe("/admin/users/:id");
    expect(routes.siblings(byPath("/login")).map((sibling) => sibling.path)).toEqual(["/orders"]);
  });

  it("follows Fastify encapsulated plugins and their hooks", () => {
    const code = [
      "export default async function (fastify) {",
      "  fastify.register(async (instance) => {",
      '    instance.addHook("onRequest", instance.authenticate);',
      '    instance.delete("/orders/:id", removeOrder);',
      '  }, { prefix: "/api" });',
      '  fastify.post("/login", login);',
      "}",
    ].join("\n");
    const { table: routes } = table(code);
    const remove = routes.all().find((registration) => registration.path === "/orders/:id")!;
    expect(routes.applied(remove).map((applied) => applied.name)).toEqual(["instance.authenticate"]);
    expect(routes.fullPath(remove)).toBe("/api/orders/:id");
    const login = routes.all().find((registration) => registration.path === "/login")!;
    expect(routes.applied(login)).toEqual([]);
  });

  it("follows a Fastify plugin declared in the same file and registered by name", () => {
    const code = [
      "async function adminRoutes(fastify) {",
      '  fastify.delete("/users/:id", removeUser);',
      "}",
      "export default async function app(fastify) {",
      '  fastify.addHook("preHandler", fastify.requireAdmin);',
      '  fastify.register(adminRoutes, { prefix: "/admin" });',
      "}",
    ].join("\n");
    const { table: routes } = table(code);
    const remove = routes.all().find((registration) => registration.path === "/users/:id")!;
    expect(routes.fullPath(remove)).toBe("/admin/users/:id");
    expect(routes.applied(remove).map((applied) => applied.name)).toEqual(["fastify.requireAdmin"]);
  });

  it("keeps routers of different functions apart even with the same parameter name", () => {
    const code = [
      'export function orders(app) { app.use(requireAuth); app.post("/orders", create); }',
      'export function hooks(app) { app.post("/hooks/github", receive); }',
    ].join("\n");
    const { table: routes } = table(code);
    const hook = routes.all().find((registration) => registration.path === "/hooks/github")!;
    expect(routes.applied(hook)).toEqual([]);
    expect(routes.siblings(hook)).toEqual([]);
  });
});

describe("handlers and comments", () => {
  it("sees access checks in inline and local handlers", () => {
    const sourceFile = parse(
      [
        "async function removeOrder(req, res) { if (!req.user) return res.status(401).end(); }",
        'app.delete("/a", removeOrder);',
        'app.delete("/b", async (req, res) => { await db.orders.delete(req.params.id); res.sendStatus(204); });',
      ].join("\n"),
    );
    const handlers = all(sourceFile, ts.isCallExpression)
      .map((call) => routeRegistration(call)?.handler)
      .filter((handler): handler is ts.Expression => handler !== undefined);
    expect(handlers.map((handler) => handlerChecksAccess(handler, sourceFile))).toEqual([true, false]);
  });

  it("reads commented-out middlewares and guards, but not prose", () => {
    expect(commentedOutNames("// requireAuth,")).toEqual(["requireAuth"]);
    expect(commentedOutNames("/* passport.authenticate('jwt', { session: false }), */")).toEqual(["passport.authenticate"]);
    expect(commentedOutNames("// @UseGuards(JwtAuthGuard, RolesGuard)")).toEqual(["JwtAuthGuard", "RolesGuard"]);
    expect(commentedOutNames("// auth is handled by the API gateway")).toEqual([]);
    expect(commentedOutNames("// TODO: add validation")).toEqual([]);
  });

  it("finds comments with the scanner, not inside strings", () => {
    const code = 'router.post("/a//b", /* requireAuth, */ handler); // done';
    const sourceFile = parse(code);
    expect(commentsBetween(sourceFile, 0, code.indexOf("handler")).map((comment) => comment.text)).toEqual(["/* requireAuth, */"]);
  });
});

describe("nestRoute", () => {
  it("reads the HTTP decorator, guards, public markers and paths", () => {
    const code = [
      "@Controller('orders')",
      "@UseGuards(ThrottlerGuard)",
      "export class OrdersController {",
      "  @Post(':id/cancel')",
      "  @UseGuards(JwtAuthGuard, RolesGuard)",
      "  @Roles('admin')",
      "  cancel(@Param('id') id: string) {}",
      "  @Public()",
      "  @Get()",
      "  list() {}",
      "  helper() {}",
      "}",
    ].join("\n");
    const sourceFile = parse(code);
    const routes = all(sourceFile, ts.isMethodDeclaration).map(nestRoute);
    expect(routes[2]).toBeUndefined();
    const cancel = routes[0]!;
    expect(cancel.method).toBe("post");
    expect(nestFullPath(cancel)).toBe("/orders/:id/cancel");
    expect(cancel.guards.map((guard) => middlewareName(guard))).toEqual(["JwtAuthGuard", "RolesGuard", "Roles"]);
    expect(cancel.classGuards.map((guard) => middlewareName(guard))).toEqual(["ThrottlerGuard"]);
    expect(cancel.isPublic).toBe(false);
    expect(routes[1]).toMatchObject({ method: "get", isPublic: true });
  });

  it("ignores HTTP decorators outside a controller", () => {
    const sourceFile = parse("class Client { @Post() send() {} }");
    expect(all(sourceFile, ts.isMethodDeclaration).map(nestRoute)).toEqual([undefined]);
  });
});
