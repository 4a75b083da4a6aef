// security/sensitive-surface-exposed: directory listings, static serving of the project root or of
// sensitive directories, debug/admin/metrics endpoints without authentication, GraphiQL/Playground
// switched on unconditionally, and Express apps that advertise themselves with X-Powered-By.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import {
  accessCheckKind,
  handlerChecksAccess,
  handlerFunction,
  isConventionallyPublicPath,
  middlewareName,
  MUTATING_METHODS,
  propertyValue,
  RouteTable,
  sensitiveSurfaceOf,
  type RouteRegistration,
  type SensitiveSurface,
} from "../../src/analysis/routes.js";
import { calleeName, calleeReceiver, findLocalBinding, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";
import { lowerSeverity, type Severity } from "../../src/review/types.js";

const REGISTRATION_CALLS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "use", "route", "addHook", "register"]);
/** Directories whose content must never be downloadable: logs, backups, VCS metadata, keys. */
const SENSITIVE_DIRS = new Set(["logs", "log", "backups", "backup", ".git", ".svn", ".hg", ".ssh", ".aws", "keys", "secrets", "private", "ftp", "dumps", "dump", "certs", "certificates"]);
const UPLOAD_DIRS = new Set(["uploads", "upload", "user-uploads", "user_uploads"]);
/** A condition that switches code on only in some environments (`NODE_ENV`, `isDev`, `config.debug`, `ENABLE_X`). */
const ENVIRONMENT_GATE = /env|dev|prod|debug|enable|local|feature|flag|test|staging/i;
/** Receivers of a separate internal server (`metricsApp`, `internalServer`), usually not exposed publicly. */
const INTERNAL_RECEIVER = /metric|internal|private|management|monitor|ops|admin(App|Server)|prom/i;

/** The module a local name is imported or required from: `serveIndex` -> `serve-index`. */
function moduleOf(identifier: ts.Identifier): string | undefined {
  const binding = findLocalBinding(identifier);
  if (binding?.kind === "import" && ts.isImportDeclaration(binding.declaration) && ts.isStringLiteral(binding.declaration.moduleSpecifier)) {
    return binding.declaration.moduleSpecifier.text;
  }
  if (binding?.kind === "variable" && binding.initializer) {
    let init = unwrapExpression(binding.initializer);
    if (ts.isAwaitExpression(init)) init = unwrapExpression(init.expression);
    // `require("serve-index")`, `require("serve-static")`, `(await import("@fastify/static")).default`.
    if (ts.isPropertyAccessExpression(init)) init = unwrapExpression(init.expression);
    if (ts.isCallExpression(init) && (calleeName(init) === "require" || init.expression.kind === ts.SyntaxKind.ImportKeyword)) {
      const [specifier] = init.arguments;
      if (specifier && ts.isStringLiteral(specifier)) return specifier.text;
    }
  }
  return undefined;
}

type StaticRisk = { kind: "root"; what: string } | { kind: "sensitive-dir"; dir: string } | { kind: "uploads"; dir: string };

/** Path segments of a static root built from literals, `__dirname`, `process.cwd()`, `path.join/resolve` and `+`; undefined when unknown. */
function rootSegments(expression: ts.Expression, depth = 0): { base: string | undefined; segments: string[] } | undefined {
  if (depth > 3) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { base: undefined, segments: node.text.split(/[\\/]/) };
  if (ts.isIdentifier(node)) {
    if (node.text === "__dirname") return { base: "__dirname", segments: [] };
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return rootSegments(binding.initializer, depth + 1);
    return undefined;
  }
  const chain = propertyChain(node);
  if (chain && chain.join(".") === "import.meta.dirname") return { base: "__dirname", segments: [] };
  if (ts.isCallExpression(node)) {
    const chainOfCallee = propertyChain(node.expression)?.join(".");
    if (chainOfCallee === "process.cwd") return { base: "process.cwd()", segments: [] };
    const name = calleeName(node);
    if ((name === "join" || name === "resolve") && (chainOfCallee?.startsWith("path.") || chainOfCallee === "join" || chainOfCallee === "resolve")) {
      return combine(node.arguments.map((argument) => (ts.isSpreadElement(argument) ? undefined : rootSegments(argument, depth + 1))));
    }
    return undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return combine([rootSegments(node.left, depth + 1), rootSegments(node.right, depth + 1)]);
  }
  if (ts.isTemplateExpression(node)) {
    const parts: Array<ReturnType<typeof rootSegments>> = [{ base: undefined, segments: node.head.text.split(/[\\/]/) }];
    for (const span of node.templateSpans) {
      parts.push(rootSegments(span.expression, depth + 1));
      parts.push({ base: undefined, segments: span.literal.text.split(/[\\/]/) });
    }
    return combine(parts);
  }
  return undefined;
}

