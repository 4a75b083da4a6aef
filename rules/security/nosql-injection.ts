// security/nosql-injection: request objects used as MongoDB/Mongoose filters (operator injection
// such as `{ "$ne": null }`), `$where` JavaScript built from non-constant text, and DynamoDB
// expressions built from request input. Candidates are collected during the walk and judged at the
// end of the file, once its imports, sanitizer middleware and writes to filter objects are known.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { taintOf, type Taint } from "../../src/analysis/taint.js";
import {
  calleeName,
  calleeReceiver,
  findLocalBinding,
  isConstantExpression,
  propertyChain,
  shortText,
  TEST_PATH_GLOBS,
  unwrapExpression,
  type LocalWrites,
} from "../../src/analysis/ts-helpers.js";
import { describeTaint, isGuarded, isServerValue, requiredModule, splicedParts } from "../../src/analysis/sink-flow.js";

/** Query methods whose first argument is a filter (`distinct` takes it second). */
const FILTER_METHODS = new Set([
  "find",
  "findOne",
  "findOneAndUpdate",
  "findOneAndDelete",
  "findOneAndReplace",
  "findOneAndRemove",
  "updateOne",
  "updateMany",
  "update",
  "replaceOne",
  "deleteOne",
  "deleteMany",
  "remove",
  "countDocuments",
  "count",
  "exists",
  "where",
  "distinct",
  "aggregate",
  "$where",
]);
const MONGO_MODULES = new Set(["mongoose", "mongodb", "@nestjs/mongoose", "@typegoose/typegoose", "monk", "mongojs", "mongoist"]);
/** ORMs whose filters are not MongoDB documents (operators are symbols or classes, not JSON keys). */
const OTHER_ORMS = new Set(["sequelize", "sequelize-typescript", "typeorm", "@prisma/client", "objection", "knex", "@mikro-orm/core", "bookshelf", "waterline"]);
/** Middleware or options that strip `$` keys from every request or query: nothing to report in the file. */
const FILE_WIDE_SANITIZERS = new Set(["express-mongo-sanitize", "mongo-sanitize", "mongoose-sanitize"]);
const DYNAMO_EXPRESSIONS = new Set(["FilterExpression", "KeyConditionExpression", "ConditionExpression", "UpdateExpression", "ProjectionExpression"]);
const DYNAMO_STATEMENT_SINKS = new Set(["ExecuteStatementCommand", "BatchExecuteStatementCommand", "executeStatement"]);
const DYNAMO_METHODS = new Set(["query", "scan", "get", "getItem", "put", "putItem", "update", "updateItem", "delete", "deleteItem"]);
const DYNAMO_COMMANDS = new Set(["QueryCommand", "ScanCommand", "GetCommand", "GetItemCommand", "PutCommand", "PutItemCommand", "UpdateCommand", "UpdateItemCommand", "DeleteCommand", "DeleteItemCommand"]);
/** Schema validation, sanitizers and conversions: their result is no longer the client's object. */
const OBJECT_SANITIZERS = /^(String|Number|parseInt|parseFloat|Boolean|BigInt|Date|ObjectId|ObjectID|isValidObjectId|createFromHexString|escape\w*|sanitize\w*|clean\w*|parse|safeParse|parseAsync|safeParseAsync|validate\w*|cast|assert\w*|decode|matchedData|plainToInstance|plainToClass|toString|trim|trimStart|trimEnd|toLowerCase|toUpperCase|normalize|slice|substring|toISOString|getTime)$/;
/** Copies that keep the client's object intact. */
const OBJECT_COPIES = new Set(["assign", "structuredClone", "clone", "cloneDeep", "merge", "pick", "omit", "defaults", "fromEntries"]);
/** `req.body`, `req.query` (Express `qs` parses `?a[$ne]=1` into an object), Koa `ctx.request.body`: members that can hold objects. */
const OBJECT_MEMBERS = new Set(["body", "query"]);
const MAX_DEPTH = 6;

interface ObjectSource {
  /** The request value that can carry an object (`req.body.email`). */
  origin: string;
}

