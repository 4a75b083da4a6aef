// security/sql-injection: SQL text built from non-constant values and handed to a raw-query API.
// Sinks are collected during the walk and judged at the end of the file, when every assignment
// and `push` into the variables they read has been seen.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { taintOf, type Taint } from "../../src/analysis/taint.js";
import {
  calleeName,
  calleeReceiver,
  findLocalBinding,
  isConstantExpression,
  memberName,
  propertyChain,
  shortText,
  TEST_PATH_GLOBS,
  unwrapExpression,
  type LocalWrites,
} from "../../src/analysis/ts-helpers.js";
import { isConstantLookup, isGuarded } from "../../src/analysis/sink-flow.js";

type SinkFamily = "driver" | "knex" | "prisma" | "sequelize" | "typeorm" | "tagged";

interface Sink {
  call: ts.CallExpression;
  family: SinkFamily;
  sql: ts.Expression;
  /** Generic method names (`query`, `execute`) only count when the text looks like SQL. */
  needsSqlKeyword: boolean;
  /** Takes a SQL fragment (`whereRaw`, `sql.raw`), so even a leading non-constant part is spliced text. */
  fragment?: boolean;
}

interface DynamicPart {
  expression: ts.Expression;
  how: "interpolating" | "concatenating";
}

const KNEX_RAW_METHODS = new Set(["whereRaw", "orWhereRaw", "andWhereRaw", "havingRaw", "orHavingRaw", "orderByRaw", "groupByRaw", "joinRaw", "fromRaw"]);
const DB_WORDS = new Set(["db", "database", "client", "pool", "conn", "connection", "knex", "sequelize", "pg", "postgres", "mysql", "sqlite", "sql", "tx", "trx", "transaction", "manager", "datasource", "queryrunner", "repository", "repo"]);
const TYPEORM_WORDS = new Set(["manager", "datasource", "queryrunner", "repository", "repo"]);
const SQL_KEYWORD = /\b(select|insert|update|delete|upsert|merge|with|create|alter|drop|truncate|grant|revoke|call|exec|show|describe|explain|pragma|set|from|where|values|join|order\s+by|group\s+by|limit)\b/i;
const SAFE_CALLS = /^(Number|parseInt|parseFloat|BigInt|Boolean|escape\w*|quote(Ident|Identifier|Literal)|quote_(ident|literal))$/;
/** Methods whose result cannot carry SQL text whatever their receiver; `$${values.push(v)}` is a placeholder idiom. */
const NUMERIC_METHODS = new Set(["push", "unshift", "indexOf", "lastIndexOf", "findIndex", "getTime", "toISOString"]);
const SAFE_TYPES: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.BigIntKeyword, ts.SyntaxKind.BooleanKeyword]);
const STRING_OPS = new Set(["slice", "substring", "substr", "trim", "repeat", "padStart", "padEnd", "toUpperCase", "toLowerCase", "toFixed", "toString"]);
const MAX_DEPTH = 3;

// ---- Sinks ------------------------------------------------------------------------------------

/** `pgClient` -> ["pg", "client"]; `AppDataSource` -> ["app", "data", "source"]. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_$]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** The last word (or last two, for `dataSource`/`queryRunner`) of each name the receiver goes by. */
function receiverWords(receiver: ts.Expression): string[] {
  const names: string[] = [];
  let current = unwrapExpression(receiver);
  if (ts.isAwaitExpression(current)) current = unwrapExpression(current.expression);
  if (ts.isIdentifier(current)) names.push(current.text);
  else if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
    const name = memberName(current);
    if (name) names.push(name);
  } else if (ts.isCallExpression(current)) {
    // `pool.promise().query`, `getConnection().query`, `knex("users").whereRaw`.
    const name = calleeName(current);
    if (name) names.push(name);
    const inner = calleeReceiver(current);
    const innerName = inner && propertyChain(inner)?.at(-1);
    if (innerName) names.push(innerName);
  }
  return names.flatMap((name) => {
    const words = wordsOf(name);
    const last = words.at(-1);
    const lastTwo = words.slice(-2).join("");
    return last === undefined ? [] : [last, lastTwo];
  });
}

function sqlArgumentOf(call: ts.CallExpression): ts.Expression | undefined {
  const first = call.arguments[0];
  if (!first || ts.isSpreadElement(first)) return undefined;
  const argument = unwrapExpression(first);
  // pg `{ text, values }` and mysql `{ sql, values }` query configs.
  if (ts.isObjectLiteralExpression(argument)) {
    for (const property of argument.properties) {
      if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && (property.name.text === "text" || property.name.text === "sql")) return property.initializer;
    }
    return undefined;
  }
  return first;
}

