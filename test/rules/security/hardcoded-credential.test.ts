import { describe, expect, it } from "vitest";
import { hardcodedCredential } from "../../../rules/security/hardcoded-credential.js";
import { hardcodedSecret } from "../../../rules/security/hardcoded-secret.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/hardcoded-credential";

/** A high-entropy value built at run time (mulberry32), so this file holds no secret-looking literal. */
function randomLooking(length: number): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  let state = 0x2f6b;
  let out = "";
  for (let index = 0; index < length; index++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out += alphabet.charAt(((t ^ (t >>> 14)) >>> 0) % alphabet.length);
  }
  return out;
}

describe("security/hardcoded-credential: fires", () => {
  it("on a weak literal passed to jwt.sign (ts), masking it", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      "export function issue(user: { id: string }) {",
      '  return jwt.sign({ sub: user.id }, "supersecret", { expiresIn: "1h" });',
      "}",
    ].join("\n");
    const findings = findingsOf(hardcodedCredential, "src/auth/tokens.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "high", line: 3 });
    expect(findings[0]?.message).toContain("The key passed to `jwt.sign()`");
    expect(findings[0]?.message).toContain("`su…(11 chars)`");
    expect(findings[0]?.message).not.toContain("supersecret");
    expect(findings[0]?.fix).toContain("process.env.JWT_SECRET");
  });

  it("on a module-level const used by jwt.verify through a destructured require (js)", () => {
    const code = [
      'const { verify } = require("jsonwebtoken");',
      'const JWT_KEY = "my-app-key";',
      "module.exports = function requireAuth(req, res, next) {",
      "  req.user = verify(req.headers.authorization.slice(7), JWT_KEY);",
      "  next();",
      "};",
    ].join("\n");
    const findings = findingsOf(hardcodedCredential, "src/middleware/auth.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 4 });
    expect(findings[0]?.message).toContain("`verify()`");
  });

  it("on express-session, cookie-parser and createHmac keys", () => {
    const code = [
      'import session from "express-session";',
      'import cookieParser from "cookie-parser";',
      'import crypto from "node:crypto";',
      'app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));',
      'app.use(cookieParser("cookie-signing"));',
      "export const sign = (body: string) => crypto.createHmac(\"sha256\", 'webhook-key').update(body).digest(\"hex\");",
    ].join("\n");
    const findings = findingsOf(hardcodedCredential, "src/server.ts", code);
    expect(findings.map((finding) => finding.line)).toEqual([4, 5, 6]);
    expect(findings[0]?.message).toContain("The `secret` of `session()`");
    expect(findings[0]?.message).toContain("forge session cookies");
    expect(findings[2]?.message).toContain("`crypto.createHmac()`");
  });

  it("on jose SignJWT with a TextEncoder-encoded literal", () => {
    const code = [
      'import { SignJWT } from "jose";',
      'const key = new TextEncoder().encode("jose-demo-key");',
      "export async function mint(sub: string) {",
      '  return new SignJWT({ sub }).setProtectedHeader({ alg: "HS256" }).setExpirationTime("2h").sign(key);',
      "}",
    ].join("\n");
    const findings = findingsOf(hardcodedCredential, "src/lib/session.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 4 });
    expect(findings[0]?.message).toContain("`SignJWT.sign()`");
  });

  it("on passport secretOrKey and an OAuth clientSecret", () => {
    const code = [
      'const { Strategy: JwtStrategy, ExtractJwt } = require("passport-jwt");',
      'passport.use(new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: "changeme" }, verifyUser));',
      'passport.use(new GoogleStrategy({ clientID: process.env.GOOGLE_ID, clientSecret: "dev-google", callbackURL: "/cb" }, onLogin));',
    ].join("\n");
    const findings = findingsOf(hardcodedCredential, "src/passport.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "high"],
      [3, "high"],
    ]);
    expect(findings[1]?.message).toContain("OAuth client");
  });

  it("on a NestJS PassportStrategy subclass passing secretOrKey to super", () => {
    const code = [
      'import { PassportStrategy } from "@nestjs/passport";',
      'import { ExtractJwt, Strategy } from "passport-jwt";',
      "export class JwtStrategy extends PassportStrategy(Strategy) {",
      "  constructor() {",
      '    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: "nest-secret" });',
      "  }",
      "}",
      "export class Other extends BaseService {",
      '  constructor() { super({ secretOrKey: "not-a-strategy" }); }',
      "}",
    ].join("\n");
    const findings = findingsOf(hardcodedCredential, "src/auth/jwt.strategy.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 5 });
    expect(findings[0]?.message).toContain("`PassportStrategy` constructor");
  });

  it("on database passwords: pg Pool, mysql createPool, positional Sequelize", () => {
    const code = [
      'import { Pool } from "pg";',
      'import mysql from "mysql2/promise";',
      'import { Sequelize } from "sequelize";',
      'export const pool = new Pool({ host: process.env.PGHOST, user: "app", password: "app-password" });',
      'export const legacy = mysql.createPool({ host: "mysql.internal.acme.net", user: "shop", password: "shop123" });',
      'export const orm = new Sequelize("shop", "shop", "s3quel", { host: process.env.DB_HOST, dialect: "postgres" });',
    ].join("\n");
    const findings = findingsOf(hardcodedCredential, "src/db.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [4, "high"],
      [5, "high"],
      [6, "high"],
    ]);
    expect(findings[0]?.message).toContain("The `password` of `new Pool()`");
    expect(findings[0]?.fix).toContain("process.env.PGPASSWORD");
  });

  it("at medium when the literal is a fallback for a missing environment variable", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      'const secret = process.env.JWT_SECRET ?? "dev-only-secret";',
      "export const issue = (sub: string) => jwt.sign({ sub }, secret, { expiresIn: 900 });",
    ].join("\n");
    const findings = findingsOf(hardcodedCredential, "src/auth.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 3 });
    expect(findings[0]?.message).toContain("falls back to");
    expect(findings[0]?.message).toContain("`process.env.JWT_SECRET`");
  });

  it("at low for a database password next to a local host", () => {
    const code = 'export const redis = new Redis({ host: "localhost", port: 6379, password: "redispass" });';
    const findings = findingsOf(hardcodedCredential, "src/cache.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "low" });
    expect(findings[0]?.message).toContain("local database");
  });

  it("in review mode only when the sink line is added", () => {
    const code = ['import jwt from "jsonwebtoken";', "const a = 1;", 'export const t = jwt.sign({}, "abc-key");'].join("\n");
    const added = analyze([hardcodedCredential], [{ path: "src/t.ts", content: code, patch: patchAdding(code, [3]) }], { mode: "review" });
    expect(added.findings).toHaveLength(1);
    const untouched = analyze([hardcodedCredential], [{ path: "src/t.ts", content: code, patch: patchAdding(code, [2]) }], { mode: "review" });
    expect(untouched.findings).toHaveLength(0);
  });
});

