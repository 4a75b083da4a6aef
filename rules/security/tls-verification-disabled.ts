// security/tls-verification-disabled: TLS certificate or hostname verification turned off in
// JavaScript/TypeScript (`rejectUnauthorized: false`, `NODE_TLS_REJECT_UNAUTHORIZED = "0"`,
// `strictSSL: false`, a `checkServerIdentity` that accepts everything).
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { calleeName, isFunctionLike, memberName, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";
import { propertyKey } from "../../src/analysis/ast-values.js";
import type { Severity } from "../../src/review/types.js";


function stringOrNumberText(expression: ts.Expression): string | undefined {
  const node = unwrapExpression(expression);
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node)) return node.text;
  return undefined;
}

/** `false`, `!1`, `0`: a literal that turns an option off. */
function isLiteralFalse(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  if (node.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isNumericLiteral(node)) return node.text === "0";
  return ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken && ts.isNumericLiteral(node.operand) && node.operand.text !== "0";
}

const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|::1|0\.0\.0\.0|host\.docker\.internal)$/i;
/** Conditions that keep verification on in production (`NODE_ENV === "production"`, `isProd`, `!isDev`). */
const PRODUCTION_GUARD = /production|\bprod\b|isProd|IS_PROD|!\s*isDev|!\s*isDevelopment|!\s*isLocal/;
const DEV_GUARD = /development|\bdev\b|isDev|isLocal|\blocal\b|NODE_ENV\s*!==?\s*["']production/;

/** The host literal of the options object a property sits in, or of the object around it (`ssl` inside a pg config). */
function siblingHost(object: ts.ObjectLiteralExpression): string | undefined {
  for (let current: ts.Node | undefined = object, step = 0; current && step < 3; step++) {
    if (ts.isObjectLiteralExpression(current)) {
      for (const property of current.properties) {
        const key = propertyKey(property);
        if ((key === "host" || key === "hostname" || key === "servername") && ts.isPropertyAssignment(property)) {
          const text = stringOrNumberText(property.initializer);
          if (text !== undefined) return text;
        }
      }
    }
    current = current.parent?.parent;
  }
  return undefined;
}

/** Whether `node` runs only in a branch gated on a development environment. */
function inDevBranch(node: ts.Node, sourceFile: ts.SourceFile): boolean {
  let child: ts.Node = node;
  for (let current = node.parent; current && !ts.isSourceFile(current); child = current, current = current.parent) {
    if (ts.isIfStatement(current) && current.thenStatement === child && DEV_GUARD.test(shortText(current.expression, sourceFile, 200))) return true;
    if (ts.isConditionalExpression(current) && current.whenTrue === child && DEV_GUARD.test(shortText(current.condition, sourceFile, 200))) return true;
    if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && current.right === child && DEV_GUARD.test(shortText(current.left, sourceFile, 200))) return true;
  }
  return false;
}

/** Which kind of connection an options object configures, for a message that names the right fix. */
function contextOf(property: ts.PropertyAssignment): "database" | "mail" | "http" | "socket" {
  const object = property.parent;
  const holder = object.parent;
  if (ts.isPropertyAssignment(holder)) {
    const key = propertyKey(holder);
    if (key === "ssl" || key === "dialectOptions") return "database";
    if (key === "tls") {
      const outer = holder.parent.parent;
      if (ts.isCallExpression(outer) && calleeName(outer) === "createTransport") return "mail";
    }
  }
  for (let current: ts.Node | undefined = object, step = 0; current && step < 6; step++, current = current.parent) {
    if (ts.isCallExpression(current) || ts.isNewExpression(current)) {
      const name = calleeName(current) ?? "";
      if (/^(Pool|Client|Sequelize|createPool|createConnection|knex|postgres|DataSource|MongoClient|connect|forRoot)$/.test(name)) return "database";
      if (name === "createTransport") return "mail";
      if (/^(Agent|request|get|post|put|patch|delete|fetch|axios|got|create)$/.test(name)) return "http";
    }
  }
  return "socket";
}

