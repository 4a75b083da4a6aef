// security/jwt-weak-claims: JWTs issued without an expiry, or carrying data that must not travel in
// a token (password hashes, salts, card numbers, whole user records). Payloads are only encoded:
// anyone holding the token can read them.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { calleeName, calleeReceiver, findLocalBinding, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";
import { importedModule, objectLiteralOf, propertyKey, rootIdentifier } from "../../src/analysis/ast-values.js";
import { severityRank, type Severity } from "../../src/review/types.js";





// ---- Sign calls ---------------------------------------------------------------------------------

const JWT_RECEIVER = /^(jwt|jsonwebtoken|jsonWebToken|JWT|Jwt)$/;

interface SignCall {
  call: ts.CallExpression;
  jose: boolean;
  payload: ts.Expression | undefined;
  /** `true` when the expiry is set by the call itself (`expiresIn`, `setExpirationTime`); `undefined` when unknown. */
  expirySet: boolean | undefined;
}

function jsonwebtokenSign(call: ts.CallExpression): SignCall | undefined {
  const receiver = calleeReceiver(call);
  const root = rootIdentifier(receiver ?? call.expression);
  if (!root) return undefined;
  const module = importedModule(root);
  const isJsonwebtoken = module === "jsonwebtoken" || (module === undefined && receiver !== undefined && JWT_RECEIVER.test(root.text));
  if (!isJsonwebtoken || call.arguments.length < 2) return undefined;
  const options = call.arguments[2];
  let expirySet: boolean | undefined;
  if (options === undefined || ts.isFunctionLike(unwrapExpression(options))) expirySet = false;
  else {
    const object = objectLiteralOf(options);
    if (object && !object.properties.some(ts.isSpreadAssignment)) expirySet = object.properties.some((property) => propertyKey(property) === "expiresIn");
  }
  return { call, jose: false, payload: call.arguments[0], expirySet };
}

/** jose: `new SignJWT(payload).setProtectedHeader(...)....sign(key)`. */
function joseSign(call: ts.CallExpression): SignCall | undefined {
  const methods: string[] = [];
  let current: ts.Expression | undefined = calleeReceiver(call);
  for (let step = 0; current && step < 15; step++) {
    const node = unwrapExpression(current);
    if (ts.isNewExpression(node)) {
      if (calleeName(node) !== "SignJWT") return undefined;
      return { call, jose: true, payload: node.arguments?.[0], expirySet: methods.includes("setExpirationTime") };
    }
    if (!ts.isCallExpression(node)) return undefined;
    methods.push(calleeName(node) ?? "");
    current = calleeReceiver(node);
  }
  return undefined;
}

// ---- Payload contents ---------------------------------------------------------------------------

/** Normalized claim names that must never be in a token. */
const SENSITIVE_CLAIMS = new Set([
  "password",
  "passwd",
  "passwordhash",
  "hashedpassword",
  "passwordhashed",
  "encryptedpassword",
  "hash",
  "salt",
  "passwordsalt",
  "ssn",
  "socialsecuritynumber",
  "creditcard",
  "creditcardnumber",
  "cardnumber",
  "cvv",
  "cvc",
  "otpsecret",
  "totpsecret",
  "mfasecret",
  "twofactorsecret",
]);
const RECORD_NAMES = /^(user|account|customer|member|profile|employee|patient|admin|owner|dbUser|existingUser|foundUser|currentUser)$/;
const DB_LOOKUPS = new Set(["findOne", "findById", "findByPk", "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findOneBy", "findOneOrFail", "findOneByOrFail", "findByEmail", "findByUsername", "getUserByEmail", "first"]);
const SERIALIZERS = new Set(["toJSON", "toObject", "get", "dataValues", "_doc", "lean"]);

function normalize(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, "");
}