/** Looks for `$` operators the client could smuggle into a value: is `expression` possibly a request object? */
class RequestObjects {
  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly writes: LocalWrites,
  ) {}

  of(expression: ts.Expression, depth = 0): ObjectSource | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrapExpression(expression);
    if (ts.isAwaitExpression(node)) return this.of(node.expression, depth + 1);
    if (isConstantExpression(node) || ts.isTemplateExpression(node)) return undefined;
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) return this.of(node.left, depth + 1) ?? this.of(node.right, depth + 1);
      return undefined; // `+` makes a string; comparisons make booleans
    }
    if (ts.isConditionalExpression(node)) return this.of(node.whenTrue, depth + 1) ?? this.of(node.whenFalse, depth + 1);
    if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (ts.isSpreadAssignment(property)) {
          const found = this.of(property.expression, depth + 1);
          if (found) return found;
        }
      }
      return undefined;
    }
    if (ts.isCallExpression(node)) return this.#call(node, depth);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return this.#member(node, depth);
    if (ts.isIdentifier(node)) return this.#identifier(node, depth);
    return undefined;
  }

  #call(node: ts.CallExpression, depth: number): ObjectSource | undefined {
    const name = calleeName(node) ?? "";
    if (OBJECT_SANITIZERS.test(name) && !(name === "parse" && propertyChain(node.expression)?.[0] === "JSON")) return undefined;
    // JSON.parse(event.body), await request.json(): the client's JSON, objects included.
    const [text] = node.arguments;
    const json = name === "json" ? node : name === "parse" && text && !ts.isSpreadElement(text) ? text : undefined;
    if (json) {
      const taint = taintOf(json, this.sourceFile, { writes: this.writes });
      return taint?.kind === "request" && taint.confidence === "high" ? { origin: shortText(node, this.sourceFile, 60) } : undefined;
    }
    if (OBJECT_COPIES.has(name)) {
      for (const argument of node.arguments) {
        const found = ts.isSpreadElement(argument) ? undefined : this.of(argument, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  #member(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, depth: number): ObjectSource | undefined {
    const chain = propertyChain(node);
    if (chain && chain.length >= 2) {
      const root = chain[0]!;
      // `req.body.x`, `req.query.x`, `ctx.request.body.x`; not `req.params` (strings) nor Lambda's `event.body` (a JSON string).
      const member = chain[1] === "request" ? chain[2] : chain[1];
      const objectCapable = member !== undefined && OBJECT_MEMBERS.has(member) && root !== "event" && root !== "evt" && (member === "body" || root === "req");
      if (objectCapable) {
        const taint = taintOf(node, this.sourceFile, { writes: this.writes });
        if (taint?.kind === "request" && taint.confidence === "high") return { origin: shortText(node, this.sourceFile, 60) };
      }
      if (chain.at(-1) === "length" || chain.at(-1) === "size") return undefined;
    }
    // A member of a request object is itself client JSON: `body.user.email` after `const body = await request.json()`, `req.body[key]`.
    return this.of(node.expression, depth + 1);
  }

  #identifier(node: ts.Identifier, depth: number): ObjectSource | undefined {
    const binding = findLocalBinding(node);
    if (!binding) return undefined;
    if (binding.kind === "parameter") return this.#parameter(node, binding.declaration);
    if (binding.kind !== "variable") return undefined;
    const bound = binding.initializer ?? binding.derivedFrom;
    let found = bound ? this.of(bound, depth + 1) : undefined;
    // `const { email } = req.body`: name the member, `req.body.email`.
    const pattern = binding.declaration.name;
    if (found && !binding.initializer && ts.isObjectBindingPattern(pattern)) {
      const element = pattern.elements.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === node.text && !candidate.dotDotDotToken);
      const key = element && (element.propertyName ? propertyKey(element.propertyName) : node.text);
      if (key !== undefined && /^[A-Za-z_$][\w$]*$/.test(key)) found = { origin: `${found.origin}.${key}` };
    }
    if (found || binding.declarationKind === "const") return found;
    for (const write of this.writes.writesTo(binding.declaration, node.text)) {
      if (write.kind !== "assign") continue;
      const assigned = this.of(write.value, depth + 1);
      if (assigned) return assigned;
    }
    return undefined;
  }

  /** NestJS `@Body() body` / `@Query() query` without a typed DTO, and Next.js server action objects. */
  #parameter(node: ts.Identifier, parameter: ts.ParameterDeclaration): ObjectSource | undefined {
    const taint: Taint | undefined = taintOf(node, this.sourceFile);
    if (taint?.kind !== "request" || taint.confidence !== "high") return undefined;
    const type = parameter.type;
    const loose = !type || type.kind === ts.SyntaxKind.AnyKeyword || type.kind === ts.SyntaxKind.UnknownKeyword || type.kind === ts.SyntaxKind.ObjectKeyword || ts.isTypeLiteralNode(type) || (ts.isTypeReferenceNode(type) && /^(Record|Partial|Object)$/.test(type.typeName.getText(this.sourceFile)));
    if (!loose) return undefined; // a DTO class is validated by the ValidationPipe; `string` is a claim we accept
    if (/^@(Body|Query)\(/.test(taint.origin) || taint.origin.startsWith("server action")) return { origin: taint.origin };
    return undefined;
  }
}

