// security/mass-assignment: the whole request body handed to an ORM create/update call (or copied onto
// a loaded model), so the client decides which columns are written: `role`, `isAdmin`, `ownerId`, ...
// Besides the rule, this file exports the data-store recognisers that security/idor shares.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { taintOf } from "../../src/analysis/taint.js";
import {
  calleeName,
  calleeReceiver,
  enclosingFunction,
  findLocalBinding,
  bindingElementFor,
  localFunction,
  propertyChain,
  returnedExpressions,
  shortText,
  TEST_PATH_GLOBS,
  unwrapExpression,
  type FunctionLikeWithBody,
} from "../../src/analysis/ts-helpers.js";
import { lowerSeverity, type Severity } from "../../src/review/types.js";

// ---- Data stores (shared with security/idor) ---------------------------------------------------

/** PascalCase globals and well-known libraries that are not models even though they look like classes. */
const NOT_MODELS = new Set([
  "Object", "JSON", "Array", "Promise", "Math", "Reflect", "Date", "Map", "Set", "WeakMap", "WeakSet", "String", "Number", "Boolean",
  "Error", "URL", "URLSearchParams", "Buffer", "Intl", "Symbol", "BigInt", "Proxy", "RegExp", "Response", "NextResponse", "Request",
  "Headers", "FormData", "Blob", "File", "React", "Vue", "Stripe", "Axios", "Joi", "Yup", "Sentry", "Handlebars", "Ajv", "Event",
  "EventEmitter", "Worker", "AbortController", "TextEncoder", "TextDecoder", "Atomics", "SharedArrayBuffer", "ArrayBuffer", "DataView",
]);
/** Names of ORM clients and handles: `prisma.user`, `db.Order`, `this.prisma.post`, `models.User`, `tx.invoice`. */
const DB_HANDLES = new Set([
  "prisma", "db", "database", "knex", "tx", "trx", "transaction", "manager", "em", "entitymanager", "orm", "models", "datasource",
  "sequelize", "mongoose", "drizzle", "supabase", "repository", "repo",
]);
const MODEL_SUFFIX = /(model|repository|repo|collection|table|entity|dao)$/i;
const NOT_STORE_SUFFIX = /(service|client|api|sdk|controller|gateway|provider|queue|emitter|logger|cache|mailer|store|http|helper|utils?)$/i;
/** Calls that return a table, collection or repository: `knex("users")`, `db.collection("x")`, `getRepository(User)`. */
const STORE_FACTORIES = new Set(["getRepository", "getMongoRepository", "getTreeRepository", "getCustomRepository", "collection", "getCollection", "table", "into", "withSchema"]);
/** Query-builder links that keep the table: `knex("users").where({ id }).update(…)`. */
const BUILDER_LINKS = new Set(["where", "whereIn", "andWhere", "orWhere", "whereNot", "returning", "onConflict", "modify", "transacting", "useIndex", "set", "from"]);
const CALLABLE_HANDLES = new Set(["knex", "db", "trx", "tx", "database", "sql", "pg"]);
/** Database handles for raw `query`/`execute` calls. */
const QUERY_HANDLES = /^(db|pool|client|connection|conn|sequelize|knex|database|pg|tx|trx|manager|datasource|queryrunner|prisma|sql|mysql|postgres)$/i;

function isModelName(name: string): boolean {
  if (NOT_STORE_SUFFIX.test(name)) return false;
  if (/^[A-Z][A-Za-z0-9]*$/.test(name) && /[a-z]/.test(name) && !NOT_MODELS.has(name)) return true;
  return MODEL_SUFFIX.test(name);
}

function isStoreCall(call: ts.CallExpression, depth = 0): boolean {
  if (depth > 6) return false;
  const name = calleeName(call);
  const callee = unwrapExpression(call.expression);
  if (!name) return false;
  if (STORE_FACTORIES.has(name)) return true;
  // knex("users"), db("orders"), trx("t")
  if (ts.isIdentifier(callee) && CALLABLE_HANDLES.has(callee.text) && call.arguments.length > 0) return true;
  const receiver = calleeReceiver(call);
  if (!receiver) return false;
  // drizzle: db.insert(users).values(…), db.update(users).set(…); supabase.from("t").insert(…)
  if ((name === "insert" || name === "update" || name === "from") && isDataStoreReceiver(receiver, depth + 1)) return true;
  const inner = unwrapExpression(receiver);
  if (BUILDER_LINKS.has(name) && ts.isCallExpression(inner)) return isStoreCall(inner, depth + 1);
  if (BUILDER_LINKS.has(name)) return isDataStoreReceiver(receiver, depth + 1);
  return false;
}

