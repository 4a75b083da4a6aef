// security/hardcoded-credential: a literal used as a key or password at the place that consumes it
// (JWT signing, session and cookie signing, HMAC keys, passport strategies, database clients).
// `security/hardcoded-secret` reports high-entropy literals by the name they are assigned to on any
// line; this rule is about the sink, so a weak-looking but real key such as "supersecret" passed to
// `jwt.sign` is reported here, and a literal that hardcoded-secret already reports is not repeated.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { findSecrets } from "../../src/analysis/secrets/find-secrets.js";
import { maskSecret } from "../../src/analysis/secrets/mask.js";
import { calleeName, calleeReceiver, findLocalBinding, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";
import { importedModule, objectLiteralOf, propertyValue, rootIdentifier } from "../../src/analysis/ast-values.js";
import type { Severity } from "../../src/review/types.js";





// ---- What a key expression evaluates to ----------------------------------------------------------

type KeyValue =
  | { kind: "literal"; text: string; node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral }
  /** `process.env.X || "literal"`: the literal is used whenever the variable is missing. */
  | { kind: "fallback"; text: string; node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral; primary: ts.Expression }
  /** `isProd ? process.env.X : "literal"`: the literal is used outside the branch the author gated. */
  | { kind: "conditional"; text: string; node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral; primary: ts.Expression };

/** Calls that turn text into key bytes without changing who knows it. */
const KEY_WRAPPERS = new Set(["encode", "from", "createSecretKey", "toString"]);

function keyValueOf(expression: ts.Expression | undefined, depth = 0): KeyValue | undefined {
  if (!expression || depth > 4) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text.trim() === "" ? undefined : { kind: "literal", text: node.text, node };
  }
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return keyValueOf(binding.initializer, depth + 1);
    return undefined;
  }
  if (ts.isArrayLiteralExpression(node)) {
    // Rotating key lists (`secret: ["new", "old"]`, `keys: [...]`): the first hard-coded one.
    for (const element of node.elements) {
      const value = ts.isSpreadElement(element) ? undefined : keyValueOf(element, depth + 1);
      if (value) return value;
    }
    return undefined;
  }
  if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.[0]) {
    // `new TextEncoder().encode("...")`, `Buffer.from("...")`, `createSecretKey(Buffer.from("..."))`.
    const name = calleeName(node);
    if (name && KEY_WRAPPERS.has(name) && ts.isCallExpression(node)) {
      const receiver = calleeReceiver(node);
      const chain = receiver ? propertyChain(receiver) : undefined;
      const receiverOk =
        name === "createSecretKey" ||
        (name === "from" && chain?.join(".") === "Buffer") ||
        (name === "encode" && receiver !== undefined && ts.isNewExpression(unwrapExpression(receiver))) ||
        name === "toString";
      if (receiverOk) return keyValueOf(name === "toString" ? receiver : node.arguments[0], depth + 1);
    }
    return undefined;
  }
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) {
      const left = keyValueOf(node.left, depth + 1);
      if (left) return left;
      const right = keyValueOf(node.right, depth + 1);
      return right ? { kind: "fallback", text: right.text, node: right.node, primary: node.left } : undefined;
    }
    return undefined;
  }
  if (ts.isConditionalExpression(node)) {
    const whenTrue = keyValueOf(node.whenTrue, depth + 1);
    const whenFalse = keyValueOf(node.whenFalse, depth + 1);
    if (whenTrue && whenFalse) return whenTrue;
    const one = whenTrue ?? whenFalse;
    if (!one) return undefined;
    return { kind: "conditional", text: one.text, node: one.node, primary: whenTrue ? node.whenFalse : node.whenTrue };
  }
  return undefined;
}

// ---- Sinks --------------------------------------------------------------------------------------

type SinkKind = "jwt" | "session" | "cookie" | "hmac" | "oauth" | "database";

interface Candidate {
  kind: SinkKind;
  /** How the sink is named in the message, e.g. "`jwt.sign()`" or "the `secret` of `session()`". */
  label: string;
  key: ts.Expression;
  /** The options object around a database password, to recognise local development settings. */
  config?: ts.ObjectLiteralExpression;
}

