import { describe, expect, it } from "vitest";
import { missingRateLimit } from "../../../rules/security/missing-rate-limit.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/missing-rate-limit";

describe("security/missing-rate-limit: fires", () => {
  it("on a login route of an app created in the file (medium)", () => {
    const code = [
      'import express from "express";',
      "const app = express();",
      "app.use(express.json());",
      'app.post("/api/auth/login", async (req, res) => {',
      "  const user = await users.verify(req.body.email, req.body.password);",
      "  res.json({ token: sign(user) });",
      "});",
      "app.listen(3000);",
    ].join("\n");
    const findings = findingsOf(missingRateLimit, "src/server.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "medium", line: 4, endLine: 4 });
    expect(findings[0]?.message).toBe('`app.post("/api/auth/login")` has no rate limiter: passwords can be guessed at full speed (credential stuffing, brute force).');
  });

  it("on the one auth route a router leaves out of its limiter (medium)", () => {
    const code = [
      "const rateLimit = require('express-rate-limit');",
      "const router = require('express').Router();",
      "const loginLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 5 });",
      "router.post('/login', loginLimiter, authController.login);",
      "router.post('/forgot-password', authController.forgotPassword);",
      "router.post('/2fa/verify', loginLimiter, authController.verifyTwoFactor);",
      "module.exports = router;",
    ].join("\n");
    const findings = findingsOf(missingRateLimit, "routes/auth.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 5 });
    expect(findings[0]?.message).toContain("reset emails can be triggered in bulk");
    expect(findings[0]?.message).toContain("Other routes in this file are rate limited.");
  });

  it("at low on an exported router with no limiter in the file, recognizing handlers on a bare path", () => {
    const code = [
      'import { Router } from "express";',
      "const router = Router();",
      'router.post("/", validate(signupSchema), register);',
      'router.post("/otp/verify", verifyOtp);',
      "export default router;",
    ].join("\n");
    const findings = findingsOf(missingRateLimit, "src/routes/signup.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [3, "low"],
      [4, "low"],
    ]);
    expect(findings[0]?.message).toContain("accounts can be created in bulk");
    expect(findings[1]?.message).toContain("one-time codes can be brute-forced");
    expect(findings[1]?.message).toContain("global limiter");
  });

  it("at medium on a Koa router mounted on an app in the same file", () => {
    const code = [
      "const Koa = require('koa');",
      "const Router = require('@koa/router');",
      "const app = new Koa();",
      "const router = new Router();",
      "router.post('/auth/sign-in', signIn);",
      "app.use(router.routes()).use(router.allowedMethods());",
      "app.listen(3000);",
    ].join("\n");
    const findings = findingsOf(missingRateLimit, "src/app.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 5 });
  });

  it("on a Fastify login route when the rate-limit plugin is registered with global: false", () => {
    const code = [
      'import rateLimit from "@fastify/rate-limit";',
      "const app = Fastify();",
      "await app.register(rateLimit, { global: false });",
      'app.post("/signup", { config: { rateLimit: { max: 3, timeWindow: "1 hour" } } }, signup);',
      'app.post("/login", { schema: loginSchema }, login);',
    ].join("\n");
    const findings = findingsOf(missingRateLimit, "src/app.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 5 });
  });

  it("on a NestJS login handler (low: ThrottlerGuard may be global)", () => {
    const code = [
      '@Controller("auth")',
      "export class AuthController {",
      "  @Post('login')",
      "  login(@Body() dto: LoginDto) { return this.auth.login(dto); }",
      "}",
    ].join("\n");
    const findings = findingsOf(missingRateLimit, "src/auth/auth.controller.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "low", line: 3 });
    expect(findings[0]?.message).toContain("`@Post('login') login()`");
    expect(findings[0]?.message).toContain("APP_GUARD");
  });

  it("on a keyGenerator that reads X-Forwarded-For as sent (medium)", () => {
    const code = [
      "const limiter = rateLimit({",
      "  windowMs: 60_000,",
      "  limit: 10,",
      "  keyGenerator: (req) => req.headers['x-forwarded-for'] || req.ip,",
      "});",
      "app.use('/api/auth', limiter);",
    ].join("\n");
    const findings = findingsOf(missingRateLimit, "src/limits.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 4 });
    expect(findings[0]?.message).toContain("`X-Forwarded-For` header as the client sent it");
  });

  it("on a rate-limiter-flexible consumer keyed on X-Forwarded-For", () => {
    const code = [
      "const loginLimiter = new RateLimiterRedis({ storeClient: redis, points: 5, duration: 900 });",
      "export async function limitLogin(req, res, next) {",
      "  await loginLimiter.consume(req.get('X-Forwarded-For'));",
      "  next();",
      "}",
    ].join("\n");
    const findings = findingsOf(missingRateLimit, "src/middleware/limit-login.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.line).toBe(3);
  });
});

describe("security/missing-rate-limit: does not fire", () => {
  it("when an app-level limiter precedes the auth routes", () => {
    const code = [
      "const app = express();",
      "app.use(rateLimit({ windowMs: 60_000, limit: 100 }));",
      'app.post("/login", login);',
      'app.post("/register", register);',
    ].join("\n");
    expect(findingsOf(missingRateLimit, "src/server.js", code)).toEqual([]);
  });

  it("when a path-scoped limiter covers the router the routes are mounted on", () => {
    const code = [
      "const app = express();",
      "const auth = express.Router();",
      'auth.post("/login", login);',
      'auth.post("/password/reset", resetPassword);',
      'app.use("/auth", authLimiter, auth);',
    ].join("\n");
    expect(findingsOf(missingRateLimit, "src/app.ts", code)).toEqual([]);
  });

  it("when each route carries a limiter, slowDown or a consumer in the handler", () => {
    const code = [
      "const router = Router();",
      'router.post("/login", loginLimiter, passport.authenticate("local"), issueToken);',
      'router.post("/signup", slowDown({ windowMs: 60_000, delayAfter: 3 }), signup);',
      'router.post("/magic-link", async (req, res) => {',
      "  await emailLimiter.consume(req.body.email);",
      "  await sendMagicLink(req.body.email);",
      "  res.sendStatus(202);",
      "});",
    ].join("\n");
    expect(findingsOf(missingRateLimit, "src/auth.ts", code)).toEqual([]);
  });

  it("with a global Fastify rate-limit plugin", () => {
    const code = [
      "const app = Fastify();",
      "await app.register(import('@fastify/rate-limit'), { max: 100, timeWindow: '1 minute' });",
      "app.post('/login', login);",
    ].join("\n");
    expect(findingsOf(missingRateLimit, "src/app.js", code)).toEqual([]);
  });

  it("on NestJS handlers with @Throttle, ThrottlerGuard or @SkipThrottle", () => {
    const code = [
      '@Controller("auth")',
      "@UseGuards(ThrottlerGuard)",
      "export class AuthController {",
      "  @Post('login') login(@Body() dto: LoginDto) { return this.auth.login(dto); }",
      "}",
      '@Controller("account")',
      "export class AccountController {",
      "  @Throttle({ default: { limit: 3, ttl: 60000 } })",
      "  @Post('password/forgot') forgot(@Body() dto: ForgotDto) { return this.account.forgot(dto); }",
      "}",
    ].join("\n");
    expect(findingsOf(missingRateLimit, "src/auth/auth.controller.ts", code)).toEqual([]);
  });

  it("on routes that are not abuse targets: logout, OAuth callbacks, GETs, device registration", () => {
    const code = [
      "const app = express();",
      'app.post("/logout", logout);',
      'app.get("/auth/google/callback", passport.authenticate("google"), finishLogin);',
      'app.get("/login", (req, res) => res.render("login"));',
      'app.post("/devices/register", requireAuth, registerDevice);',
      'app.post("/orders", requireAuth, createOrder);',
    ].join("\n");
    expect(findingsOf(missingRateLimit, "src/server.ts", code)).toEqual([]);
  });

  it("on key generators that use req.ip or the last proxy hop", () => {
    const code = [
      "const limiter = rateLimit({ keyGenerator: (req) => req.ip });",
      "const strict = rateLimit({",
      "  keyGenerator: (req) => String(req.headers['x-forwarded-for'] ?? '').split(',').pop().trim(),",
      "});",
    ].join("\n");
    expect(findingsOf(missingRateLimit, "src/limits.ts", code)).toEqual([]);
  });

  it("on look-alikes: HTTP clients posting to a login URL, query-builder limits", () => {
    const code = [
      "const app = express();",
      "app.use(authLimiter);",
      'const res = await axios.post("/api/login", { email, password });',
      'await api.post("/auth/register", payload);',
      "const rows = await db.select().from(users).limit(10);",
    ].join("\n");
    expect(findingsOf(missingRateLimit, "src/client.ts", code)).toEqual([]);
  });

  it("in test files", () => {
    const code = ["const app = express();", 'app.post("/login", login);'].join("\n");
    expect(findingsOf(missingRateLimit, "test/auth.spec.ts", code)).toEqual([]);
  });
});

describe("security/missing-rate-limit: review mode", () => {
  it("reports only when the registration line changes", () => {
    const code = ["const app = express();", 'app.post("/login", async (req, res) => {', "  res.json(await login(req.body));", "});"].join("\n");
    expect(analyze([missingRateLimit], [{ path: "src/a.ts", content: code, patch: patchAdding(code, [3]) }], { mode: "review" }).findings).toEqual([]);
    expect(analyze([missingRateLimit], [{ path: "src/a.ts", content: code, patch: patchAdding(code, [2]) }], { mode: "review" }).findings).toHaveLength(1);
  });
});