/** Whether `receiver` is a model, repository, collection, table builder or ORM delegate. */
export function isDataStoreReceiver(receiver: ts.Expression, depth = 0): boolean {
  let node = unwrapExpression(receiver);
  if (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
  if (ts.isCallExpression(node)) return isStoreCall(node, depth);
  const chain = propertyChain(node);
  if (!chain) return false;
  const last = chain[chain.length - 1]!;
  if (NOT_STORE_SUFFIX.test(last)) return false;
  if (isModelName(last)) return true;
  return chain.some((name) => DB_HANDLES.has(name.toLowerCase()));
}

/** Whether `receiver` is a database handle for raw SQL (`db.query`, `pool.execute`). */
export function isQueryHandle(receiver: ts.Expression): boolean {
  const chain = propertyChain(receiver);
  const last = chain?.[chain.length - 1];
  return last !== undefined && QUERY_HANDLES.test(last);
}

/** Whether `expression` is a model instance: `await User.findById(id)`, `User.build(…)`, `new User()`. */
export function isModelInstance(expression: ts.Expression, depth = 0): boolean {
  if (depth > 3) return false;
  let node = unwrapExpression(expression);
  if (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    return binding?.kind === "variable" && binding.initializer !== undefined && isModelInstance(binding.initializer, depth + 1);
  }
  if (ts.isNewExpression(node)) {
    const callee = unwrapExpression(node.expression);
    return ts.isIdentifier(callee) && isModelName(callee.text) && /^[A-Z]/.test(callee.text);
  }
  if (!ts.isCallExpression(node)) return false;
  let call: ts.CallExpression = node;
  // `User.findById(id).exec()`, `.orFail()`
  while ((calleeName(call) === "exec" || calleeName(call) === "orFail") && calleeReceiver(call) && ts.isCallExpression(unwrapExpression(calleeReceiver(call)!))) {
    call = unwrapExpression(calleeReceiver(call)!) as ts.CallExpression;
  }
  const name = calleeName(call) ?? "";
  const receiver = calleeReceiver(call);
  return /^(find|get|fetch|load|build|create|preload|reload)/i.test(name) && receiver !== undefined && isDataStoreReceiver(receiver);
}

// ---- The whole request body ------------------------------------------------------------------

export interface WholeBody {
  /** The expression as written, for messages. */
  origin: string;
  /** `whole`: everything the client sent; `partial`: minus a denylist or with some fields overridden; `via-call`: through an unknown function. */
  strength: "whole" | "partial" | "via-call";
  note?: string;
}

const CLONES = new Set(["structuredClone", "cloneDeep", "clone", "toPlainObject", "toObject"]);
const DENYLIST = new Set(["omit", "omitBy"]);
/** Calls whose result is a checked or narrowed copy: the flow ends. */
const NARROWING = /^(pick|pickBy|parse|safeParse|parseAsync|safeParseAsync|validate\w*|sanitize\w*|whitelist|allowlist|only|plainToClass|plainToInstance|assert\w*|cast|decode|to[A-Z]\w*Dto)$/;
const NOT_CLASS_TYPES = new Set(["Record", "Partial", "Required", "Readonly", "Omit", "Pick", "Object", "Array", "Map", "Promise", "Awaited", "ReturnType", "Parameters", "NonNullable", "Exclude", "Extract", "InstanceType", "Body", "Request", "FormData"]);

function isRequestBodyRead(node: ts.Expression, sourceFile: ts.SourceFile): boolean {
  const chain = propertyChain(node);
  if (!chain || chain[chain.length - 1] !== "body") return false;
  if (chain[0] === "event" || chain[0] === "evt") return false; // Lambda: a string until JSON.parse
  if (chain.length !== 2 && !(chain.length === 3 && (chain[1] === "request" || chain[1] === "req"))) return false;
  return taintOf(node, sourceFile)?.confidence === "high";
}

function decoratorName(decorator: ts.Decorator): string | undefined {
  const expression = decorator.expression;
  if (ts.isCallExpression(expression)) return calleeName(expression);
  return ts.isIdentifier(expression) ? expression.text : undefined;
}

/** A NestJS `@Body()` parameter typed with a class (a DTO the global ValidationPipe whitelists) is not the raw body. */
function bodyParameter(parameter: ts.ParameterDeclaration): "raw" | "dto" | "field" | undefined {
  const decorators = ts.canHaveDecorators(parameter) ? ts.getDecorators(parameter) ?? [] : [];
  const body = decorators.find((decorator) => decoratorName(decorator) === "Body");
  if (!body) return undefined;
  if (ts.isCallExpression(body.expression) && body.expression.arguments.some((argument) => ts.isStringLiteralLike(argument))) return "field";
  const type = parameter.type;
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && !type.typeArguments && !NOT_CLASS_TYPES.has(type.typeName.text)) return "dto";
  return "raw";
}