function combine(parts: Array<{ base: string | undefined; segments: string[] } | undefined>): { base: string | undefined; segments: string[] } | undefined {
  if (parts.some((part) => part === undefined)) return undefined;
  const [first, ...rest] = parts as Array<{ base: string | undefined; segments: string[] }>;
  if (!first) return undefined;
  // A later absolute base (`path.resolve(x, __dirname)`) is rare: treat the first base as the root.
  if (rest.some((part) => part.base !== undefined)) return undefined;
  return { base: first.base, segments: [...first.segments, ...rest.flatMap((part) => part.segments)] };
}

interface StaticServe {
  call: ts.CallExpression;
  root: ts.Expression;
  options?: ts.ObjectLiteralExpression;
  appendsMountPath?: boolean;
}

function staticRisk(root: ts.Expression, mountPath?: string): StaticRisk | undefined {
  const parsed = rootSegments(root);
  if (!parsed) return undefined;
  // Hono: `app.use("/static/*", serveStatic({ root: "./" }))` serves `./static/...`.
  const mounted = (mountPath ?? "").split("/").filter((segment) => segment !== "" && !segment.includes("*") && !segment.startsWith(":"));
  const segments = [...parsed.segments, ...mounted].filter((segment) => segment !== "" && segment !== ".");
  if (segments.every((segment) => segment === "..")) {
    const what = parsed.base === undefined ? (segments.length === 0 ? "the working directory" : "a parent directory") : segments.length === 0 ? `\`${parsed.base}\`` : `a parent of \`${parsed.base}\``;
    return { kind: "root", what };
  }
  const named = segments.map((segment) => segment.toLowerCase());
  const secret = named.find((segment) => SENSITIVE_DIRS.has(segment));
  if (secret) return { kind: "sensitive-dir", dir: secret };
  const last = named[named.length - 1];
  if (last && UPLOAD_DIRS.has(last)) return { kind: "uploads", dir: last };
  return undefined;
}

/** Whether `node` only runs in some environments: inside `if (process.env.NODE_ENV !== "production")`, `isDev && ...`, `debug ? ... : ...`. */
function isEnvironmentGated(node: ts.Node, sourceFile: ts.SourceFile): boolean {
  let child: ts.Node = node;
  for (let current = node.parent; current && !ts.isSourceFile(current); child = current, current = current.parent) {
    if (ts.isIfStatement(current) && current.expression !== child && ENVIRONMENT_GATE.test(current.expression.getText(sourceFile))) return true;
    if (ts.isConditionalExpression(current) && current.condition !== child && ENVIRONMENT_GATE.test(current.condition.getText(sourceFile))) return true;
    if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && current.right === child && ENVIRONMENT_GATE.test(current.left.getText(sourceFile))) return true;
  }
  return false;
}

const SURFACE_WORDS: Record<SensitiveSurface, string> = {
  admin: "an admin endpoint",
  debug: "a debug endpoint",
  heapdump: "a heap-dump endpoint, which hands out process memory (secrets, tokens, user data)",
  env: "an environment endpoint",
  metrics: "a metrics endpoint",
  actuator: "an actuator endpoint",
  internal: "an internal endpoint",
};

const FIX_ROUTE =
  "Put the endpoint behind authentication (e.g. `app.get(\"/debug/vars\", requireAdmin, handler)` or `app.use(\"/admin\", requireAuth, requireRole(\"admin\"), adminRouter)`), serve it on a separate port that only the cluster can reach (`metricsApp.listen(9100)`), or register it only outside production.";