function sinkOf(call: ts.CallExpression): Sink | undefined {
  const name = calleeName(call);
  const sql = sqlArgumentOf(call);
  if (!name || !sql) return undefined;
  if (name === "$queryRawUnsafe" || name === "$executeRawUnsafe") return { call, family: "prisma", sql, needsSqlKeyword: false };
  const receiver = calleeReceiver(call);
  if (!receiver) return undefined;
  if (KNEX_RAW_METHODS.has(name)) return { call, family: "knex", sql, needsSqlKeyword: false, fragment: true };
  const words = receiverWords(receiver);
  const dbLike = words.some((word) => DB_WORDS.has(word));
  if (name === "raw") {
    // `Prisma.raw` and drizzle `sql.raw` splice text verbatim, like `knex.raw`.
    const root = propertyChain(receiver)?.[0];
    if (root === "Prisma") return { call, family: "prisma", sql, needsSqlKeyword: false, fragment: true };
    if (root === "sql") return { call, family: "tagged", sql, needsSqlKeyword: false, fragment: true };
    return dbLike ? { call, family: "knex", sql, needsSqlKeyword: false } : undefined;
  }
  if (name === "unsafe" && words.includes("sql")) return { call, family: "tagged", sql, needsSqlKeyword: false };
  if (name !== "query" && name !== "execute") return undefined;
  if (words.includes("sequelize")) return { call, family: "sequelize", sql, needsSqlKeyword: true };
  if (words.some((word) => TYPEORM_WORDS.has(word))) return { call, family: "typeorm", sql, needsSqlKeyword: true };
  return dbLike ? { call, family: "driver", sql, needsSqlKeyword: true } : undefined;
}

// ---- SQL text shape ---------------------------------------------------------------------------

/** Values that cannot change the structure of SQL text: constants, numbers, escaped values. */
function isSafeSqlValue(expression: ts.Expression, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = unwrapExpression(expression);
  if (isConstantExpression(node)) return true;
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    // `(id: number)`: the author declared a type that cannot carry SQL text.
    if ((binding?.kind === "parameter" || binding?.kind === "variable") && binding.declaration.type && SAFE_TYPES.has(binding.declaration.type.kind)) return true;
    // `const limit = Number(req.query.limit)`: as safe as its initializer.
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return isSafeSqlValue(binding.initializer, depth + 1);
  }
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) return true; // numeric: +x, -x, i++
  // `SORTABLE.get(key) ?? "created_at"`, `DIRECTIONS[key]`: one of a table's constants.
  if (isConstantLookup(node)) return true;
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) return isSafeSqlValue(node.left, depth + 1) && isSafeSqlValue(node.right, depth + 1);
    return operator === ts.SyntaxKind.MinusToken || operator === ts.SyntaxKind.AsteriskToken || operator === ts.SyntaxKind.SlashToken || operator === ts.SyntaxKind.PercentToken;
  }
  if (ts.isCallExpression(node)) {
    const name = calleeName(node) ?? "";
    const chain = propertyChain(node.expression);
    if (SAFE_CALLS.test(name) || NUMERIC_METHODS.has(name) || chain?.[0] === "Math") return true;
    const receiver = calleeReceiver(node);
    return STRING_OPS.has(name) && receiver !== undefined && isSafeSqlValue(receiver, depth + 1);
  }
  const chain = propertyChain(node);
  if (chain) {
    if (chain.at(-1) === "length") return true;
    // SCREAMING_CASE names (`TABLE`, `TABLES.users`) are constants by convention across modules.
    const root = chain[0] === "this" ? chain[1] : chain[0];
    if (root !== undefined && /^[A-Z][A-Z0-9_]*$/.test(root) && root.length > 1) return true;
  }
  return false;
}

/** The SQL text an argument evaluates to, as literal text plus the non-constant parts spliced in. */
class SqlText {
  literal = "";
  dynamic: DynamicPart[] = [];
  built = false;
  private readonly seen = new Set<ts.VariableDeclaration>();

  /** `skipLeading`: a non-constant start of a whole statement is a query made elsewhere (`base + " LIMIT 10"`). */
  constructor(
    private readonly writes: LocalWrites,
    private readonly skipLeading: boolean,
    private readonly taint: (expression: ts.Expression) => Taint | undefined,
  ) {}

