// security/jwt-verification-bypass: JWTs accepted without checking their signature or expiry.
// `decode` results used for authorization are judged at the end of the file, once every verify call
// of the file is known (decoding the header to pick a key before `verify` is a legitimate idiom).
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { inRequestHandler } from "../../src/analysis/taint.js";
import { calleeName, calleeReceiver, enclosingFunction, findLocalBinding, isFunctionLike, memberName, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression, type FunctionLikeWithBody } from "../../src/analysis/ts-helpers.js";
import { importedModule, propertyKey, rootIdentifier } from "../../src/analysis/ast-values.js";
import { severityRank, type Severity } from "../../src/review/types.js";




function functionName(fn: FunctionLikeWithBody): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent)) return propertyKey(parent);
  if (ts.isBinaryExpression(parent)) return propertyChain(parent.left)?.at(-1);
  return undefined;
}

// ---- Decoders -----------------------------------------------------------------------------------

type DecoderKind = "jsonwebtoken" | "jose" | "jwt-decode" | "unsecured";

const JWT_RECEIVER = /^(jwt|jsonwebtoken|jsonWebToken|JWT|Jwt)$/;
const DECODER_NAMES = new Set(["decode", "jwtDecode", "jwt_decode", "decodeJwt"]);

/** A call that reads a JWT without checking its signature; undefined for verifying APIs. */
function decoderKind(call: ts.CallExpression): DecoderKind | undefined {
  const name = calleeName(call);
  if (!name || !DECODER_NAMES.has(name) || call.arguments.length === 0) return undefined;
  const receiver = calleeReceiver(call);
  const root = rootIdentifier(receiver ?? call.expression);
  const module = root ? importedModule(root) : undefined;
  if (name === "jwtDecode" || name === "jwt_decode") return module === undefined || module === "jwt-decode" ? "jwt-decode" : undefined;
  if (name === "decodeJwt") return module === undefined || module === "jose" ? "jose" : undefined;
  // name === "decode"
  if (receiver && propertyChain(receiver)?.at(-1) === "UnsecuredJWT") return "unsecured";
  if (module === "jsonwebtoken") return "jsonwebtoken";
  if (module !== undefined || !receiver || !root || !JWT_RECEIVER.test(root.text)) return undefined;
  // An unresolved `jwt.decode`: jsonwebtoken takes (token, options?); jwt-simple's (token, key) verifies.
  const second = call.arguments[1];
  return second === undefined || ts.isObjectLiteralExpression(unwrapExpression(second)) ? "jsonwebtoken" : undefined;
}

/** jwt-simple `decode(token, key, true)`: the third argument turns verification off. */
function isJwtSimpleNoVerify(call: ts.CallExpression): boolean {
  if (calleeName(call) !== "decode" || call.arguments.length < 3) return false;
  const third = call.arguments[2];
  if (!third || unwrapExpression(third).kind !== ts.SyntaxKind.TrueKeyword) return false;
  const receiver = calleeReceiver(call);
  const root = rootIdentifier(receiver ?? call.expression);
  if (!root) return false;
  const module = importedModule(root);
  return module === "jwt-simple" || (module === undefined && /^(jwt|jwtSimple|JWT)$/.test(root.text));
}

const VERIFY_NAMES = new Set(["verify", "jwtVerify", "verifyAsync", "verifyToken", "verifyJwt", "verifyIdToken", "verifyAccessToken"]);

// ---- Where a decoded value goes -----------------------------------------------------------------

/** Claims that decide who the caller is or what it may do. `exp`, `kid`, `iss` are read for routing and refresh too. */
const AUTHZ_CLAIMS = new Set([
  "role",
  "roles",
  "admin",
  "isAdmin",
  "is_admin",
  "permissions",
  "permission",
  "scope",
  "scopes",
  "groups",
  "group",
  "sub",
  "userId",
  "user_id",
  "uid",
  "id",
  "email",
  "accountId",
  "account_id",
  "orgId",
  "organizationId",
  "tenantId",
  "plan",
  "tier",
  "isVerified",
  "verified",
  "user",
]);