const FIX_STATIC =
  "Serve only a dedicated directory of public assets (`express.static(path.join(__dirname, \"public\"))`), never the project root, logs, backups or `.git`; keep the default `dotfiles: \"ignore\"`; put private files behind an authenticated handler that checks who may read each file.";

export const sensitiveSurfaceExposed = defineTsRule({
  meta: {
    id: "security/sensitive-surface-exposed",
    category: "security",
    severity: "high",
    title: "Sensitive surface exposed: directory listing, unsafe static root, unauthenticated debug/admin/metrics",
    description:
      "Detects surfaces that give away more than intended: a directory listing (`serve-index`), static serving (`express.static`, `serve-static`, `koa-static`, Hono `serveStatic`, `@fastify/static`) rooted at the project root (`.`, `__dirname` alone, `process.cwd()`, `..`) or at `logs`, `backups`, `.git`, `keys`, `secrets`, `ftp` and similar directories, or with `dotfiles: \"allow\"` (high); `uploads` served statically without authentication or headers (medium); routes under `/debug`, `/heapdump`, `/env` (high; medium for an `/env` handler that returns selected settings rather than `process.env`), `/admin` (high for state-changing routes, medium otherwise), `/actuator`, `/_internal` and `/metrics` (medium) registered without any authentication middleware on the route or before it on its app or router; GraphiQL or Playground switched on with a literal `true` (medium); and an Express app created in the file that neither disables `x-powered-by` nor uses `helmet()` (low). Routes on a router created in the file (or passed in) in a file with no authentication middleware at all are reported at low (medium for debug/heap-dump/env), because the router is usually mounted elsewhere behind a guard. It deliberately does not fire on code switched on only in some environments (`if (process.env.NODE_ENV !== \"production\")`), on handlers that check access themselves, on metrics served by a separately named internal server (`metricsApp`), on `POST /metrics` (telemetry ingestion), on conventionally public paths such as `/admin/login` and `/actuator/health`, on routers mounted from other files, or in test files.",
    why: "Debug, heap-dump and environment endpoints, directory listings and static roots that include logs, backups or `.git` hand attackers secrets, source code and user data without any exploit; admin endpoints without authentication let anyone administer the service.",
    fix: FIX_ROUTE,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const routes = new RouteTable();
    const listings: ts.CallExpression[] = [];
    /** `appendsMountPath`: Hono's `serveStatic({ root })` looks files up at root + the full request path, mount prefix included. */
    const statics: StaticServe[] = [];
    const ides: ts.PropertyAssignment[] = [];
    const expressApps: ts.CallExpression[] = [];
    let hidesPoweredBy = false;

    const hasAuth = (registration: RouteRegistration): boolean => routes.applied(registration).some((applied) => accessCheckKind(applied.name) !== undefined);
    const fileHasAuth = (): boolean => routes.all().some((registration) => registration.middlewares.some((middleware) => accessCheckKind(middlewareName(middleware)) !== undefined));

    /** Whether a middleware argument is `call` itself or a local `const` bound to it. */
    const refersTo = (middleware: ts.Expression, call: ts.CallExpression): boolean => {
      const node = unwrapExpression(middleware);
      if (node === call) return true;
      if (!ts.isIdentifier(node)) return false;
      const binding = findLocalBinding(node);
      return binding?.kind === "variable" && binding.initializer !== undefined && unwrapExpression(binding.initializer) === call;
    };

    /** The registration that mounts `call`, and the middlewares before it in that registration. */
    const mountOf = (call: ts.CallExpression): { registration: RouteRegistration; before: ts.Expression[] } | undefined => {
      for (const registration of routes.all()) {
        const index = registration.middlewares.findIndex((middleware) => refersTo(middleware, call));
        if (index >= 0) return { registration, before: registration.middlewares.slice(0, index) };
        if (registration.handler && refersTo(registration.handler, call)) return { registration, before: registration.middlewares };
      }
      return undefined;
    };

    /** Whether an access check runs before `call`: earlier in its mount, or applied to the mount's app or router before it. */
    const protectedMount = (call: ts.CallExpression): boolean => {
      const mount = mountOf(call);
      if (!mount) return false;
      if (mount.before.some((middleware) => accessCheckKind(middlewareName(middleware)) !== undefined)) return true;
      const asRoute: RouteRegistration = { ...mount.registration, method: mount.registration.method === "use" ? "all" : mount.registration.method, middlewares: [] };
      return routes.applied(asRoute).some((applied) => accessCheckKind(applied.name) !== undefined);
    };

    const judgeListing = (call: ts.CallExpression): void => {
      if (isEnvironmentGated(call, sourceFile) || protectedMount(call)) return;
      const mount = mountOf(call)?.registration;
      const where = mount?.path !== undefined ? ` at \`${mount.path}\`` : "";
      context.report({
        node: call,
        message: `\`${shortText(call, sourceFile)}\` serves a directory listing${where} to anyone: every file name in the directory, including backups and files never linked, becomes discoverable.`,
        fix: "Remove `serve-index` and serve only the files you mean to publish (`express.static` with `index: false`), or put the listing behind authentication for the people who need it.",
      });
    };

    const judgeStatic = (entry: StaticServe): void => {
      if (isEnvironmentGated(entry.call, sourceFile)) return;
      const mountPath = entry.appendsMountPath ? mountOf(entry.call)?.registration.path : undefined;
      const risk = staticRisk(entry.root, mountPath);
      const dotfiles = entry.options ? propertyValue(entry.options, "dotfiles") : undefined;
      const allowsDotfiles = dotfiles !== undefined && ts.isStringLiteralLike(unwrapExpression(dotfiles)) && (unwrapExpression(dotfiles) as ts.StringLiteral).text === "allow";
      const guarded = protectedMount(entry.call);
      const call = shortText(entry.call, sourceFile);
      if (risk?.kind === "root") {
        context.report({
          node: entry.call,
          ...(guarded ? { severity: "medium" as const } : {}),
          message: `\`${call}\` serves ${risk.what} as static files: source code, \`package.json\`, configuration and anything else in it can be downloaded${guarded ? " by every signed-in user" : ""}.`,
          fix: FIX_STATIC,
        });
        return;
      }
      if (allowsDotfiles) {
        context.report({
          node: entry.call,
          ...(guarded ? { severity: "medium" as const } : {}),
          message: `\`${call}\` serves dotfiles (\`dotfiles: "allow"\`): \`.env\`, \`.git/\` and \`.npmrc\` in that directory can be downloaded.`,
          fix: FIX_STATIC,
        });
        return;
      }
      if (guarded || !risk) return;
      if (risk.kind === "sensitive-dir") {
        context.report({
          node: entry.call,
          message: `\`${call}\` serves the \`${risk.dir}\` directory as static files without authentication: anyone can download what it holds.`,
          fix: FIX_STATIC,
        });
        return;
      }
      const restricted = entry.options !== undefined && propertyValue(entry.options, "setHeaders") !== undefined;
      if (restricted) return;
      context.report({
        node: entry.call,
        severity: "medium",
        message: `\`${call}\` serves user uploads from the app's own origin without authentication or response headers: every upload is public to anyone with the URL, and an uploaded HTML or SVG file runs script as your site.`,
        fix: "Serve uploads through a handler that checks who may read each file, or from a separate domain or bucket; at least set `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff` via `setHeaders`.",
      });
    };

    const judgeRoute = (registration: RouteRegistration): void => {
      if (registration.opaque) return;
      if (registration.method === "use") {
        // `app.use("/admin", adminRouter)`: the mounted router is judged where its routes are (this or another file).
        // Static assets under `/admin` are the admin UI's public shell; the data behind it is judged on its own routes.
        const mountsOnly = registration.middlewares.every((middleware) => ts.isIdentifier(unwrapExpression(middleware)) || statics.some((entry) => entry.call === unwrapExpression(middleware)));
        if (!registration.path || mountsOnly) return;
      }
      const path = routes.fullPath(registration) ?? registration.path;
      const surface = sensitiveSurfaceOf(path);
      if (!surface || (surface === "actuator" && /\/actuator\/(health|info)\b/.test(path ?? ""))) return;
      // `/admin/login`, `/admin/health`: the way in and the probes are public on purpose.
      if (isConventionallyPublicPath(path) || isConventionallyPublicPath(registration.pathText)) return;
      // `POST /metrics` ingests client telemetry; it exposes nothing.
      if (surface === "metrics" && MUTATING_METHODS.has(registration.method)) return;
      if (hasAuth(registration) || isEnvironmentGated(registration.call, sourceFile) || handlerChecksAccess(registration.handler, sourceFile)) return;
      if ((surface === "metrics" || surface === "internal") && INTERNAL_RECEIVER.test(registration.receiver)) return;
      let severity: Severity =
        surface === "debug" || surface === "heapdump" || (surface === "env" && dumpsEnvironment(registration.handler, sourceFile))
          ? "high"
          : surface === "admin" && MUTATING_METHODS.has(registration.method)
            ? "high"
            : "medium";
      // A router that this file does not guard anywhere is usually mounted behind a guard elsewhere.
      const weak = routes.rootKind(registration) !== "app" && !fileHasAuth();
      if (weak) severity = severity === "high" && surface !== "admin" ? lowerSeverity(severity) : "low";
      if (INTERNAL_RECEIVER.test(registration.receiver)) severity = lowerSeverity(severity);
      const method = calleeName(registration.call) ?? registration.method;
      const shown = registration.path !== undefined ? JSON.stringify(registration.path) : (registration.pathText ?? "");
      const mountedAt = path !== registration.path && path !== undefined ? ` (mounted at \`${path}\`)` : "";
      context.report({
        node: registration.start,
        endNode: registration.headEnd,
        ...(severity !== "high" ? { severity } : {}),
        message: `\`${registration.receiver}.${method}(${shown})\`${mountedAt} exposes ${surface === "env" && severity === "high" ? "the process environment, and with it every secret the service holds," : SURFACE_WORDS[surface]} without any authentication middleware${weak ? "; this file guards nothing, so check that the router is mounted behind one" : ""}.`,
      });
    };

    const visitCall = (node: ts.CallExpression): void => {
      const name = calleeName(node);
      if (name === undefined) return;
      if (REGISTRATION_CALLS.has(name)) routes.visit(node);
      const callee = unwrapExpression(node.expression);
      if (ts.isIdentifier(callee)) {
        const module = name === "serveIndex" || name === "serveStatic" || name === "serve" || name === "express" || name === "helmet" ? moduleOf(callee) : undefined;
        if (name === "serveIndex" || module === "serve-index") listings.push(node);
        else if ((name === "serveStatic" || module === "serve-static" || module === "koa-static") && node.arguments[0]) {
          const [root, options] = node.arguments;
          const rootNode = unwrapExpression(root!);
          // Hono `serveStatic({ root: "./" })`.
          if (ts.isObjectLiteralExpression(rootNode)) {
            const value = propertyValue(rootNode, "root");
            if (value) statics.push({ call: node, root: value, options: rootNode, appendsMountPath: propertyValue(rootNode, "rewriteRequestPath") === undefined });
          } else statics.push({ call: node, root: root!, ...(options && ts.isObjectLiteralExpression(unwrapExpression(options)) ? { options: unwrapExpression(options) as ts.ObjectLiteralExpression } : {}) });
        } else if (name === "express" && (module === "express" || module === undefined) && node.arguments.length === 0) expressApps.push(node);
        else if (name === "helmet") hidesPoweredBy ||= !helmetKeepsPoweredBy(node);
        return;
      }
      const chain = propertyChain(callee)?.join(".");
      if (chain === "express.static" && node.arguments[0]) {
        const options = node.arguments[1] && unwrapExpression(node.arguments[1]);
        statics.push({ call: node, root: node.arguments[0], ...(options && ts.isObjectLiteralExpression(options) ? { options } : {}) });
      } else if (name === "register") {
        // Fastify `register(fastifyStatic, { root, dotfiles })`.
        const [plugin, options] = node.arguments;
        const pluginNode = plugin && unwrapExpression(plugin);
        const optionsNode = options && unwrapExpression(options);
        if (!pluginNode || !optionsNode || !ts.isObjectLiteralExpression(optionsNode)) return;
        const pluginModule = ts.isIdentifier(pluginNode) ? moduleOf(pluginNode) : ts.isCallExpression(pluginNode) && calleeName(pluginNode) === "require" && pluginNode.arguments[0] && ts.isStringLiteral(pluginNode.arguments[0]) ? pluginNode.arguments[0].text : undefined;
        const isStatic = pluginModule === "@fastify/static" || pluginModule === "fastify-static" || (pluginModule === undefined && ts.isIdentifier(pluginNode) && /static/i.test(pluginNode.text));
        const root = isStatic ? propertyValue(optionsNode, "root") : undefined;
        if (root) statics.push({ call: node, root, options: optionsNode });
      } else if ((name === "disable" || name === "set") && isPoweredByOff(node)) hidesPoweredBy = true;
      else if (name === "removeHeader" && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) && node.arguments[0].text.toLowerCase() === "x-powered-by") hidesPoweredBy = true;
      else if (chain?.startsWith("helmet.") && (name === "hidePoweredBy" || name === "xPoweredBy")) hidesPoweredBy = true;
    };

    return {
      CallExpression: visitCall,
      PropertyAssignment(node) {
        if (!ts.isIdentifier(node.name) || (node.name.text !== "graphiql" && node.name.text !== "playground")) return;
        const value = unwrapExpression(node.initializer);
        if (value.kind !== ts.SyntaxKind.TrueKeyword && !ts.isObjectLiteralExpression(value)) return;
        const object = node.parent;
        const owner = object.parent;
        if (owner && (ts.isCallExpression(owner) || ts.isNewExpression(owner))) ides.push(node);
      },
      "SourceFile:exit"() {
        listings.forEach(judgeListing);
        statics.forEach(judgeStatic);
        for (const registration of routes.all()) judgeRoute(registration);
        for (const ide of ides) {
          if (isEnvironmentGated(ide, sourceFile)) continue;
          const name = (ide.name as ts.Identifier).text;
          context.report({
            node: ide,
            severity: "medium",
            message: `\`${shortText(ide, sourceFile)}\` serves the ${name === "graphiql" ? "GraphiQL" : "GraphQL Playground"} IDE in every environment, production included: anyone can browse the schema and try queries against live data.`,
            fix: `Enable it only outside production: \`${name}: process.env.NODE_ENV !== "production"\`, and turn off introspection in production unless the API is public.`,
          });
        }
        const [app] = expressApps;
        if (app && !hidesPoweredBy && !isEnvironmentGated(app, sourceFile)) {
          context.report({
            node: app,
            severity: "low",
            message: "This Express app sends `X-Powered-By: Express` on every response: nothing in this file calls `app.disable(\"x-powered-by\")` or uses `helmet()`.",
            why: "The header tells scanners which framework to target; it costs nothing to remove and is a routine finding in security audits.",
            fix: "Call `app.disable(\"x-powered-by\")` right after creating the app, or use `app.use(helmet())`, which removes it along with setting safer headers.",
          });
        }
      },
    };
  },
});

