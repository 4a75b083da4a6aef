// security/permissive-cors: CORS configurations that let any website make credentialed requests
// (any origin reflected back with `Access-Control-Allow-Credentials: true`), and origin regexes that
// match attacker-registrable domains. `origin: "*"` without credentials is how public APIs work
// and is not reported.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { taintOf } from "../../src/analysis/taint.js";
import { calleeName, calleeReceiver, enclosingFunction, findLocalBinding, isFunctionLike, shortText, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";
import { importedModule, objectLiteralOf, propertyKey } from "../../src/analysis/ast-values.js";
import type { Severity } from "../../src/review/types.js";


function property(object: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.MethodDeclaration | undefined {
  for (const element of object.properties) {
    if (propertyKey(element) !== name) continue;
    if (ts.isPropertyAssignment(element) || ts.isShorthandPropertyAssignment(element) || ts.isMethodDeclaration(element)) return element;
  }
  return undefined;
}

function valueOf(element: ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.MethodDeclaration | undefined): ts.Expression | ts.MethodDeclaration | undefined {
  if (!element) return undefined;
  if (ts.isPropertyAssignment(element)) return element.initializer;
  if (ts.isShorthandPropertyAssignment(element)) return resolveConst(element.name);
  return element;
}

/** Follows a `const` name to its initializer (a few steps), so `origin: allowOrigin` is judged by its value. */
function resolveConst(expression: ts.Expression, depth = 0): ts.Expression {
  const node = unwrapExpression(expression);
  if (depth > 3 || !ts.isIdentifier(node)) return node;
  const binding = findLocalBinding(node);
  if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return resolveConst(binding.initializer, depth + 1);
  return node;
}



// ---- Origin values ------------------------------------------------------------------------------

type OriginVerdict =
  | { kind: "any"; how: string }
  | { kind: "wildcard" }
  | { kind: "regex"; pattern: string; problem: string }
  | undefined;

/** What is wrong with an origin regex, if anything: missing anchors, unescaped dots, wildcards that run into the domain. */
function regexProblem(source: string): string | undefined {
  let body = source;
  const anchoredStart = body.startsWith("^");
  if (anchoredStart) body = body.slice(1);
  const anchoredEnd = /\$\)*$/.test(body);
  if (!/[A-Za-z0-9]\\?\.[A-Za-z]/.test(body) && !/localhost/.test(body)) return undefined; // no host name in it: not an origin allowlist
  if (/[A-Za-z0-9-]\.[A-Za-z]/.test(body)) return "it has an unescaped `.`, which matches any character, so a look-alike domain (`exampleXcom.net`) matches";
  if (!anchoredEnd) return "it has no `$` anchor, so `https://example.com.attacker.net` matches";
  if (/(?:\.\*|\.\+|\\w[*+]|\[[^\]]*\][*+])(?=[A-Za-z0-9(])/.test(body)) return "a wildcard runs straight into the domain name, so `https://attacker-example.com` matches";
  if (!anchoredStart && !/^(?:\(\?:|\()?(?:https?|\\\.|\\\/\\\/|\[)/.test(body)) return "it has no `^` anchor and does not start with a scheme or a dot, so any origin that ends the same way (`https://notexample.com`) matches";
  return undefined;
}

function regexSource(expression: ts.Expression): string | undefined {
  const node = unwrapExpression(expression);
  if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
    const text = node.getText();
    return text.slice(1, text.lastIndexOf("/"));
  }
  if (ts.isNewExpression(node) && calleeName(node) === "RegExp") {
    const first = node.arguments?.[0];
    return first && ts.isStringLiteralLike(first) ? first.text : undefined;
  }
  return undefined;
}

/** Whether a function allows every origin: `(o, cb) => cb(null, true)`, `cb(null, origin)`, `() => true`, `(ctx) => ctx.get("Origin")`. */
function alwaysAllows(fn: ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration, sourceFile: ts.SourceFile): string | undefined {
  const originParameter = fn.parameters[0]?.name;
  const originName = originParameter && ts.isIdentifier(originParameter) ? originParameter.text : undefined;
  const callbackParameter = fn.parameters[1]?.name;
  const callbackName = callbackParameter && ts.isIdentifier(callbackParameter) ? callbackParameter.text : undefined;
  const allowsAll = (value: ts.Expression | undefined): boolean => {
    if (!value) return false;
    const node = unwrapExpression(value);
    if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (ts.isStringLiteralLike(node) && node.text === "*") return true;
    if (ts.isIdentifier(node) && node.text === originName) return true;
    // Koa/Hono: `(ctx) => ctx.get("Origin")`, `ctx.request.header.origin`.
    return /origin/i.test(shortText(node, sourceFile, 80)) && taintOf(node, sourceFile)?.kind === "request";
  };
  const body = fn.body;
  if (!body) return undefined;
  let single: ts.Node | undefined = body;
  if (ts.isBlock(body)) {
    if (body.statements.length !== 1) return undefined;
    single = body.statements[0];
    if (single && ts.isReturnStatement(single)) single = single.expression;
    else if (single && ts.isExpressionStatement(single)) single = single.expression;
  }
  if (!single || !ts.isExpression(single)) return undefined;
  const expression = unwrapExpression(single);
  if (ts.isCallExpression(expression) && callbackName !== undefined && ts.isIdentifier(expression.expression) && expression.expression.text === callbackName) {
    const [error, allowed] = expression.arguments;
    return error && unwrapExpression(error).kind === ts.SyntaxKind.NullKeyword && allowsAll(allowed) ? `calls \`${shortText(expression, sourceFile, 40)}\` for every origin` : undefined;
  }
  return allowsAll(expression) ? `returns \`${shortText(expression, sourceFile, 40)}\` for every origin` : undefined;
}

function originVerdict(value: ts.Expression | ts.MethodDeclaration | undefined, sourceFile: ts.SourceFile): OriginVerdict {
  if (!value) return undefined;
  if (ts.isMethodDeclaration(value)) {
    const how = alwaysAllows(value, sourceFile);
    return how ? { kind: "any", how: `a function that ${how}` } : undefined;
  }
  const node = resolveConst(value);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { kind: "any", how: "`origin: true`, which reflects any request origin" };
  if (ts.isStringLiteralLike(node) && node.text === "*") return { kind: "wildcard" };
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    const how = alwaysAllows(node, sourceFile);
    return how ? { kind: "any", how: `a function that ${how}` } : undefined;
  }
  const regexes = ts.isArrayLiteralExpression(node) ? node.elements.map((element) => (ts.isSpreadElement(element) ? undefined : resolveConst(element))) : [node];
  for (const element of regexes) {
    if (!element) continue;
    if (ts.isStringLiteralLike(element) && element.text === "*") return { kind: "wildcard" };
    const source = regexSource(element);
    const problem = source !== undefined ? regexProblem(source) : undefined;
    if (source !== undefined && problem) return { kind: "regex", pattern: `/${source}/`, problem };
  }
  const taint = taintOf(node, sourceFile);
  if (taint?.kind === "request" && taint.confidence === "high") return { kind: "any", how: `\`${shortText(node, sourceFile, 40)}\`, the request's own origin` };
  return undefined;
}

function credentialsOn(object: ts.ObjectLiteralExpression): boolean {
  const value = valueOf(property(object, "credentials"));
  if (!value) return false;
  if (ts.isMethodDeclaration(value)) return true;
  const node = resolveConst(value);
  return node.kind === ts.SyntaxKind.TrueKeyword || ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

const CORS_MODULES_REFLECTING_BY_DEFAULT = new Set(["@koa/cors", "koa2-cors", "koa-cors"]);

const FIX =
  'Allow an explicit list of origins: `cors({ origin: ["https://app.example.com", "https://admin.example.com"], credentials: true })`, or a function that checks a `Set` (`origin: (origin, cb) => cb(null, !origin || ALLOWED.has(origin))`). For regexes, escape dots and anchor both ends: `/^https:\\/\\/([a-z0-9-]+\\.)?example\\.com$/`.';
const WHY =
  "With credentials allowed for any origin, any website a logged-in user visits can call this API with the user's cookies and read the responses: account data, CSRF tokens, anything the session can reach.";

const HEADER_ALLOW_ORIGIN = "access-control-allow-origin";
const HEADER_ALLOW_CREDENTIALS = "access-control-allow-credentials";
const HEADER_METHODS = new Set(["setHeader", "header", "set", "append", "appendHeader"]);
const CHECKED = /\.(?:includes|has|indexOf|test|match|some|find|startsWith|endsWith)\(|[!=]==?/;

export const permissiveCors = defineTsRule({
  meta: {
    id: "security/permissive-cors",
    category: "security",
    severity: "high",
    title: "CORS lets any website make credentialed requests",
    description:
      "Detects CORS configurations (`cors()` from cors/@koa/cors/hono, NestJS `enableCors` and `cors:` options, Fastify `register(cors, ...)`) that combine `credentials: true` with an origin that admits every site: `origin: true`, a function that allows every origin (`(origin, cb) => cb(null, true)`, `cb(null, origin)`, `(ctx) => ctx.get(\"Origin\")`), or the request's own origin; @koa/cors with credentials and no `origin` (it reflects by default) (all high); `origin: \"*\"` with credentials (medium: browsers refuse the pair, but the config is one change from reflecting); and origin regexes with unescaped dots, no `$` anchor, a wildcard running into the domain, or no `^` anchor (medium). It also reports a hand-set `Access-Control-Allow-Origin` taken from the request (`req.headers.origin`) without a check: high when the same function sets `Access-Control-Allow-Credentials: true`, low otherwise. It deliberately does not fire on `origin: \"*\"`/`true` without credentials (public APIs), allowlist arrays of strings, origin functions with any condition, values checked against a list before being echoed, or in tests.",
    why: WHY,
    fix: FIX,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const judged = new Set<ts.ObjectLiteralExpression>();
    const reflections: Array<{ node: ts.Node; value: ts.Expression }> = [];
    const credentialScopes = new Set<ts.Node>();

    const judgeOptions = (object: ts.ObjectLiteralExpression | undefined, reflectsByDefault: boolean): void => {
      if (!object || judged.has(object)) return;
      judged.add(object);
      const originProperty = property(object, "origin");
      const credentials = credentialsOn(object);
      let verdict = originVerdict(valueOf(originProperty), sourceFile);
      if (!originProperty && reflectsByDefault && credentials) verdict = { kind: "any", how: "no `origin` option, which @koa/cors answers with the request's own origin when credentials are on" };
      if (!verdict) return;
      let severity: Severity;
      let message: string;
      if (verdict.kind === "any") {
        if (!credentials) return;
        severity = "high";
        message = `CORS allows credentials for every origin through ${verdict.how}: any website can send requests with the user's cookies and read the responses.`;
      } else if (verdict.kind === "wildcard") {
        if (!credentials) return;
        severity = "medium";
        message = 'CORS combines `origin: "*"` with `credentials: true`: browsers reject this pair, so credentialed requests fail today, and the usual "fix" (`origin: true`) opens the API to every website.';
      } else {
        severity = "medium";
        message = `The CORS origin pattern \`${verdict.pattern}\` is too loose: ${verdict.problem}${credentials ? ", with credentials allowed" : ""}.`;
      }
      context.report({ node: originProperty ?? object, message, severity });
    };

    const scopeOf = (node: ts.Node): ts.Node => enclosingFunction(node) ?? sourceFile;

    /** Whether the echoed origin was checked first: an enclosing `if` on it, or an earlier `if` that returns. */
    const guarded = (node: ts.Node, value: ts.Expression): boolean => {
      const name = shortText(unwrapExpression(value), sourceFile, 80);
      const root = name.split(/[.([]/)[0] ?? name;
      const mentions = (expression: ts.Expression): boolean => {
        const text = shortText(expression, sourceFile, 300);
        return text.includes(name) || (root.length > 2 && new RegExp(`\\b${root.replace(/[$]/g, "\\$")}\\b`).test(text) && /origin/i.test(text));
      };
      let child: ts.Node = node;
      for (let current = node.parent; current && !ts.isSourceFile(current); child = current, current = current.parent) {
        if ((ts.isIfStatement(current) && mentions(current.expression)) || (ts.isConditionalExpression(current) && mentions(current.condition))) return true;
        if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && current.right === child && mentions(current.left)) return true;
        if (ts.isBlock(current) || ts.isSourceFile(current)) {
          for (const statement of current.statements) {
            if (statement === child) break;
            if (ts.isIfStatement(statement) && mentions(statement.expression)) return true;
          }
        }
        if (isFunctionLike(current)) break;
      }
      // `const origin = ALLOWED.includes(req.headers.origin) ? req.headers.origin : ALLOWED[0]`
      const resolved = unwrapExpression(value);
      if (ts.isIdentifier(resolved)) {
        const binding = findLocalBinding(resolved);
        if (binding?.kind === "variable" && binding.initializer && CHECKED.test(shortText(binding.initializer, sourceFile, 200))) return true;
      }
      return false;
    };

    const headerValue = (name: string, value: ts.Expression, at: ts.Node): void => {
      const header = name.toLowerCase();
      if (header === HEADER_ALLOW_CREDENTIALS) {
        const node = unwrapExpression(value);
        if (node.kind === ts.SyntaxKind.TrueKeyword || (ts.isStringLiteralLike(node) && node.text.toLowerCase() === "true")) credentialScopes.add(scopeOf(at));
        return;
      }
      if (header !== HEADER_ALLOW_ORIGIN) return;
      const node = unwrapExpression(value);
      if (ts.isConditionalExpression(node)) return;
      const taint = taintOf(node, sourceFile);
      if (taint?.kind !== "request" || taint.confidence !== "high") return;
      if (guarded(at, node)) return;
      reflections.push({ node: at, value: node });
    };

    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (!name) return;
        if (HEADER_METHODS.has(name)) {
          const [header, value] = node.arguments;
          if (header && value && ts.isStringLiteralLike(header)) headerValue(header.text, value, node);
          else if (header && !value) {
            const object = objectLiteralOf(header);
            for (const element of object?.properties ?? []) {
              const key = propertyKey(element);
              if (key && ts.isPropertyAssignment(element)) headerValue(key, element.initializer, node);
            }
          }
          return;
        }
        if (name === "cors" || name === "enableCors" || name === "corsMiddleware" || name === "koaCors") {
          const callee = unwrapExpression(node.expression);
          const module = ts.isIdentifier(callee) ? importedModule(callee) : undefined;
          judgeOptions(objectLiteralOf(node.arguments[0]), module !== undefined && CORS_MODULES_REFLECTING_BY_DEFAULT.has(module));
          return;
        }
        if (name === "register" && calleeReceiver(node) && node.arguments[1]) {
          const plugin = unwrapExpression(node.arguments[0]!);
          if (ts.isIdentifier(plugin) && /cors/i.test(plugin.text)) judgeOptions(objectLiteralOf(node.arguments[1]), false);
        }
      },
      PropertyAssignment(node) {
        const key = propertyKey(node);
        if (!key) return;
        if (key === "cors") {
          judgeOptions(objectLiteralOf(node.initializer), false);
          return;
        }
        const lower = key.toLowerCase();
        if (lower === HEADER_ALLOW_ORIGIN || lower === HEADER_ALLOW_CREDENTIALS) {
          // `writeHead(200, { ... })`, `new Response(body, { headers: { ... } })`; `res.set({...})` is handled with its call.
          const call = node.parent.parent;
          if (ts.isCallExpression(call) && HEADER_METHODS.has(calleeName(call) ?? "") && call.arguments.length === 1) return;
          headerValue(key, node.initializer, node);
        }
      },
      "SourceFile:exit"() {
        for (const reflection of reflections) {
          const credentials = credentialScopes.has(scopeOf(reflection.node));
          const origin = shortText(reflection.value, sourceFile, 40);
          context.report({
            node: reflection.node,
            message: credentials
              ? `\`Access-Control-Allow-Origin\` echoes \`${origin}\` unchecked while \`Access-Control-Allow-Credentials\` is true: any website can make requests with the user's cookies and read the responses.`
              : `\`Access-Control-Allow-Origin\` echoes \`${origin}\` unchecked: every origin is allowed, and if credentials are enabled elsewhere, any website can read responses with the user's cookies.`,
            severity: credentials ? "high" : "low",
            fix: "Echo the origin only after checking it against an allowlist (`if (ALLOWED_ORIGINS.has(origin)) res.setHeader(\"Access-Control-Allow-Origin\", origin)`), and add `Vary: Origin` so caches do not serve one origin's answer to another.",
          });
        }
      },
    };
  },
});