  append(expression: ts.Expression, how: DynamicPart["how"], depth = 0): void {
    const node = unwrapExpression(expression);
    // `"... = $" + (values.length + 1)`: a positional placeholder number, not SQL text.
    if (this.literal.endsWith("$") && this.built && (isSafeSqlValue(node) || !this.taint(node))) {
      this.literal += "1";
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      this.literal += node.text;
      return;
    }
    if (ts.isTemplateExpression(node)) {
      this.built = true;
      this.literal += node.head.text;
      for (const span of node.templateSpans) {
        this.append(span.expression, "interpolating", depth);
        this.literal += span.literal.text;
      }
      return;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      this.built = true;
      this.append(node.left, "concatenating", depth);
      this.append(node.right, "concatenating", depth);
      return;
    }
    if (ts.isConditionalExpression(node) && !isConstantExpression(node)) {
      this.append(node.whenTrue, how, depth);
      this.append(node.whenFalse, how, depth);
      return;
    }
    if (ts.isCallExpression(node) && calleeName(node) === "join" && depth < MAX_DEPTH) {
      const receiver = calleeReceiver(node);
      const parts = receiver && this.arrayParts(receiver, depth + 1);
      if (parts) {
        const separator = node.arguments[0];
        const glue = separator && ts.isStringLiteralLike(separator) ? separator.text : ",";
        this.built = true;
        parts.forEach((part, index) => {
          if (index > 0) this.literal += glue;
          this.append(part, "concatenating", depth + 1);
        });
        return;
      }
    }
    if (ts.isIdentifier(node) && depth < MAX_DEPTH && this.followVariable(node, how, depth)) return;
    if (isSafeSqlValue(node)) {
      this.literal += "0";
      return;
    }
    // A leading part of a whole statement is SQL made elsewhere, judged where it is built.
    const leading = this.skipLeading && this.literal.trim() === "";
    this.literal += "?";
    if (leading && this.taint(node)?.confidence !== "high") return;
    this.dynamic.push({ expression: node, how });
  }

  /** Follows a local variable whose value is built as text; false when it should count as one value. */
  private followVariable(identifier: ts.Identifier, how: DynamicPart["how"], depth: number): boolean {
    const binding = findLocalBinding(identifier);
    if (binding?.kind !== "variable" || binding.initializer === undefined) return false;
    const { declaration, initializer } = binding;
    const writes = binding.declarationKind === "const" ? [] : this.writes.writesTo(declaration, identifier.text);
    if (writes.length === 0 && !isTextBuilding(initializer)) return false;
    if (this.seen.has(declaration)) return true; // `sql = sql + x`: already being read
    this.seen.add(declaration);
    this.append(initializer, how, depth + 1);
    for (const write of writes) {
      if (write.kind === "push") continue;
      if (write.kind === "append") this.built = true;
      this.append(write.value, write.kind === "append" ? "concatenating" : how, depth + 1);
    }
    return true;
  }

  /** The elements an array expression joins, when they can be known: literals, `map` results, pushes. */
  private arrayParts(expression: ts.Expression, depth: number): ts.Expression[] | undefined {
    const node = unwrapExpression(expression);
    if (ts.isArrayLiteralExpression(node)) {
      const parts: ts.Expression[] = [];
      for (const element of node.elements) {
        if (!ts.isSpreadElement(element)) parts.push(element);
        else {
          const spread = this.arrayParts(element.expression, depth + 1);
          if (!spread) return undefined;
          parts.push(...spread);
        }
      }
      return parts;
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const receiver = calleeReceiver(node);
      if (name === "map" || (name === "from" && receiver && propertyChain(receiver)?.[0] === "Array")) {
        const callback = node.arguments[name === "map" ? 0 : 1];
        const result = callback && returnedExpression(callback);
        return result ? [result] : undefined;
      }
      if (name === "fill") return node.arguments[0] && !ts.isSpreadElement(node.arguments[0]) ? [node.arguments[0]] : undefined;
      if ((name === "filter" || name === "slice" || name === "concat") && receiver && depth < MAX_DEPTH) {
        const base = this.arrayParts(receiver, depth + 1);
        if (!base || name !== "concat") return base;
        const extra = node.arguments.map((argument) => (ts.isSpreadElement(argument) ? argument.expression : argument));
        return [...base, ...extra];
      }
      return undefined;
    }
    if (ts.isIdentifier(node) && depth < MAX_DEPTH) {
      const binding = findLocalBinding(node);
      if (binding?.kind !== "variable" || binding.initializer === undefined || this.seen.has(binding.declaration)) return undefined;
      this.seen.add(binding.declaration);
      const base = this.arrayParts(binding.initializer, depth + 1);
      if (!base) return undefined;
      const writes = this.writes.writesTo(binding.declaration, node.text);
      if (writes.some((write) => write.kind !== "push")) return undefined;
      return [...base, ...writes.map((write) => write.value)];
    }
    return undefined;
  }
}