/** Whether a record expression comes from a database lookup that returns every column (no `select`/`attributes`). */
function fromDatabase(expression: ts.Expression, depth = 0): boolean | "selected" {
  if (depth > 3) return false;
  let node = unwrapExpression(expression);
  if (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    const source = binding?.kind === "variable" ? (binding.initializer ?? binding.derivedFrom) : undefined;
    return source ? fromDatabase(source, depth + 1) : false;
  }
  let lookup = false;
  for (let current: ts.Expression | undefined = node, step = 0; current && step < 8; step++) {
    current = unwrapExpression(current);
    if (ts.isAwaitExpression(current)) current = unwrapExpression(current.expression);
    if (ts.isCallExpression(current)) {
      const name = calleeName(current) ?? "";
      if (name === "select" || current.arguments.some((argument) => { const object = objectLiteralOf(argument); return object?.properties.some((p) => ["select", "attributes", "projection"].includes(propertyKey(p) ?? "")) ?? false; })) return "selected";
      if (DB_LOOKUPS.has(name)) lookup = true;
      current = calleeReceiver(current);
    } else if (ts.isPropertyAccessExpression(current)) current = current.expression;
    else break;
  }
  return lookup;
}

/** The record a payload expression is (or wraps): `user`, `user.toJSON()`, `user._doc`, `user.get({ plain: true })`. */
function wholeRecord(expression: ts.Expression): ts.Expression | undefined {
  let node = unwrapExpression(expression);
  for (let step = 0; step < 3; step++) {
    if (ts.isCallExpression(node) && SERIALIZERS.has(calleeName(node) ?? "") && calleeReceiver(node)) node = unwrapExpression(calleeReceiver(node)!);
    else if (ts.isPropertyAccessExpression(node) && SERIALIZERS.has(node.name.text)) node = unwrapExpression(node.expression);
    else break;
  }
  if (!ts.isIdentifier(node)) return undefined;
  return RECORD_NAMES.test(node.text) || fromDatabase(node) === true ? node : undefined;
}

interface Exposure {
  severity: Severity;
  text: string;
}

function exposureOf(payload: ts.Expression | undefined, sourceFile: ts.SourceFile): Exposure | undefined {
  if (!payload) return undefined;
  const judgeRecord = (record: ts.Expression, how: string): Exposure | undefined => {
    const origin = fromDatabase(record);
    if (origin === "selected") return undefined;
    return {
      severity: origin ? "medium" : "low",
      text: `${how} \`${shortText(record, sourceFile, 30)}\`${origin ? ", a full database record," : ""} into the payload, so every field of it (password hash, email, internal flags) is readable by whoever holds the token`,
    };
  };
  const object = objectLiteralOf(payload);
  if (!object) {
    const record = wholeRecord(payload);
    return record ? judgeRecord(record, "puts") : undefined;
  }
  for (const property of object.properties) {
    const key = propertyKey(property);
    if (key !== undefined && SENSITIVE_CLAIMS.has(normalize(key))) {
      return { severity: "medium", text: `puts \`${key}\` into the payload, which anyone holding the token can read (JWT payloads are only base64-encoded)` };
    }
    if (ts.isPropertyAssignment(property)) {
      const chain = propertyChain(property.initializer);
      const last = chain?.at(-1);
      if (last !== undefined && chain!.length > 1 && SENSITIVE_CLAIMS.has(normalize(last))) {
        return { severity: "medium", text: `puts \`${chain!.join(".")}\` into the payload, which anyone holding the token can read (JWT payloads are only base64-encoded)` };
      }
    }
    const spread = ts.isSpreadAssignment(property) ? property.expression : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    if (spread) {
      const record = wholeRecord(spread);
      if (record) return judgeRecord(record, ts.isSpreadAssignment(property) ? "spreads" : "nests");
    }
  }
  return undefined;
}

