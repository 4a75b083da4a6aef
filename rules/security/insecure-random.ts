// security/insecure-random: `Math.random()` (or the deprecated `crypto.pseudoRandomBytes`) feeding a
// value whose name says it must be unguessable: tokens, secrets, passwords, OTPs, nonces, salts,
// session ids. The evidence is a name, so the rule is conservative: UI and test randomness never
// counts, and a generic `id` is only a low note.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { calleeName, calleeReceiver, enclosingFunction, propertyChain, shortText, TEST_PATH_GLOBS, type FunctionLikeWithBody } from "../../src/analysis/ts-helpers.js";
import { propertyKey } from "../../src/analysis/ast-values.js";
import type { Severity } from "../../src/review/types.js";


function functionName(fn: FunctionLikeWithBody | undefined): string | undefined {
  if (!fn) return undefined;
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent)) return propertyKey(parent);
  return undefined;
}

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** Words that make randomness cosmetic or statistical, whatever else the name says. */
const NOT_SECURITY = new Set([
  "jitter",
  "backoff",
  "delay",
  "retry",
  "timeout",
  "wait",
  "sleep",
  "interval",
  "color",
  "colour",
  "hue",
  "rgb",
  "shuffle",
  "shuffled",
  "sample",
  "sampling",
  "sampled",
  "rate",
  "ratio",
  "percent",
  "probability",
  "chance",
  "weight",
  "animation",
  "animate",
  "position",
  "pos",
  "offset",
  "width",
  "height",
  "size",
  "opacity",
  "angle",
  "rotation",
  "duration",
  "index",
  "idx",
  "pick",
  "choice",
  "test",
  "mock",
  "fake",
  "dummy",
  "demo",
  "placeholder",
  "seed",
  "quote",
  "tip",
  "greeting",
  "message",
  "avatar",
  "emoji",
  "name",
  "label",
  "trace",
  "span",
  "request",
  "correlation",
  "element",
  "dom",
  "html",
  "filename",
  "file",
  "port",
  "x",
  "y",
  "z",
  "dx",
  "dy",
  "score",
  "speed",
  "particle",
  "star",
  "confetti",
  "jit",
  "skew",
  "spread",
  "variance",
  "noise",
]);

/** Words that name a value an attacker must not guess. */
const SECURITY_WORDS = new Set([
  "token",
  "secret",
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "otp",
  "totp",
  "nonce",
  "salt",
  "session",
  "sid",
  "apikey",
  "csrf",
  "xsrf",
  "passcode",
  "pin",
  "verifier",
  "challenge",
  "credential",
  "credentials",
]);
/** `code` only counts with one of these: `verificationCode`, `resetCode`, `inviteCode`. */
const CODE_QUALIFIERS = new Set(["verification", "verify", "reset", "invite", "invitation", "confirmation", "confirm", "activation", "auth", "login", "otp", "mfa", "sms", "email", "recovery", "access", "magic", "one", "security"]);
const ID_WORDS = new Set(["id", "uuid", "guid", "uid"]);

type Kind = { severity: Severity; word: string } | "other" | undefined;

function classify(name: string | undefined): Kind {
  if (!name) return undefined;
  const list = words(name);
  if (list.some((word) => NOT_SECURITY.has(word))) return "other";
  const joined = list.join("");
  const security = list.find((word) => SECURITY_WORDS.has(word)) ?? (/apikey|apitoken|accesskey/.test(joined) ? "apiKey" : undefined);
  if (security) return { severity: "medium", word: security };
  if (list.includes("code") && list.some((word) => CODE_QUALIFIERS.has(word))) return { severity: "medium", word: "code" };
  const id = list.find((word) => ID_WORDS.has(word));
  if (id) return { severity: "low", word: id };
  return undefined;
}

/** The path of the route whose handler contains `node`: `"/reset"` for `router.post("/reset", async (req, res) => ...)`. */
function routePath(node: ts.Node): string | undefined {
  let fn = enclosingFunction(node);
  for (let step = 0; fn && step < 3; step++, fn = enclosingFunction(fn)) {
    const call = fn.parent;
    if (call && ts.isCallExpression(call) && call.arguments.includes(fn as ts.Expression)) {
      const first = call.arguments[0];
      if (first && ts.isStringLiteralLike(first) && first.text.startsWith("/")) return first.text;
    }
  }
  return undefined;
}

