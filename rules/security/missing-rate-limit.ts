// security/missing-rate-limit: login, signup, password-reset, OTP and magic-link routes that nothing
// rate limits, and limiters keyed on the client-controlled X-Forwarded-For header.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import {
  handlerFunction,
  isRateLimiterName,
  middlewareName,
  nameWords,
  nestFullPath,
  nestRoute,
  pathWords,
  propertyValue,
  RouteTable,
  type NestRoute,
  type RouteRegistration,
} from "../../src/analysis/routes.js";
import { calleeName, calleeReceiver, findLocalBinding, shortText, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";
import type { Severity } from "../../src/review/types.js";

const REGISTRATION_CALLS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "use", "route", "addHook", "register"]);
const ABUSE_METHODS = new Set(["post", "put", "patch", "all"]);
/** Path words that only say where the route lives (`/api/v1/auth/...`, `/users/...`). */
const PREFIX_WORDS = new Set(["api", "auth", "authentication", "user", "users", "account", "accounts", "identity", "public", "me", "session", "sessions", "customer", "customers", "members", "member", "admin"]);
const RATE_LIMIT_MODULES = new Set(["@fastify/rate-limit", "fastify-rate-limit", "express-rate-limit", "express-slow-down", "rate-limiter-flexible", "koa-ratelimit", "hono-rate-limiter", "@nestjs/throttler"]);
/** A limiter consulted inside the handler: `await loginLimiter.consume(req.ip)`, `checkRateLimit(...)`. */
const INLINE_LIMITER = /\b\w*(limiter|Limiter|LIMITER|rateLimit\w*)\s*\.\s*(consume|check|hit|take|limit|penalty|get)\s*\(|\b(checkRateLimit|enforceRateLimit|rateLimit|throttle)\w*\s*\(/;

type Target = "login" | "signup" | "reset" | "code" | "magic-link";

const CONSEQUENCE: Record<Target, string> = {
  login: "passwords can be guessed at full speed (credential stuffing, brute force)",
  signup: "accounts can be created in bulk by scripts",
  reset: "reset emails can be triggered in bulk, flooding inboxes and your mail quota",
  code: "one-time codes can be brute-forced (a 6-digit code falls to a million requests)",
  "magic-link": "sign-in emails can be triggered in bulk",
};

/** What a route is by its path or handler name: `/auth/login`, `authController.register`, `/password/forgot`, `/2fa/verify`. */
function targetOfWords(all: string[]): Target | undefined {
  const words = all.filter((word) => !PREFIX_WORDS.has(word) && !/^v\d+$/.test(word));
  if (words.length === 0) return undefined;
  if (words.some((word) => /^(callback|oauth|oauth2|google|github|saml|sso|logout|signout|status|providers?)$/.test(word))) return undefined;
  const [first, second] = words;
  const joined = words.join(" ");
  if (/^(login|signin|logon|authenticate)$/.test(first!) || joined.startsWith("sign in") || joined.startsWith("log in")) return "login";
  if (/^(register|signup|registration)$/.test(first!) || joined.startsWith("sign up")) return "signup";
  if (words.includes("password") && words.some((word) => /^(reset|forgot|forgotten|recover|recovery|lost)$/.test(word))) return "reset";
  if (/^(forgot|reset)$/.test(first!) && (second === undefined || second === "password")) return "reset";
  if (words.some((word) => /^(otp|totp|mfa|2fa|passcode)$/.test(word)) || joined.includes("two factor")) return "code";
  if (/^(verify|verification|confirm|resend|send)$/.test(first!) && words.some((word) => /^(code|otp|sms|pin|phone)$/.test(word))) return "code";
  if (joined.includes("magic link") || first === "passwordless") return "magic-link";
  return undefined;
}

function targetOf(pathText: string | undefined, handlerName: string | undefined): Target | undefined {
  const byPath = pathText !== undefined ? targetOfWords(pathWords(pathText)) : undefined;
  if (byPath) return byPath;
  // `router.post("/", authController.login)`: the path is the mount's; the handler says what it does.
  const generic = pathText === undefined || pathWords(pathText).every((word) => PREFIX_WORDS.has(word) || /^v\d+$/.test(word));
  if (!generic || !handlerName) return undefined;
  const last = handlerName.slice(handlerName.lastIndexOf(".") + 1);
  return targetOfWords(nameWords(last));
}

/** A keyGenerator (or limiter key) that reads `X-Forwarded-For` as sent, without taking the last hop the proxy appended. */
function readsForwardedFor(text: string): boolean {
  return /x-forwarded-for/i.test(text) && !/\.pop\s*\(\s*\)|\.at\s*\(\s*-1\s*\)|length\s*-\s*1|\.slice\s*\(\s*-1\s*\)/.test(text);
}

export const missingRateLimit = defineTsRule({
  meta: {
    id: "security/missing-rate-limit",
    category: "security",
    severity: "medium",
    title: "Login, signup, password-reset or OTP route without rate limiting",
    description:
      "Detects authentication-abuse targets — login/sign-in, register/sign-up, forgot/reset-password, OTP/2FA/verification-code and magic-link routes, recognized by path (`/auth/login`, `/password/reset`, `/2fa/verify`) or, on a bare path, by handler name (`authController.login`) — registered with no rate limiter in their middleware list and none applied before them on their app or router (`app.use(limiter)`, `router.use(\"/auth\", authLimiter)`): `express-rate-limit` `rateLimit`, `express-slow-down`, `rate-limiter-flexible` consumers in the handler, `@fastify/rate-limit` (registered plugin or `config: { rateLimit }`), NestJS `@Throttle`/`ThrottlerGuard`, and any middleware named like `*limit*`, `*limiter*` or `throttle*`. It is medium when the app is created in the file or other routes in the file are rate limited, and low when the routes sit on a router or controller and the file has no limiter at all, since the app may limit globally elsewhere. It also reports (medium) a limiter whose `keyGenerator` keys on `X-Forwarded-For` as sent by the client. It deliberately does not fire on logout, OAuth callbacks, GET routes, NestJS handlers marked `@SkipThrottle()`, key generators that take the last proxy hop, or in test files.",
    why: "Without a limit, a script can try thousands of passwords or one-time codes per minute against one account, or trigger reset emails and SMS in bulk at your cost; a limiter keyed on `X-Forwarded-For` is bypassed by sending a different header value with each request.",
    fix: "Put a strict limiter on these routes, keyed on the client IP (and the account identifier for login and OTP): `const authLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10, standardHeaders: true })` then `router.post(\"/login\", authLimiter, login)`; with Fastify `config: { rateLimit: { max: 10, timeWindow: \"15 minutes\" } }`; with NestJS `@Throttle({ default: { limit: 5, ttl: 60000 } })`. Behind a proxy, set `app.set(\"trust proxy\", 1)` and key on `req.ip`, never on the raw `X-Forwarded-For` header.",
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const routes = new RouteTable();
    const nestRoutes: NestRoute[] = [];
    const forwardedKeys: ts.Node[] = [];
    /** Some limiter exists in this file (a limiter call, a limiter-named binding, a rate-limit plugin, @Throttle). */
    let fileHasLimiter = false;
    /** A Fastify rate-limit plugin registered without `global: false`: every route of the app is limited. */
    let globalPlugin = false;

    const limited = (registration: RouteRegistration): boolean => {
      if (routes.applied(registration).some((applied) => isRateLimiterName(applied.name))) return true;
      const config = registration.options ? propertyValue(registration.options, "config") : undefined;
      const configNode = config && unwrapExpression(config);
      if (configNode && ts.isObjectLiteralExpression(configNode) && propertyValue(configNode, "rateLimit") !== undefined) return true;
      const handler = handlerFunction(registration.handler);
      return handler !== undefined && INLINE_LIMITER.test(handler.getText(sourceFile));
    };

    const severityFor = (appCreatedHere: boolean): Severity => (fileHasLimiter || appCreatedHere ? "medium" : "low");

    const report = (node: ts.Node, endNode: ts.Node, what: string, target: Target, severity: Severity, hint: string): void => {
      context.report({
        node,
        endNode,
        ...(severity !== "medium" ? { severity } : {}),
        message: `${what} has no rate limiter: ${CONSEQUENCE[target]}.${hint}`,
      });
    };

    const judgeRegistration = (registration: RouteRegistration): void => {
      if (!ABUSE_METHODS.has(registration.method) || registration.opaque || globalPlugin) return;
      const target = targetOf(routes.fullPath(registration) ?? registration.pathText, registration.handler ? middlewareName(registration.handler) : undefined);
      if (!target || limited(registration)) return;
      const severity = severityFor(routes.rootKind(registration) === "app");
      const method = calleeName(registration.call) ?? registration.method;
      const shown = registration.path !== undefined ? JSON.stringify(registration.path) : (registration.pathText ?? "");
      const hint = fileHasLimiter
        ? " Other routes in this file are rate limited."
        : severity === "low"
          ? " If the app applies a global limiter where it mounts this router, this is covered."
          : "";
      report(registration.start, registration.headEnd, `\`${registration.receiver}.${method}(${shown})\``, target, severity, hint);
    };

    const judgeNest = (route: NestRoute): void => {
      if (!ABUSE_METHODS.has(route.method)) return;
      const names = [...route.decoratorNames, ...route.classDecoratorNames, ...[...route.guards, ...route.classGuards].map((guard) => middlewareName(guard) ?? "")];
      if (names.some((name) => name === "SkipThrottle" || name === "Throttle" || isRateLimiterName(name))) return;
      const target = targetOf(nestFullPath(route), route.declaration.name.getText(sourceFile));
      if (!target) return;
      const severity = fileHasLimiter ? "medium" : "low";
      const label = `\`${shortText(route.decorator, sourceFile, 40)} ${route.declaration.name.getText(sourceFile)}()\``;
      const hint = severity === "low" ? " If `ThrottlerGuard` is registered globally (`APP_GUARD`), this is covered." : " Other handlers in this file are throttled.";
      report(route.decorator, route.declaration.name, label, target, severity, hint);
    };

    const visitCall = (node: ts.CallExpression): void => {
      const name = calleeName(node);
      if (name === undefined) return;
      if (REGISTRATION_CALLS.has(name)) routes.visit(node);
      if (name === "register") {
        const plugin = node.arguments[0] && unwrapExpression(node.arguments[0]);
        const moduleName = plugin ? moduleOf(plugin) : undefined;
        const isLimiterPlugin = (moduleName !== undefined && RATE_LIMIT_MODULES.has(moduleName)) || (plugin !== undefined && ts.isIdentifier(plugin) && isRateLimiterName(plugin.text));
        if (isLimiterPlugin) {
          fileHasLimiter = true;
          const options = node.arguments[1] && unwrapExpression(node.arguments[1]);
          const global = options && ts.isObjectLiteralExpression(options) ? propertyValue(options, "global") : undefined;
          if (!global || unwrapExpression(global).kind !== ts.SyntaxKind.FalseKeyword) globalPlugin = true;
        }
      }
      if (isRateLimiterName(middlewareName(node.expression))) fileHasLimiter = true;
      // rate-limiter-flexible: `limiter.consume(req.headers["x-forwarded-for"])`.
      if (name === "consume" && node.arguments[0] && isRateLimiterName(middlewareName(calleeReceiver(node) ?? node.expression)) && readsForwardedFor(node.arguments[0].getText(sourceFile))) {
        forwardedKeys.push(node.arguments[0]);
      }
    };

    return {
      CallExpression: visitCall,
      VariableDeclaration(node) {
        if (ts.isIdentifier(node.name) && isRateLimiterName(node.name.text)) fileHasLimiter = true;
      },
      Decorator(node) {
        const expression = unwrapExpression(node.expression);
        const name = ts.isCallExpression(expression) ? middlewareName(expression.expression) : middlewareName(expression);
        if (name === "Throttle" || name === "SkipThrottle") fileHasLimiter = true;
      },
      PropertyAssignment(node) {
        if (!ts.isIdentifier(node.name) || node.name.text !== "keyGenerator") return;
        if (readsForwardedFor(keyGeneratorText(node.initializer, sourceFile))) forwardedKeys.push(node);
      },
      MethodDeclaration(node) {
        if (ts.isIdentifier(node.name) && node.name.text === "keyGenerator" && ts.isObjectLiteralExpression(node.parent)) {
          if (readsForwardedFor(node.getText(sourceFile))) forwardedKeys.push(node);
          return;
        }
        if (!ts.canHaveDecorators(node) || !ts.getDecorators(node)) return;
        const route = nestRoute(node);
        if (route) nestRoutes.push(route);
      },
      "SourceFile:exit"() {
        for (const registration of routes.all()) judgeRegistration(registration);
        nestRoutes.forEach(judgeNest);
        for (const key of forwardedKeys) {
          context.report({
            node: key,
            message: `\`${shortText(key, sourceFile)}\` keys the rate limiter on the \`X-Forwarded-For\` header as the client sent it: a new made-up value per request gets a fresh budget, so the limit never applies.`,
            fix: "Key on `req.ip` and tell Express how many proxies to trust (`app.set(\"trust proxy\", 1)`), so `req.ip` is the address your own proxy saw; for login and OTP also key on the account identifier.",
          });
        }
      },
    };
  },
});

/** The text of a key generator: the function itself, or the local function it names. */
function keyGeneratorText(initializer: ts.Expression, sourceFile: ts.SourceFile): string {
  const node = unwrapExpression(initializer);
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "function") return binding.declaration.getText(sourceFile);
    if (binding?.kind === "variable" && binding.initializer) return binding.initializer.getText(sourceFile);
    return "";
  }
  return node.getText(sourceFile);
}

/** The module a plugin argument comes from: an imported/required name, or `require(...)`/`import(...)` inline. */
function moduleOf(plugin: ts.Expression): string | undefined {
  let node = unwrapExpression(plugin);
  if (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
  if (ts.isCallExpression(node) && (calleeName(node) === "require" || node.expression.kind === ts.SyntaxKind.ImportKeyword)) {
    const [specifier] = node.arguments;
    return specifier && ts.isStringLiteral(specifier) ? specifier.text : undefined;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const binding = findLocalBinding(node);
  if (binding?.kind === "import" && ts.isImportDeclaration(binding.declaration) && ts.isStringLiteral(binding.declaration.moduleSpecifier)) return binding.declaration.moduleSpecifier.text;
  if (binding?.kind === "variable" && binding.initializer) {
    const init = unwrapExpression(binding.initializer);
    if (ts.isCallExpression(init) && calleeName(init) === "require" && init.arguments[0] && ts.isStringLiteral(init.arguments[0])) return init.arguments[0].text;
  }
  return undefined;
}
