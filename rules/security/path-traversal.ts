// security/path-traversal: request-derived paths reaching the file system (fs, fs/promises,
// fs-extra, Express `res.sendFile`/`res.download`), and archive entry names written to disk
// without a containment check (zip slip). Sinks are collected during the walk and judged at the
// end of the file, when every write to the locals they read has been seen.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { calleeName, calleeReceiver, findLocalBinding, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression, type LocalWrites } from "../../src/analysis/ts-helpers.js";
import { checkParts, flowTaint, guardsBefore, isPresenceComparison, literalText, moduleOf, relatedChains, rootIdentifier, severityFor, code, callLabel } from "../../src/analysis/web-flow.js";

const FS_MODULES = new Set(["fs", "fs/promises", "fs-extra", "graceful-fs", "original-fs", "mz/fs"]);
/** Conventional names for the fs module when it is injected or its import is out of view. */
const FS_NAMES = new Set(["fs", "fsp", "fsPromises", "fse", "fsExtra"]);

/** fs (and fs-extra) functions by the indexes of their path arguments; `write`: creates or changes files. */
const FS_METHODS = new Map<string, { paths: number[]; write: boolean }>();
const define = (names: string[], paths: number[], write: boolean): void => {
  for (const name of names) {
    FS_METHODS.set(name, { paths, write });
    FS_METHODS.set(`${name}Sync`, { paths, write });
  }
};
define(["readFile", "readdir", "opendir", "stat", "lstat", "access", "exists", "open", "readlink", "readJson", "readJSON", "pathExists"], [0], false);
define(["writeFile", "appendFile", "unlink", "rm", "rmdir", "truncate", "chmod", "chown", "mkdir", "outputFile", "outputJson", "outputJSON", "writeJson", "writeJSON", "remove", "ensureFile", "ensureDir", "emptyDir", "mkdirp"], [0], true);
define(["copyFile", "cp", "rename", "link", "symlink", "copy", "move"], [0, 1], true);
FS_METHODS.set("createReadStream", { paths: [0], write: false });
FS_METHODS.set("createWriteStream", { paths: [0], write: true });

