// security/idor: a database read or write keyed by a user/owner/account id that the client sent, in a
// handler that knows who the signed-in user is and never compares the two. Evidence is gathered during
// the walk (identity reads, comparisons, role checks) and judged per handler at the end of the file.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { taintOf } from "../../src/analysis/taint.js";
import {
  bindingElementFor,
  calleeName,
  calleeReceiver,
  enclosingFunction,
  findLocalBinding,
  isFunctionLike,
  memberName,
  propertyChain,
  shortText,
  TEST_PATH_GLOBS,
  unwrapExpression,
  type FunctionLikeWithBody,
} from "../../src/analysis/ts-helpers.js";
import { accessCheckKind, middlewareName, routeRegistration } from "../../src/analysis/routes.js";
import { isDataStoreReceiver, isQueryHandle } from "./mass-assignment.js";

/** Client-side names of ids that identify a user, owner or tenant. */
const OWNER_FIELD = /^(user|owner|account|author|tenant|customer|org|organization|organisation|member|creator|createdBy|created_by)_?id$/i;
/** Database-side keys that hold such an id (`{ user: … }` is a Mongoose ref). */
const OWNER_KEY = /^(user|owner|account|author|tenant|customer|org|organization|organisation|member|creator|createdBy|created_by)(_?id)?$/i;
/** Keys under which a write's values sit (Prisma `data`, Mongo `$set`, drizzle `values`). */
const DATA_KEYS = new Set(["data", "create", "update", "$set", "$setOnInsert", "values"]);
const READ_METHOD = /^(find\w*|count\w*|exists|aggregate|where|andWhere|orWhere|whereIn|select|first)$/;
const WRITE_METHOD = /^(update\w*|delete\w*|destroy|remove|softDelete|softRemove|restore|upsert|create\w*|insert\w*|save|replace\w*|increment|decrement|bulkCreate|build|findByIdAndUpdate|findOneAndUpdate|findByIdAndDelete|findOneAndDelete|findByIdAndRemove|findOneAndRemove)$/;
/** Raw-SQL entry points on a database handle (sqlite's `get`/`all`/`run` included). */
const QUERY_METHOD = /^(query|execute|get|all|run|one|oneOrNone|many|manyOrNone|any)$/;
const CONVERSIONS = new Set(["Number", "parseInt", "String", "BigInt", "ObjectId", "ObjectID", "toObjectId", "toString", "trim", "valueOf"]);

/** Members of the request, session or locals that hold the server-side identity. */
const IDENTITY_LEAVES = new Set(["user", "userId", "auth", "currentUser", "principal", "identity", "uid", "passport", "account", "accountId", "jwt"]);
const IDENTITY_ROOTS = new Set(["req", "request", "ctx", "context", "res", "event", "locals", "session"]);
const IDENTITY_HOLDERS = new Set(["session", "state", "locals"]);
/** Calls that return the signed-in user or session (NextAuth, Clerk, Lucia, Kinde, Supabase helpers). */
const IDENTITY_CALLS = new Set(["getServerSession", "getSession", "auth", "currentUser", "getAuth", "getCurrentUser", "getKindeServerSession", "validateRequest", "getToken", "requireUser", "getUserSession", "getServerAuthSession", "getLoggedInUser", "getSignedInUser"]);
/** NestJS parameter decorators that inject the signed-in user. */
const IDENTITY_DECORATORS = new Set(["CurrentUser", "User", "AuthUser", "ReqUser", "GetUser", "Session", "Auth", "Principal", "ActiveUser", "CurrentAccount", "Identity", "UserId", "JwtPayload", "AuthenticatedUser"]);

/** Members whose mention means the handler checks a role or permission. */
const ROLE_MEMBERS = new Set(["role", "roles", "isAdmin", "admin", "isSuperAdmin", "superAdmin", "superuser", "isSuperuser", "isStaff", "permissions", "permission", "scopes", "scope", "ability", "can"]);
/** Calls that check ownership or permissions. */
const GUARD_CALL = /^(can|cannot|authori[sz]e\w*|hasRole\w*|hasPermission\w*|hasAnyRole|hasScope\w*|isAdmin|isOwner|isSelf|checkPermission\w*|checkOwner\w*|checkAccess|assertOwner\w*|assertCan\w*|assertAccess|ensureOwner\w*|ensureCan\w*|ensureAccess|verifyOwner\w*|requireRole|requireAdmin|requirePermission\w*|enforce|permit|ForbiddenError)$/;
/** Route middleware, decorators or paths that make this an admin or permission-checked route. */
const ROUTE_GUARD_WORDS = /admin|role|permission|authori[sz]|owner|self|acl|rbac|polic|abilit|staff|superuser|scope/i;

