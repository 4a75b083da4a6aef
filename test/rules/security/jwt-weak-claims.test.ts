import { describe, expect, it } from "vitest";
import { jwtWeakClaims } from "../../../rules/security/jwt-weak-claims.js";
import { findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/jwt-weak-claims";

describe("security/jwt-weak-claims: fires", () => {
  it("on jwt.sign without expiresIn and without exp (ts)", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      "export function issue(userId: string) {",
      "  return jwt.sign({ sub: userId, role: \"member\" }, process.env.JWT_SECRET!);",
      "}",
    ].join("\n");
    const findings = findingsOf(jwtWeakClaims, "src/auth/issue.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "medium", line: 3 });
    expect(findings[0]?.message).toContain("`jwt.sign()` issues a token without an expiry");
    expect(findings[0]?.fix).toContain('expiresIn: "15m"');
  });

  it("on options that set other things but not expiresIn, and a callback form (js)", () => {
    const code = [
      'const jwt = require("jsonwebtoken");',
      "const options = { algorithm: \"HS256\", issuer: \"shop\" };",
      "exports.a = (id) => jwt.sign({ sub: id }, process.env.SECRET, options);",
      "exports.b = (id, cb) => jwt.sign({ sub: id }, process.env.SECRET, (err, token) => cb(err, token));",
    ].join("\n");
    const findings = findingsOf(jwtWeakClaims, "lib/tokens.js", code);
    expect(findings.map((finding) => finding.line)).toEqual([3, 4]);
  });

  it("on a password hash in the payload even with an expiry", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      "export const issue = (user: User) =>",
      '  jwt.sign({ sub: user.id, hash: user.passwordHash }, secret, { expiresIn: "1h" });',
    ].join("\n");
    const findings = findingsOf(jwtWeakClaims, "src/auth.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 3 });
    expect(findings[0]?.message).toContain("puts `hash` into the payload");
  });

  it("on a whole user record from the database spread into the payload", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      "export async function login(req, res) {",
      "  const user = await User.findOne({ email: req.body.email });",
      '  const token = jwt.sign({ ...user.toObject() }, process.env.JWT_SECRET, { expiresIn: "2h" });',
      "  res.json({ token });",
      "}",
    ].join("\n");
    const findings = findingsOf(jwtWeakClaims, "src/routes/login.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 4 });
    expect(findings[0]?.message).toContain("spreads `user`, a full database record,");
  });

  it("on jose SignJWT without setExpirationTime", () => {
    const code = [
      'import { SignJWT } from "jose";',
      "export async function mint(sub: string, key: Uint8Array) {",
      '  return new SignJWT({ sub }).setProtectedHeader({ alg: "HS256" }).setIssuedAt().sign(key);',
      "}",
    ].join("\n");
    const findings = findingsOf(jwtWeakClaims, "src/lib/jwt.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("`SignJWT.sign()`");
    expect(findings[0]?.message).toContain("setExpirationTime");
  });

  it("at low when the payload is a variable that may carry exp", () => {
    const code = ['import jwt from "jsonwebtoken";', "export const reissue = (claims: object) => jwt.sign(claims, key);"].join("\n");
    const findings = findingsOf(jwtWeakClaims, "src/reissue.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "low" });
  });
});

describe("security/jwt-weak-claims: does not fire", () => {
  it("on tokens with expiresIn or an exp claim and minimal claims", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      'export const a = (user) => jwt.sign({ sub: user.id, role: user.role }, key, { expiresIn: "15m" });',
      "export const b = (user) => jwt.sign({ sub: user.id, exp: Math.floor(Date.now() / 1000) + 900 }, key);",
      'export const c = new SignJWT({ sub: "1" }).setProtectedHeader({ alg: "HS256" }).setExpirationTime("2h").sign(k);',
    ].join("\n");
    expect(findingsOf(jwtWeakClaims, "src/auth.ts", code)).toEqual([]);
  });

  it("on options that are not literals (expiry configured elsewhere)", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      "import { signOptions } from \"./config.js\";",
      "export const a = (id: string) => jwt.sign({ sub: id }, key, signOptions);",
      "export const b = (id: string) => jwt.sign({ sub: id }, key, { ...defaults, audience: \"api\" });",
    ].join("\n");
    expect(findingsOf(jwtWeakClaims, "src/auth.ts", code)).toEqual([]);
  });

  it("on NestJS JwtService and other sign methods", () => {
    const code = [
      "export class AuthService {",
      "  login(user: User) {",
      "    return { access_token: this.jwtService.sign({ sub: user.id, password: user.password }) };",
      "  }",
      "}",
      'const sig = crypto.sign("sha256", data, privateKey);',
      "const s = signer.sign(payload, key);",
    ].join("\n");
    expect(findingsOf(jwtWeakClaims, "src/auth/auth.service.ts", code)).toEqual([]);
  });

  it("on a user looked up with a field selection", () => {
    const code = [
      'import jwt from "jsonwebtoken";',
      "export async function issue(id: string) {",
      '  const account = await Account.findById(id).select("id role");',
      '  return jwt.sign({ ...account }, key, { expiresIn: "1h" });',
      "}",
    ].join("\n");
    expect(findingsOf(jwtWeakClaims, "src/issue.ts", code)).toEqual([]);
  });

  it("in test files", () => {
    const code = 'import jwt from "jsonwebtoken";\nconst t = jwt.sign({ password: "x" }, "k");';
    expect(findingsOf(jwtWeakClaims, "test/auth.spec.ts", code)).toEqual([]);
  });
});
