import { describe, expect, it } from "vitest";
import { insecureCookie } from "../../../rules/security/insecure-cookie.js";
import { findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/insecure-cookie";

describe("security/insecure-cookie: fires", () => {
  it("on an auth cookie with httpOnly: false (ts)", () => {
    const code = [
      'import type { Response } from "express";',
      "export function setAuth(res: Response, token: string) {",
      '  res.cookie("access_token", token, { httpOnly: false, secure: true, sameSite: "lax" });',
      "}",
    ].join("\n");
    const findings = findingsOf(insecureCookie, "src/auth/cookies.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "medium", line: 3 });
    expect(findings[0]?.message).toContain("`access_token`");
    expect(findings[0]?.message).toContain("`httpOnly: false`");
    expect(findings[0]?.fix).toContain("httpOnly: true");
  });

  it("on secure: false and sameSite none without secure (js)", () => {
    const code = [
      "router.post('/login', (req, res) => {",
      "  res.cookie('session', sessionId, { httpOnly: true, secure: false });",
      "  res.cookie('refresh', refreshToken, { httpOnly: true, sameSite: 'none' });",
      "  res.sendStatus(204);",
      "});",
    ].join("\n");
    const findings = findingsOf(insecureCookie, "routes/login.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "medium"],
      [3, "medium"],
    ]);
    expect(findings[0]?.message).toContain("`secure: false`");
    expect(findings[1]?.message).toContain('`sameSite: "none"`');
  });

  it("on express-session with cookie.secure false and no name", () => {
    const code = [
      'import session from "express-session";',
      "app.use(session({",
      "  secret: process.env.SESSION_SECRET!,",
      "  resave: false,",
      "  saveUninitialized: false,",
      "  cookie: { secure: false, maxAge: 86_400_000 },",
      "}));",
    ].join("\n");
    const findings = findingsOf(insecureCookie, "src/app.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 2 });
    expect(findings[0]?.message).toContain("`secure: false`");
    expect(findings[0]?.message).toContain("connect.sid");
  });

  it("on Koa, Next.js and cookie-session flags", () => {
    const code = [
      "router.post('/login', async (ctx) => {",
      "  ctx.cookies.set('jwt', token, { httpOnly: false });",
      "});",
      "export async function POST() {",
      "  cookies().set({ name: 'session', value: id, secure: false, httpOnly: true });",
      "}",
      "app.use(cookieSession({ name: 'sess', keys: [process.env.K1], httpOnly: false }));",
    ].join("\n");
    const findings = findingsOf(insecureCookie, "src/server.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "medium"],
      [5, "medium"],
      [7, "medium"],
    ]);
  });

  it("at low for an auth cookie without httpOnly on Express, and express-session's default name", () => {
    const code = [
      "res.cookie('token', jwt.sign({ sub }, key, { expiresIn: '1h' }), { secure: true, sameSite: 'strict' });",
      "res.cookie('remember_me', rememberToken);",
      "app.use(session({ secret, store, resave: false, saveUninitialized: false, cookie: { httpOnly: true, secure: true } }));",
    ].join("\n");
    const findings = findingsOf(insecureCookie, "src/auth.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [1, "low"],
      [2, "low"],
      [3, "low"],
    ]);
    expect(findings[0]?.message).toContain("no `httpOnly` flag");
  });
});

describe("security/insecure-cookie: does not fire", () => {
  it("on well-configured auth cookies and sessions", () => {
    const code = [
      'res.cookie("session", id, { httpOnly: true, secure: true, sameSite: "lax" });',
      'res.cookie("token", token, { httpOnly: true, secure: process.env.NODE_ENV === "production", sameSite: "none" });',
      'app.use(session({ name: "__Host-sid", secret, resave: false, saveUninitialized: false, cookie: { httpOnly: true, secure: "auto" } }));',
      "ctx.cookies.set('session', id);",
    ].join("\n");
    expect(findingsOf(insecureCookie, "src/auth.ts", code)).toEqual([]);
  });

  it("on non-auth cookies: theme, locale, consent", () => {
    const code = [
      'res.cookie("theme", "dark", { httpOnly: false, secure: false });',
      "res.cookie('locale', req.query.lang, { maxAge: 31_536_000_000 });",
      "cookies().set('cookie_consent', 'accepted', { sameSite: 'none' });",
    ].join("\n");
    expect(findingsOf(insecureCookie, "src/prefs.ts", code)).toEqual([]);
  });

  it("on CSRF cookies readable by scripts, and options it cannot see", () => {
    const code = [
      "res.cookie('XSRF-TOKEN', req.csrfToken(), { httpOnly: false, secure: true, sameSite: 'strict' });",
      "res.cookie('session', id, cookieOptions);",
      "res.cookie('session', id, { ...baseCookie, maxAge: 1000 });",
    ].join("\n");
    expect(findingsOf(insecureCookie, "src/csrf.js", code)).toEqual([]);
  });

  it("on look-alike set/cookie calls and browser js-cookie", () => {
    const code = [
      "cache.set('session', data, { ttl: 60 });",
      "headers.set('x-auth-token', token);",
      "Cookies.set('token', token, { expires: 7 });",
      "const jar = request.cookie('session=abc');",
      "map.set('token', value);",
    ].join("\n");
    expect(findingsOf(insecureCookie, "src/misc.ts", code)).toEqual([]);
  });

  it("in test files", () => {
    expect(findingsOf(insecureCookie, "test/auth.test.ts", "res.cookie('session', id, { httpOnly: false });")).toEqual([]);
  });
});
