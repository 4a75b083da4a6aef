import { describe, expect, it } from "vitest";
import { sensitiveSurfaceExposed } from "../../../rules/security/sensitive-surface-exposed.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/sensitive-surface-exposed";

/** A hardened app header, so tests about other surfaces are not about X-Powered-By. */
const HARDENED = ['import express from "express";', 'import helmet from "helmet";', "const app = express();", "app.use(helmet());"];

describe("security/sensitive-surface-exposed: fires", () => {
  it("on a serve-index directory listing (high)", () => {
    const code = [
      ...HARDENED,
      'import serveIndex from "serve-index";',
      'app.use("/files", express.static("public/files"), serveIndex("public/files", { icons: true }));',
    ].join("\n");
    const findings = findingsOf(sensitiveSurfaceExposed, "src/server.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "high", line: 6 });
    expect(findings[0]?.message).toContain("directory listing at `/files`");
  });

  it("on static serving of the project root, of logs, and with dotfiles allowed (js)", () => {
    const code = [
      "const express = require('express');",
      "const path = require('path');",
      "const app = express();",
      "app.disable('x-powered-by');",
      "app.use(express.static(__dirname));",
      "app.use('/logs', express.static(path.join(__dirname, 'logs')));",
      "app.use('/assets', express.static('assets', { dotfiles: 'allow' }));",
      "app.use(express.static(path.join(__dirname, 'public')));",
    ].join("\n");
    const findings = findingsOf(sensitiveSurfaceExposed, "server.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [5, "high"],
      [6, "high"],
      [7, "high"],
    ]);
    expect(findings[0]?.message).toContain("serves `__dirname` as static files");
    expect(findings[1]?.message).toContain("the `logs` directory");
    expect(findings[2]?.message).toContain('`dotfiles: "allow"`');
  });

  it("on @fastify/static rooted at the working directory", () => {
    const code = [
      'import fastifyStatic from "@fastify/static";',
      "const app = Fastify({ logger: true });",
      "await app.register(fastifyStatic, { root: process.cwd(), prefix: \"/\" });",
    ].join("\n");
    const findings = findingsOf(sensitiveSurfaceExposed, "src/main.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("serves `process.cwd()`");
  });

  it("on unauthenticated debug, heap-dump and env routes on the app (high) and metrics (medium)", () => {
    const code = [
      ...HARDENED,
      'app.get("/debug/vars", (req, res) => res.json(process.memoryUsage()));',
      'app.get("/heapdump", (req, res) => { const file = v8.writeHeapSnapshot(); res.download(file); });',
      'app.get("/env", (req, res) => res.json(process.env));',
      'app.get("/metrics", async (req, res) => res.end(await register.metrics()));',
      'app.get("/orders", requireAuth, listOrders);',
    ].join("\n");
    const findings = findingsOf(sensitiveSurfaceExposed, "src/app.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [5, "high"],
      [6, "high"],
      [7, "high"],
      [8, "medium"],
    ]);
    expect(findings[0]?.message).toBe('`app.get("/debug/vars")` exposes a debug endpoint without any authentication middleware.');
    expect(findings[2]?.message).toContain("exposes the process environment, and with it every secret the service holds,");
  });

  it("on an admin route in a router that guards its other routes", () => {
    const code = [
      "const router = Router();",
      'router.get("/orders", requireAuth, listOrders);',
      'router.delete("/admin/users/:id", deleteUser);',
      'router.get("/admin/stats", adminStats);',
      "export default router;",
    ].join("\n");
    const findings = findingsOf(sensitiveSurfaceExposed, "src/routes.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [3, "high"],
      [4, "medium"],
    ]);
  });

  it("at medium for an /env route that returns selected settings, at high when it returns process.env", () => {
    const code = [
      ...HARDENED,
      'app.get("/env", (req, res) => res.json({ apiUrl: process.env.PUBLIC_API_URL, release: process.env.RELEASE }));',
      'app.get("/debug/env", (req, res) => res.json({ ...process.env }));',
    ].join("\n");
    const findings = findingsOf(sensitiveSurfaceExposed, "src/config-routes.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [5, "medium"],
      [6, "high"],
    ]);
  });

  it("on GraphiQL switched on unconditionally (medium)", () => {
    const code = [...HARDENED, 'app.use("/graphql", requireAuth, graphqlHTTP({ schema, rootValue, graphiql: true }));'].join("\n");
    const findings = findingsOf(sensitiveSurfaceExposed, "src/graphql.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 5 });
    expect(findings[0]?.message).toContain("GraphiQL");
  });

  it("on an Express app without x-powered-by disabled (low)", () => {
    const code = ['import express from "express";', "const app = express();", "app.use(express.json());", 'app.get("/", (req, res) => res.send("ok"));', "app.listen(3000);"].join("\n");
    const findings = findingsOf(sensitiveSurfaceExposed, "src/index.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "low", line: 2 });
    expect(findings[0]?.message).toContain("X-Powered-By");
  });

  it("on uploads served publicly without headers (medium)", () => {
    const code = [...HARDENED, 'app.use("/uploads", express.static(path.join(__dirname, "..", "uploads")));'].join("\n");
    const findings = findingsOf(sensitiveSurfaceExposed, "src/app.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("medium");
  });

  it("at low for an admin route on a router that this file guards nowhere", () => {
    const code = ["const router = express.Router();", 'router.post("/admin/reindex", reindexAll);', "module.exports = router;"].join("\n");
    const findings = findingsOf(sensitiveSurfaceExposed, "routes/admin.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("low");
    expect(findings[0]?.message).toContain("mounted behind one");
  });
});

describe("security/sensitive-surface-exposed: does not fire", () => {
  it("on public asset directories served the normal way", () => {
    const code = [
      ...HARDENED,
      'app.use(express.static(path.join(__dirname, "public"), { maxAge: "1d" }));',
      'app.use("/static", express.static(`${__dirname}/dist/static`));',
      'app.use("/scripts", express.static(__dirname + "/node_modules/bootstrap/dist"));',
      'app.use("/admin", express.static("admin-ui/build"));',
    ].join("\n");
    expect(findingsOf(sensitiveSurfaceExposed, "src/server.ts", code)).toEqual([]);
  });

  it("on admin, debug and metrics routes behind authentication", () => {
    const code = [
      ...HARDENED,
      'app.get("/debug/vars", requireAdmin, (req, res) => res.json(process.memoryUsage()));',
      'app.use("/admin", requireAuth, requireRole("admin"), adminRouter);',
      'app.get("/metrics", basicAuth({ users: { prometheus: process.env.METRICS_PASSWORD } }), metricsHandler);',
      "const ops = Router();",
      "ops.use(passport.authenticate('jwt', { session: false }));",
      'ops.get("/admin/queues", listQueues);',
      'app.use("/ops", ops);',
      'app.use("/files", requireAuth, serveIndex("shared", { icons: true }));',
    ].join("\n");
    expect(findingsOf(sensitiveSurfaceExposed, "src/app.ts", code)).toEqual([]);
  });

  it("on debug routes and GraphiQL enabled only outside production", () => {
    const code = [
      ...HARDENED,
      'if (process.env.NODE_ENV !== "production") {',
      '  app.get("/debug/routes", (req, res) => res.json(listRoutes(app)));',
      "}",
      'app.use("/graphql", graphqlHTTP({ schema, graphiql: process.env.NODE_ENV === "development" }));',
      "const server = new ApolloServer({ typeDefs, resolvers, introspection: isDev, ...(isDev ? { playground: true } : {}) });",
    ].join("\n");
    expect(findingsOf(sensitiveSurfaceExposed, "src/dev.ts", code)).toEqual([]);
  });

  it("on metrics served by a separate internal server, and on /actuator/health", () => {
    const code = [
      ...HARDENED,
      "const metricsApp = express();",
      "metricsApp.disable('x-powered-by');",
      'metricsApp.get("/metrics", async (req, res) => res.end(await client.register.metrics()));',
      "metricsApp.listen(9100);",
      'app.get("/actuator/health", (req, res) => res.json({ status: "UP" }));',
    ].join("\n");
    expect(findingsOf(sensitiveSurfaceExposed, "src/metrics.ts", code)).toEqual([]);
  });

  it("on the admin login route, an /env handler's public settings when guarded, and Hono static files under a prefix", () => {
    const code = [
      'import { Hono } from "hono";',
      'import { serveStatic } from "hono/bun";',
      "const app = new Hono();",
      'app.post("/admin/login", loginLimiter, adminLogin);',
      'app.use("/static/*", serveStatic({ root: "./" }));',
      'app.get("/favicon.ico", serveStatic({ path: "./favicon.ico" }));',
      "export default app;",
    ].join("\n");
    expect(findingsOf(sensitiveSurfaceExposed, "src/index.ts", code)).toEqual([]);
  });

  it("on a handler that checks a token itself", () => {
    const code = [
      ...HARDENED,
      'app.post("/admin/cache/flush", (req, res) => {',
      '  if (req.get("authorization") !== `Bearer ${process.env.ADMIN_TOKEN}`) return res.sendStatus(401);',
      "  cache.flushAll();",
      "  res.sendStatus(204);",
      "});",
    ].join("\n");
    expect(findingsOf(sensitiveSurfaceExposed, "src/admin.ts", code)).toEqual([]);
  });

  it("on look-alikes: routers mounted from other files, clients and Maps", () => {
    const code = [
      ...HARDENED,
      'import adminRouter from "./admin/router.js";',
      'app.use("/admin", adminRouter);',
      'await axios.get("/admin/stats");',
      'settings.get("/debug");',
      'const res = await fetch("/env");',
    ].join("\n");
    expect(findingsOf(sensitiveSurfaceExposed, "src/app.ts", code)).toEqual([]);
  });

  it("on Express apps that hide X-Powered-By, and on Fastify/Koa apps", () => {
    const disabled = ['const express = require("express");', "const app = express();", 'app.disable("x-powered-by");'].join("\n");
    const set = ['import express from "express";', "const app = express();", 'app.set("x-powered-by", false);'].join("\n");
    const fastify = ['import Fastify from "fastify";', "const app = Fastify();", 'app.get("/", async () => ({ ok: true }));'].join("\n");
    expect(findingsOf(sensitiveSurfaceExposed, "a.js", disabled)).toEqual([]);
    expect(findingsOf(sensitiveSurfaceExposed, "b.ts", set)).toEqual([]);
    expect(findingsOf(sensitiveSurfaceExposed, "c.ts", fastify)).toEqual([]);
  });

  it("in test files", () => {
    const code = [...HARDENED, "app.use(express.static(__dirname));"].join("\n");
    expect(findingsOf(sensitiveSurfaceExposed, "test/static.test.ts", code)).toEqual([]);
  });
});

describe("security/sensitive-surface-exposed: review mode", () => {
  it("does not report an X-Powered-By finding for an app the pull request did not create", () => {
    const code = ['import express from "express";', "const app = express();", 'app.get("/", (req, res) => res.send("ok"));'].join("\n");
    const { findings } = analyze([sensitiveSurfaceExposed], [{ path: "src/index.ts", content: code, patch: patchAdding(code, [3]) }], { mode: "review" });
    expect(findings).toEqual([]);
  });
});