/** A problem found in a filter: a field (or the whole filter) that can carry operators, or a `$where` string. */
interface FilterProblem {
  node: ts.Expression;
  kind: "field" | "whole" | "spread" | "where";
  field?: string;
  origin: string;
  severity: "high" | "medium";
}

function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** Writes `filter.field = value` and `filter[field] = value` to local objects, seen during the walk. */
class FieldWrites {
  readonly #byName = new Map<string, ts.BinaryExpression[]>();

  visit(node: ts.BinaryExpression): void {
    if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const target = unwrapExpression(node.left);
    if (!ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) return;
    const root = unwrapExpression(target.expression);
    if (!ts.isIdentifier(root)) return;
    const list = this.#byName.get(root.text) ?? [];
    list.push(node);
    this.#byName.set(root.text, list);
  }

  to(declaration: ts.VariableDeclaration, name: string): Array<{ key: string | undefined; value: ts.Expression; at: ts.Node }> {
    return (this.#byName.get(name) ?? [])
      .filter((write) => {
        const root = unwrapExpression((unwrapExpression(write.left) as ts.PropertyAccessExpression).expression) as ts.Identifier;
        const binding = findLocalBinding(root);
        return binding?.kind === "variable" && binding.declaration === declaration;
      })
      .map((write) => {
        const target = unwrapExpression(write.left) as ts.PropertyAccessExpression | ts.ElementAccessExpression;
        const key = ts.isPropertyAccessExpression(target) ? target.name.text : ts.isStringLiteralLike(target.argumentExpression) ? target.argumentExpression.text : undefined;
        return { key, value: write.right, at: write };
      });
  }
}

const VALIDATION_MIDDLEWARE = /^(celebrate|validate\w*|validator\w*|checkSchema|checkExact|body|query|check|oneOf|zValidator|joiValidate|expressJoiValidation)$/;

/**
 * Whether the route that runs `node` validates its input first: express-validator chains or
 * celebrate/zod/Joi middleware among the route's arguments (`app.post("/x", body("email").isEmail(), handler)`),
 * or a Fastify route `schema` (`fastify.post("/x", { schema }, handler)`).
 */
function routeValidatesInput(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!ts.isCallExpression(current)) continue;
    const handler = current.arguments.find((argument) => argument.pos <= node.pos && node.end <= argument.end);
    if (!handler || !(ts.isArrowFunction(handler) || ts.isFunctionExpression(handler))) continue;
    for (const argument of current.arguments) {
      if (argument === handler) continue;
      const middleware = unwrapExpression(argument);
      const calls = ts.isArrayLiteralExpression(middleware) ? middleware.elements : [middleware];
      for (const candidate of calls) {
        let root = unwrapExpression(candidate);
        while (ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression) && ts.isCallExpression(unwrapExpression(root.expression.expression))) root = unwrapExpression(root.expression.expression);
        if (ts.isCallExpression(root) && VALIDATION_MIDDLEWARE.test(calleeName(root) ?? "")) return true;
        if (ts.isIdentifier(root) && /valid|schema/i.test(root.text)) return true;
        if (ts.isObjectLiteralExpression(root) && root.properties.some((property) => property.name !== undefined && propertyKey(property.name) === "schema")) return true;
      }
    }
  }
  return false;
}

function isMongoModelName(name: string): boolean {
  return /(model|collection|coll)$/i.test(name);
}