/** Expressions `SqlText` can take apart; anything else is one opaque value. */
function isTextBuilding(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  return (
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isTemplateExpression(node) ||
    (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) ||
    ts.isConditionalExpression(node) ||
    (ts.isCallExpression(node) && calleeName(node) === "join")
  );
}

/** What a small callback returns: an arrow's expression body or a lone `return` statement. */
function returnedExpression(callback: ts.Expression): ts.Expression | undefined {
  const node = unwrapExpression(callback);
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return undefined;
  if (!ts.isBlock(node.body)) return node.body;
  const [only] = node.body.statements;
  return node.body.statements.length === 1 && only && ts.isReturnStatement(only) ? only.expression : undefined;
}

// ---- Reporting --------------------------------------------------------------------------------

const FIX_BY_FAMILY: Record<SinkFamily, string> = {
  driver:
    'Keep the SQL constant and pass values separately: `db.query("SELECT * FROM users WHERE id = $1", [id])` (PostgreSQL) or `connection.execute("SELECT * FROM users WHERE id = ?", [id])` (MySQL). Identifiers (table, column, sort direction) cannot be parameters: pick them from a fixed allowlist.',
  knex: 'Use bindings instead of splicing text: `knex.raw("select * from users where id = ?", [id])`, `.whereRaw("name = ?", [name])`, and `??` for identifiers (`knex.raw("order by ??", [column])`) after checking them against an allowlist; or use the query builder (`.where({ id })`).',
  prisma:
    'Use the tagged template, which sends every interpolated value as a bind parameter: `` prisma.$queryRaw`SELECT * FROM users WHERE id = ${id}` ``; with the Unsafe variants, keep the text constant and pass values as extra arguments: `prisma.$queryRawUnsafe("SELECT * FROM users WHERE id = $1", id)`.',
  sequelize:
    'Keep the SQL constant and bind values: `sequelize.query("SELECT * FROM users WHERE id = :id", { replacements: { id }, type: QueryTypes.SELECT })` (or `bind` with `$1`). Pick identifiers from a fixed allowlist.',
  typeorm:
    'Keep the SQL constant and pass parameters: `manager.query("SELECT * FROM users WHERE id = $1", [id])` (`?` on MySQL), or use the query builder with `:name` parameters (`.where("user.id = :id", { id })`).',
  tagged:
    "Use the `sql` tagged template, which parameterizes every interpolated value (`` sql`SELECT * FROM users WHERE id = ${id}` ``); keep `unsafe`/`raw` for constant text and for identifiers checked against an allowlist.",
};

function callLabel(sink: Sink, sourceFile: ts.SourceFile): string {
  const callee = shortText(sink.call.expression, sourceFile, 200);
  const name = calleeName(sink.call) ?? "query";
  return `${callee.length <= 40 ? callee : `….${name}`}(…)`;
}

function describeParts(parts: DynamicPart[], sourceFile: ts.SourceFile): string {
  const named = parts.slice(0, 2).map((part) => `\`${shortText(part.expression, sourceFile, 40)}\``);
  const more = parts.length > 2 ? ` and ${parts.length - 2} more` : "";
  return `${named.join(" and ")}${more}`;
}