/** Archive libraries whose entries are iterated by hand; their presence in the file enables the zip slip check. */
const ARCHIVE_IMPORT = /["'](?:unzipper|unzip-stream|yauzl|yauzl-promise|tar-stream|adm-zip|jszip|node-stream-zip|decompress|zip-lib|@zip\.js\/zip\.js)["']/;
/** Fields that carry an entry's name inside the archive. */
const ENTRY_FIELDS = new Set(["path", "fileName", "filename", "name", "entryName", "relativePath"]);
const ENTRY_COLLECTION = /entr(?:y|ies)|zip|archive|\.files\b|getEntries/i;
/** Path building that keeps the entry name's `../` segments. */
const PATH_BUILDERS = new Set(["join", "resolve", "normalize", "format", "String", "concat", "toString", "trim", "replace", "replaceAll", "slice", "substring"]);

/** Calls that check containment or membership; any other call named like a validator counts too. */
const CONTAINMENT_CALLS = new Set(["startsWith", "relative", "isAbsolute", "includes", "indexOf", "has", "test", "match", "some", "every", "find", "isInside", "isPathInside", "contains"]);
const CHECKER_NAME = /safe|allow|valid|inside|within|contain|travers|sanitiz|permit|whitelist/i;

/** `req.file.path`, `req.files.x.tempFilePath`: where multer & co. stored an upload. The server picked that path. */
const UPLOAD_STORAGE = /^\w+\.files?\b/;
const UPLOAD_CLIENT_FIELDS = /originalname|originalFilename|\.name\b/i;

interface Sink {
  call: ts.CallExpression;
  label: string;
  paths: ts.Expression[];
  write: boolean;
  kind: "fs" | "express";
}

function fsReceiverIsFs(receiver: ts.Expression): boolean {
  const chain = propertyChain(receiver);
  const root = rootIdentifier(receiver);
  if (!chain || !root) return false;
  const module = moduleOf(root);
  if (module !== undefined) return FS_MODULES.has(module) && (chain.length === 1 || (chain.length === 2 && chain[1] === "promises"));
  const binding = findLocalBinding(root);
  if (binding?.kind === "import") return false; // imported from a module that is not fs
  const last = chain.at(-1)!;
  return FS_NAMES.has(last) || (last === "promises" && chain.at(-2) === "fs");
}

function hasRootOption(call: ts.CallExpression): boolean {
  return call.arguments.slice(1).some((argument) => {
    let node = unwrapExpression(argument);
    if (ts.isIdentifier(node)) {
      const binding = findLocalBinding(node);
      if (binding?.kind === "variable" && binding.initializer) node = unwrapExpression(binding.initializer);
    }
    return ts.isObjectLiteralExpression(node) && node.properties.some((property) => property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === "root");
  });
}

function sinkOf(call: ts.CallExpression, sourceFile: ts.SourceFile): Sink | undefined {
  const name = calleeName(call);
  if (!name) return undefined;
  const spec = FS_METHODS.get(name);
  const callee = unwrapExpression(call.expression);
  if (spec) {
    if (ts.isIdentifier(callee)) {
      const module = moduleOf(callee);
      if (!module || !FS_MODULES.has(module)) return undefined;
    } else {
      const receiver = calleeReceiver(call);
      if (!receiver || !fsReceiverIsFs(receiver)) return undefined;
    }
    const paths = spec.paths.flatMap((index) => {
      const argument = call.arguments[index];
      return argument && !ts.isSpreadElement(argument) ? [argument] : [];
    });
    return { call, label: callLabel(call, sourceFile), paths, write: spec.write, kind: "fs" };
  }
  if (name === "sendFile" || name === "download") {
    const receiver = calleeReceiver(call);
    const chain = receiver && propertyChain(receiver);
    if (!chain || !["res", "response", "resp"].includes(chain.at(-1)!)) return undefined;
    // With a `root`, Express's `send` resolves the path under it and refuses `..`: the safe idiom.
    if (hasRootOption(call)) return undefined;
    const [first] = call.arguments;
    if (!first || ts.isSpreadElement(first)) return undefined;
    return { call, label: callLabel(call, sourceFile), paths: [first], write: false, kind: "express" };
  }
  return undefined;
}

function isBasename(call: ts.CallExpression): boolean {
  return calleeName(call) === "basename";
}

/** `path.join(a, b)` / `path.normalize(p)` (also `path.posix.join`), not an array's `join` or a string's `normalize`. */
function isPathModuleCall(call: ts.CallExpression): boolean {
  const name = calleeName(call);
  if (name !== "join" && name !== "normalize") return false;
  const receiver = calleeReceiver(call);
  const chain = receiver && propertyChain(receiver);
  if (!chain) return false;
  const root = rootIdentifier(receiver);
  const module = root ? moduleOf(root) : undefined;
  return module === "path" || module === "path/posix" || ["path", "posix", "win32"].includes(chain.at(-1)!);
}

/** Path building `taintOf` does not follow into its arguments (it reads `path.join` as `Array#join`). */
function followPathBuilding(call: ts.CallExpression): { parts: ts.Expression[] } | undefined {
  const argumentsOf = call.arguments.filter((argument) => !ts.isSpreadElement(argument));
  if (isPathModuleCall(call)) return { parts: argumentsOf };
  if (!PATH_BUILDERS.has(calleeName(call) ?? "")) return undefined;
  const receiver = calleeReceiver(call);
  return { parts: receiver ? [...argumentsOf, receiver] : argumentsOf };
}

/** Whether a check tests containment or membership of the value (or of what it was built from). */
function isContainmentCheck(check: ts.Expression, related: ReadonlySet<string>): boolean {
  for (const part of checkParts(check)) {
    // `rel.startsWith("..")` where `const rel = path.relative(base, full)`: follow the check's locals too.
    const chains = relatedChains(part.node);
    if (!overlapsAny(chains, related)) continue;
    if (ts.isCallExpression(part.node)) {
      const name = calleeName(part.node) ?? "";
      const receiver = calleeReceiver(part.node);
      if ((name === "includes" || name === "indexOf") && receiver && overlapsAny(relatedChains(receiver), related) && !literalText(part.node.arguments[0])?.includes("..")) {
        // `resolved.includes(base)` is not containment (`/tmp/x/../srv/app/...` contains it too); `name.includes("..")` is a check.
        continue;
      }
      if (CONTAINMENT_CALLS.has(name) || CHECKER_NAME.test(name)) return true;
    } else if (!isPresenceComparison(part.node) && literalText(part.node.right) !== "" && literalText(part.node.left) !== "") {
      return true; // `path.basename(name) !== name`, `name === "report.pdf"`
    }
  }
  return false;
}

function overlapsAny(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const generic = new Set(["req", "request", "ctx", "context", "event", "res", "this", "path", "fs"]);
  for (const x of a) {
    if (generic.has(x)) continue;
    for (const y of b) {
      if (generic.has(y)) continue;
      if (x === y || y.startsWith(`${x}.`) || x.startsWith(`${y}.`)) return true;
    }
  }
  return false;
}

function isGuarded(sink: ts.CallExpression, value: ts.Expression, writes: LocalWrites): boolean {
  const related = relatedChains(value, writes);
  return guardsBefore(sink).some((check) => isContainmentCheck(check, related));
}

// ---- Zip slip ---------------------------------------------------------------------------------

/** Whether `identifier` is an archive entry: the parameter of an `on("entry")` listener or of a loop over entries. */
function isArchiveEntry(identifier: ts.Identifier): boolean {
  const binding = findLocalBinding(identifier);
  if (binding?.kind === "variable") return binding.derivedFrom !== undefined && ts.isForOfStatement(binding.declaration.parent.parent) && ENTRY_COLLECTION.test(binding.derivedFrom.getText());
  if (binding?.kind !== "parameter") return false;
  const fn = binding.declaration.parent;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return false;
  const name = calleeName(call);
  if (name === "on" || name === "once") return literalText(call.arguments[0]) === "entry";
  const receiver = calleeReceiver(call);
  return (name === "forEach" || name === "map" || name === "filter") && receiver !== undefined && ENTRY_COLLECTION.test(receiver.getText());
}

/** JSZip's `zip.forEach((relativePath, file) => …)`: the first parameter is the entry name itself. */
function isJsZipPathParameter(identifier: ts.Identifier): boolean {
  const binding = findLocalBinding(identifier);
  if (binding?.kind !== "parameter") return false;
  const fn = binding.declaration.parent;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || calleeName(call) !== "forEach" || fn.parameters.length < 2 || fn.parameters[0] !== binding.declaration) return false;
  const receiver = calleeReceiver(call);
  return receiver !== undefined && /zip/i.test(receiver.getText());
}