function isRouteGuard(text: string): boolean {
  return ROUTE_GUARD_WORDS.test(text) || /\bcan[A-Z_]/.test(text);
}

const EQUALITY: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

interface OwnerUse {
  expression: ts.Expression;
  /** The id's name as the client sends it (`userId`) or the key it is stored under. */
  field: string;
  /** Whether it is written as data (create/update payload) rather than used to look records up. */
  written: boolean;
}

function isWithin(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end;
}


/** The name the client gave a value: `userId` for `req.params.userId`, `const { userId } = req.body`, `const uid = req.query.userId`. */
function clientFieldName(expression: ts.Expression, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return memberName(node);
  if (ts.isCallExpression(node) && calleeName(node) === "get" && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) return node.arguments[0].text; // searchParams.get("userId")
  if (!ts.isIdentifier(node)) return undefined;
  const binding = findLocalBinding(node);
  // NestJS `@Param("userId") userId`, server-action arguments: the parameter's own name.
  if (binding?.kind === "parameter") return node.text;
  if (binding?.kind !== "variable") return undefined;
  if (binding.initializer) return clientFieldName(binding.initializer, depth + 1);
  const element = bindingElementFor(binding.declaration.name, node.text);
  if (!element || element.dotDotDotToken) return undefined;
  const property = element.propertyName;
  return property && (ts.isIdentifier(property) || ts.isStringLiteral(property)) ? property.text : node.text;
}

/** Unwraps `Number(x)`, `new ObjectId(x)`, `x.toString()`: the id is still the client's. */
function stripConversions(expression: ts.Expression): ts.Expression {
  let node = unwrapExpression(expression);
  for (let step = 0; step < 4; step++) {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && CONVERSIONS.has(calleeName(node) ?? "")) {
      const receiver = ts.isCallExpression(node) ? calleeReceiver(node) : undefined;
      const name = calleeName(node);
      if ((name === "toString" || name === "trim" || name === "valueOf") && receiver) node = unwrapExpression(receiver);
      else if (node.arguments?.[0] && !ts.isSpreadElement(node.arguments[0])) node = unwrapExpression(node.arguments[0]);
      else break;
    } else break;
  }
  return node;
}

/** Whether `expression` is an owner id sent by the client (headers excluded: gateways often set `x-user-id`). */
function clientOwnerId(expression: ts.Expression, sourceFile: ts.SourceFile, key: string | undefined): string | undefined {
  const node = stripConversions(expression);
  if (ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node) || isFunctionLike(node)) return undefined;
  const taint = taintOf(node, sourceFile);
  if (taint?.confidence !== "high") return undefined;
  if (/\b(headers|cookies|signedCookies)\b|\.(header|get)\(/.test(taint.origin) && !taint.origin.includes("searchParams")) return undefined;
  const field = clientFieldName(node);
  if (field !== undefined && OWNER_FIELD.test(field)) return field;
  if (key !== undefined && OWNER_KEY.test(key)) return key;
  return undefined;
}