/** Whether the payload sets `exp` itself; undefined when that cannot be known (not a literal, or spreads). */
function payloadHasExp(payload: ts.Expression | undefined): boolean | undefined {
  if (!payload) return undefined;
  const node = unwrapExpression(payload);
  if (ts.isStringLiteralLike(node)) return true; // string payloads cannot carry an expiry option; not this rule's concern
  const object = objectLiteralOf(payload);
  if (!object) return undefined;
  if (object.properties.some((property) => propertyKey(property) === "exp")) return true;
  return object.properties.some(ts.isSpreadAssignment) ? undefined : false;
}

const EXPIRY_FIX =
  'Give every token a lifetime: `jwt.sign(payload, key, { expiresIn: "15m" })` (jsonwebtoken) or `.setExpirationTime("15m")` (jose). Keep access tokens short-lived and use rotating refresh tokens, stored server-side so they can be revoked.';
const EXPOSURE_FIX =
  "Put only identifiers and authorization claims in the token (`{ sub: user.id, role: user.role }`) and look up everything else server-side. Never include passwords, hashes, salts, card or national ID numbers.";

export const jwtWeakClaims = defineTsRule({
  meta: {
    id: "security/jwt-weak-claims",
    category: "security",
    severity: "medium",
    title: "JWT issued without expiry or with sensitive claims",
    description:
      "Detects jsonwebtoken `sign` calls and jose `new SignJWT(...).sign()` chains that issue a token without an expiry (no `expiresIn` option and no `exp` in a literal payload; no `setExpirationTime` in the jose chain), and payloads that carry data a token must not: `password`, `passwordHash`, `hash`, `salt`, `ssn`, `creditCard`, `cvv`, MFA secrets (as keys or as values like `user.password`), or a whole user record (`jwt.sign(user)`, `{ ...user }`, `{ user }`, `user.toJSON()`): medium when the record comes from a database lookup without a field selection, low when only its name says it is a record. It does not fire when the options or payload are not literals (the expiry may be set elsewhere), on NestJS `JwtService.sign` (expiry is usually configured in `JwtModule`), on lookups that select fields, or in tests.",
    why: "A token without expiry stays valid until the signing key is rotated, so one leaked token (logs, browser storage, a proxy) is a permanent login. Everything in a JWT payload is readable by whoever holds the token: password hashes and personal data in it leak to every client and log.",
    fix: EXPIRY_FIX,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    return {
      CallExpression(node) {
        if (calleeName(node) !== "sign") return;
        const sign = joseSign(node) ?? jsonwebtokenSign(node);
        if (!sign) return;
        const label = sign.jose ? "`SignJWT.sign()`" : `\`${shortText(node.expression, sourceFile, 30)}()\``;
        const expiryOption = sign.jose ? "setExpirationTime" : "expiresIn";
        const problems: Exposure[] = [];
        const fixes: string[] = [];
        if (sign.expirySet === false) {
          const hasExp = payloadHasExp(sign.payload);
          if (hasExp === false) problems.push({ severity: "medium", text: `issues a token without an expiry (no \`${expiryOption}\` and no \`exp\` claim), valid until the key is rotated` });
          else if (hasExp === undefined) problems.push({ severity: "low", text: `sets no \`${expiryOption}\`: unless \`${shortText(sign.payload ?? node, sourceFile, 30)}\` carries an \`exp\` claim, the token never expires` });
          if (hasExp !== true) fixes.push(EXPIRY_FIX);
        }
        const exposure = exposureOf(sign.payload, sourceFile);
        if (exposure) {
          problems.push(exposure);
          fixes.push(EXPOSURE_FIX);
        }
        if (problems.length === 0) return;
        const severity = problems.reduce<Severity>((worst, problem) => (severityRank(problem.severity) > severityRank(worst) ? problem.severity : worst), "low");
        context.report({
          node,
          message: `${label} ${problems.map((problem) => problem.text).join("; it also ")}.`,
          severity,
          fix: fixes.join(" "),
        });
      },
    };
  },
});