const JWT_RECEIVERS = /^(jwt|jsonwebtoken|jsonWebToken|JWT|Jwt)$/;
const SESSION_CALLEES = new Set(["session", "expressSession", "cookieSession", "koaSession", "NextAuth", "nextAuth", "expressjwt", "expressJwt", "koaJwt", "jwtMiddleware"]);
const IRON_SESSION_CALLEES = new Set(["getIronSession", "withIronSessionApiRoute", "withIronSessionSsr", "sealData", "unsealData", "ironSession"]);
const STRATEGY_KEYS = ["secretOrKey", "clientSecret", "consumerSecret"];
const DB_CONSTRUCTORS = new Set(["Pool", "Client", "Sequelize", "Redis", "MongoClient", "DataSource", "Knex", "Cluster", "PrismaClient"]);
const DB_FACTORIES = new Set(["createConnection", "createPool", "createPoolCluster", "createClient", "createCluster", "knex", "Knex", "postgres", "forRoot", "connect"]);
const DB_PASSWORD_KEYS = ["password", "pass"];
const DB_NESTED_KEYS = ["connection", "auth", "credentials", "options", "socket", "master"];
const CALL_NAMES: ReadonlySet<string> = new Set([
  "sign",
  "verify",
  "signAsync",
  "verifyAsync",
  "jwtVerify",
  "register",
  "createHmac",
  "cookieParser",
  ...SESSION_CALLEES,
  ...IRON_SESSION_CALLEES,
  ...DB_FACTORIES,
]);
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "0.0.0.0", "host.docker.internal", "db", "database", "postgres", "postgresql", "mysql", "mariadb", "redis", "mongo", "mongodb", "cache"]);

function receiverName(call: ts.CallExpression): string | undefined {
  const receiver = calleeReceiver(call);
  return receiver ? propertyChain(receiver)?.at(-1) : undefined;
}


/** `jwt.sign`, `jsonwebtoken.verify`, or `sign`/`verify` imported from jsonwebtoken. */
function isJsonWebTokenCall(call: ts.CallExpression): boolean {
  const receiver = calleeReceiver(call);
  const root = rootIdentifier(receiver ?? call.expression);
  if (!root) return false;
  const module = importedModule(root);
  if (module !== undefined) return module === "jsonwebtoken";
  return receiver !== undefined && JWT_RECEIVERS.test(root.text);
}

/** `new SignJWT(...).setProtectedHeader(...)....sign(key)`: the chain starts at `new SignJWT`. */
function isJoseSignChain(call: ts.CallExpression): boolean {
  let current: ts.Expression | undefined = calleeReceiver(call);
  for (let step = 0; current && step < 12; step++) {
    const node = unwrapExpression(current);
    if (ts.isNewExpression(node)) return calleeName(node) === "SignJWT";
    current = ts.isCallExpression(node) ? calleeReceiver(node) : undefined;
  }
  return false;
}

function calleeModule(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const root = rootIdentifier(call.expression);
  return root ? importedModule(root) : undefined;
}

function pushProperty(out: Candidate[], object: ts.ObjectLiteralExpression | undefined, keys: readonly string[], kind: SinkKind, label: (key: string) => string): void {
  if (!object) return;
  for (const key of keys) {
    const value = propertyValue(object, key);
    if (value) out.push({ kind, label: label(key), key: value });
  }
}

function databaseCandidates(out: Candidate[], object: ts.ObjectLiteralExpression | undefined, label: string, depth = 0): void {
  if (!object || depth > 1) return;
  for (const key of DB_PASSWORD_KEYS) {
    const value = propertyValue(object, key);
    if (value) out.push({ kind: "database", label: `the \`${key}\` of ${label}`, key: value, config: object });
  }
  for (const nested of DB_NESTED_KEYS) databaseCandidates(out, objectLiteralOf(propertyValue(object, nested)), label, depth + 1);
}

/** NestJS: `class JwtStrategy extends PassportStrategy(Strategy) { constructor() { super({ secretOrKey }) } }`. */
function candidatesOfSuperCall(call: ts.CallExpression): Candidate[] {
  let current: ts.Node | undefined = call.parent;
  while (current && !ts.isClassDeclaration(current) && !ts.isClassExpression(current)) current = current.parent;
  const heritage = current?.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!heritage) return [];
  const base = ts.isCallExpression(heritage) ? calleeName(heritage) : ts.isIdentifier(heritage) ? heritage.text : undefined;
  if (!base || !/Strategy$/.test(base)) return [];
  const options = objectLiteralOf(call.arguments[0]);
  const out: Candidate[] = [];
  for (const key of STRATEGY_KEYS) {
    const value = options && propertyValue(options, key);
    if (value) out.push({ kind: key === "secretOrKey" ? "jwt" : "oauth", label: `the \`${key}\` passed to the \`${base}\` constructor`, key: value });
  }
  return out;
}