/** The archive entry name (`entry.path`, `header.name`, `entry.fileName`) a path is built from, if any. */
function entryNameIn(expression: ts.Expression, writes: LocalWrites, depth = 0, seen = new Set<ts.Node>()): ts.Expression | undefined {
  const node = unwrapExpression(expression);
  if (depth > 6 || seen.has(node)) return undefined;
  seen.add(node);
  if (ts.isPropertyAccessExpression(node) && ENTRY_FIELDS.has(node.name.text)) {
    const root = unwrapExpression(node.expression);
    if (ts.isIdentifier(root) && isArchiveEntry(root)) return node;
  }
  if (ts.isIdentifier(node)) {
    if (isJsZipPathParameter(node)) return node;
    const binding = findLocalBinding(node);
    if (binding?.kind !== "variable") return undefined;
    // `const { path: entryPath } = entry`
    if (binding.derivedFrom && ts.isObjectBindingPattern(binding.declaration.name)) {
      const source = unwrapExpression(binding.derivedFrom);
      const element = binding.declaration.name.elements.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === node.text);
      const field = element && (element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : node.text);
      if (field && ENTRY_FIELDS.has(field) && ts.isIdentifier(source) && isArchiveEntry(source)) return node;
    }
    const sources = [binding.initializer, ...writes.writesTo(binding.declaration, node.text).map((write) => write.value)];
    for (const source of sources) {
      const found = source && entryNameIn(source, writes, depth + 1, seen);
      if (found) return found;
    }
    return undefined;
  }
  const parts: ts.Expression[] = [];
  if (ts.isTemplateExpression(node)) parts.push(...node.templateSpans.map((span) => span.expression));
  else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) parts.push(node.left, node.right);
  else if (ts.isConditionalExpression(node)) parts.push(node.whenTrue, node.whenFalse);
  else if (ts.isAwaitExpression(node)) parts.push(node.expression);
  else if (ts.isCallExpression(node) && PATH_BUILDERS.has(calleeName(node) ?? "")) {
    parts.push(...node.arguments.filter((argument) => !ts.isSpreadElement(argument)));
    const receiver = calleeReceiver(node);
    if (receiver && calleeName(node) !== "join" && calleeName(node) !== "resolve" && calleeName(node) !== "normalize") parts.push(receiver);
  }
  for (const part of parts) {
    const found = entryNameIn(part, writes, depth + 1, seen);
    if (found) return found;
  }
  return undefined;
}

// ---- The rule ---------------------------------------------------------------------------------

