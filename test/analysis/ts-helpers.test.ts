import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import {
  calleeName,
  calleeReceiver,
  createLocalWrites,
  enclosingFunction,
  findLocalBinding,
  isConstantExpression,
  isTestPath,
  nodeText,
  propertyChain,
  shortText,
  unwrapExpression,
} from "../../src/analysis/ts-helpers.js";

function parse(code: string): ts.SourceFile {
  return ts.createSourceFile("sample.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** Every node of `sourceFile` matching `test`, in source order (a test may walk; rules may not). */
function all<T extends ts.Node>(sourceFile: ts.SourceFile, test: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node): void => {
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The last identifier reference named `name` (the use, after its declaration). */
function lastIdentifier(sourceFile: ts.SourceFile, name: string): ts.Identifier {
  const matches = all(sourceFile, ts.isIdentifier).filter((identifier) => identifier.text === name);
  const last = matches.at(-1);
  if (!last) throw new Error(`no identifier ${name}`);
  return last;
}

/** The expression initializing `const probe = …`. */
function probe(code: string): ts.Expression {
  const sourceFile = parse(code);
  const declaration = all(sourceFile, ts.isVariableDeclaration).find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === "probe");
  if (!declaration?.initializer) throw new Error("no probe");
  return declaration.initializer;
}

describe("isTestPath", () => {
  it.each(["src/a.test.ts", "src/a.spec.tsx", "src/__tests__/a.js", "test/a.ts", "pkg/tests/a.ts", "e2e/a.ts", "src/__mocks__/fs.ts", "cypress/login.cy.ts"])("%s is test code", (path) => {
    expect(isTestPath(path)).toBe(true);
  });
  it.each(["src/a.ts", "src/testing.ts", "src/contest/a.ts", "src/latest.js"])("%s is not", (path) => {
    expect(isTestPath(path)).toBe(false);
  });
});

describe("text helpers", () => {
  it("nodeText gives the source without trivia; shortText flattens and truncates", () => {
    const sourceFile = parse("const probe =   foo(\n  a,\n  b,\n);");
    const call = all(sourceFile, ts.isCallExpression)[0]!;
    expect(nodeText(call, sourceFile)).toBe("foo(\n  a,\n  b,\n)");
    expect(shortText(call, sourceFile)).toBe("foo( a, b, )");
    expect(shortText(call, sourceFile, 5)).toBe("foo(…");
  });

  it("unwrapExpression strips parentheses, assertions and non-null", () => {
    const expression = probe("const probe = ((value as string)!) satisfies string;");
    expect(ts.isIdentifier(unwrapExpression(expression))).toBe(true);
  });
});

describe("propertyChain, calleeName, calleeReceiver", () => {
  it("turns member chains into names", () => {
    expect(propertyChain(probe("const probe = req.query.id;"))).toEqual(["req", "query", "id"]);
    expect(propertyChain(probe('const probe = this.db["pool"];'))).toEqual(["this", "db", "pool"]);
    expect(propertyChain(probe("const probe = (a!).b;"))).toEqual(["a", "b"]);
    expect(propertyChain(probe("const probe = a().b;"))).toBeUndefined();
    expect(propertyChain(probe("const probe = a[key];"))).toBeUndefined();
  });

  it("names the called function and its receiver", () => {
    const [plain, method, element, computed] = ["f(1)", "a.b.c(1)", 'a["run"]()', "a[k]()"].map((code) => probe(`const probe = ${code};`) as ts.CallExpression);
    expect(calleeName(plain!)).toBe("f");
    expect(calleeReceiver(plain!)).toBeUndefined();
    expect(calleeName(method!)).toBe("c");
    expect(propertyChain(calleeReceiver(method!)!)).toEqual(["a", "b"]);
    expect(calleeName(element!)).toBe("run");
    expect(calleeName(computed!)).toBeUndefined();
  });
});

describe("enclosingFunction", () => {
  it("finds the nearest function-like ancestor, or none at module level", () => {
    const sourceFile = parse("top();\nclass A { m() { return () => inner(); } }");
    const [top, inner] = all(sourceFile, ts.isCallExpression);
    expect(enclosingFunction(top!)).toBeUndefined();
    expect(enclosingFunction(inner!)?.kind).toBe(ts.SyntaxKind.ArrowFunction);
  });
});

describe("findLocalBinding", () => {
  it("resolves to the nearest declaration, as lexical scoping does", () => {
    const sourceFile = parse("const id = 'module';\nfunction f(id: string) {\n  {\n    const id = 3;\n    use(id);\n  }\n}");
    const binding = findLocalBinding(lastIdentifier(sourceFile, "id"));
    expect(binding?.kind).toBe("variable");
    expect(binding?.kind === "variable" && binding.declarationKind).toBe("const");
    expect(binding?.kind === "variable" && binding.initializer?.getText(sourceFile)).toBe("3");
  });

  it("finds parameters, including destructured ones", () => {
    const sourceFile = parse("const handler = ({ query }, res) => use(query, res);");
    expect(findLocalBinding(lastIdentifier(sourceFile, "query"))?.kind).toBe("parameter");
    expect(findLocalBinding(lastIdentifier(sourceFile, "res"))?.kind).toBe("parameter");
  });

  it("records where destructured and loop variables come from", () => {
    const sourceFile = parse("function f(req) {\n  const { id } = req.params;\n  for (const row of req.body.rows) use(row, id);\n}");
    const id = findLocalBinding(lastIdentifier(sourceFile, "id"));
    const row = findLocalBinding(lastIdentifier(sourceFile, "row"));
    expect(id?.kind === "variable" && id.derivedFrom?.getText(sourceFile)).toBe("req.params");
    expect(row?.kind === "variable" && row.derivedFrom?.getText(sourceFile)).toBe("req.body.rows");
  });

  it("finds imports, functions, classes, enums and catch bindings; not globals", () => {
    const sourceFile = parse(
      'import pino, { type Logger } from "pino";\nimport * as path from "node:path";\nfunction helper() {}\nclass Repo {}\nenum Dir { Asc }\ntry { x(); } catch (err) { use(err, pino, path, helper, Repo, Dir, process); }',
    );
    const kinds = ["err", "pino", "path", "helper", "Repo", "Dir", "process"].map((name) => findLocalBinding(lastIdentifier(sourceFile, name))?.kind);
    expect(kinds).toEqual(["catch", "import", "import", "function", "class", "enum", undefined]);
  });

  it("tells let and var from const", () => {
    const sourceFile = parse("let a = 1;\nvar b = 2;\nuse(a, b);");
    const kinds = ["a", "b"].map((name) => {
      const binding = findLocalBinding(lastIdentifier(sourceFile, name));
      return binding?.kind === "variable" ? binding.declarationKind : undefined;
    });
    expect(kinds).toEqual(["let", "var"]);
  });
});

describe("isConstantExpression", () => {
  it.each([
    "'users'",
    "42",
    "`plain`",
    "`a ${1} b ${'c'}`",
    "'a' + 2 * 3",
    "flag ? 'ASC' : 'DESC'",
    "['id', 'name'].join(', ')",
    "null",
    "undefined",
    "-1",
  ])("%s is constant", (code) => {
    expect(isConstantExpression(probe(`const probe = ${code};`))).toBe(true);
  });

  it("follows const names bound to constants, in the same function or at module level", () => {
    expect(isConstantExpression(probe("const table = 'users';\nfunction f() {\n  const column = 'id';\n  const probe = `${table}.${column}`;\n}"))).toBe(true);
    expect(isConstantExpression(probe("enum Sort { Asc = 'ASC' }\nconst probe = `ORDER BY id ${Sort.Asc}`;"))).toBe(true);
  });

  it.each([
    ["a parameter", "function f(id: string) {\n  const probe = `id = ${id}`;\n}"],
    ["a let (it may be reassigned)", "let table = 'users';\nconst probe = `FROM ${table}`;"],
    ["a call", "const probe = `at ${Date.now()}`;"],
    ["a member of an unknown object", "const probe = `FROM ${config.table}`;"],
    ["a const bound to a non-constant", "function f(req) {\n  const id = req.params.id;\n  const probe = 'id = ' + id;\n}"],
    ["a nullish fallback", "function f(x) {\n  const probe = x ?? 'a';\n}"],
  ])("%s is not constant", (_name, code) => {
    expect(isConstantExpression(probe(code))).toBe(false);
  });

  it("does not loop on self-referencing consts", () => {
    expect(isConstantExpression(probe("const a = b;\nconst b = a;\nconst probe = a;"))).toBe(false);
  });
});

describe("createLocalWrites", () => {
  it("records assignments, appends and pushes, resolved to the declaration they write", () => {
    const sourceFile = parse(
      "function f(x) {\n  let sql = 'SELECT 1';\n  sql += ' WHERE a = ' + x;\n  const parts = [];\n  parts.push(x, ...more);\n  {\n    let sql = 'other';\n    sql = 'shadowed';\n  }\n}",
    );
    const writes = createLocalWrites();
    for (const node of all(sourceFile, ts.isBinaryExpression)) writes.visitBinaryExpression(node);
    for (const node of all(sourceFile, ts.isCallExpression)) writes.visitCallExpression(node);
    const [outerSql, parts, innerSql] = all(sourceFile, ts.isVariableDeclaration);
    expect(writes.writesTo(outerSql!, "sql").map((write) => [write.kind, write.value.getText(sourceFile)])).toEqual([["append", "' WHERE a = ' + x"]]);
    expect(writes.writesTo(parts!, "parts").map((write) => [write.kind, write.value.getText(sourceFile)])).toEqual([
      ["push", "x"],
      ["push", "more"],
    ]);
    expect(writes.writesTo(innerSql!, "sql").map((write) => write.kind)).toEqual(["assign"]);
  });
});