/** A bare `code`/`pin` counts when the route says what it is for: `/reset`, `/verify-email`, `/invite`. */
function qualifiedByRoute(name: string, node: ts.Node): boolean {
  const list = words(name);
  if (!list.includes("code") && !list.includes("pin")) return false;
  const route = routePath(node);
  if (!route) return false;
  return words(route.replace(/[/:-]/g, " ")).some((word) => CODE_QUALIFIERS.has(word) || SECURITY_WORDS.has(word) || /^(forgot|password|2fa|twofactor|signup|register)$/.test(word));
}

interface Target {
  name: string;
  node: ts.Node;
  how: "stored in" | "returned from" | "used as";
}

/** The nearest enclosing function with a name (callbacks are skipped): `generateToken` for a `map` callback inside it. */
function namedEnclosingFunction(node: ts.Node): { name: string; fn: FunctionLikeWithBody } | undefined {
  let fn = enclosingFunction(node);
  for (let step = 0; fn && step < 4; step++, fn = enclosingFunction(fn)) {
    const name = functionName(fn);
    if (name) return { name, fn };
  }
  return undefined;
}

const VALUE_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken,
  ts.SyntaxKind.AsteriskAsteriskToken,
  ts.SyntaxKind.BarToken,
  ts.SyntaxKind.AmpersandToken,
  ts.SyntaxKind.CaretToken,
  ts.SyntaxKind.LessThanLessThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
]);
const PASS_THROUGH_CALLS = /^(concat|join|from|floor|round|ceil|trunc|String|Number|parseInt|toString|padStart|padEnd|charAt|substring|substr|slice|map|repeat|fromCharCode|encode|toUpperCase|toLowerCase|replace)$/;

/**
 * The named place a random value ends up: the variable, property or cookie it is assigned to, or
 * the function that returns it. Walks up through expressions that transform the value (arithmetic,
 * `toString`, `slice`, templates, callbacks of `map`/`Array.from`/`replace`), and stops without a
 * target where the value is only compared (`Math.random() < 0.1` decides, it is not a value).
 */
function targetOf(call: ts.Node): Target | undefined {
  let node: ts.Node = call;
  for (let step = 0; step < 14; step++) {
    const parent: ts.Node | undefined = node.parent;
    if (!parent) return undefined;
    if (ts.isVariableDeclaration(parent)) return ts.isIdentifier(parent.name) ? { name: parent.name.text, node: parent, how: "stored in" } : undefined;
    if (ts.isPropertyAssignment(parent)) {
      const key = propertyKey(parent);
      return key ? { name: key, node: parent, how: "stored in" } : undefined;
    }
    if (ts.isBinaryExpression(parent) && parent.right === node && (parent.operatorToken.kind === ts.SyntaxKind.EqualsToken || parent.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken)) {
      const name = propertyChain(parent.left)?.at(-1);
      return name ? { name, node: parent, how: "stored in" } : undefined;
    }
    if (ts.isArrowFunction(parent) && parent.body === node && parent.parent && ts.isCallExpression(parent.parent)) {
      // `Array.from({ length: 32 }, () => chars[...])`: the callback's value is the call's value.
      node = parent.parent;
      continue;
    }
    if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) {
      const named = namedEnclosingFunction(ts.isArrowFunction(parent) ? parent.body : parent);
      return named ? { name: named.name, node: named.fn, how: "returned from" } : undefined;
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
      // `res.cookie("session_id", value)`, `setToken(value)`, `chars.push(value)`: the call names it.
      const callee = calleeName(parent);
      const first = parent.arguments[0];
      if ((callee === "cookie" || callee === "set" || callee === "setItem" || callee === "setCookie") && first && first !== node && ts.isStringLiteralLike(first)) {
        return { name: first.text, node: parent, how: "used as" };
      }
      if (callee && /^(set|save|store)[A-Z]/.test(callee)) return { name: callee.replace(/^(set|save|store)/, ""), node: parent, how: "used as" };
      if (callee === "push" || callee === "unshift") {
        const receiver = calleeReceiver(parent);
        const name = receiver ? propertyChain(receiver)?.at(-1) : undefined;
        return name ? { name, node: parent, how: "stored in" } : undefined;
      }
      if (callee && PASS_THROUGH_CALLS.test(callee)) {
        node = parent;
        continue;
      }
      return undefined;
    }
    if (ts.isBinaryExpression(parent) && !VALUE_OPERATORS.has(parent.operatorToken.kind)) return undefined;
    if (
      ts.isPropertyAccessExpression(parent) ||
      ts.isElementAccessExpression(parent) ||
      ts.isCallExpression(parent) ||
      ts.isBinaryExpression(parent) ||
      ts.isParenthesizedExpression(parent) ||
      ts.isTemplateSpan(parent) ||
      ts.isTemplateExpression(parent) ||
      ts.isPrefixUnaryExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isArrayLiteralExpression(parent)
    ) {
      node = parent;
      continue;
    }
    return undefined;
  }
  return undefined;
}