const FIX_BY_CONTEXT: Record<ReturnType<typeof contextOf>, string> = {
  database:
    "Verify the server with the provider's CA bundle instead of turning verification off: `ssl: { ca: fs.readFileSync(\"/etc/ssl/certs/rds-global-bundle.pem\", \"utf8\") }` (AWS RDS, Azure, Google Cloud SQL, DigitalOcean and Heroku all publish one), or use `sslmode=verify-full` in the connection string.",
  mail: "Remove `rejectUnauthorized: false` from the transport's `tls` options; if the mail server uses a private CA, pass it as `tls: { ca: [fs.readFileSync(\"mail-ca.pem\")] }`.",
  http: "Remove the option so certificates are verified. For an internal service with a private CA, trust that CA explicitly (`new https.Agent({ ca: fs.readFileSync(\"internal-ca.pem\") })`, or `NODE_EXTRA_CA_CERTS=/path/ca.pem` for the whole process) rather than trusting every certificate.",
  socket: "Remove the option so the peer's certificate is verified; for a private CA pass `ca: fs.readFileSync(\"ca.pem\")`, or set `NODE_EXTRA_CA_CERTS` for the process.",
};

const WHY =
  "With verification off, anyone on the network path (a compromised Wi-Fi, a cloud neighbour, a malicious proxy) can present their own certificate, read and modify the traffic, and capture the credentials sent over it; the connection still looks encrypted.";

