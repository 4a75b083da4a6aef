import { describe, expect, it } from "vitest";
import { sqlInjection } from "../../../rules/security/sql-injection.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/sql-injection";

describe("security/sql-injection: fires", () => {
  it("on a pg template query interpolating req.params (critical)", () => {
    const code = [
      'import { pool } from "./db.js";',
      'app.get("/users/:id", async (req, res) => {',
      "  const result = await pool.query(`SELECT * FROM users WHERE id = ${req.params.id}`);",
      "  res.json(result.rows);",
      "});",
    ].join("\n");
    const [finding, ...rest] = findingsOf(sqlInjection, "src/routes/users.ts", code);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "critical", line: 3 });
    expect(finding?.message).toContain("`pool.query(…)`");
    expect(finding?.message).toContain("`req.params.id`");
    expect(finding?.message).toContain("from the request");
    expect(finding?.fix).toContain("$1");
  });

  it("on mysql concatenation built in a local variable from req.query (js)", () => {
    const code = [
      'router.get("/search", (req, res) => {',
      "  const term = req.query.q;",
      "  const sql = \"SELECT * FROM products WHERE name LIKE '%\" + term + \"%'\";",
      "  connection.query(sql, (err, rows) => res.json(rows));",
      "});",
    ].join("\n");
    const findings = findingsOf(sqlInjection, "server/search.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 4 });
    expect(findings[0]?.message).toContain("in `sql`");
    expect(findings[0]?.message).toContain("concatenating `term`");
  });

  it("on knex whereRaw with a value destructured from req.body", () => {
    const code = [
      "export async function login(req, res) {",
      "  const { email } = req.body;",
      "  const user = await knex(\"users\").whereRaw(`email = '${email}'`).first();",
      "  res.json(user);",
      "}",
    ].join("\n");
    const findings = findingsOf(sqlInjection, "src/auth/login.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 3 });
    expect(findings[0]?.message).toContain("whereRaw(…)");
    expect(findings[0]?.fix).toContain("?");
  });

  it("on Prisma $queryRawUnsafe with a function parameter (medium: not proven to be user input)", () => {
    const code = [
      "export async function ordersByStatus(status: string) {",
      "  return prisma.$queryRawUnsafe(`SELECT * FROM \"Order\" WHERE status = '${status}'`);",
      "}",
    ].join("\n");
    const findings = findingsOf(sqlInjection, "src/orders/repository.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 2 });
    expect(findings[0]?.message).toContain("not a constant");
    expect(findings[0]?.fix).toContain("$queryRaw`");
  });

  it("on a sequelize query whose `let` is extended with += from Koa ctx.query", () => {
    const code = [
      "router.get('/reports', async (ctx) => {",
      "  let sql = 'SELECT * FROM reports WHERE 1 = 1';",
      "  if (ctx.query.owner) {",
      "    sql += \" AND owner = '\" + ctx.query.owner + \"'\";",
      "  }",
      "  ctx.body = await sequelize.query(sql, { type: QueryTypes.SELECT });",
      "});",
    ].join("\n");
    const findings = findingsOf(sqlInjection, "src/reports.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 6 });
    expect(findings[0]?.fix).toContain("replacements");
  });

  it("on a TypeORM data source query concatenating a method argument", () => {
    const code = [
      "export class AuditService {",
      "  constructor(private readonly dataSource: DataSource) {}",
      "  findFor(userId: string) {",
      "    return this.dataSource.query('SELECT * FROM audit_log WHERE user_id = ' + userId);",
      "  }",
      "}",
    ].join("\n");
    const findings = findingsOf(sqlInjection, "src/audit/audit.service.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 4 });
    expect(findings[0]?.message).toContain("`this.dataSource.query(…)`");
  });

  it("on a WHERE list joined from pushed request values", () => {
    const code = [
      "export async function list(req, res) {",
      "  const where = [];",
      "  if (req.query.city) where.push(`city = '${req.query.city}'`);",
      "  const { rows } = await db.query(`SELECT * FROM shops WHERE ${where.join(' AND ')}`);",
      "  res.json(rows);",
      "}",
    ].join("\n");
    const findings = findingsOf(sqlInjection, "src/shops.mjs", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 4 });
  });

  it("on mysql2 promise pool execute, postgres.js sql.unsafe and drizzle sql.raw", () => {
    const code = [
      "export async function run(table: string, id: string) {",
      "  await pool.promise().execute('DELETE FROM sessions WHERE user_id = ' + id);",
      "  await sql.unsafe(`SELECT * FROM ${table}`);",
      "  await db.execute(sql.raw(`SELECT count(*) FROM ${table}`));",
      "}",
    ].join("\n");
    const findings = findingsOf(sqlInjection, "src/maintenance.ts", code);
    expect(findings.map((finding) => finding.line)).toEqual([2, 3, 4]);
    expect(findings.every((finding) => finding.severity === "medium")).toBe(true);
  });

  it("in a .tsx server component interpolating a route parameter", () => {
    const code = [
      "export default async function PostPage({ params }: { params: { slug: string } }) {",
      "  const { rows } = await db.query(`SELECT title, body FROM posts WHERE slug = '${params.slug}'`);",
      "  return <article>{rows[0]?.title}</article>;",
      "}",
    ].join("\n");
    const findings = findingsOf(sqlInjection, "app/posts/[slug]/page.tsx", code);
    expect(findings).toHaveLength(1);
    // A page's `params` come from the URL: request input.
    expect(findings[0]).toMatchObject({ severity: "critical", line: 2 });
  });

  it("on a knex fragment that starts with a non-constant column", () => {
    const code = "export const sorted = (column: string) => knex('users').orderByRaw(column + ' DESC NULLS LAST');";
    const findings = findingsOf(sqlInjection, "src/users/sort.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("concatenating `column`");
  });

  it("on a pg query config object whose text is concatenated", () => {
    const code = "export const byName = (name) => client.query({ text: \"SELECT * FROM users WHERE name = '\" + name + \"'\" });";
    expect(findingsOf(sqlInjection, "lib/users.cjs", code)).toHaveLength(1);
  });
});

describe("security/sql-injection: does not fire", () => {
  const safe: Array<[string, string, string]> = [
    [
      "a parameterized pg query with request values",
      "src/a.ts",
      'app.get("/u/:id", async (req, res) => res.json(await pool.query("SELECT * FROM users WHERE id = $1", [req.params.id])));',
    ],
    [
      "mysql ? placeholders with a values array",
      "src/b.js",
      'connection.query("SELECT * FROM orders WHERE user_id = ? AND status = ?", [req.user.id, req.query.status], done);',
    ],
    [
      "template substitutions that are const literals of the file",
      "src/c.ts",
      [
        'const table = "users";',
        "const pageSize = 50;",
        "export const firstPage = () => db.query(`SELECT id, name FROM ${table} ORDER BY id LIMIT ${pageSize}`);",
      ].join("\n"),
    ],
    [
      "a Prisma tagged template (parameterized by Prisma)",
      "src/d.ts",
      "export const find = (req) => prisma.$queryRaw`SELECT * FROM users WHERE id = ${req.params.id}`;",
    ],
    [
      "slonik and drizzle sql tagged templates",
      "src/e.ts",
      [
        "export async function load(id: string) {",
        "  await pool.query(sql`SELECT * FROM users WHERE id = ${id}`);",
        "  return db.execute(sql`SELECT * FROM carts WHERE user_id = ${id}`);",
        "}",
      ].join("\n"),
    ],
    [
      "knex raw with ? bindings",
      "src/f.js",
      'export const byId = (id) => knex.raw("select * from users where id = ?", [id]);',
    ],
    [
      "a placeholder list built with map and join",
      "src/g.ts",
      [
        "export async function byIds(ids: string[]) {",
        "  const placeholders = ids.map((_, i) => `$${i + 1}`).join(\", \");",
        "  return db.query(`SELECT * FROM users WHERE id IN (${placeholders})`, ids);",
        "}",
      ].join("\n"),
    ],
    [
      "a filter builder that numbers its placeholders from the values array",
      "src/h.js",
      [
        "export async function search(req) {",
        "  const where = [];",
        "  const values = [];",
        "  if (req.query.city) {",
        "    values.push(req.query.city);",
        "    where.push(`city = $${values.length}`);",
        "  }",
        "  if (req.query.name) where.push(`name = $${values.push(req.query.name)}`);",
        "  let sql = 'SELECT * FROM shops';",
        "  if (where.length) sql += ' WHERE ' + where.join(' AND ');",
        "  return db.query(sql, values);",
        "}",
      ].join("\n"),
    ],
    [
      "a sort direction chosen between constants, a numeric limit and an escaped value",
      "src/i.ts",
      [
        "export async function page(req) {",
        "  const direction = req.query.desc ? \"DESC\" : \"ASC\";",
        "  const limit = Number(req.query.limit);",
        "  return connection.query(`SELECT * FROM t WHERE owner = ${connection.escape(req.query.owner)} ORDER BY created_at ${direction} LIMIT ${limit}`);",
        "}",
      ].join("\n"),
    ],
    [
      "a non-SQL query API and a query passed through unchanged",
      "src/j.ts",
      [
        "export const search = (term: string) => searchClient.query(`title:${term}`);",
        "export const gql = (id: string) => apolloClient.query({ query: USER, variables: { id } });",
        "export const run = (text: string, values: unknown[]) => pool.query(text, values);",
      ].join("\n"),
    ],
    [
      "a typed numeric parameter and a query made elsewhere extended with constant text",
      "src/l.ts",
      [
        "export const byId = (id: number) => pool.query(`SELECT * FROM users WHERE id = ${id}`);",
        "export const firstTen = (baseQuery: string, values: unknown[]) => pool.query(baseQuery + ' LIMIT 10', values);",
      ].join("\n"),
    ],
    [
      "SCREAMING_CASE imported constants and .length",
      "src/k.ts",
      [
        'import { USERS_TABLE, COLUMNS } from "./schema.js";',
        "export const recent = (ids: string[]) => db.query(`SELECT ${COLUMNS.list} FROM ${USERS_TABLE} LIMIT ${ids.length}`);",
      ].join("\n"),
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(sqlInjection, path, code)).toEqual([]);
  });
});

describe("security/sql-injection: request sources (taint)", () => {
  it("names the request origin of a destructured value", () => {
    const code = [
      'router.get("/products", async (req, res) => {',
      "  const { sort } = req.query;",
      "  const { rows } = await pool.query(`SELECT * FROM products ORDER BY ${sort}`);",
      "  res.json(rows);",
      "});",
    ].join("\n");
    const findings = findingsOf(sqlInjection, "src/products.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 3 });
    expect(findings[0]?.message).toContain("interpolating `sort`, which comes from the request (`req.query`)");
  });

  it.each([
    ["a Next.js route handler body", "app/api/search/route.ts", ["export async function POST(request: Request) {", "  const { term } = await request.json();", "  return db.query(\"SELECT * FROM docs WHERE title LIKE '%\" + term + \"%'\");", "}"]],
    ["a NestJS @Query() parameter", "src/reports/reports.controller.ts", ["class ReportsController {", "  @Get()", "  list(@Query('owner') owner: string) {", "    return this.dataSource.query(`SELECT * FROM reports WHERE owner = '${owner}'`);", "  }", "}"]],
    ["a Lambda event", "functions/lookup.js", ["export const handler = async (event) => {", "  const id = event.pathParameters.id;", "  return client.query('SELECT * FROM items WHERE id = ' + id);", "};"]],
  ])("is critical for %s", (_label, path, lines) => {
    const findings = findingsOf(sqlInjection, path, lines.join("\n"));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("critical");
    expect(findings[0]?.message).toContain("from the request");
  });

  it("is high for a parameter of an exported handler-shaped function (low-confidence source)", () => {
    const code = ["export async function ordersController(status: string) {", "  return db.query(`SELECT * FROM orders WHERE status = '${status}'`);", "}"].join("\n");
    const findings = findingsOf(sqlInjection, "src/orders/controller.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("high");
    expect(findings[0]?.message).toContain("looks like client input (parameter `status` of exported `ordersController`)");
  });

  it("is medium, not critical, for a value an unknown function looked up from the request", () => {
    const code = [
      'app.get("/t/:slug", async (req, res) => {',
      "  const tenantId = await lookupTenantId(req.params.slug);",
      "  res.json(await db.query(`SELECT * FROM invoices WHERE tenant_id = ${tenantId}`));",
      "});",
    ].join("\n");
    const findings = findingsOf(sqlInjection, "src/invoices.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("medium");
  });

  it.each([
    [
      "a sort column checked against an allowlist",
      [
        "const SORTABLE = ['name', 'created_at'];",
        'app.get("/users", async (req, res) => {',
        "  const column = req.query.sort;",
        "  if (!SORTABLE.includes(column)) return res.status(400).end();",
        "  res.json(await db.query(`SELECT * FROM users ORDER BY ${column}`));",
        "});",
      ],
    ],
    [
      "a direction compared with constants",
      [
        'app.get("/users", async (req, res) => {',
        "  const dir = req.query.dir;",
        "  if (dir !== 'asc' && dir !== 'desc') throw new BadRequest('dir');",
        "  res.json(await db.query('SELECT * FROM users ORDER BY name ' + dir));",
        "});",
      ],
    ],
    [
      "a column picked from a Map of constants, with a constant fallback",
      [
        'const SORTABLE = new Map([["name", "name"], ["created", "created_at"]]);',
        "const DIRECTIONS = { up: 'ASC', down: 'DESC' };",
        'app.get("/users", async (req, res) => {',
        "  const column = SORTABLE.get(String(req.query.sort)) ?? 'created_at';",
        "  const { rows } = await pool.query(`SELECT * FROM users ORDER BY ${column} ${DIRECTIONS[req.query.dir] || 'ASC'} LIMIT $1`, [20]);",
        "  res.json(rows);",
        "});",
      ],
    ],
  ])("does not fire on %s", (_label, lines) => {
    expect(findingsOf(sqlInjection, "src/users.ts", lines.join("\n"))).toEqual([]);
  });

  it("skips test files", () => {
    const code = 'it("finds", async () => { await db.query("SELECT * FROM t WHERE id = " + id); });';
    expect(findingsOf(sqlInjection, "src/__tests__/repo.test.ts", code)).toEqual([]);
  });
});

describe("security/sql-injection: review scope and suppression", () => {
  const code = [
    "export async function legacy(name) {",
    "  return db.query(\"SELECT * FROM users WHERE name = '\" + name + \"'\");",
    "}",
    "export async function added(id) {",
    "  return db.query('SELECT * FROM users WHERE id = $1', [id]);",
    "}",
  ].join("\n");

  it("does not report a finding on a line the pull request did not change", () => {
    const { findings } = analyze([sqlInjection], [{ path: "src/users.js", content: code, patch: patchAdding(code, [4, 5, 6]) }], { mode: "review" });
    expect(findings).toEqual([]);
  });

  it("reports it when the pull request touches that line", () => {
    const { findings } = analyze([sqlInjection], [{ path: "src/users.js", content: code, patch: patchAdding(code, [2]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([2]);
  });

  it("honours a suppression comment with a reason", () => {
    const suppressed = [
      "export async function report(column) {",
      "  // prodgap-ignore-next-line security/sql-injection -- column is checked against REPORT_COLUMNS above",
      "  return db.query(`SELECT ${column} FROM reports`);",
      "}",
    ].join("\n");
    expect(findingsOf(sqlInjection, "src/reports.ts", suppressed)).toEqual([]);
  });
});