/**
 * Whether the receiver of `find`/`updateOne`/… is a MongoDB collection or a Mongoose model (or a
 * query chained on one, unless `bound`: a local holding a query's result holds documents).
 */
function isMongoReceiver(receiver: ts.Expression, fileUsesMongo: boolean, depth = 0, bound = false): boolean {
  if (depth > 3) return false;
  let node = unwrapExpression(receiver);
  if (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
  if (ts.isCallExpression(node)) {
    const name = calleeName(node) ?? "";
    // db.collection("users"), mongoose.model("User"), connection.model("User"), Model.find().where(…)
    if (name === "collection" || name === "model" || name === "getCollection" || name === "getModelForClass") return true;
    if (!bound && (FILTER_METHODS.has(name) || /^(sort|limit|skip|lean|select|populate)$/.test(name))) {
      const inner = calleeReceiver(node);
      return inner !== undefined && isMongoReceiver(inner, fileUsesMongo, depth + 1);
    }
    return false;
  }
  const chain = propertyChain(node);
  if (!chain) return false;
  const last = chain.at(-1)!;
  if (isMongoModelName(last)) return true; // UserModel, this.userModel, ordersCollection
  if (fileUsesMongo && chain[0] === "db" && chain.length === 2) return true; // mongojs `db.users`
  if (chain.length !== 1) return false;
  // A local bound to `db.collection("users")` or `mongoose.model("User", schema)`.
  const binding = findLocalBinding(node as ts.Identifier);
  if (binding?.kind === "variable" && binding.initializer && isMongoReceiver(binding.initializer, fileUsesMongo, depth + 1, true)) return true;
  // A PascalCase model imported from a models module (or from anywhere local in a Mongo file).
  if (!/^[A-Z][A-Za-z0-9]*$/.test(last)) return false;
  if (binding?.kind === "import" && ts.isImportDeclaration(binding.declaration) && ts.isStringLiteral(binding.declaration.moduleSpecifier)) {
    const from = binding.declaration.moduleSpecifier.text;
    return from.startsWith(".") && (fileUsesMongo || /(^|\/)(models?|schemas?|entities)(\/|$)|\.model(\.[cm]?[jt]s)?$/i.test(from));
  }
  if (binding?.kind === "variable" && binding.initializer && ts.isCallExpression(unwrapExpression(binding.initializer))) {
    const required = requiredModule(unwrapExpression(binding.initializer) as ts.CallExpression);
    return required !== undefined && required.startsWith(".") && (fileUsesMongo || /(^|\/)(models?|schemas?)(\/|$)|\.model$/i.test(required));
  }
  return false;
}

export const nosqlInjection = defineTsRule({
  meta: {
    id: "security/nosql-injection",
    category: "security",
    severity: "high",
    title: "Request object used as a MongoDB filter, or NoSQL query text built from request input",
    description:
      "Detects MongoDB/Mongoose operator injection: a request object (`req.body`, Express `req.query`, `ctx.request.body`, `JSON.parse` of a request body, `await request.json()`, untyped NestJS `@Body()`) passed whole as the filter of `find`, `findOne`, `updateOne`, `deleteMany`, `countDocuments`, `findOneAndUpdate`, `aggregate` `$match` and the like, or as the value of a filter field (`{ email: req.body.email }`, also through `$or`/`$and` and `filter.field = …`), where a client can send `{ \"$ne\": null }` or `{ \"$regex\": … }` instead of a string. It also reports `$where` with non-constant JavaScript (high from the request, medium otherwise), DynamoDB `FilterExpression`/`KeyConditionExpression`/`ConditionExpression`/`UpdateExpression`/`ProjectionExpression` and PartiQL statements built by interpolation or concatenation from request input, and request objects passed whole as DynamoDB parameters. Receivers must look like MongoDB collections or Mongoose models (`db.collection(…)`, `*Model`, `*Collection`, `mongoose.model(…)`, PascalCase models imported from a models module). It deliberately does not fire on values converted with `String(…)`/`Number(…)`, parsed by a schema (`schema.parse`, Joi/yup `validate`, `matchedData`), passed through `sanitize(…)`, checked with `typeof x === \"string\"` or an allowlist first, or validated by route middleware (express-validator chains, celebrate/Joi/zod validators, a Fastify route `schema`); on operator objects written by the developer (`{ email: { $eq: req.body.email } }`); on `findById(req.params.id)` (cast to an ObjectId); on route parameters and headers (always strings); on constant filters; on Sequelize/TypeORM/Prisma `where` options; in files that load `express-mongo-sanitize`/`mongo-sanitize` or enable Mongoose's `sanitizeFilter`; nor in tests.",
    why: "A JSON body or an Express query string can carry objects: `{\"password\": {\"$ne\": null}}` matches every document, which logs the attacker in as the first user, bypasses a token check or lets `$regex` extract secrets one character at a time.",
    fix: 'Make every filter value a primitive before it reaches the query: `User.findOne({ email: String(req.body.email) })`, or validate the body with a schema (`z.object({ email: z.string().email() }).parse(req.body)`), or compare with `$eq` (`{ email: { $eq: req.body.email } }`). Enable `mongoose.set("sanitizeFilter", true)` or `express-mongo-sanitize` as a second line of defence. Never pass `req.body`/`req.query` as a filter, and never build `$where` or DynamoDB expressions from input: use `ExpressionAttributeValues` placeholders.',
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const { writes } = context.facts;
    const fieldWrites = new FieldWrites();
    const objects = new RequestObjects(sourceFile, writes);
    const calls: ts.CallExpression[] = [];
    const dynamoExpressions: ts.PropertyAssignment[] = [];
    const dynamoParams: Array<ts.CallExpression | ts.NewExpression> = [];
    const modules = new Set<string>();
    let sanitizeFilter = false;

    const reportProblem = (call: ts.CallExpression | ts.NewExpression, label: string, problem: FilterProblem): void => {
      const value = shortText(problem.node, sourceFile, 40);
      const via = value === problem.origin ? `\`${value}\`` : `\`${value}\` (from \`${problem.origin}\`)`;
      const message =
        problem.kind === "where"
          ? `\`${label}\` runs \`$where\` JavaScript built from ${problem.severity === "high" ? `${via}, which comes from the request` : `${via}, which is not a constant`}: the sender can run code in the database and match any document.`
          : problem.kind === "whole" || problem.kind === "spread"
            ? `\`${label}\` ${problem.kind === "whole" ? `uses ${via} as its whole filter` : `spreads ${via} into its filter`}: the client chooses the fields and operators (\`{"$ne": null}\`, \`$where\`), so it can match any document.`
            : `\`${label}\` filters \`${problem.field}\` by ${via}, which can be an object such as \`{"$ne": null}\` instead of a string: the condition then matches any document.`;
      context.report({ node: call, severity: problem.severity, message });
    };

    /** The problems in a filter: request objects as fields or as the whole filter, and `$where` strings. */
    const filterProblems = (call: ts.Node, filter: ts.Expression, depth = 0): FilterProblem[] => {
      if (depth > 4) return [];
      const node = unwrapExpression(filter);
      if (ts.isObjectLiteralExpression(node)) return objectProblems(call, node, undefined, depth);
      if (ts.isIdentifier(node)) {
        const binding = findLocalBinding(node);
        if (binding?.kind === "variable" && binding.initializer && ts.isObjectLiteralExpression(unwrapExpression(binding.initializer))) {
          const extra = fieldWrites.to(binding.declaration, node.text);
          return objectProblems(call, unwrapExpression(binding.initializer) as ts.ObjectLiteralExpression, extra, depth);
        }
      }
      const whole = objects.of(node);
      if (!whole || isGuarded(call, node, "string-type", sourceFile)) return [];
      return [{ node, kind: "whole", origin: whole.origin, severity: "high" }];
    };

    const fieldProblem = (call: ts.Node, key: string, value: ts.Expression, depth: number): FilterProblem[] => {
      const node = unwrapExpression(value);
      if (key === "$where") {
        if (isConstantExpression(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)) return [];
        const parts = splicedParts(node, writes, (part) => isServerValue(part, (c) => /^(escape\w*|sanitize\w*)$/.test(calleeName(c) ?? "") || propertyChain(c.expression)?.join(".") === "JSON.stringify"));
        for (const part of parts.parts) {
          const taint = taintOf(part, sourceFile, { writes });
          if (taint?.kind === "request" && taint.confidence === "high") return [{ node: part, kind: "where", origin: taint.origin, severity: "high" }];
        }
        const [first] = parts.parts;
        return first ? [{ node: first, kind: "where", origin: shortText(first, sourceFile, 40), severity: "medium" }] : [];
      }
      if (key === "$or" || key === "$and" || key === "$nor") {
        return ts.isArrayLiteralExpression(node) ? node.elements.flatMap((element) => (ts.isSpreadElement(element) ? [] : filterProblems(call, element, depth + 1))) : [];
      }
      if (key.startsWith("$") || ts.isObjectLiteralExpression(node)) return []; // operators written by the developer: `{ $eq: x }`, `{ $in: ids }`
      const found = objects.of(node);
      if (!found || isGuarded(call, node, "string-type", sourceFile)) return [];
      return [{ node, kind: "field", field: key, origin: found.origin, severity: "high" }];
    };

    const objectProblems = (call: ts.Node, object: ts.ObjectLiteralExpression, extra: Array<{ key: string | undefined; value: ts.Expression }> | undefined, depth: number): FilterProblem[] => {
      // Sequelize, TypeORM and Prisma options (`{ where: … }`) are not MongoDB filters.
      if (object.properties.some((property) => property.name !== undefined && propertyKey(property.name) === "where")) return [];
      const problems: FilterProblem[] = [];
      for (const property of object.properties) {
        if (ts.isSpreadAssignment(property)) {
          const found = objects.of(property.expression);
          if (found && !isGuarded(call, property.expression, "string-type", sourceFile)) problems.push({ node: property.expression, kind: "spread", origin: found.origin, severity: "high" });
        } else if (ts.isPropertyAssignment(property)) {
          const key = propertyKey(property.name);
          if (key !== undefined) problems.push(...fieldProblem(call, key, property.initializer, depth));
        } else if (ts.isShorthandPropertyAssignment(property)) {
          problems.push(...fieldProblem(call, property.name.text, property.name, depth));
        }
      }
      for (const write of extra ?? []) {
        if (write.key !== undefined) problems.push(...fieldProblem(call, write.key, write.value, depth));
      }
      return problems;
    };

    const judgeMongo = (call: ts.CallExpression, fileUsesMongo: boolean): void => {
      const name = calleeName(call)!;
      const [firstArgument] = call.arguments;
      // `items.find((item) => …)`: a callback is never a filter; skip before resolving the receiver.
      if (!firstArgument || ts.isArrowFunction(firstArgument) || ts.isFunctionExpression(firstArgument)) return;
      const receiver = calleeReceiver(call);
      if (!receiver || !isMongoReceiver(receiver, fileUsesMongo)) return;
      const label = `${shortText(call.expression, sourceFile, 40)}(…)`;
      let problems: FilterProblem[];
      if (name === "$where") {
        const [code] = call.arguments;
        problems = code && !ts.isSpreadElement(code) ? fieldProblem(call, "$where", code, 0) : [];
      } else if (name === "aggregate") {
        const [pipeline] = call.arguments;
        const stages = pipeline && ts.isArrayLiteralExpression(unwrapExpression(pipeline)) ? (unwrapExpression(pipeline) as ts.ArrayLiteralExpression).elements : [];
        problems = stages.flatMap((stage) => {
          const object = unwrapExpression(stage);
          if (!ts.isObjectLiteralExpression(object)) return [];
          const match = object.properties.find((property): property is ts.PropertyAssignment => ts.isPropertyAssignment(property) && propertyKey(property.name) === "$match");
          return match ? filterProblems(call, match.initializer) : [];
        });
      } else {
        const filter = call.arguments[name === "distinct" ? 1 : 0];
        problems = filter && !ts.isSpreadElement(filter) ? filterProblems(call, filter) : [];
      }
      if (problems.some((problem) => problem.kind !== "where") && routeValidatesInput(call)) problems = problems.filter((problem) => problem.kind === "where");
      const [first] = problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "high" ? -1 : 1));
      if (first) reportProblem(call, label, first);
    };

    const judgeDynamoExpression = (property: ts.PropertyAssignment): void => {
      const spliced = splicedParts(property.initializer, writes, (part) => isServerValue(part, () => false));
      if (!spliced.built) return;
      for (const part of spliced.parts) {
        const taint = taintOf(part, sourceFile, { writes });
        if (!taint || isGuarded(property, part, "allowlist", sourceFile)) continue;
        const key = propertyKey(property.name);
        context.report({
          node: property,
          severity: taint.kind === "request" && taint.confidence === "high" ? "high" : "medium",
          message: `DynamoDB \`${key}\` is built from ${describeTaint(part, taint, sourceFile)}: the sender can rewrite the condition (for example \`OR attribute_exists(pk)\`) and read or change other items.`,
          fix: 'Keep the expression constant and pass values as placeholders: `KeyConditionExpression: "pk = :pk"` with `ExpressionAttributeValues: { ":pk": id }`; take attribute names only from a fixed allowlist through `ExpressionAttributeNames` (`"#f": field`).',
        });
        return;
      }
    };

    const judgeDynamoParams = (node: ts.CallExpression | ts.NewExpression): void => {
      const [params] = node.arguments ?? [];
      if (!params || ts.isSpreadElement(params) || ts.isObjectLiteralExpression(unwrapExpression(params))) return;
      const found = objects.of(params);
      if (!found) return;
      const label = `${ts.isNewExpression(node) ? "new " : ""}${shortText(node.expression, sourceFile, 40)}(…)`;
      context.report({
        node,
        message: `\`${label}\` takes ${shortText(params, sourceFile, 40) === found.origin ? `\`${found.origin}\`` : `\`${shortText(params, sourceFile, 40)}\` (from \`${found.origin}\`)`} as its whole request: the client chooses the table, key and conditions.`,
        fix: "Build the DynamoDB parameters yourself: a constant `TableName`, a key from validated values, and `ExpressionAttributeValues` placeholders for anything that comes from the request.",
      });
    };

    const isDynamoReceiver = (receiver: ts.Expression): boolean => {
      const chain = propertyChain(receiver) ?? [];
      return chain.some((name) => /dynamo|ddb|documentclient|docclient/i.test(name));
    };

    return {
      ImportDeclaration(node) {
        if (ts.isStringLiteral(node.moduleSpecifier)) modules.add(node.moduleSpecifier.text);
      },
      BinaryExpression(node) {
        fieldWrites.visit(node);
      },
      PropertyAssignment(node) {
        const key = propertyKey(node.name);
        if (key === undefined) return;
        if (key === "sanitizeFilter" && node.initializer.kind === ts.SyntaxKind.TrueKeyword) sanitizeFilter = true;
        if (DYNAMO_EXPRESSIONS.has(key)) dynamoExpressions.push(node);
        if (key === "Statement") {
          // PartiQL: `new ExecuteStatementCommand({ Statement: … })`
          const call = node.parent.parent;
          if (call && (ts.isNewExpression(call) || ts.isCallExpression(call)) && DYNAMO_STATEMENT_SINKS.has(calleeName(call) ?? "")) dynamoExpressions.push(node);
        }
      },
      NewExpression(node) {
        if (DYNAMO_COMMANDS.has(calleeName(node) ?? "")) dynamoParams.push(node);
      },
      CallExpression(node) {
        const name = calleeName(node);
        if (name === undefined || name === "require") {
          const required = requiredModule(node);
          if (required !== undefined) modules.add(required);
          return;
        }
        // mongoose.set("sanitizeFilter", true)
        if (name === "set" && node.arguments.length >= 2 && ts.isStringLiteralLike(node.arguments[0]!) && node.arguments[0].text === "sanitizeFilter") sanitizeFilter = true;
        if (FILTER_METHODS.has(name)) calls.push(node);
        else if (DYNAMO_METHODS.has(name)) {
          const receiver = calleeReceiver(node);
          if (receiver && isDynamoReceiver(receiver)) dynamoParams.push(node);
        }
      },
      "SourceFile:exit"() {
        dynamoExpressions.forEach(judgeDynamoExpression);
        if ([...modules].some((module) => FILE_WIDE_SANITIZERS.has(module)) || sanitizeFilter) return;
        dynamoParams.forEach(judgeDynamoParams);
        const fileUsesMongo = [...modules].some((module) => MONGO_MODULES.has(module));
        if (!fileUsesMongo && [...modules].some((module) => OTHER_ORMS.has(module))) return;
        for (const call of calls) judgeMongo(call, fileUsesMongo);
      },
    };
  },
});