function candidatesOfCall(call: ts.CallExpression, sourceFile: ts.SourceFile): Candidate[] {
  if (call.expression.kind === ts.SyntaxKind.SuperKeyword) return candidatesOfSuperCall(call);
  const name = calleeName(call);
  if (!name || !CALL_NAMES.has(name)) return [];
  const out: Candidate[] = [];
  const args = call.arguments;
  const callee = `\`${shortText(call.expression, sourceFile, 40)}()\``;
  const keyOf = `the key passed to ${callee}`;

  if ((name === "sign" || name === "verify") && isJsonWebTokenCall(call)) {
    if (args[1]) out.push({ kind: "jwt", label: keyOf, key: args[1] });
  } else if (name === "sign" && isJoseSignChain(call)) {
    if (args[0]) out.push({ kind: "jwt", label: "the key passed to `SignJWT.sign()`", key: args[0] });
  } else if (name === "jwtVerify" && args[1]) {
    const module = calleeModule(call);
    if (module === undefined || module === "jose") out.push({ kind: "jwt", label: keyOf, key: args[1] });
  } else if ((name === "sign" || name === "signAsync" || name === "verify" || name === "verifyAsync") && /jwtService$/i.test(receiverName(call) ?? "")) {
    // NestJS JwtService: the key may be given per call in the options.
    pushProperty(out, objectLiteralOf(args[1]), ["secret", "privateKey"], "jwt", (key) => `the \`${key}\` of ${callee}`);
  } else if (name === "register" && receiverName(call) === "JwtModule") {
    pushProperty(out, objectLiteralOf(args[0]), ["secret", "privateKey"], "jwt", (key) => `the \`${key}\` of \`JwtModule.register()\``);
  } else if (SESSION_CALLEES.has(name)) {
    const kind: SinkKind = /jwt/i.test(name) ? "jwt" : "session";
    pushProperty(out, objectLiteralOf(args[0]), ["secret", "keys"], kind, (key) => `the \`${key}\` of ${callee}`);
  } else if (IRON_SESSION_CALLEES.has(name)) {
    pushProperty(out, objectLiteralOf(args.at(-1)), ["password"], "session", (key) => `the \`${key}\` of ${callee}`);
  } else if (name === "cookieParser") {
    if (args[0]) out.push({ kind: "cookie", label: `the secret passed to ${callee}`, key: args[0] });
  } else if (name === "register" && args[0] && args[1]) {
    // Fastify plugins: `fastify.register(fastifyJwt, { secret })`, `register(fastifySession, { secret })`.
    const plugin = unwrapExpression(args[0]);
    const pluginName = ts.isIdentifier(plugin) ? plugin.text : "";
    const kind: SinkKind | undefined = /jwt/i.test(pluginName) ? "jwt" : /session/i.test(pluginName) ? "session" : /cookie/i.test(pluginName) ? "cookie" : undefined;
    if (kind) pushProperty(out, objectLiteralOf(args[1]), ["secret"], kind, (key) => `the \`${key}\` of the \`${pluginName}\` plugin`);
  } else if (name === "createHmac") {
    if (args[1]) out.push({ kind: "hmac", label: keyOf, key: args[1] });
  } else if (DB_FACTORIES.has(name)) {
    if (name === "connect" && !/^mongoose$/i.test(receiverName(call) ?? "")) return out;
    if (name === "forRoot" && !/^(TypeOrmModule|SequelizeModule|MongooseModule|RedisModule)$/.test(receiverName(call) ?? "")) return out;
    for (const argument of args) databaseCandidates(out, objectLiteralOf(argument), callee);
  }
  return out;
}

