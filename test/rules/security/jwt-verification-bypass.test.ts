import { describe, expect, it } from "vitest";
import { jwtVerificationBypass } from "../../../rules/security/jwt-verification-bypass.js";
import { findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/jwt-verification-bypass";

describe("security/jwt-verification-bypass: fires", () => {
  it("on jwt.decode whose result sets req.user in middleware (ts)", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      'import type { Request, Response, NextFunction } from "express";',
      "export function requireUser(req: Request, res: Response, next: NextFunction) {",
      '  const token = req.headers.authorization?.replace("Bearer ", "") ?? "";',
      "  const payload = jwt.decode(token) as { sub: string; role: string } | null;",
      '  if (!payload) return res.status(401).end();',
      "  req.user = payload;",
      "  next();",
      "}",
    ].join("\n");
    const findings = findingsOf(jwtVerificationBypass, "src/middleware/auth.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "critical", line: 7 });
    expect(findings[0]?.message).toContain("`jwt.decode()` (line 5)");
    expect(findings[0]?.message).toContain("sets `req.user`");
    expect(findings[0]?.fix).toContain("algorithms");
  });

  it("on a role check of a decoded token inside a route handler (js)", () => {
    const code = [
      'const jwt = require("jsonwebtoken");',
      'router.delete("/users/:id", async (req, res) => {',
      "  const claims = jwt.decode(req.cookies.token);",
      '  if (claims.role !== "admin") return res.sendStatus(403);',
      "  await User.destroy({ where: { id: req.params.id } });",
      "  res.sendStatus(204);",
      "});",
    ].join("\n");
    const findings = findingsOf(jwtVerificationBypass, "routes/admin.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 4 });
    expect(findings[0]?.message).toContain("`claims.role`");
  });

  it("on a user looked up from decoded claims and stored on ctx.state (Koa)", () => {
    const code = [
      'import { decodeJwt } from "jose";',
      "export async function authenticate(ctx, next) {",
      "  const { sub } = decodeJwt(ctx.get(\"authorization\").slice(7));",
      "  ctx.state.user = await prisma.user.findUnique({ where: { id: sub } });",
      "  await next();",
      "}",
    ].join("\n");
    const findings = findingsOf(jwtVerificationBypass, "src/koa/auth.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("jose `decodeJwt()`");
    expect(findings[0]?.message).toContain("`ctx.state.user`");
  });

  it("at high when a route accepts any token that merely decodes", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      'accountRouter.get("/me", (req, res) => {',
      '  const claims = jwt.decode(String(req.headers.authorization).replace("Bearer ", ""));',
      "  if (!claims) return res.status(401).end();",
      "  res.json(claims);",
      "});",
    ].join("\n");
    const findings = findingsOf(jwtVerificationBypass, "src/routes/account.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 4 });
    expect(findings[0]?.message).toContain("by whether `claims` could be decoded");
  });

  it("at high when a decoded token is returned from a verify-named function", () => {
    const code = ['import * as jwt from "jsonwebtoken";', "export const verifyToken = (token: string) => jwt.decode(token);"].join("\n");
    const findings = findingsOf(jwtVerificationBypass, "src/lib/token.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 2 });
    expect(findings[0]?.message).toContain("returned from `verifyToken()`");
  });

  it("on a claim copied into a local and checked, and on a request helper returning decoded claims (js)", () => {
    const code = [
      'const jwt = require("jsonwebtoken");',
      'server.get("/api/me", async (request, reply) => {',
      '  const decoded = jwt.decode(request.cookies["auth_token"]);',
      "  const id = decoded?.data?.id;",
      '  if (!id) return reply.status(403).send({ error: "forbidden" });',
      "  return prisma.user.findUnique({ where: { id: Number(id) } });",
      "});",
      "const userOf = async (req) => {",
      '  const user = jwt.decode(req.headers.authorization.split(" ")[1]);',
      "  return user;",
      "};",
    ].join("\n");
    const findings = findingsOf(jwtVerificationBypass, "src/routes/me.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [5, "critical"],
      [10, "high"],
    ]);
    expect(findings[0]?.message).toContain("through `id`");
  });

  it('on algorithms including "none" and on ignoreExpiration', () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      "export function check(token: string, key: string) {",
      '  return jwt.verify(token, key, { algorithms: ["HS256", "none"], ignoreExpiration: true });',
      "}",
    ].join("\n");
    const findings = findingsOf(jwtVerificationBypass, "src/auth/check.ts", code);
    expect(findings.map((finding) => finding.severity).sort()).toEqual(["critical", "high"]);
    expect(findings.find((finding) => finding.severity === "critical")?.message).toContain('"none"');
    expect(findings.find((finding) => finding.severity === "high")?.message).toContain("ignoreExpiration");
  });

  it("on jwt-simple decode with noVerify and passport-jwt ignoreExpiration (js)", () => {
    const code = [
      'const jwt = require("jwt-simple");',
      "function readSession(token) {",
      "  return jwt.decode(token, process.env.SECRET, true);",
      "}",
      'passport.use(new JwtStrategy({ secretOrKey: process.env.SECRET, ignoreExpiration: true, jwtFromRequest }, verify));',
    ].join("\n");
    const findings = findingsOf(jwtVerificationBypass, "lib/session.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [3, "critical"],
      [5, "high"],
    ]);
    expect(findings[0]?.message).toContain("noVerify");
  });

  it("at low on verify with a public key and no algorithms list", () => {
    const code = ['import jwt from "jsonwebtoken";', "export const claimsOf = (token: string) => jwt.verify(token, PUBLIC_KEY);"].join("\n");
    const findings = findingsOf(jwtVerificationBypass, "src/auth/claims.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "low" });
    expect(findings[0]?.fix).toContain('algorithms: ["RS256"]');
  });
});