const FIX =
  "Use the operating system's CSPRNG: `crypto.randomBytes(32).toString(\"base64url\")` for tokens and secrets, `crypto.randomUUID()` for identifiers, `crypto.randomInt(0, 1_000_000).toString().padStart(6, \"0\")` for numeric codes (in browsers, `crypto.getRandomValues`).";

export const insecureRandom = defineTsRule({
  meta: {
    id: "security/insecure-random",
    category: "security",
    severity: "medium",
    title: "Predictable randomness for a security value",
    description:
      "Detects `Math.random()` and `crypto.pseudoRandomBytes()` whose result is stored in, returned as or used as a value whose name says it must be unguessable: token, secret, password, OTP, nonce, salt, session id, API key, CSRF token, PIN, or a verification/reset/invite code (a bare `code` or `pin` counts inside a route whose path says so, such as `/reset` or `/verify-email`) (medium), judged by the variable, property, cookie or setter it goes to, or by the enclosing function's name when the value is built in a loop (`generateToken`). A generic `id`/`uuid`/`uid` is reported at low, and not at all in `.tsx`/`.jsx` components. It never fires when the name says the randomness is cosmetic or statistical (jitter, backoff, delay, color, shuffle, sampling, animation, position, index, test/mock data, request or trace ids, element keys), in tests, seeds, stories or fixtures. `Math.random()` is not a cryptographic generator: its output can be predicted from a few observed values.",
    why: "`Math.random()` comes from a fast PRNG whose internal state can be recovered from a handful of outputs; an attacker who sees a few tokens or codes can predict the next ones and take over password resets, sessions or invitations.",
    fix: FIX,
    defaultIgnore: [...TEST_PATH_GLOBS, "**/seed/**", "**/seeds/**", "**/seeders/**", "**/*.seed.*", "**/*.stories.*", "**/stories/**", "**/fixtures/**", "**/mocks/**", "**/storybook/**"],
  },
  create(context) {
    const { sourceFile } = context;
    const component = /\.(?:tsx|jsx)$/.test(context.file.path);
    const reported = new Set<ts.Node>();
    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (name !== "random" && name !== "pseudoRandomBytes") return;
        const receiver = calleeReceiver(node);
        const chain = receiver ? propertyChain(receiver) : undefined;
        const source = name === "random" ? (chain?.join(".") === "Math" ? "Math.random()" : undefined) : "crypto.pseudoRandomBytes()";
        if (!source) return;

        const target = targetOf(node);
        if (!target) return;
        let kind = classify(target.name);
        let described: Target = target;
        if (kind === "other") return;
        if (kind === undefined && qualifiedByRoute(target.name, node)) kind = { severity: "medium", word: "code" };
        if (kind === undefined) {
          // A generic name (`result`, `out`, `r`) inside `generateResetToken()`: the function says what it builds.
          const named = namedEnclosingFunction(node);
          const fnKind = classify(named?.name);
          if (fnKind === undefined || fnKind === "other" || !named) return;
          kind = fnKind;
          described = { name: named.name, node: named.fn, how: "returned from" };
        }
        if (kind.severity === "low" && component) return;
        if (reported.has(described.node)) return;
        reported.add(described.node);
        const consequence =
          kind.severity === "medium"
            ? "anyone who observes a few values can predict the next ones"
            : "if this id is ever used as an unguessable reference (share links, invitations, API keys), it can be guessed";
        const subject =
          described.how === "returned from"
            ? `\`${described.name}()\` builds its result from \`${shortText(node, sourceFile, 40)}\``
            : described.how === "used as"
              ? `The value used as \`${described.name}\` comes from \`${shortText(node, sourceFile, 40)}\``
              : `\`${described.name}\` is derived from \`${shortText(node, sourceFile, 40)}\``;
        context.report({
          node,
          message: `${subject}, which is not a cryptographically secure generator: ${consequence}.`,
          severity: kind.severity,
        });
      },
    };
  },
});