/** A handler that returns the whole environment (`res.json(process.env)`, `{ ...process.env }`), not a few public settings. */
function dumpsEnvironment(handler: ts.Expression | undefined, sourceFile: ts.SourceFile): boolean {
  const fn = handlerFunction(handler);
  if (!fn) return true;
  return /process\.env\s*[),;}\]]|\.\.\.\s*process\.env\b|Object\.(keys|entries|assign)\([^)]*process\.env\s*\)/.test(fn.getText(sourceFile));
}

/** `app.disable("x-powered-by")` or `app.set("x-powered-by", false)`. */
function isPoweredByOff(call: ts.CallExpression): boolean {
  const [setting, value] = call.arguments;
  if (!setting || !ts.isStringLiteralLike(setting) || setting.text.toLowerCase() !== "x-powered-by") return false;
  if (calleeName(call) === "disable") return calleeReceiver(call) !== undefined;
  return value !== undefined && unwrapExpression(value).kind === ts.SyntaxKind.FalseKeyword;
}

/** `helmet({ hidePoweredBy: false })` (or `xPoweredBy: false`) keeps the header. */
function helmetKeepsPoweredBy(call: ts.CallExpression): boolean {
  const options = call.arguments[0] && unwrapExpression(call.arguments[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return false;
  const value = propertyValue(options, "hidePoweredBy") ?? propertyValue(options, "xPoweredBy");
  return value !== undefined && unwrapExpression(value).kind === ts.SyntaxKind.FalseKeyword;
}
