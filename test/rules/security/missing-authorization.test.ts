import { describe, expect, it } from "vitest";
import { missingAuthorization } from "../../../rules/security/missing-authorization.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/missing-authorization";

const ordersRouter = [
  'import { Router } from "express";',
  'import { requireAuth } from "../middleware/auth.js";',
  'import * as orders from "../controllers/orders.js";',
  "",
  "const router = Router();",
  "",
  'router.get("/orders", requireAuth, orders.list);',
  'router.get("/orders/:id", requireAuth, orders.show);',
  'router.post("/orders", requireAuth, validate(orderSchema), orders.create);',
  'router.patch("/orders/:id", requireAuth, orders.update);',
  'router.delete("/orders/:id", orders.remove);',
  "",
  "export default router;",
].join("\n");

describe("security/missing-authorization: fires", () => {
  it("on a DELETE route without the requireAuth its four siblings use (high)", () => {
    const findings = findingsOf(missingAuthorization, "src/routes/orders.ts", ordersRouter);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "high", line: 11, endLine: 11 });
    expect(findings[0]?.message).toBe('`router.delete("/orders/:id")` has no `requireAuth`, which the 4 other routes on `router` use.');
  });

  it("on a Fastify route without the preHandler its siblings use (js)", () => {
    const code = [
      "module.exports = async function projectRoutes(fastify) {",
      '  fastify.get("/projects", { preHandler: [fastify.authenticate] }, listProjects);',
      '  fastify.post("/projects", { preHandler: [fastify.authenticate], schema: createSchema }, createProject);',
      '  fastify.put("/projects/:id", { schema: updateSchema }, updateProject);',
      "};",
    ].join("\n");
    const findings = findingsOf(missingAuthorization, "src/routes/projects.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 4 });
    expect(findings[0]?.message).toContain("`fastify.put(\"/projects/:id\")` has no `fastify.authenticate`, which the 2 other routes");
  });

  it("on a NestJS handler without the @UseGuards its sibling handlers carry", () => {
    const code = [
      'import { Controller, Delete, Get, Param, Post, UseGuards } from "@nestjs/common";',
      'import { JwtAuthGuard } from "../auth/jwt-auth.guard";',
      "",
      '@Controller("invoices")',
      "export class InvoicesController {",
      "  constructor(private readonly invoices: InvoicesService) {}",
      "",
      "  @Get()",
      "  @UseGuards(JwtAuthGuard)",
      "  findAll() { return this.invoices.findAll(); }",
      "",
      "  @Post()",
      "  @UseGuards(JwtAuthGuard)",
      "  create(@Body() dto: CreateInvoiceDto) { return this.invoices.create(dto); }",
      "",
      '  @Delete(":id")',
      '  remove(@Param("id") id: string) { return this.invoices.remove(id); }',
      "}",
    ].join("\n");
    const findings = findingsOf(missingAuthorization, "src/invoices/invoices.controller.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 16, endLine: 17 });
    expect(findings[0]?.message).toContain("`@Delete(\":id\") remove()` in `InvoicesController` has no `@UseGuards(JwtAuthGuard)`");
    expect(findings[0]?.message).toContain("`@Public()`");
  });

  it("on auth middleware commented out in a registration, even on a GET route", () => {
    const code = [
      "const express = require('express');",
      "const router = express.Router();",
      "router.get(",
      "  '/reports/export',",
      "  // requireAuth,",
      "  exportReports,",
      ");",
      "module.exports = router;",
    ].join("\n");
    const findings = findingsOf(missingAuthorization, "server/routes/reports.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 3, endLine: 5 });
    expect(findings[0]?.message).toBe("`router.get(\"/reports/export\")` has `requireAuth` commented out, so nothing in this file checks who calls it.");
  });

  it("on a commented-out @UseGuards above a NestJS handler", () => {
    const code = [
      '@Controller("users")',
      "export class UsersController {",
      "  @Patch(':id/role')",
      "  // @UseGuards(JwtAuthGuard, RolesGuard)",
      "  setRole(@Param('id') id: string, @Body() body: RoleDto) { return this.users.setRole(id, body.role); }",
      "}",
    ].join("\n");
    const findings = findingsOf(missingAuthorization, "src/users/users.controller.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("high");
    expect(findings[0]?.message).toContain("`@UseGuards(JwtAuthGuard)`, `@UseGuards(RolesGuard)` commented out");
  });

  it("at medium when only one sibling uses an access check", () => {
    const code = [
      "const router = express.Router();",
      'router.get("/profile", isAuthenticated, showProfile);',
      'router.put("/profile", updateProfile);',
    ].join("\n");
    const findings = findingsOf(missingAuthorization, "routes/profile.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 3 });
    expect(findings[0]?.message).toContain("has no `isAuthenticated`, which the 1 other route on `router` uses.");
  });

  it("names the authentication check most siblings use when they mix checks", () => {
    const code = [
      "const router = Router();",
      'router.post("/projects", ensureLoggedIn(), createProject);',
      'router.put("/projects/:id", ensureLoggedIn(), updateProject);',
      'router.post("/projects/:id/archive", isAdmin, archiveProject);',
      'router.delete("/projects/:id", destroyProject);',
    ].join("\n");
    const findings = findingsOf(missingAuthorization, "src/projects.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe('`router.delete("/projects/:id")` has no `ensureLoggedIn`, which 2 of the 3 other routes with an access check on `router` use.');
  });

  it("at medium when the siblings only check roles", () => {
    const code = [
      "const app = express();",
      'app.post("/products", requireRole("editor"), createProduct);',
      'app.put("/products/:id", requireRole("editor"), updateProduct);',
      'app.delete("/products/:id", deleteProduct);',
    ].join("\n");
    const findings = findingsOf(missingAuthorization, "src/server.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 4 });
  });

  it("on a Hono route chained after protected ones", () => {
    const code = [
      "const posts = new Hono();",
      'posts.post("/", bearerAuth({ token }), zValidator("json", postSchema), (c) => c.json(create(c.req.valid("json")), 201));',
      'posts.put("/:id", bearerAuth({ token }), (c) => c.json(update(c.req.param("id"))));',
      'posts.delete("/:id", (c) => { remove(c.req.param("id")); return c.body(null, 204); });',
      "export default posts;",
    ].join("\n");
    const findings = findingsOf(missingAuthorization, "src/posts.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 4 });
    expect(findings[0]?.message).toContain("`posts.delete(\"/:id\")` has no `bearerAuth`");
  });
});

describe("security/missing-authorization: does not fire", () => {
  it("when every route carries the check", () => {
    const code = ordersRouter.replace('router.delete("/orders/:id", orders.remove);', 'router.delete("/orders/:id", requireAuth, requireRole("admin"), orders.remove);');
    expect(findingsOf(missingAuthorization, "src/routes/orders.ts", code)).toEqual([]);
  });

  it("when a router-level check precedes the routes, with public routes above it", () => {
    const code = [
      "const router = express.Router();",
      'router.post("/login", loginLimiter, login);',
      'router.post("/register", register);',
      "router.use(passport.authenticate('jwt', { session: false }));",
      'router.get("/me", showMe);',
      'router.post("/me/avatar", upload.single("avatar"), saveAvatar);',
      'router.delete("/me", requireRole("user"), deleteAccount);',
      'router.delete("/me/sessions", requireRole("user"), revokeSessions);',
      'router.put("/me", updateMe);',
    ].join("\n");
    expect(findingsOf(missingAuthorization, "routes/account.js", code)).toEqual([]);
  });

  it("on conventionally public routes next to protected ones", () => {
    const code = [
      "const router = Router();",
      'router.post("/auth/signup", signup);',
      'router.post("/auth/password/reset", resetPassword);',
      'router.post("/webhooks/stripe", express.raw({ type: "application/json" }), stripeWebhook);',
      'router.post("/orders", requireAuth, createOrder);',
      'router.put("/orders/:id", requireAuth, updateOrder);',
      'router.get("/orders", requireAuth, listOrders);',
    ].join("\n");
    expect(findingsOf(missingAuthorization, "src/routes.ts", code)).toEqual([]);
  });

  it("when the handler checks access itself", () => {
    const code = [
      "const router = Router();",
      'router.get("/notes", requireAuth, listNotes);',
      'router.post("/notes", requireAuth, createNote);',
      'router.delete("/notes/:id", async (req, res) => {',
      "  if (!req.user) return res.status(401).json({ error: 'unauthorized' });",
      "  await notes.remove(req.user.id, req.params.id);",
      "  res.sendStatus(204);",
      "});",
    ].join("\n");
    expect(findingsOf(missingAuthorization, "src/notes.ts", code)).toEqual([]);
  });

  it("when the app mounts the router behind a check", () => {
    const code = [
      "const app = express();",
      "const api = express.Router();",
      'api.post("/projects", requireAuth, createProject);',
      'api.put("/projects/:id", requireAuth, updateProject);',
      'api.delete("/projects/:id", deleteProject);',
      'app.use("/api", checkJwt, api);',
    ].join("\n");
    expect(findingsOf(missingAuthorization, "src/app.ts", code)).toEqual([]);
  });

  it("in a router where unprotected writes are the norm", () => {
    const code = [
      "const router = Router();",
      'router.post("/feedback", sendFeedback);',
      'router.post("/cart/items", addToCart);',
      'router.delete("/cart/items/:id", removeFromCart);',
      'router.post("/orders", requireAuth, createOrder);',
    ].join("\n");
    expect(findingsOf(missingAuthorization, "src/shop.ts", code)).toEqual([]);
  });

  it("on a NestJS controller guarded at class level, and on @Public handlers", () => {
    const code = [
      '@Controller("tasks")',
      "@UseGuards(AuthGuard('jwt'))",
      "export class TasksController {",
      "  @Post() create(@Body() dto: CreateTaskDto) { return this.tasks.create(dto); }",
      '  @Delete(":id") remove(@Param("id") id: string) { return this.tasks.remove(id); }',
      "}",
      '@Controller("auth")',
      "export class AuthController {",
      "  @Get('me') @UseGuards(JwtAuthGuard) me(@Req() req) { return req.user; }",
      "  @Post('sessions/refresh') @UseGuards(JwtAuthGuard) refresh(@Req() req) { return this.auth.refresh(req.user); }",
      "  @Public() @Post('magic') sendLink(@Body() dto: LinkDto) { return this.auth.sendMagicLink(dto.email); }",
      "}",
    ].join("\n");
    expect(findingsOf(missingAuthorization, "src/tasks/tasks.controller.ts", code)).toEqual([]);
  });

  it("on look-alikes: HTTP clients, Maps, prose comments, optional auth and rate limiters", () => {
    const code = [
      "const cache = new Map();",
      'cache.delete("/orders/1");',
      'await axios.delete("/api/orders/1", { headers });',
      "const router = Router();",
      'router.get("/articles", auth.optional, listArticles);',
      'router.get("/articles/:slug", auth.optional, showArticle);',
      'router.post("/articles/:slug/views", authLimiter, countView);',
      "router.post(",
      '  "/articles/:slug/comments",',
      "  // auth is enforced by the API gateway for this path",
      "  addComment,",
      ");",
    ].join("\n");
    expect(findingsOf(missingAuthorization, "src/articles.ts", code)).toEqual([]);
  });

  it("on the signup endpoint of a users router and on handlers that issue credentials", () => {
    const code = [
      "const router = express.Router();",
      'router.post("/", [check("email").isEmail(), check("password").isLength({ min: 12 })], registerUser);',
      'router.post("/tokens", async (req, res) => {',
      "  const user = await User.findOne({ email: req.body.email });",
      "  if (!user || !(await bcrypt.compare(req.body.password, user.passwordHash))) return res.status(400).end();",
      "  res.json({ token: jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '1h' }) });",
      "});",
      'router.get("/me", protect, getMe);',
      'router.put("/me", protect, updateMe);',
      'router.delete("/:id", protect, admin, deleteUser);',
      "module.exports = router;",
    ].join("\n");
    expect(findingsOf(missingAuthorization, "routes/api/users.js", code)).toEqual([]);
  });

  it("on a spread middleware list it cannot see into", () => {
    const code = [
      "const router = Router();",
      'router.post("/teams", requireAuth, createTeam);',
      'router.put("/teams/:id", requireAuth, updateTeam);',
      'router.delete("/teams/:id", ...teamAdmin, deleteTeam);',
    ].join("\n");
    expect(findingsOf(missingAuthorization, "src/teams.ts", code)).toEqual([]);
  });

  it("in test files", () => {
    expect(findingsOf(missingAuthorization, "src/routes/orders.test.ts", ordersRouter)).toEqual([]);
  });
});

describe("security/missing-authorization: review mode", () => {
  it("reports a change that only comments the check out", () => {
    const code = ["const router = Router();", "router.delete(", '  "/projects/:id",', "  // requireAuth,", "  deleteProject,", ");"].join("\n");
    const { findings } = analyze([missingAuthorization], [{ path: "src/projects.ts", content: code, patch: patchAdding(code, [4]) }], { mode: "review" });
    expect(findings.map((finding) => [finding.line, finding.endLine, finding.severity])).toEqual([[2, 4, "high"]]);
  });

  it("reports only when the registration's own lines change, not its handler body", () => {
    const code = [
      "const router = Router();",
      'router.get("/orders", requireAuth, listOrders);',
      'router.post("/orders", requireAuth, createOrder);',
      'router.delete("/orders/:id", async (req, res) => {',
      "  await Order.deleteOne({ _id: req.params.id });",
      "  res.sendStatus(204);",
      "});",
    ].join("\n");
    const body = analyze([missingAuthorization], [{ path: "src/orders.js", content: code, patch: patchAdding(code, [5]) }], { mode: "review" });
    expect(body.findings).toEqual([]);
    const head = analyze([missingAuthorization], [{ path: "src/orders.js", content: code, patch: patchAdding(code, [4]) }], { mode: "review" });
    expect(head.findings.map((finding) => finding.line)).toEqual([4]);
  });
});