const FIX =
  "Resolve the path against a fixed base and check that it stays inside before using it: `const base = path.resolve(UPLOAD_DIR); const target = path.resolve(base, name); if (!target.startsWith(base + path.sep)) return res.status(400).end();`. When only a file name is expected, keep just `path.basename(name)` or look it up in an allowlist; with Express prefer `res.sendFile(name, { root: UPLOAD_DIR })`, which refuses `..`.";
const ZIP_FIX =
  "Resolve each entry against the destination and skip (or fail on) entries that land outside it: `const target = path.resolve(dest, entry.path); if (!target.startsWith(path.resolve(dest) + path.sep)) { entry.autodrain(); return; }`. Or let the library extract with its own checks (`adm-zip` `extractAllTo`, `tar.x({ cwd: dest })`).";

export const pathTraversal = defineTsRule({
  meta: {
    id: "security/path-traversal",
    category: "security",
    severity: "high",
    title: "Request-controlled path reaches the file system",
    description:
      "Detects request input (`req.params`, `req.query`, `req.body`, headers, Koa/Fastify/Next.js/Lambda equivalents) that reaches a file-system call — `fs`/`fs/promises`/`fs-extra` reads, writes, streams, `unlink`/`rm`, `readdir`, `stat`, `copyFile`/`rename` — or Express `res.sendFile`/`res.download`, directly or through `path.join`/`path.resolve`, templates and locals in the same function. It also detects zip slip: an entry name from a hand-written extraction loop (`unzipper`/`yauzl`/`tar-stream` `on(\"entry\")`, loops over JSZip or adm-zip entries) written to disk with `fs.createWriteStream(path.join(dest, entry.path))` and the like. It deliberately does not fire when a containment or allowlist check on the value (or on what it was built from) runs before the call in the same function (`target.startsWith(base)`, `path.relative(...)`, `ALLOWED.has(name)`, a regex test, `path.basename(x) !== x`), after `path.basename(x)`, on `res.sendFile`/`res.download` with a `root` option (Express refuses `..` then), on paths multer or other upload middleware chose (`req.file.path`), on paths of unknown origin (no \"non-literal filename\" noise), on library extraction (`extractAllTo`, `tar.x`), or in test files. `res.attachment` only sets a header and is not a sink.",
    why: "A path with `../` segments or an absolute path escapes the intended directory: the caller can read secrets such as `.env`, private keys or other users' files, or overwrite and delete files the process can write (for an archive: plant a script or a config anywhere on disk).",
    fix: FIX,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const { writes } = context.facts;
    const sinks: Sink[] = [];
    let archiveFile: boolean | undefined;

    const judge = (sink: Sink): void => {
      for (const value of sink.paths) {
        const taint = flowTaint(value, sourceFile, { writes, isSanitizer: isBasename, follow: followPathBuilding });
        if (taint && !(UPLOAD_STORAGE.test(taint.origin) && !UPLOAD_CLIENT_FIELDS.test(taint.origin))) {
          if (isGuarded(sink.call, value, writes)) return;
          const shown = shortText(value, sourceFile, 50);
          const via = shown === taint.origin ? code(shown) : `${code(shown)} (from ${code(taint.origin)})`;
          context.report({
            node: sink.call,
            severity: severityFor("high", taint.confidence),
            message:
              sink.kind === "express"
                ? `${via} reaches \`${sink.label}\` without a containment check or a \`root\` option: \`../\` segments serve any file the process can read.`
                : `${via} reaches \`${sink.label}\` without a containment check: \`../\` segments or an absolute path ${sink.write ? "write or delete files" : "read files"} outside the intended directory.`,
          });
          return;
        }
        if (!sink.write) continue;
        archiveFile ??= ARCHIVE_IMPORT.test(sourceFile.text);
        if (!archiveFile) continue;
        const entryName = entryNameIn(value, writes);
        if (!entryName || isGuarded(sink.call, value, writes)) continue;
        context.report({
          node: sink.call,
          message: `Archive entry name \`${shortText(entryName, sourceFile, 40)}\` reaches \`${sink.label}\` without a containment check (zip slip): an entry named \`../../…\` is written outside the destination.`,
          why: "Archive entry names are chosen by whoever made the archive: an entry called `../../home/app/.ssh/authorized_keys` or `../src/server.js` is written wherever the process can write, which can become code execution.",
          fix: ZIP_FIX,
        });
        return;
      }
    };

    return {
      CallExpression(node) {
        const sink = sinkOf(node, sourceFile);
        if (sink) sinks.push(sink);
      },
      "SourceFile:exit": () => sinks.forEach(judge),
    };
  },
});
