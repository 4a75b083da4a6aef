// security/insecure-cookie: session and auth cookies set without the flags that keep them away from
// scripts and plain HTTP (`httpOnly`, `secure`, `sameSite`), and express-session's default cookie
// name. Cookies that carry no credential (theme, locale, consent) are never reported.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { calleeName, calleeReceiver, findLocalBinding, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";
import { objectLiteralOf, propertyKey, propertyValue } from "../../src/analysis/ast-values.js";
import { severityRank, type Severity } from "../../src/review/types.js";




function stringValue(expression: ts.Expression | undefined, depth = 0): string | undefined {
  if (!expression || depth > 3) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return stringValue(binding.initializer, depth + 1);
  }
  return undefined;
}

/** `true`/`false` for boolean literals (also through a `const`), undefined for anything computed. */
function booleanValue(expression: ts.Expression | undefined, depth = 0): boolean | undefined {
  if (!expression || depth > 3) return undefined;
  const node = unwrapExpression(expression);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return booleanValue(binding.initializer, depth + 1);
  }
  return undefined;
}

const AUTH_COOKIE = /sess|(?:^|[_.-])sid(?:$|[_.-])|token|auth|jwt|remember|refresh|access[_-]?token|^access$|credential|^id$|user[_-]?id/i;
const CSRF_COOKIE = /csrf|xsrf/i;
const AUTH_VALUE = /token|jwt|session|sid|auth|credential/i;

/** Which API sets the cookie: decides the defaults (Koa's `ctx.cookies.set` is httpOnly by default; js-cookie runs in browsers). */
type Setter = "express" | "fastify" | "koa" | "next" | "hono" | "serialize" | "browser";

interface CookieCall {
  setter: Setter;
  name: string | undefined;
  value: ts.Expression | undefined;
  options: ts.Expression | undefined;
}

const RESPONSE_NAMES = /^(res|response|resp|reply|ctx|context|c|h|rep|result)$|Response$|Res$/;

function cookieCall(call: ts.CallExpression): CookieCall | undefined {
  const name = calleeName(call);
  const args = call.arguments;
  const receiver = calleeReceiver(call);
  const chain = receiver ? propertyChain(receiver) : undefined;
  const last = chain?.at(-1);
  if (name === "cookie" && receiver && last && RESPONSE_NAMES.test(last) && args.length >= 2) {
    return { setter: "express", name: stringValue(args[0]), value: args[1], options: args[2] };
  }
  if (name === "setCookie" && receiver && args.length >= 2) return { setter: "fastify", name: stringValue(args[0]), value: args[1], options: args[2] };
  if (name === "setCookie" && !receiver && args.length >= 3) return { setter: "hono", name: stringValue(args[1]), value: args[2], options: args[3] };
  if (name === "serialize" && receiver && /^cookie$/i.test(last ?? "") && args.length >= 2) return { setter: "serialize", name: stringValue(args[0]), value: args[1], options: args[2] };
  if (name === "set" && receiver) {
    const inner = unwrapExpression(receiver);
    if (ts.isIdentifier(inner) && /^Cookies?$/.test(inner.text)) return { setter: "browser", name: stringValue(args[0]), value: args[1], options: args[2] };
    // `cookies().set(...)` (Next.js), `response.cookies.set(...)`, `ctx.cookies.set(...)` (Koa).
    const isCookiesCall = ts.isCallExpression(inner) && calleeName(inner) === "cookies";
    const isCookiesMember = chain !== undefined && last === "cookies" && chain.length >= 2;
    if (!isCookiesCall && !isCookiesMember) return undefined;
    const setter: Setter = isCookiesMember && /^(ctx|context)$/.test(chain?.[0] ?? "") ? "koa" : "next";
    const objectForm = args.length === 1 ? objectLiteralOf(args[0]) : undefined;
    if (objectForm) return { setter, name: stringValue(propertyValue(objectForm, "name")), value: propertyValue(objectForm, "value"), options: args[0] };
    if (args.length >= 2) return { setter, name: stringValue(args[0]), value: args[1], options: args[2] };
  }
  return undefined;
}

interface Problem {
  severity: Severity;
  text: string;
}

/** Problems of explicit flags in an options object: `httpOnly: false`, `secure: false`, `sameSite: "none"` without `secure: true`. */
function flagProblems(options: ts.ObjectLiteralExpression, csrf: boolean): Problem[] {
  const problems: Problem[] = [];
  const httpOnly = booleanValue(propertyValue(options, "httpOnly"));
  const secureExpression = propertyValue(options, "secure");
  const secure = booleanValue(secureExpression);
  const sameSite = stringValue(propertyValue(options, "sameSite"))?.toLowerCase();
  if (httpOnly === false && !csrf) problems.push({ severity: "medium", text: "`httpOnly: false` lets any script on the page (including injected ones) read it" });
  if (secure === false) problems.push({ severity: "medium", text: "`secure: false` sends it over plain HTTP, where anyone on the network can copy it" });
  if (sameSite === "none" && secure !== true && (secureExpression === undefined || secure === false)) {
    problems.push({ severity: "medium", text: '`sameSite: "none"` without `secure: true` is rejected by browsers, and where accepted it rides along on every cross-site request' });
  }
  return problems;
}

function worst(problems: readonly Problem[]): Severity {
  return problems.reduce<Severity>((max, problem) => (severityRank(problem.severity) > severityRank(max) ? problem.severity : max), "low");
}