function isPrimitiveType(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  return type.kind === ts.SyntaxKind.StringKeyword || type.kind === ts.SyntaxKind.NumberKeyword || type.kind === ts.SyntaxKind.BooleanKeyword || type.kind === ts.SyntaxKind.BigIntKeyword;
}




/** Whether a local helper hands back its first parameter whole (`return data`, `return { ...data, x }`). */
function passesParameterThrough(fn: FunctionLikeWithBody): boolean {
  const first = fn.parameters[0];
  if (!first || !ts.isIdentifier(first.name)) return false;
  const name = first.name.text;
  return returnedExpressions(fn).some((expression) => {
    const node = unwrapExpression(expression);
    if (ts.isIdentifier(node)) return node.text === name;
    return ts.isObjectLiteralExpression(node) && node.properties.some((property) => ts.isSpreadAssignment(property) && ts.isIdentifier(unwrapExpression(property.expression)) && (unwrapExpression(property.expression) as ts.Identifier).text === name);
  });
}

/** Whether `expression` is everything the client sent (the request body, a spread or rest of it, a parsed JSON body). */
export function wholeBodyOf(expression: ts.Expression, sourceFile: ts.SourceFile, depth = 0): WholeBody | undefined {
  if (depth > 6) return undefined;
  let node = unwrapExpression(expression);
  if (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
  const text = (): string => `\`${shortText(node, sourceFile, 50)}\``;

  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    return isRequestBodyRead(node, sourceFile) ? { origin: text(), strength: "whole" } : undefined;
  }

  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (!binding) return undefined;
    if (binding.kind === "parameter") {
      const parameter = binding.declaration;
      const body = bodyParameter(parameter);
      if (body === "raw") return { origin: `\`@Body() ${node.text}\``, strength: "whole" };
      if (body) return undefined;
      const taint = taintOf(node, sourceFile);
      // Next.js server actions: the argument object is whatever the client posts, whatever its declared type.
      if (taint?.confidence === "high" && taint.origin.startsWith("server action") && !isPrimitiveType(parameter.type)) {
        return { origin: `server action argument \`${node.text}\``, strength: "whole" };
      }
      return undefined;
    }
    if (binding.kind !== "variable") return undefined;
    if (binding.initializer) return wholeBodyOf(binding.initializer, sourceFile, depth + 1);
    const element = bindingElementFor(binding.declaration.name, node.text);
    if (element?.dotDotDotToken && binding.derivedFrom && element.parent && ts.isObjectBindingPattern(element.parent)) {
      const from = wholeBodyOf(binding.derivedFrom, sourceFile, depth + 1);
      if (!from) return undefined;
      const removed = element.parent.elements.filter((other) => other !== element).map((other) => (other.propertyName ?? other.name).getText(sourceFile));
      if (removed.length === 0) return { origin: `\`...${node.text}\` of ${from.origin}`, strength: from.strength };
      return { origin: `\`...${node.text}\` of ${from.origin}`, strength: "partial", note: `only ${removed.map((name) => `\`${name}\``).join(", ")} ${removed.length === 1 ? "is" : "are"} taken out` };
    }
    return undefined;
  }

  if (ts.isObjectLiteralExpression(node)) {
    let spread: WholeBody | undefined;
    const overrides: string[] = [];
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        spread ??= wholeBodyOf(property.expression, sourceFile, depth + 1);
      } else if (property.name) {
        overrides.push(property.name.getText(sourceFile));
      }
    }
    if (!spread) return undefined;
    if (overrides.length === 0) return { origin: `a spread of ${spread.origin}`, strength: spread.strength };
    return { origin: `a spread of ${spread.origin}`, strength: "partial", note: `only ${overrides.slice(0, 3).map((name) => `\`${name}\``).join(", ")} ${overrides.length === 1 ? "is" : "are"} set by the server` };
  }

  if (ts.isCallExpression(node)) {
    const name = calleeName(node) ?? "";
    const receiver = calleeReceiver(node);
    const receiverChain = receiver ? propertyChain(receiver) : undefined;
    const first = node.arguments[0];
    // `await request.json()` (Next.js, Fetch API handlers)
    if (name === "json" && receiver && node.arguments.length === 0) {
      return taintOf(node, sourceFile)?.confidence === "high" ? { origin: text(), strength: "whole" } : undefined;
    }
    if (!first || ts.isSpreadElement(first)) return undefined;
    if (name === "parse" && receiverChain?.[0] === "JSON") {
      const inner = wholeBodyOf(first, sourceFile, depth + 1);
      if (inner) return inner;
      return taintOf(first, sourceFile)?.confidence === "high" ? { origin: text(), strength: "whole" } : undefined;
    }
    if (name === "fromEntries" && receiverChain?.[0] === "Object") {
      return taintOf(first, sourceFile)?.confidence === "high" ? { origin: text(), strength: "whole" } : undefined;
    }
    if (name === "assign" && receiverChain?.[0] === "Object") {
      const target = unwrapExpression(first);
      if (!ts.isObjectLiteralExpression(target) || target.properties.length > 0) return undefined;
      for (const argument of node.arguments.slice(1)) {
        const found = wholeBodyOf(argument, sourceFile, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    if (CLONES.has(name)) return wholeBodyOf(first, sourceFile, depth + 1);
    if (DENYLIST.has(name)) {
      const found = wholeBodyOf(first, sourceFile, depth + 1);
      return found && { origin: found.origin, strength: "partial", note: `\`${name}\` removes a denylist of fields; anything not on it is still written` };
    }
    if (NARROWING.test(name)) return undefined;
    const local = localFunction(node);
    if (local) {
      if (!passesParameterThrough(local)) return undefined;
      const found = wholeBodyOf(first, sourceFile, depth + 1);
      return found && { origin: found.origin, strength: found.strength, note: `it passes through \`${name}()\`` };
    }
    for (const argument of node.arguments) {
      const found = wholeBodyOf(argument, sourceFile, depth + 1);
      if (found) return { origin: found.origin, strength: "via-call", note: `it passes through \`${name || "a call"}()\`, which this rule cannot see into` };
    }
  }
  return undefined;
}