const AUTH_FUNCTION = /verif|authenticat|authori[sz]|requireauth|ensureauth|checkauth|isauth|validatetoken|checktoken|currentuser|userfromtoken|authmiddleware|^auth|^protect|^guard/;
const REQUEST_TARGET_ROOTS = new Set(["req", "request", "ctx", "context", "res", "reply"]);
const REQUEST_TARGET_MEMBERS = /^(user|auth|claims|session|identity|principal|currentUser|account|jwt|token|payload|decoded)$/;

const MAX_CARRY_DEPTH = 5;

/** The decode call whose result `expression` carries: directly, through locals, members, objects or call arguments. */
function carriedDecode(expression: ts.Expression | undefined, decodes: ReadonlyMap<ts.CallExpression, DecoderKind>, depth = 0): ts.CallExpression | undefined {
  if (!expression || depth > MAX_CARRY_DEPTH) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isAwaitExpression(node)) return carriedDecode(node.expression, decodes, depth);
  if (ts.isCallExpression(node)) {
    if (decodes.has(node)) return node;
    // `User.findById(decoded.sub)`: the looked-up user is whoever the token claims to be.
    for (const argument of node.arguments) {
      const found = carriedDecode(argument, decodes, depth + 1);
      if (found) return found;
    }
    const receiver = calleeReceiver(node);
    return receiver ? carriedDecode(receiver, decodes, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return carriedDecode(node.expression, decodes, depth);
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind !== "variable") return undefined;
    return carriedDecode(binding.initializer ?? binding.derivedFrom, decodes, depth + 1);
  }
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : ts.isSpreadAssignment(property) ? property.expression : undefined;
      const found = carriedDecode(value, decodes, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)) {
    return carriedDecode(node.left, decodes, depth) ?? carriedDecode(node.right, decodes, depth);
  }
  return undefined;
}

/** Member reads of authorization claims in a condition (`decoded.role === "admin"`, `claims["isAdmin"]`), with the decode they come from. */
/** Whether `node` is tested for presence only: `if (claims)`, `!claims`, `claims == null`. */
function isPresenceTest(node: ts.Identifier, condition: ts.Expression): boolean {
  let current: ts.Node = node;
  while (current.parent && ts.isParenthesizedExpression(current.parent)) current = current.parent;
  if (current === condition) return true;
  const parent = current.parent;
  if (!parent) return false;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(parent.operatorToken.kind)) {
    const other = parent.left === current ? parent.right : parent.left;
    return other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === "undefined");
  }
  if (ts.isBinaryExpression(parent) && (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)) return true;
  return false;
}

function claimReadIn(condition: ts.Expression, decodes: ReadonlyMap<ts.CallExpression, DecoderKind>): { decode: ts.CallExpression; claim: ts.Expression; presence?: boolean } | undefined {
  let presence: { decode: ts.CallExpression; claim: ts.Expression; presence: boolean } | undefined;
  const stack: ts.Node[] = [condition];
  let visited = 0;
  while (stack.length > 0 && visited++ < 200) {
    const node = stack.pop()!;
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && AUTHZ_CLAIMS.has(memberName(node) ?? "")) {
      const decode = carriedDecode(node.expression, decodes);
      if (decode) return { decode, claim: node };
    }
    if (ts.isIdentifier(node)) {
      // `const id = decoded?.data?.id; if (!id) ...` and `const { role } = jwt.decode(token); if (role !== "admin") ...`.
      const binding = findLocalBinding(node);
      if (binding?.kind === "variable") {
        const initializer = binding.initializer && unwrapExpression(binding.initializer);
        const claimFromMember = initializer && (ts.isPropertyAccessExpression(initializer) || ts.isElementAccessExpression(initializer)) && AUTHZ_CLAIMS.has(memberName(initializer) ?? "");
        const claimFromPattern = binding.derivedFrom !== undefined && AUTHZ_CLAIMS.has(node.text);
        const decode = claimFromMember ? carriedDecode(initializer, decodes) : claimFromPattern ? carriedDecode(binding.derivedFrom, decodes) : undefined;
        if (decode) return { decode, claim: node };
        // `const claims = jwt.decode(token); if (!claims) return 401`: a token counts as valid because it parses.
        let direct = initializer;
        while (direct && ts.isAwaitExpression(direct)) direct = unwrapExpression(direct.expression);
        if (!presence && direct && ts.isCallExpression(direct) && decodes.has(direct) && isPresenceTest(node, condition)) presence = { decode: direct, claim: node, presence: true };
      }
    }
    if (isFunctionLike(node)) continue;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return presence;
}