function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** Owner ids the client sent that appear among `call`'s arguments: filters, `where`, `data`, value arrays. */
function ownerUses(call: ts.CallExpression, sourceFile: ts.SourceFile, writeCall: boolean): OwnerUse[] {
  const uses: OwnerUse[] = [];
  const visit = (expression: ts.Expression, key: string | undefined, written: boolean, depth: number): void => {
    if (depth > 6 || uses.length > 0) return;
    const node = unwrapExpression(expression);
    if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (ts.isPropertyAssignment(property)) {
          const name = propertyKey(property.name);
          visit(property.initializer, name, written || (name !== undefined && DATA_KEYS.has(name)), depth + 1);
        } else if (ts.isShorthandPropertyAssignment(property)) {
          visit(property.name, property.name.text, written, depth + 1);
        }
      }
      return;
    }
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) if (!ts.isSpreadElement(element)) visit(element, key, written, depth + 1);
      return;
    }
    const field = clientOwnerId(node, sourceFile, key);
    if (field) uses.push({ expression: node, field, written });
  };
  const args = call.arguments.filter((argument): argument is ts.Expression => !ts.isSpreadElement(argument));
  const name = calleeName(call) ?? "";
  args.forEach((argument, index) => {
    // knex `.where("user_id", value)`: the column names the value.
    const column = index === 1 && /where/i.test(name) && args[0] && ts.isStringLiteralLike(args[0]) ? args[0].text : undefined;
    // Sequelize `update(values, options)`, Mongoose `create(doc)`: a write's first plain object is data.
    const written = writeCall && ts.isObjectLiteralExpression(unwrapExpression(argument)) && /^(create\w*|insert\w*|save|build|bulkCreate|upsert)$/.test(name);
    visit(argument, column, written, 0);
  });
  return uses;
}

const SQL_WORDS = /\b(select|update|delete|insert|from|where)\b/i;

/** The SQL text of a raw-query call's first argument, or undefined when it is not SQL (`client.get(url, …)`). */
function sqlTextOf(argument: ts.Expression | undefined): string | undefined {
  if (!argument) return undefined;
  let node = unwrapExpression(argument);
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind !== "variable" || !binding.initializer) return undefined;
    node = unwrapExpression(binding.initializer);
  }
  if (ts.isTaggedTemplateExpression(node)) node = node.template;
  if (!(ts.isStringLiteralLike(node) || ts.isTemplateExpression(node) || ts.isBinaryExpression(node))) return undefined;
  const text = node.getText();
  return SQL_WORDS.test(text) ? text : undefined;
}

/** Reads of the user entity itself by id are usually public profiles; they are left to review. */
function readsUserEntity(call: ts.CallExpression): boolean {
  const receiver = calleeReceiver(call);
  const chain = receiver && propertyChain(receiver);
  const model = chain?.[chain.length - 1];
  return model !== undefined && /^(users?|profiles?|members?|authors?|accounts?)(model|repository|repo)?$/i.test(model);
}

function isHandlerLike(fn: FunctionLikeWithBody): boolean {
  if (fn.parameters.some((parameter) => ts.isIdentifier(parameter.name) && /^(req|request|ctx|context|event)$/.test(parameter.name.text))) return true;
  if (ts.isMethodDeclaration(fn) && (ts.getDecorators(fn)?.length ?? 0) > 0) return true;
  const name = ts.isFunctionDeclaration(fn) ? fn.name?.text : fn.parent && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
  return name !== undefined && /^(GET|POST|PUT|PATCH|DELETE|loader|action)$/.test(name);
}

/** The request handler around `node`: the nearest handler-shaped function, else the outermost function. */
function handlerOf(node: ts.Node): FunctionLikeWithBody | undefined {
  let outermost: FunctionLikeWithBody | undefined;
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (isHandlerLike(fn)) return fn;
    outermost = fn;
  }
  return outermost;
}

function decoratorTexts(node: ts.Node, sourceFile: ts.SourceFile): string[] {
  const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) ?? [] : [];
  return decorators.map((decorator) => decorator.getText(sourceFile));
}