// ---- Sinks -------------------------------------------------------------------------------------

type Slot = "first" | "second" | "update" | "afterFirst";

const SINK_SLOTS = new Map<string, Slot>([
  ["create", "first"],
  ["build", "first"],
  ["insert", "first"],
  ["insertOne", "first"],
  ["insertMany", "first"],
  ["bulkCreate", "first"],
  ["createMany", "first"],
  ["save", "first"],
  ["upsert", "first"],
  ["values", "first"],
  ["set", "first"],
  ["findByIdAndUpdate", "second"],
  ["findOneAndUpdate", "second"],
  ["updateOne", "second"],
  ["updateMany", "second"],
  ["replaceOne", "second"],
  ["findOneAndReplace", "second"],
  ["findByIdAndReplace", "second"],
  ["update", "update"],
  ["merge", "afterFirst"],
]);
/** Sequelize/TypeORM entity-manager style: `manager.save(User, data)`, `em.create(User, data)`. */
const MANAGER_NAMES = /^(manager|em|entityManager|orm|entitymanager)$/;
const PRISMA_DATA_KEYS = new Set(["data", "create", "update"]);
const MONGO_OPERATORS = new Set(["$set", "$setOnInsert"]);
/** Methods on a model instance that write every key of their argument. */
const INSTANCE_WRITES = new Set(["set", "update", "setAttributes", "assign"]);
/** Object-copying helpers that write every key of the source onto the target. */
const COPY_HELPERS = new Set(["assign", "merge", "mergeWith", "extend", "assignIn"]);
const COPY_RECEIVERS = new Set(["Object", "_", "lodash", "$", "jQuery", "angular"]);

interface Candidate {
  node: ts.Node;
  label: string;
  body: WholeBody;
  /** Needs evidence that the target is a model (`save()` called on it), checked at the end of the file. */
  needsSavedTarget?: ts.Identifier;
}