function ancestorFunctions(node: ts.Node): FunctionLikeWithBody[] {
  const functions: FunctionLikeWithBody[] = [];
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) functions.push(fn);
  return functions;
}

function normalizedName(name: string | undefined): string {
  return (name ?? "").toLowerCase().replace(/[^a-z]/g, "");
}

interface Use {
  decode: ts.CallExpression;
  at: ts.Node;
  how: "assigned" | "checked" | "returned";
  detail: string;
  severity: Severity;
}

const DECODER_LABEL: Record<DecoderKind, string> = {
  jsonwebtoken: "`jwt.decode()`",
  jose: "jose `decodeJwt()`",
  "jwt-decode": "`jwtDecode()`",
  unsecured: "`UnsecuredJWT.decode()`",
};

const DECODE_FIX =
  'Verify the token instead of decoding it, with the algorithm pinned: `const claims = jwt.verify(token, publicKeyOrSecret, { algorithms: ["RS256"], issuer, audience })` (jsonwebtoken) or `const { payload } = await jwtVerify(token, key, { algorithms: ["RS256"] })` (jose). Keep `decode` for reading the header (`kid`) before verifying, or for display only.';

export const jwtVerificationBypass = defineTsRule({
  meta: {
    id: "security/jwt-verification-bypass",
    category: "security",
    severity: "critical",
    title: "JWT accepted without verifying its signature or expiry",
    description:
      "Detects JWTs trusted without verification: the result of jsonwebtoken `decode`, jose `decodeJwt`/`UnsecuredJWT.decode` or `jwtDecode` that sets `req.user`/`req.auth`/`res.locals.user`/`ctx.state.user` (also through a user looked up by its claims), that decides an `if` through an authorization claim (`role`, `isAdmin`, `scope`, `sub`, `userId`, ...) (directly, or through a local bound to that claim; a mere presence check such as `if (!claims) return 401` is high) inside a request handler or auth function, or that is returned from a function named like `verifyToken`/`authenticate`/`currentUser` or from a helper that takes the request (high); `algorithms` lists that include `\"none\"`; jwt-simple `decode(token, key, true)`, which skips verification; `ignoreExpiration: true` (high); signing with `algorithm: \"none\"` (high); and jsonwebtoken `verify` with a public-key-named key but no `algorithms` list (low: jsonwebtoken 9 blocks the classic algorithm confusion, older versions and other libraries do not). It deliberately does not fire on `decode` used for logging or display, on `decode` in a function (or an enclosing one) that also verifies, or next to a module-level verify (reading `kid`/`alg` from the header to choose the key), on `exp`/`iss`/`kid` reads, on client components (`.tsx`/`.jsx`) except when they set request state, or in tests.",
    why: "A decoded but unverified token is whatever the client wrote: anyone can change `sub` or `role` in the payload, keep any signature (or none), and be accepted as another user or an admin.",
    fix: DECODE_FIX,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const decodes = new Map<ts.CallExpression, DecoderKind>();
    const uses: Use[] = [];
    /** Functions that contain (at any depth) a verify call: decoding there is key selection, not trust. */
    const verifyingFunctions = new Set<FunctionLikeWithBody>();
    let moduleLevelVerify = false;
    const clientComponent = /\.(?:tsx|jsx)$/.test(context.file.path);

    const report = (node: ts.Node, message: string, severity: Severity, fix?: string): void => {
      context.report({ node, message, severity, ...(fix !== undefined ? { fix } : {}) });
    };

    const considerReturn = (value: ts.Expression, at: ts.Node): void => {
      if (decodes.size === 0 || clientComponent) return;
      const fn = enclosingFunction(at);
      if (!fn) return;
      // A helper that takes the request and returns the token's claims is how routes learn who the caller is.
      const first = fn.parameters[0]?.name;
      // Only one-parameter helpers (`userOf(req)`): a route callback returning claims is usually answering the client.
      const takesRequest = fn.parameters.length === 1 && first !== undefined && ts.isIdentifier(first) && /^(req|request|ctx)$/.test(first.text);
      if (!takesRequest && !AUTH_FUNCTION.test(normalizedName(functionName(fn)))) return;
      const decode = carriedDecode(value, decodes);
      if (!decode) return;
      const kind = decodes.get(decode)!;
      // `jwtDecode` in a `getCurrentUser()` of browser code is display logic; only server decoders count by name alone.
      if (kind === "jwt-decode" && !inRequestHandler(at)) return;
      uses.push({ decode, at, how: "returned", detail: `is returned from \`${functionName(fn) ?? "this function"}()\``, severity: "high" });
    };

    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (!name) return;
        if (VERIFY_NAMES.has(name)) {
          const functions = ancestorFunctions(node);
          if (functions.length === 0) moduleLevelVerify = true;
          for (const fn of functions) verifyingFunctions.add(fn);
          return;
        }
        if (name !== "decode" && !DECODER_NAMES.has(name)) return;
        if (isJwtSimpleNoVerify(node)) {
          report(
            node,
            `\`${shortText(node, sourceFile)}\` passes \`true\` as jwt-simple's \`noVerify\` argument: the signature is not checked, so any token is accepted.`,
            "critical",
            "Drop the third argument so `jwt.decode(token, key)` verifies the signature, and pass the expected algorithm as the fourth (`jwt.decode(token, key, false, \"HS256\")`).",
          );
          return;
        }
        const kind = decoderKind(node);
        if (kind) decodes.set(node, kind);
      },
      // Exit visitors: a decode call inside the node (`req.user = jwt.decode(t)`) has been seen by then.
      "BinaryExpression:exit"(node) {
        if (decodes.size === 0 || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        const chain = propertyChain(node.left);
        if (!chain || chain.length < 2 || !REQUEST_TARGET_ROOTS.has(chain[0] ?? "") || !REQUEST_TARGET_MEMBERS.test(chain.at(-1) ?? "")) return;
        const decode = carriedDecode(node.right, decodes);
        if (decode) uses.push({ decode, at: node, how: "assigned", detail: `sets \`${chain.join(".")}\``, severity: "critical" });
      },
      "IfStatement:exit"(node) {
        if (decodes.size === 0 || clientComponent) return;
        const read = claimReadIn(node.expression, decodes);
        if (!read) return;
        const fn = enclosingFunction(node);
        const authContext = inRequestHandler(node) || (fn !== undefined && AUTH_FUNCTION.test(normalizedName(functionName(fn))));
        if (!authContext) return;
        uses.push(
          read.presence
            ? { decode: read.decode, at: node.expression, how: "checked", detail: `decides this \`if\` by whether \`${shortText(read.claim, sourceFile, 40)}\` could be decoded`, severity: "high" }
            : { decode: read.decode, at: node.expression, how: "checked", detail: `decides this \`if\` through \`${shortText(read.claim, sourceFile, 40)}\``, severity: "critical" },
        );
      },
      "ReturnStatement:exit"(node) {
        if (node.expression) considerReturn(node.expression, node);
      },
      "ArrowFunction:exit"(node) {
        if (!ts.isBlock(node.body)) considerReturn(node.body, node.body);
      },
      PropertyAssignment(node) {
        const key = propertyKey(node);
        if (key === "algorithms") {
          const value = unwrapExpression(node.initializer);
          if (!ts.isArrayLiteralExpression(value)) return;
          const none = value.elements.find((element) => ts.isStringLiteralLike(element) && element.text.toLowerCase() === "none");
          if (none) {
            report(
              node,
              '`algorithms` includes `"none"`: a token with `alg: "none"` and no signature is accepted, so anyone can claim to be any user.',
              "critical",
              'Remove `"none"` and list only the algorithm your issuer signs with: `algorithms: ["RS256"]` (or `["HS256"]` for a shared secret).',
            );
          }
        } else if (key === "ignoreExpiration" && unwrapExpression(node.initializer).kind === ts.SyntaxKind.TrueKeyword) {
          report(
            node,
            "`ignoreExpiration: true` accepts expired tokens: a token that leaked once (logs, browser history, a former employee) stays valid forever.",
            "high",
            "Remove `ignoreExpiration` and let verification reject expired tokens; if clocks drift, allow a small `clockTolerance` (e.g. 30 seconds) instead. Refresh tokens should be rotated, not kept alive by skipping the check.",
          );
        } else if (key === "algorithm") {
          const value = unwrapExpression(node.initializer);
          if (!ts.isStringLiteralLike(value) || value.text.toLowerCase() !== "none") return;
          const call = node.parent.parent;
          if (!ts.isCallExpression(call) || calleeName(call) !== "sign") return;
          report(node, '`algorithm: "none"` issues unsigned tokens: any verifier that accepts them accepts tokens anyone can write.', "high", 'Sign with a real algorithm (`algorithm: "RS256"` with a private key, or `"HS256"` with a secret from the environment).');
        }
      },
      "SourceFile:exit"() {
        const reported = new Set<ts.CallExpression>();
        // One finding per decode call, at its strongest use (a `req.user =` outranks an earlier presence check).
        const ordered = [...uses].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
        for (const use of ordered) {
          if (reported.has(use.decode)) continue;
          if (moduleLevelVerify || ancestorFunctions(use.at).some((fn) => verifyingFunctions.has(fn))) continue;
          reported.add(use.decode);
          const decoder = DECODER_LABEL[decodes.get(use.decode)!];
          const line = sourceFile.getLineAndCharacterOfPosition(use.decode.getStart(sourceFile)).line + 1;
          const where = `the result of ${decoder} (line ${line})`;
          const message =
            use.how === "checked"
              ? `An authorization decision uses ${where}, which does not verify the signature: it ${use.detail}, and anyone can write a token that passes.`
              : `${where.charAt(0).toUpperCase()}${where.slice(1)} ${use.detail}, but ${decoder} does not verify the signature: anyone can send a token with any claims and be trusted.`;
          report(use.at, message, use.severity);
        }
      },
      "CallExpression:exit"(node) {
        // jsonwebtoken `verify(token, publicKey)` without pinned algorithms.
        if (calleeName(node) !== "verify" || node.arguments.length < 2) return;
        const receiver = calleeReceiver(node);
        const root = rootIdentifier(receiver ?? node.expression);
        if (!root) return;
        const module = importedModule(root);
        if (module !== "jsonwebtoken" && !(module === undefined && receiver && JWT_RECEIVER.test(root.text))) return;
        const options = node.arguments[2];
        if (options) {
          const object = unwrapExpression(options);
          if (!ts.isObjectLiteralExpression(object) || object.properties.some((property) => propertyKey(property) === "algorithms" || ts.isSpreadAssignment(property))) return;
        }
        const key = node.arguments[1]!;
        if (!/public|pubkey|cert|pem|jwks|getkey|getsigningkey/i.test(shortText(key, sourceFile, 80))) return;
        report(
          node,
          `\`${shortText(node.expression, sourceFile, 30)}()\` verifies with \`${shortText(key, sourceFile, 30)}\` but does not pin \`algorithms\`: with jsonwebtoken before 9 or a key that also parses as an HMAC secret, a token signed with HS256 using the public key is accepted.`,
          "low",
          'Pass the expected algorithm explicitly: `jwt.verify(token, publicKey, { algorithms: ["RS256"] })`.',
        );
      },
    };
  },
});