function candidatesOfNew(expression: ts.NewExpression, sourceFile: ts.SourceFile): Candidate[] {
  const name = calleeName(expression);
  const args = expression.arguments ?? [];
  if (!name) return [];
  const out: Candidate[] = [];
  const callee = `\`new ${shortText(expression.expression, sourceFile, 40)}()\``;
  if (/Strategy$/.test(name)) {
    const options = objectLiteralOf(args[0]);
    for (const key of STRATEGY_KEYS) {
      const value = options && propertyValue(options, key);
      if (value) out.push({ kind: key === "secretOrKey" ? "jwt" : "oauth", label: `the \`${key}\` of ${callee}`, key: value });
    }
  } else if (DB_CONSTRUCTORS.has(name)) {
    if (name === "Sequelize" && args.length >= 3 && args[2]) {
      out.push({ kind: "database", label: `the password argument of ${callee}`, key: args[2], ...(objectLiteralOf(args[3]) ? { config: objectLiteralOf(args[3])! } : {}) });
    }
    for (const argument of args) databaseCandidates(out, objectLiteralOf(argument), callee);
  }
  return out;
}

// ---- Judging ------------------------------------------------------------------------------------

/** Whether security/hardcoded-secret reports this literal on its own line (it owns high-entropy values). */
function reportedAsSecret(literal: ts.Node, sourceFile: ts.SourceFile): boolean {
  const start = literal.getStart(sourceFile);
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
  const lineStart = sourceFile.getPositionOfLineAndCharacter(line, 0);
  const lineEnd = sourceFile.getLineEndOfPosition(start);
  const text = sourceFile.text.slice(lineStart, lineEnd);
  const from = character;
  const to = character + (literal.getEnd() - start);
  return findSecrets(text, { quotedValuesOnly: true }).some((match) => match.start < to && match.end > from);
}

function hostOf(config: ts.ObjectLiteralExpression | undefined): string | undefined {
  const host = config && (propertyValue(config, "host") ?? propertyValue(config, "hostname") ?? propertyValue(config, "server"));
  if (!host) return undefined;
  const node = unwrapExpression(host);
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text.toLowerCase() : undefined;
}

const CONSEQUENCE: Record<SinkKind, string> = {
  jwt: "anyone who can read the repository can mint tokens this service accepts, for any user or role",
  session: "anyone who can read the repository can forge session cookies and log in as any user",
  cookie: "anyone who can read the repository can forge signed cookies",
  hmac: "anyone who can read the repository can compute valid signatures",
  oauth: "anyone who can read the repository can act as this OAuth client",
  database: "anyone who can read the repository can log in to this database wherever it is reachable",
};

const FIX: Record<SinkKind, string> = {
  jwt: 'Load the key at startup from the environment or a secret manager and fail fast when it is missing: `const secret = process.env.JWT_SECRET; if (!secret) throw new Error("JWT_SECRET is not set");`. Use at least 32 random bytes (`openssl rand -base64 32`), and rotate the key if this one was ever deployed.',
  session:
    'Read the secret from the environment and refuse to start without it: `secret: requiredEnv("SESSION_SECRET")` (a helper that throws when the variable is missing). Generate it with `openssl rand -base64 32`; a list (`[current, previous]`) lets you rotate without logging everyone out.',
  cookie: 'Pass a secret read from the environment (`cookieParser(requiredEnv("COOKIE_SECRET"))`), generated with `openssl rand -base64 32`, and rotate it if this one was deployed.',
  hmac: "Read the HMAC key from the environment or a secret manager (`Buffer.from(requiredEnv(\"WEBHOOK_SECRET\"), \"base64\")`) and rotate it if this one was deployed.",
  oauth: "Read the client secret from the environment (`clientSecret: requiredEnv(\"GOOGLE_CLIENT_SECRET\")`) and rotate it in the provider's console if this one was ever committed to a shared branch.",
  database: "Read the password from the environment or a secret manager (`password: process.env.PGPASSWORD`, or a connection string in `DATABASE_URL`), and change the database password if this one is used anywhere shared.",
};