function propertyNamed(object: ts.ObjectLiteralExpression, names: ReadonlySet<string>): ts.Expression[] {
  const found: ts.Expression[] = [];
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && names.has(property.name.text)) found.push(property.initializer);
    else if (ts.isShorthandPropertyAssignment(property) && names.has(property.name.text)) found.push(property.name);
  }
  return found;
}

function hasFieldsOption(argument: ts.Expression | undefined): boolean {
  if (!argument) return false;
  const node = unwrapExpression(argument);
  return ts.isObjectLiteralExpression(node) && propertyNamed(node, new Set(["fields"])).length > 0;
}

/** The data arguments a sink writes: for Prisma the `data`/`create`/`update` members, for Mongo the `$set` value. */
function dataArguments(slot: Slot, args: readonly ts.Expression[], sourceFile: ts.SourceFile): ts.Expression[] {
  const first = args[0] && unwrapExpression(args[0]);
  if (first && ts.isObjectLiteralExpression(first)) {
    const prisma = propertyNamed(first, PRISMA_DATA_KEYS);
    if (prisma.length > 0) return prisma;
  }
  const expand = (argument: ts.Expression | undefined): ts.Expression[] => {
    if (!argument) return [];
    const node = unwrapExpression(argument);
    if (ts.isObjectLiteralExpression(node)) {
      const operators = propertyNamed(node, MONGO_OPERATORS);
      if (operators.length > 0) return operators;
    }
    return [argument];
  };
  switch (slot) {
    case "first":
      return expand(args[0]);
    case "second":
      return expand(args[1]);
    case "afterFirst":
      return args.slice(1).flatMap(expand);
    case "update":
      // Sequelize/knex `update(values, options)`; TypeORM/Mongoose `update(criteria, values)`.
      return args[0] && wholeBodyOf(args[0], sourceFile) ? [args[0]] : expand(args[1]);
  }
}

function callLabel(call: ts.CallExpression | ts.NewExpression, sourceFile: ts.SourceFile): string {
  const callee = shortText(call.expression, sourceFile, 200);
  return `${callee.length <= 40 ? callee : `….${calleeName(call) ?? "call"}`}(…)`;
}

/** Route middleware that validates the body (celebrate/Joi/zod/yup schemas usually reject unknown keys). */
const VALIDATION_MIDDLEWARE = /validat|celebrate|schema|zod|joi|yup|ajv|dto/i;
const ROUTE_METHODS = /^(get|post|put|patch|delete|all|use|route)$/;

/**
 * Whether the handler around `node` is registered after a validation middleware
 * (`router.post("/", validate(schema), handler)`) or serves an admin route, where setting any field is the point.
 */