const FIX =
  'Set the flags explicitly on every session or auth cookie: `res.cookie("session", id, { httpOnly: true, secure: true, sameSite: "lax", maxAge: 86_400_000 })`. Use `secure: process.env.NODE_ENV === "production"` if local development runs over plain HTTP, and `sameSite: "none"` only together with `secure: true` for genuine cross-site use.';
const SESSION_FIX =
  'Configure the session cookie explicitly: `session({ name: "__Host-sid", secret, cookie: { httpOnly: true, secure: true, sameSite: "lax" } })` (behind a proxy also `app.set("trust proxy", 1)`).';

export const insecureCookie = defineTsRule({
  meta: {
    id: "security/insecure-cookie",
    category: "security",
    severity: "medium",
    title: "Session or auth cookie without protective flags",
    description:
      "Detects session and auth cookies (named like session, sid, token, auth, jwt, remember, refresh, access, or holding a value named like a token) set with `httpOnly: false`, `secure: false`, or `sameSite: \"none\"` without `secure: true` (medium), through Express `res.cookie`, Fastify `reply.setCookie`, Koa `ctx.cookies.set`, Next.js `cookies().set`/`response.cookies.set`, Hono `setCookie`, `cookie.serialize`, express-session's `cookie` options and cookie-session options. An auth cookie set without `httpOnly` through an API that does not default it on (Express, Fastify, Next.js, Hono, `cookie.serialize`) is low, and so is express-session without a `name` (the default `connect.sid` fingerprints the stack). It does not fire on cookies that carry no credential (theme, locale, consent, analytics), on CSRF cookies read by scripts on purpose (`httpOnly: false` is expected there), on flags computed from the environment (`secure: isProduction`), on option objects it cannot see (variables from elsewhere, spreads), on browser-side js-cookie calls (they cannot set `httpOnly`), or in tests.",
    why: "A session cookie readable by scripts is stolen by any XSS; one sent over plain HTTP is copied by anyone on the network; `SameSite=None` sends it with cross-site requests. Each turns a smaller bug into an account takeover.",
    fix: FIX,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;

    const judgeCookie = (node: ts.CallExpression, cookie: CookieCall): void => {
      const valueName = cookie.value ? (propertyChain(cookie.value)?.at(-1) ?? "") : "";
      const authLike = (cookie.name !== undefined && AUTH_COOKIE.test(cookie.name)) || AUTH_VALUE.test(valueName);
      if (!authLike) return;
      const csrf = (cookie.name !== undefined && CSRF_COOKIE.test(cookie.name)) || CSRF_COOKIE.test(valueName);
      const label = cookie.name !== undefined ? `\`${cookie.name}\`` : `holding \`${shortText(cookie.value!, sourceFile, 30)}\``;
      const call = `\`${shortText(node.expression, sourceFile, 30)}()\``;
      let problems: Problem[];
      if (cookie.options === undefined) {
        problems = [];
      } else {
        const options = objectLiteralOf(cookie.options);
        if (!options || options.properties.some(ts.isSpreadAssignment)) return; // flags set elsewhere
        problems = flagProblems(options, csrf);
        if (problems.length === 0 && propertyValue(options, "httpOnly") !== undefined) return;
      }
      const defaultsOff = cookie.setter !== "koa" && cookie.setter !== "browser";
      if (problems.length === 0 && defaultsOff && !csrf) {
        problems.push({ severity: "low", text: "it has no `httpOnly` flag and this API does not set one by default, so scripts on the page can read it" });
      }
      if (problems.length === 0) return;
      context.report({ node, message: `${call} sets the auth cookie ${label}: ${problems.map((problem) => problem.text).join("; ")}.`, severity: worst(problems) });
    };

    const judgeSession = (node: ts.CallExpression, kind: "express-session" | "cookie-session"): void => {
      const options = objectLiteralOf(node.arguments[0]);
      if (!options || options.properties.some(ts.isSpreadAssignment)) return;
      const problems: Problem[] = [];
      if (kind === "express-session") {
        const cookieOptions = objectLiteralOf(propertyValue(options, "cookie"));
        if (cookieOptions && !cookieOptions.properties.some(ts.isSpreadAssignment)) problems.push(...flagProblems(cookieOptions, false));
        if (propertyValue(options, "name") === undefined) problems.push({ severity: "low", text: "it keeps the default cookie name `connect.sid`, which tells attackers the stack (set `name`)" });
      } else {
        problems.push(...flagProblems(options, false));
      }
      if (problems.length === 0) return;
      context.report({
        node,
        message: `\`${shortText(node.expression, sourceFile, 30)}()\` configures the session cookie: ${problems.map((problem) => problem.text).join("; ")}.`,
        severity: worst(problems),
        fix: SESSION_FIX,
      });
    };

    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (name === "session" || name === "expressSession") {
          const options = objectLiteralOf(node.arguments[0]);
          // express-session's option names, so other `session()` helpers are left alone.
          if (options && options.properties.some((property) => /^(secret|store|resave|saveUninitialized|genid|rolling)$/.test(propertyKey(property) ?? ""))) judgeSession(node, "express-session");
          return;
        }
        if (name === "cookieSession") {
          judgeSession(node, "cookie-session");
          return;
        }
        if (name !== "cookie" && name !== "setCookie" && name !== "set" && name !== "serialize") return;
        const cookie = cookieCall(node);
        if (cookie) judgeCookie(node, cookie);
      },
    };
  },
});