function describeFinding(candidate: Candidate, value: KeyValue, sourceFile: ts.SourceFile): { message: string; severity: Severity } {
  const masked = `\`${maskSecret(value.text, 2)}\``;
  const consequence = CONSEQUENCE[candidate.kind];
  if (value.kind === "fallback") {
    return {
      severity: "medium",
      message: `${candidate.label} falls back to the hard-coded value ${masked} when \`${shortText(value.primary, sourceFile, 40)}\` is not set: a deployment that misses the variable starts without error, and then ${consequence}.`,
    };
  }
  if (value.kind === "conditional") {
    return {
      severity: "low",
      message: `${candidate.label} uses the hard-coded value ${masked} outside the branch that reads \`${shortText(value.primary, sourceFile, 40)}\`: if that condition is ever false in production, ${consequence}.`,
    };
  }
  if (candidate.kind === "database") {
    const host = hostOf(candidate.config);
    if (host !== undefined && LOCAL_HOSTS.has(host)) {
      return {
        severity: "low",
        message: `${candidate.label} is the hard-coded password ${masked} for a local database (\`${host}\`): fine for a throwaway container, but it must not be the password of any shared database.`,
      };
    }
  }
  return { severity: "high", message: `${candidate.label} is the hard-coded value ${masked}: ${consequence}.` };
}

export const hardcodedCredential = defineTsRule({
  meta: {
    id: "security/hardcoded-credential",
    category: "security",
    severity: "high",
    title: "Hard-coded key or password at the place that uses it",
    description:
      "Detects a string literal (directly, through a `const`, or wrapped in `Buffer.from`/`new TextEncoder().encode`/`createSecretKey`) used as a signing key or password: the key of jsonwebtoken `sign`/`verify`, jose `SignJWT.sign`/`jwtVerify`, NestJS `JwtModule.register`/`JwtService` options, express-jwt/koa-jwt and Fastify jwt/session/cookie plugins; `secret`/`keys` of `express-session`, `cookie-session`, NextAuth and iron-session `password`; `cookieParser(secret)`; passport strategies' `secretOrKey`/`clientSecret`/`consumerSecret` (also through NestJS `super({...})` in a `PassportStrategy` subclass); `crypto.createHmac(alg, key)`; and the `password` of database clients (pg `Pool`/`Client`, mysql `createConnection`/`createPool`, `new Sequelize(db, user, password)`, knex/TypeORM/mongoose/MongoDB/redis/ioredis configs). A literal used only when an environment variable is missing (`process.env.JWT_SECRET || \"dev-secret\"`) is reported at medium, one chosen by a condition (`isProd ? env : \"dev\"`) at low, and a database password next to a local host (`localhost`, `db`, `postgres`) at low. It does not fire on environment or config lookups, empty strings, non-constant values, test files and examples, or on a literal that `security/hardcoded-secret` already reports (high-entropy values under secret names). Messages show only the first two characters and the length.",
    why: "A key in source code is known to everyone who can read the repository, its forks, CI logs and backups, and it stays in git history after it is removed; with the signing key, tokens and cookies can be forged for any user.",
    fix: FIX.jwt,
    defaultIgnore: [...TEST_PATH_GLOBS, "**/examples/**", "**/example/**", "**/*.example.*", "**/*.sample.*", "**/fixtures/**", "**/__fixtures__/**"],
  },
  create(context) {
    const { sourceFile } = context;
    const seen = new Set<ts.Node>();

    const judge = (candidates: Candidate[]): void => {
      for (const candidate of candidates) {
        const value = keyValueOf(candidate.key);
        if (!value || seen.has(value.node)) continue;
        if (reportedAsSecret(value.node, sourceFile)) continue;
        seen.add(value.node);
        const { message, severity } = describeFinding(candidate, value, sourceFile);
        context.report({ node: candidate.key, message: message.charAt(0).toUpperCase() + message.slice(1), severity, fix: FIX[candidate.kind] });
      }
    };

    return {
      CallExpression(node) {
        if (node.arguments.length === 0) return;
        judge(candidatesOfCall(node, sourceFile));
      },
      NewExpression(node) {
        if (!node.arguments || node.arguments.length === 0) return;
        judge(candidatesOfNew(node, sourceFile));
      },
      BinaryExpression(node) {
        // Koa: `app.keys = ["..."]` signs every cookie the app sets.
        if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        const chain = propertyChain(node.left);
        if (!chain || chain.length !== 2 || chain[1] !== "keys" || !/^(app|server)$/.test(chain[0] ?? "")) return;
        judge([{ kind: "cookie", label: `\`${chain.join(".")}\``, key: node.right }]);
      },
    };
  },
});