function weakerRoute(node: ts.Node, sourceFile: ts.SourceFile, path: string): boolean {
  if (/(^|\/)admin(\/|\.|-|_)/i.test(path)) return true;
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const call = fn.parent;
    if (!call || !ts.isCallExpression(call) || !ROUTE_METHODS.test(calleeName(call) ?? "")) continue;
    const index = call.arguments.indexOf(fn as ts.Expression);
    if (index < 0) continue;
    return call.arguments.slice(0, index).some((argument) => {
      const text = argument.getText(sourceFile);
      if (ts.isStringLiteralLike(argument)) return /\/admin\b/i.test(argument.text);
      if (/admin/i.test(text)) return true;
      // express-validator chains (`body("email").isEmail()`) check listed fields but let others through.
      return VALIDATION_MIDDLEWARE.test(text) && !/^\[?\s*(body|check|query|param)\(/.test(text);
    });
  }
  return false;
}

const FIX =
  "Write only the fields the client may set: pick them explicitly (`User.create({ name: body.name, email: body.email })`, `_.pick(req.body, [\"name\", \"email\"])`) or parse the body with a schema that lists them (`const data = CreateUser.parse(req.body)` with zod, or a NestJS DTO with `ValidationPipe({ whitelist: true })`). Set server-owned fields (`role`, `ownerId`, `balance`) from the session, never from the body. With Sequelize, the `fields: [...]` option also limits the columns written.";

export const massAssignment = defineTsRule({
  meta: {
    id: "security/mass-assignment",
    category: "security",
    severity: "high",
    title: "Whole request body written to a model",
    description:
      "Detects the whole client payload passed as the data of an ORM write: Mongoose `Model.create(req.body)`, `new Model(req.body)` that is saved, `findByIdAndUpdate`/`findOneAndUpdate`/`updateOne`/`updateMany`/`replaceOne(filter, req.body)` (also `{ $set: req.body }`); Sequelize `create`/`build`/`bulkCreate`/`upsert`/`update(req.body)`; Prisma `create`/`update`/`upsert`/`createMany({ data: req.body })`; TypeORM `repository.create/save/insert/update/merge` and entity-manager `manager.save(User, req.body)`; knex/drizzle/supabase `.insert(req.body)`, `.update(req.body)`, `.values(req.body)`, `.set(req.body)`; and `Object.assign(model, req.body)`, `_.merge/_.assign/_.extend(model, req.body)`, `model.set(req.body)` on a model loaded or saved in the same file. The body counts as whole when it is `req.body`, `ctx.request.body`, `await request.json()`, `JSON.parse(event.body)`, `Object.fromEntries(formData)`, a NestJS `@Body()` parameter that is not typed with a DTO class, a Next.js server action argument, a spread `{ ...req.body }` or a rest `const { ...rest } = req.body`, followed through local variables. Full severity for the raw body; one level lower (medium) when the server overrides some fields after the spread, removes a denylist (`_.omit`, `const { role, ...rest } = req.body`), or when the body passes through a function this rule cannot see into; and one more level lower when the route registers a schema-validation middleware first (`validate(schema)`, `celebrate(…)`), since such schemas usually reject unknown keys (express-validator field chains do not, and do not lower it), or is an admin route (`/admin` path, admin middleware), where writing any field may be intended. It deliberately does not fire on picked fields (`{ name: req.body.name }`, `_.pick`), schema-validated values (`schema.parse(req.body)`), NestJS `@Body() dto: CreateUserDto` (class DTOs are whitelisted by the global `ValidationPipe`), Sequelize calls with a `fields` option, reads (`find(req.body)` is a NoSQL-injection concern), or `create`/`update` on services and API clients (`userService.create`, `stripe.customers.create`).",
    why: "Every column of the model becomes client-writable: a user can add `\"role\": \"admin\"`, `\"isVerified\": true`, `\"balance\": 1e6` or someone else's `ownerId` to an ordinary profile or signup request, and the database stores it.",
    fix: FIX,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const candidates: Candidate[] = [];
    /** Declarations of locals that have `.save()` (or `.$save`, `.persist`) called on them. */
    const saved = new Set<ts.Node>();

    const savedTarget = (identifier: ts.Identifier): boolean => {
      const binding = findLocalBinding(identifier);
      return binding !== undefined && saved.has(binding.declaration);
    };

    const consider = (node: ts.Node, label: string, expressions: readonly ts.Expression[], extra: Partial<Candidate> = {}): void => {
      for (const expression of expressions) {
        const body = wholeBodyOf(expression, sourceFile);
        if (body) {
          candidates.push({ node, label, body, ...extra });
          return;
        }
      }
    };

    const visitCall = (call: ts.CallExpression): void => {
      const name = calleeName(call);
      if (!name) return;
      const receiver = calleeReceiver(call);
      if (name === "save" || name === "$save" || name === "persist" || name === "saveAsync") {
        const target = receiver && unwrapExpression(receiver);
        if (target && ts.isIdentifier(target)) {
          const binding = findLocalBinding(target);
          if (binding) saved.add(binding.declaration);
        }
      }
      const args = call.arguments.filter((argument): argument is ts.Expression => !ts.isSpreadElement(argument));
      // Object.assign(user, req.body), _.merge(user, req.body)
      if (COPY_HELPERS.has(name) && (receiver ? COPY_RECEIVERS.has(propertyChain(receiver)?.[0] ?? "") : true) && args.length >= 2) {
        const target = unwrapExpression(args[0]!);
        const isImportedHelper = !receiver && ts.isIdentifier(unwrapExpression(call.expression)) && findLocalBinding(unwrapExpression(call.expression) as ts.Identifier)?.kind === "import";
        if (receiver || isImportedHelper) {
          const targetChain = propertyChain(target);
          const sessionUser = targetChain !== undefined && targetChain.length === 2 && ["req", "request"].includes(targetChain[0]!) && targetChain[1] === "user";
          const label = `${shortText(call.expression, sourceFile, 30)}(${shortText(target, sourceFile, 20)}, …)`;
          if (isModelInstance(target) || sessionUser || target.kind === ts.SyntaxKind.ThisKeyword) {
            consider(call, label, args.slice(1));
          } else if (ts.isIdentifier(target)) {
            consider(call, label, args.slice(1), { needsSavedTarget: target });
          }
          return;
        }
      }
      if (!receiver) return;
      // user.set(req.body), user.update(req.body) on a loaded instance (`map.set(key, value)` is not one)
      const instanceShaped = args.length === 1 || (args.length === 2 && ts.isObjectLiteralExpression(unwrapExpression(args[1]!)));
      if (INSTANCE_WRITES.has(name) && instanceShaped) {
        const target = unwrapExpression(receiver);
        if (ts.isIdentifier(target) && !isDataStoreReceiver(target) && (isModelInstance(target) || savedTarget(target))) {
          if (!hasFieldsOption(args[1])) consider(call, callLabel(call, sourceFile), [args[0]!]);
          return;
        }
        if (ts.isIdentifier(target) && !isDataStoreReceiver(target)) {
          if (!hasFieldsOption(args[1])) consider(call, callLabel(call, sourceFile), [args[0]!], { needsSavedTarget: target });
          return;
        }
      }
      const slot = SINK_SLOTS.get(name);
      if (!slot) return;
      const receiverChain = propertyChain(receiver);
      let rest = args;
      const firstArgument = args[0] && unwrapExpression(args[0]);
      const managerStyle = receiverChain !== undefined && MANAGER_NAMES.test(receiverChain[receiverChain.length - 1]!) && firstArgument !== undefined && ts.isIdentifier(firstArgument) && /^[A-Z]/.test(firstArgument.text);
      if (managerStyle) rest = args.slice(1);
      else if (!isDataStoreReceiver(receiver)) return;
      if (name === "set" || name === "values") {
        // drizzle `.set()`/`.values()` hang off `db.update(t)`/`db.insert(t)`; Mongoose `doc.set()` is handled above.
        if (!ts.isCallExpression(unwrapExpression(receiver))) return;
      }
      if (hasFieldsOption(rest[1]) || hasFieldsOption(rest[2])) return;
      consider(call, callLabel(call, sourceFile), dataArguments(slot, rest, sourceFile));
    };

    const visitNew = (node: ts.NewExpression): void => {
      const callee = unwrapExpression(node.expression);
      if (!ts.isIdentifier(callee) || !/^[A-Z]/.test(callee.text) || !isModelName(callee.text)) return;
      const first = node.arguments?.[0];
      if (!first || ts.isSpreadElement(first)) return;
      const parent = node.parent;
      // `new User(req.body).save()`
      if (parent && ts.isPropertyAccessExpression(parent) && parent.name.text === "save") {
        consider(node, `new ${callee.text}(…)`, [first]);
        return;
      }
      // `const user = new User(req.body); await user.save();`
      const declaration = parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name : undefined;
      if (declaration) consider(node, `new ${callee.text}(…)`, [first], { needsSavedTarget: declaration });
    };

    const severityOf = (body: WholeBody, node: ts.Node): Severity => {
      const base: Severity = body.strength === "whole" ? "high" : "medium";
      return weakerRoute(node, sourceFile, context.file.path) ? lowerSeverity(base) : base;
    };

    return {
      CallExpression: visitCall,
      NewExpression: visitNew,
      "SourceFile:exit": () => {
        const reported = new Set<ts.Node>();
        for (const candidate of candidates) {
          if (reported.has(candidate.node)) continue;
          if (candidate.needsSavedTarget) {
            const target = candidate.needsSavedTarget;
            const declaration = ts.isVariableDeclaration(target.parent) ? target.parent : findLocalBinding(target)?.declaration;
            if (!declaration || !saved.has(declaration)) continue;
          }
          reported.add(candidate.node);
          const { body } = candidate;
          const note = body.note ? ` (${body.note})` : "";
          const what =
            body.strength === "via-call"
              ? `receives the request body (${body.origin})${note}`
              : body.strength === "partial"
                ? `receives ${body.origin}${note}`
                : `receives the whole request body (${body.origin})`;
          context.report({
            node: candidate.node,
            severity: severityOf(body, candidate.node),
            message: `\`${candidate.label}\` ${what}: the client decides which fields are written, including ones it must not set such as \`role\`, \`isAdmin\` or \`ownerId\`.`,
          });
        }
      },
    };
  },
});