describe("security/hardcoded-credential: does not fire", () => {
  it("on keys read from the environment or config", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      "const secret = process.env.JWT_SECRET!;",
      "export const issue = (sub: string) => jwt.sign({ sub }, secret, { expiresIn: 900 });",
      'export const check = (token: string) => jwt.verify(token, config.get("jwt.secret"));',
      "app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));",
      "const pool = new Pool({ connectionString: process.env.DATABASE_URL, password: process.env.PGPASSWORD });",
    ].join("\n");
    expect(findingsOf(hardcodedCredential, "src/auth.ts", code)).toEqual([]);
  });

  it("on empty strings and template literals with substitutions", () => {
    const code = [
      'import crypto from "crypto";',
      'const mac = crypto.createHmac("sha256", "");',
      "const mac2 = crypto.createHmac(\"sha256\", `${process.env.PREFIX}-key`);",
      'const pool = new Pool({ user: "app", password: "" });',
    ].join("\n");
    expect(findingsOf(hardcodedCredential, "src/mac.js", code)).toEqual([]);
  });

  it("on look-alike sign/verify/session calls that are not key sinks", () => {
    const code = [
      'import { sign } from "./signing.js";',
      'const signature = sign(payload, "v1");',
      'const ok = signer.verify(publicKey, "base64");',
      'const store = session({ name: "sid", cookie: { secure: true } });',
      'const client = new Client({ user: "reader", host: "db.internal" });',
      'const hash = crypto.createHash("sha256").update("static").digest("hex");',
    ].join("\n");
    expect(findingsOf(hardcodedCredential, "src/misc.ts", code)).toEqual([]);
  });

  it("in test files and examples", () => {
    const code = 'import jwt from "jsonwebtoken";\nexport const token = jwt.sign({ sub: "1" }, "test-secret");';
    expect(findingsOf(hardcodedCredential, "src/auth/tokens.test.ts", code)).toEqual([]);
    expect(findingsOf(hardcodedCredential, "test/helpers/tokens.ts", code)).toEqual([]);
    expect(findingsOf(hardcodedCredential, "examples/basic/server.js", code)).toEqual([]);
  });

  it("on a high-entropy literal that security/hardcoded-secret already reports", () => {
    const value = randomLooking(40);
    const code = ['import jwt from "jsonwebtoken";', `const jwtSecret = "${value}";`, "export const t = (sub) => jwt.sign({ sub }, jwtSecret);"].join("\n");
    const { findings } = analyze([hardcodedCredential, hardcodedSecret], [{ path: "src/jwt.js", content: code }]);
    expect(findings.map((finding) => finding.ruleId)).toEqual(["security/hardcoded-secret"]);
  });

  it("on a sign method of an unrelated object and a local wrapper module", () => {
    const code = [
      'import jwt from "../lib/jwt";',
      'const token = jwt.sign({ sub: "1" }, "not-a-key-but-a-kid");',
      'const s = signer.sign("abc");',
      'const cookie = req.signedCookies["session"];',
    ].join("\n");
    expect(findingsOf(hardcodedCredential, "src/local.ts", code)).toEqual([]);
  });
});