/** Admin routes, permission middleware and role decorators make a client-chosen id legitimate. */
function routeIsGuarded(handler: FunctionLikeWithBody, sourceFile: ts.SourceFile): boolean {
  const registration = handler.parent;
  if (registration && ts.isCallExpression(registration) && registration.arguments.includes(handler as ts.Expression)) {
    for (const argument of registration.arguments) {
      if (argument === handler) continue;
      const text = argument.getText(sourceFile);
      if (ts.isStringLiteralLike(argument) ? /admin/i.test(text) : isRouteGuard(text)) return true;
    }
    // `router.route("/admin/users/:id").get(handler)`
    const receiver = calleeReceiver(registration);
    if (receiver && /["'`][^"'`]*admin/i.test(receiver.getText(sourceFile))) return true;
  }
  if (ts.isMethodDeclaration(handler)) {
    if (decoratorTexts(handler, sourceFile).some((text) => isRouteGuard(text) || /admin/i.test(text))) return true;
    const owner = handler.parent;
    if (owner && ts.isClassDeclaration(owner) && (decoratorTexts(owner, sourceFile).some((text) => isRouteGuard(text) || /admin/i.test(text)) || /admin/i.test(owner.name?.text ?? ""))) return true;
  }
  return false;
}

/**
 * The authentication middleware the handler is registered behind (`router.patch("/x/:id", requireAuth, handler)`):
 * the route knows who is calling even when the handler never reads `req.user` itself.
 */
function authenticationMiddleware(handler: FunctionLikeWithBody): ts.Expression | undefined {
  const registration = handler.parent;
  if (!registration || !ts.isCallExpression(registration) || !registration.arguments.includes(handler as ts.Expression)) return undefined;
  if (!routeRegistration(registration)) return undefined;
  for (const argument of registration.arguments) {
    if (argument === handler) break;
    if (ts.isStringLiteralLike(argument) || ts.isSpreadElement(argument)) continue;
    if (accessCheckKind(middlewareName(argument)) === "authentication") return argument;
  }
  return undefined;
}

function isIdentityChain(chain: readonly string[]): boolean {
  const root = chain[0];
  if (root === undefined || !IDENTITY_ROOTS.has(root)) return false;
  const tail = root === "session" || root === "locals" ? chain : chain.slice(1);
  const first = tail[0];
  if (first === undefined) return false;
  if (root !== "session" && root !== "locals" && IDENTITY_LEAVES.has(first)) return true;
  return IDENTITY_HOLDERS.has(first) && tail[1] !== undefined && IDENTITY_LEAVES.has(tail[1]);
}

function verbOf(call: ts.CallExpression, writeCall: boolean): string {
  const name = calleeName(call) ?? "";
  const sql = QUERY_METHOD.test(name) ? sqlTextOf(call.arguments[0]) ?? "" : "";
  if (/^(delete|destroy|remove|softDelete|softRemove|findByIdAndDelete|findOneAndDelete|findByIdAndRemove|findOneAndRemove)/.test(name) || /\bdelete\b/i.test(sql)) return "deletes records";
  if (writeCall) return "changes records";
  return "reads records";
}

export const idor = defineTsRule({
  meta: {
    id: "security/idor",
    category: "security",
    severity: "high",
    title: "Record access keyed by a client-supplied owner id",
    description:
      "Detects a database read, update, delete or write (Mongoose, Sequelize, Prisma, TypeORM, knex, drizzle, raw `query`/`execute` on a db handle) keyed by, or storing, a user/owner/account id that came from the client (`req.params.userId`, `req.query.accountId`, `req.body.authorId`, `const { ownerId } = req.body`, `tenantId`, `customerId`, `orgId`, or any request value stored under a `userId`/`owner`/`author` key), in a handler that also reads the server-side identity (`req.user`, `req.auth`, `req.session.userId`, `ctx.state.user`, `res.locals.user`, `getServerSession()`, `auth()`, `currentUser()`, a NestJS `@CurrentUser()` parameter) or, for writes, is registered behind an authentication middleware (`router.patch(\"/addresses/:id\", requireAuth, handler)`, `passport.authenticate(…)`), and never compares the two. Writes, updates and deletes are high; reads are one level lower (medium), since listing another user's public records can be intended, and reads of the user or profile entity itself (`User.findById(req.params.userId)`, usually a public profile) are left out. It deliberately does not fire when no server identity is read in the handler and, for writes, no authentication middleware sits on its route (the service may sit behind a gateway or be internal), when the handler compares the client id with anything (`if (req.params.userId !== req.user.id)`), checks a role or permission (`req.user.role`, `isAdmin`, `can(…)`, `authorize(…)`), when the same query is also scoped by the server identity, on admin or permission-guarded routes (middleware or decorators named admin/role/permission/authorize/owner/scope, or an `/admin` path), on ids read from headers (gateways set `x-user-id`), or on plain `id` lookups (ownership of a fetched record is checked in many other ways).",
    why: "Any signed-in user can read, change or delete another user's records, or create records in someone else's name, by editing one id in the URL or body: the classic broken object-level authorization (OWASP API #1).",
    fix: "Key the query by the server-side identity instead of the client's value (`Order.find({ userId: req.user.id })`, `data: { authorId: session.user.id }`), or, when the route really serves other users' data, check first: `if (req.params.userId !== req.user.id && !req.user.isAdmin) return res.sendStatus(403);`.",
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const candidates: ts.CallExpression[] = [];
    const identities: ts.Node[] = [];
    const comparisons: ts.BinaryExpression[] = [];
    const guards: ts.Node[] = [];

    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (!name) return;
        const callee = unwrapExpression(node.expression);
        const receiver = calleeReceiver(node);
        if (IDENTITY_CALLS.has(name) && ts.isIdentifier(callee)) identities.push(node);
        else if ((name === "getUser" || name === "getSession" || name === "getClaims") && receiver && propertyChain(receiver)?.includes("auth")) identities.push(node);
        if (GUARD_CALL.test(name)) guards.push(node);
        if (!receiver || node.arguments.length === 0) return;
        if (READ_METHOD.test(name) || WRITE_METHOD.test(name)) {
          if (isDataStoreReceiver(receiver)) candidates.push(node);
        } else if (QUERY_METHOD.test(name) && isQueryHandle(receiver) && sqlTextOf(node.arguments[0]) !== undefined) {
          candidates.push(node);
        }
      },
      PropertyAccessExpression(node) {
        const name = node.name.text;
        if (ROLE_MEMBERS.has(name)) guards.push(node);
        if (!IDENTITY_LEAVES.has(name)) return;
        const chain = propertyChain(node);
        if (chain && isIdentityChain(chain)) identities.push(node);
      },
      Parameter(node) {
        const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) ?? [] : [];
        for (const decorator of decorators) {
          const expression = decorator.expression;
          const decoratorName = ts.isCallExpression(expression) ? calleeName(expression) : ts.isIdentifier(expression) ? expression.text : undefined;
          if (decoratorName && IDENTITY_DECORATORS.has(decoratorName)) identities.push(node);
        }
      },
      BinaryExpression(node) {
        if (EQUALITY.has(node.operatorToken.kind)) comparisons.push(node);
      },
      "SourceFile:exit": () => {
        if (/(^|\/)admin(\/|\.|-|_)/i.test(context.file.path)) return;
        for (const call of candidates) {
          const name = calleeName(call) ?? "";
          const writeCall = WRITE_METHOD.test(name) || (QUERY_METHOD.test(name) && /\b(update|delete|insert)\b/i.test(sqlTextOf(call.arguments[0]) ?? ""));
          const uses = ownerUses(call, sourceFile, writeCall);
          const use = uses[0];
          if (!use) continue;
          const read = !use.written && !writeCall;
          if (read && readsUserEntity(call)) continue;
          const handler = handlerOf(call);
          if (!handler) continue;
          // Without an identity read in the handler, an authentication middleware on the route is the
          // evidence, for writes only: a read keyed by a client id behind a login may be a public listing.
          const identity = identities.find((node) => isWithin(node, handler)) ?? (read ? undefined : authenticationMiddleware(handler));
          if (!identity) continue;
          // The query is also scoped by the server identity, or the handler checks roles/ownership.
          if (identities.some((node) => isWithin(node, call))) continue;
          if (guards.some((node) => isWithin(node, handler))) continue;
          if (routeIsGuarded(handler, sourceFile)) continue;
          const useText = use.expression.getText(sourceFile);
          const names = [use.field, useText].map((text) => new RegExp(`(^|[^\\w$])${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\w$])`));
          if (comparisons.some((comparison) => isWithin(comparison, handler) && names.some((pattern) => pattern.test(comparison.getText(sourceFile))))) continue;
          const label = `${shortText(call.expression, sourceFile, 40)}(…)`;
          const knows = isWithin(identity, handler) ? "this handler knows the signed-in user" : "this route authenticates the user";
          const who = `\`${shortText(identity, sourceFile, 40)}\``;
          const value = `\`${shortText(use.expression, sourceFile, 40)}\``;
          const message = use.written
            ? `\`${label}\` writes \`${use.field}\` from the client (${value}) although ${knows} (${who}): a user can create or reassign records in someone else's name.`
            : `\`${label}\` ${verbOf(call, writeCall)} by ${value} from the client although ${knows} (${who}) and never compares the two: any signed-in user can reach another user's records by changing the id.`;
          // A read may be a deliberately public listing (another user's posts); writes and deletes are not.
          context.report({ node: call, message, ...(read ? { severity: "medium" as const } : {}) });
        }
      },
    };
  },
});