describe("security/jwt-verification-bypass: does not fire", () => {
  it("on decode used to pick the key before verify (kid lookup)", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      "export async function requireUser(req, res, next) {",
      "  const token = req.headers.authorization.slice(7);",
      "  const decoded = jwt.decode(token, { complete: true });",
      "  if (!decoded || !decoded.header.kid) return res.sendStatus(401);",
      "  const key = await jwks.getSigningKey(decoded.header.kid);",
      '  req.user = jwt.verify(token, key.getPublicKey(), { algorithms: ["RS256"] });',
      "  next();",
      "}",
    ].join("\n");
    expect(findingsOf(jwtVerificationBypass, "src/middleware/jwks.ts", code)).toEqual([]);
  });

  it("on decode used for logging, display or expiry checks", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      "export function logToken(token: string) {",
      "  const decoded = jwt.decode(token);",
      '  logger.info({ sub: decoded?.sub }, "token received");',
      "}",
      "export function needsRefresh(token: string) {",
      "  const { exp } = jwt.decode(token) as { exp: number };",
      "  if (exp * 1000 < Date.now() + 60_000) return true;",
      "  return false;",
      "}",
    ].join("\n");
    expect(findingsOf(jwtVerificationBypass, "src/client/tokens.ts", code)).toEqual([]);
  });

  it("on jwtDecode in a React component", () => {
    const code = [
      'import { jwtDecode } from "jwt-decode";',
      "export function Header({ token }: { token: string }) {",
      "  const user = jwtDecode<{ role: string; name: string }>(token);",
      '  if (user.role === "admin") return <AdminMenu />;',
      "  return <span>{user.name}</span>;",
      "}",
      "export function getCurrentUser() {",
      '  return jwtDecode(localStorage.getItem("token") ?? "");',
      "}",
    ].join("\n");
    expect(findingsOf(jwtVerificationBypass, "src/components/Header.tsx", code)).toEqual([]);
    expect(findingsOf(jwtVerificationBypass, "src/lib/current-user.ts", code.split("\n").slice(0, 1).concat(code.split("\n").slice(6)).join("\n"))).toEqual([]);
  });

  it("on verified tokens with pinned algorithms, and jwt-simple decode with a key", () => {
    const code = [
      'const jwt = require("jsonwebtoken");',
      'const simple = require("jwt-simple");',
      "app.use((req, res, next) => {",
      '  req.user = jwt.verify(req.cookies.token, process.env.JWT_SECRET, { algorithms: ["HS256"] });',
      "  next();",
      "});",
      "function readLegacy(token) {",
      '  return simple.decode(token, process.env.LEGACY_SECRET, false, "HS256");',
      "}",
    ].join("\n");
    expect(findingsOf(jwtVerificationBypass, "src/app.js", code)).toEqual([]);
  });

  it("on look-alike decode and algorithm options", () => {
    const code = [
      "const text = new TextDecoder().decode(buffer);",
      "const html = he.decode(req.body.html);",
      "req.body = qs.decode(raw);",
      'const compressed = zlib.deflateSync(data, { algorithm: "none" });',
      'const opts = { algorithms: ["sha256"], ignoreExpiration: false };',
    ].join("\n");
    expect(findingsOf(jwtVerificationBypass, "src/util.ts", code)).toEqual([]);
  });

  it("in test files", () => {
    const code = 'import jwt from "jsonwebtoken";\nreq.user = jwt.decode(token);\nconst o = { ignoreExpiration: true };';
    expect(findingsOf(jwtVerificationBypass, "src/auth.test.ts", code)).toEqual([]);
  });
});

describe("security/jwt-verification-bypass: does not fire on debug endpoints", () => {
  it("does not fire when a route only shows the decoded token to the client", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      'app.get("/debug/token", (req, res) => {',
      "  return res.json(jwt.decode(req.headers.authorization?.slice(7) ?? \"\"));",
      "});",
    ].join("\n");
    expect(findingsOf(jwtVerificationBypass, "src/debug.ts", code)).toEqual([]);
  });
});