export const sqlInjection = defineTsRule({
  meta: {
    id: "security/sql-injection",
    category: "security",
    severity: "critical",
    title: "SQL built from non-constant text passed to a raw-query API",
    description:
      "Detects raw-query calls (pg/mysql/mysql2 `query`/`execute` on a client, pool, connection or db receiver; `sequelize.query`; TypeORM `query` on a manager, data source, query runner or repository; knex `raw`/`whereRaw`/`havingRaw`/`orderByRaw`/`joinRaw`; Prisma `$queryRawUnsafe`/`$executeRawUnsafe`/`Prisma.raw`; postgres.js `sql.unsafe` and drizzle `sql.raw`) whose SQL text is built by string concatenation, template interpolation or `join` of a non-constant value, following local variables a few steps back (including `+=` and `push` into them). It is critical when the value comes from request input (Express/Koa/Fastify `req.query`/`req.params`/`req.body`, Next.js route handlers and server actions, Lambda events, NestJS `@Body()`/`@Query()`/`@Param()`, followed through locals, destructuring and simple wrappers), high when it comes from a parameter that only looks client-controlled (an exported `*Handler`/`*Controller` function), and medium when it is merely not a constant. It deliberately does not fire on parameterized queries (`$1`, `?`, `:name` with values), constant text, templates whose substitutions are constants (literals, `const`s bound to literals, SCREAMING_CASE constants, numbers, `.length`, escaped values), placeholder lists such as `ids.map(() => \"?\").join(\",\")` or `$${values.length}`, tagged templates (Prisma `$queryRaw`, slonik, postgres.js and drizzle `sql`), which parameterize, values checked against an allowlist earlier in the function (`if (!SORTABLE.includes(column)) throw …`, a `switch`, `x === \"asc\"`), nor in tests.",
    why: "Whoever controls part of the SQL text controls the query: they can read other users' rows, bypass a WHERE clause, or modify and drop data. Concatenated SQL also defeats prepared-statement caching.",
    fix: FIX_BY_FAMILY.driver,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const { writes } = context.facts;
    const sinks: Sink[] = [];

    const taint = (expression: ts.Expression): Taint | undefined => taintOf(expression, sourceFile, { writes, isSanitizer: (call) => SAFE_CALLS.test(calleeName(call) ?? "") });

    const judge = (sink: Sink): void => {
      const text = new SqlText(writes, sink.fragment !== true, taint);
      text.append(sink.sql, "concatenating");
      if (!text.built || text.dynamic.length === 0) return;
      if (sink.needsSqlKeyword && !SQL_KEYWORD.test(text.literal)) return;
      // Identifiers checked against an allowlist first (`if (!SORTABLE.includes(column)) throw …`) cannot carry SQL.
      const dynamic = text.dynamic.filter((part) => !isGuarded(sink.call, part.expression, "allowlist", sourceFile));
      if (dynamic.length === 0) return;
      const tainted = dynamic.flatMap((part) => {
        const found = taint(part.expression);
        return found ? [{ part, taint: found }] : [];
      });
      const strong = tainted.filter((entry) => entry.taint.kind === "request" && entry.taint.confidence === "high");
      const chosen = strong.length > 0 ? strong : tainted;
      const parts = chosen.length > 0 ? chosen.map((entry) => entry.part) : dynamic;
      const sql = unwrapExpression(sink.sql);
      const via = ts.isIdentifier(sql) ? ` in \`${sql.text}\`` : "";
      const how = parts[0]?.how ?? "concatenating";
      const call = callLabel(sink, sourceFile);
      const built = `\`${call}\` runs SQL built${via} by ${how} ${describeParts(parts, sourceFile)}`;
      const plural = parts.length > 1;
      const shown = new Set(parts.map((part) => shortText(part.expression, sourceFile, 40)));
      const origins = [...new Set(chosen.map((entry) => entry.taint.origin))].filter((origin) => !shown.has(origin)).slice(0, 2);
      const from = origins.length > 0 ? ` (${origins.map((origin) => (origin.includes("`") ? origin : `\`${origin}\``)).join(", ")})` : "";
      context.report({
        node: sink.call,
        ...(strong.length > 0
          ? { message: `${built}, which ${plural ? "come" : "comes"} from the request${from}: whoever sends it can rewrite this query.` }
          : chosen.length > 0
            ? {
                severity: "high" as const,
                message: `${built}, which ${plural ? "look" : "looks"} like client input${from}: if it is, the sender can rewrite this query.`,
              }
            : {
                severity: "medium" as const,
                message: `${built}, which ${plural ? "are not constants" : "is not a constant"}: if user input ever reaches ${plural ? "them" : "it"}, the sender can rewrite this query.`,
              }),
        fix: FIX_BY_FAMILY[sink.family],
      });
    };

    return {
      CallExpression(node) {
        const sink = sinkOf(node);
        if (sink) sinks.push(sink);
      },
      "SourceFile:exit": () => sinks.forEach(judge),
    };
  },
});