export const tlsVerificationDisabled = defineTsRule({
  meta: {
    id: "security/tls-verification-disabled",
    category: "security",
    severity: "high",
    title: "TLS certificate verification disabled",
    description:
      "Detects JavaScript/TypeScript that turns off TLS verification: `rejectUnauthorized: false` in any options object (https/tls agents, axios `httpsAgent`, pg/mysql/Sequelize `ssl`, nodemailer `tls`, WebSocket, Redis and MongoDB clients), `process.env.NODE_TLS_REJECT_UNAUTHORIZED = \"0\"`, request/npm `strictSSL: false`, `insecure: true` on HTTP client options, superagent `.disableTLSCerts()`, and `checkServerIdentity` functions that accept every host. Database `ssl` options get a message pointing at the provider's CA bundle. It is reported at medium inside a branch gated on a development environment and at low for a connection to `localhost`; it does not fire when the value is `true`, when it is computed from a production check (`rejectUnauthorized: process.env.NODE_ENV === \"production\"`; other computed values are low), or in tests. Not covered here: `NODE_TLS_REJECT_UNAUTHORIZED=0` in `.env` files, Dockerfiles and shell scripts, and `curl -k`.",
    why: WHY,
    fix: FIX_BY_CONTEXT.http,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;

    const severityFor = (node: ts.Node, base: Severity): Severity => (inDevBranch(node, sourceFile) ? "medium" : base);

    return {
      PropertyAssignment(node) {
        const key = propertyKey(node);
        if (key === "rejectUnauthorized") {
          const value = unwrapExpression(node.initializer);
          if (value.kind === ts.SyntaxKind.TrueKeyword) return;
          const object = node.parent;
          const host = ts.isObjectLiteralExpression(object) ? siblingHost(object) : undefined;
          const where = contextOf(node);
          if (!isLiteralFalse(value)) {
            const text = shortText(value, sourceFile, 80);
            if (PRODUCTION_GUARD.test(text)) return;
            context.report({
              node,
              message: `\`rejectUnauthorized\` is computed from \`${shortText(value, sourceFile, 50)}\`: make sure it can only be false outside production, and that a missing variable means verification stays on.`,
              severity: "low",
              fix: FIX_BY_CONTEXT[where],
            });
            return;
          }
          if (host !== undefined && LOCAL_HOST.test(host)) {
            context.report({ node, message: `\`rejectUnauthorized: false\` for a connection to \`${host}\`: harmless locally, but this options object must not reach a remote host.`, severity: "low", fix: FIX_BY_CONTEXT[where] });
            return;
          }
          const message =
            where === "database"
              ? "`rejectUnauthorized: false` in the database `ssl` options accepts any certificate: the connection is encrypted but the server is not authenticated, so the database password and every query can be intercepted. Managed databases (Heroku, RDS, Azure, Cloud SQL) publish a CA bundle for exactly this."
              : "`rejectUnauthorized: false` accepts any certificate: the connection is encrypted but the peer is not authenticated, so anyone on the path can impersonate it.";
          context.report({ node, message, severity: severityFor(node, "high"), fix: FIX_BY_CONTEXT[where] });
          return;
        }
        if ((key === "tlsAllowInvalidCertificates" || key === "tlsAllowInvalidHostnames" || key === "tlsInsecure") && unwrapExpression(node.initializer).kind === ts.SyntaxKind.TrueKeyword) {
          context.report({ node, message: `\`${key}: true\` turns off certificate${key === "tlsAllowInvalidHostnames" ? " host name" : ""} verification for this MongoDB connection.`, severity: severityFor(node, "high"), fix: "Remove the option; if the cluster uses a private CA (DocumentDB, self-hosted), pass it with `tlsCAFile: \"/path/ca.pem\"` so the server is still authenticated." });
          return;
        }
        if (key === "strictSSL" && isLiteralFalse(node.initializer)) {
          context.report({ node, message: "`strictSSL: false` turns off certificate verification for this request client.", severity: severityFor(node, "high"), fix: FIX_BY_CONTEXT.http });
          return;
        }
        if (key === "insecure" && unwrapExpression(node.initializer).kind === ts.SyntaxKind.TrueKeyword) {
          // Only on HTTP client options: the object also names a URL, or is passed to a known client.
          const object = node.parent;
          const call = object.parent;
          const httpOptions =
            object.properties.some((property) => /^(url|uri|baseURL|baseUrl|prefixUrl|hostname|method|headers)$/.test(propertyKey(property) ?? "")) ||
            ((ts.isCallExpression(call) || ts.isNewExpression(call)) && /^(got|request|needle|fetch|axios|create|extend|Agent|Client)$/.test(calleeName(call) ?? ""));
          if (!httpOptions) return;
          context.report({ node, message: "`insecure: true` turns off certificate verification for these requests.", severity: severityFor(node, "high"), fix: FIX_BY_CONTEXT.http });
          return;
        }
        if (key === "checkServerIdentity") {
          const fn = unwrapExpression(node.initializer);
          if (!isFunctionLike(fn) || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return;
          const body = fn.body;
          const nothing = (expression: ts.Expression | undefined): boolean => expression === undefined || /^(undefined|null|void 0)$/.test(expression.getText(sourceFile));
          const [only] = ts.isBlock(body) ? body.statements : [];
          const acceptsAll = ts.isBlock(body) ? body.statements.length === 0 || (body.statements.length === 1 && only !== undefined && ts.isReturnStatement(only) && nothing(only.expression)) : nothing(body);
          if (!acceptsAll) return;
          context.report({ node, message: "`checkServerIdentity` accepts every certificate's host name: any valid certificate (for any domain) is taken as this server's.", severity: severityFor(node, "high"), fix: "Remove the override so Node's `tls.checkServerIdentity` checks the host name; to pin a certificate, call `tls.checkServerIdentity(host, cert)` first and then compare `cert.fingerprint256`." });
        }
      },
      BinaryExpression(node) {
        if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        const target = unwrapExpression(node.left);
        if (!(ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) || memberName(target) !== "NODE_TLS_REJECT_UNAUTHORIZED") return;
        const chain = propertyChain(target.expression);
        if (chain?.join(".") !== "process.env") return;
        const value = stringOrNumberText(node.right);
        if (value !== "0") return;
        context.report({
          node,
          message: "Setting `process.env.NODE_TLS_REJECT_UNAUTHORIZED` to `\"0\"` turns off certificate verification for every TLS connection this process makes (HTTP clients, databases, SDKs), not only the one that needed it.",
          severity: severityFor(node, "high"),
          fix: "Remove the assignment. If one service uses a private CA, trust that CA for the whole process with `NODE_EXTRA_CA_CERTS=/path/ca.pem`, or pass `ca` to that one client.",
        });
      },
      CallExpression(node) {
        if (calleeName(node) !== "disableTLSCerts") return;
        context.report({ node, message: "`.disableTLSCerts()` turns off certificate verification for this superagent request.", severity: severityFor(node, "high"), fix: "Remove the call; for a private CA use `.ca(fs.readFileSync(\"ca.pem\"))`." });
      },
    };
  },
});
