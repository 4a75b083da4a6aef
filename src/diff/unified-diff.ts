// Splits the output of `git diff` (many files) into one entry per file: paths, status and the hunk text
// that parsePatch reads. Paths come from the most reliable line available, in this order:
// `rename from/to`, then `---`/`+++`, then the `diff --git` header (only mode-only, binary and empty files
// need it, and for those both sides name the same path).
import type { FileStatus } from "../review/types.js";

export interface DiffFile {
  /** Head-side path (base-side for removed files), relative to the repository root. */
  path: string;
  /** Base-side path of a renamed file. */
  previousPath?: string;
  status: FileStatus;
  /** The hunks, starting at the first `@@`; empty when there are none (binary, mode-only, pure rename, empty file). */
  patch: string;
  binary: boolean;
  /** Git file modes (e.g. `100644`, `100755`, `120000` symlink, `160000` submodule) when the diff names them. */
  oldMode?: string;
  newMode?: string;
}

export class UnifiedDiffParseError extends Error {
  constructor(message: string, readonly lineNumber: number) {
    super(`${message} (diff line ${lineNumber})`);
    this.name = "UnifiedDiffParseError";
  }
}

const DIFF_HEADER = "diff --git ";
const C_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/**
 * Decodes a C-style quoted path as git writes it (`"a/p\303\251.ts"`): octal escapes are raw bytes of
 * UTF-8, so they are collected as bytes and decoded together. Returns the decoded text and where the
 * closing quote ended.
 */
export function unquoteCPath(text: string, start = 0): { value: string; end: number } {
  if (text[start] !== '"') throw new Error(`expected a quoted path at ${JSON.stringify(text.slice(start, start + 20))}`);
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let index = start + 1;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"') {
      return { value: new TextDecoder("utf-8").decode(new Uint8Array(bytes)), end: index + 1 };
    }
    if (char !== "\\") {
      const codePoint = text.codePointAt(index)!;
      const literal = String.fromCodePoint(codePoint);
      bytes.push(...encoder.encode(literal));
      index += literal.length;
      continue;
    }
    const next = text[index + 1];
    const octal = /^[0-7]{3}/.exec(text.slice(index + 1, index + 4));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      index += 4;
    } else if (next !== undefined && C_ESCAPES[next] !== undefined) {
      bytes.push(C_ESCAPES[next]);
      index += 2;
    } else {
      throw new Error(`unknown escape \\${next ?? ""} in quoted path`);
    }
  }
  throw new Error("unterminated quoted path");
}

/** A path as it appears after `rename from`, `--- ` or `+++ `: maybe quoted, maybe followed by a tab. */
function readPathToken(text: string): string {
  if (text.startsWith('"')) return unquoteCPath(text).value;
  // Git ends a path that contains a space with a tab (for GNU patch); unquoted paths never contain tabs.
  const tab = text.indexOf("\t");
  return tab >= 0 ? text.slice(0, tab) : text;
}

function stripPrefix(path: string, prefix: "a/" | "b/"): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** Both paths of `diff --git a/X b/Y`; unquoted paths with spaces are split where both sides agree. */
function parseHeaderPaths(rest: string): { oldPath: string; newPath: string } | undefined {
  if (rest.startsWith('"')) {
    const first = unquoteCPath(rest);
    const second = rest.slice(first.end + 1);
    const newPath = second.startsWith('"') ? unquoteCPath(second).value : second;
    return { oldPath: stripPrefix(first.value, "a/"), newPath: stripPrefix(newPath, "b/") };
  }
  if (rest.endsWith('"')) {
    const open = rest.lastIndexOf(' "');
    if (open < 0) return undefined;
    return { oldPath: stripPrefix(rest.slice(0, open), "a/"), newPath: stripPrefix(unquoteCPath(rest, open + 1).value, "b/") };
  }
  // `a/X b/X`: without renames both sides are equal, which fixes where the separating space is.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half)) {
    const left = rest.slice(0, half);
    const right = rest.slice(half + 1);
    if (left.startsWith("a/") && right.startsWith("b/") && left.slice(2) === right.slice(2)) {
      return { oldPath: left.slice(2), newPath: right.slice(2) };
    }
  }
  const separator = rest.indexOf(" b/");
  if (separator < 0) return undefined;
  return { oldPath: stripPrefix(rest.slice(0, separator), "a/"), newPath: rest.slice(separator + 3) };
}

/** The header is only a fallback, so a header we cannot read is not an error by itself. */
function safeHeaderPaths(rest: string): { oldPath: string; newPath: string } | undefined {
  try {
    return parseHeaderPaths(rest);
  } catch {
    return undefined;
  }
}

interface Section {
  headerLine: number;
  rows: string[];
}

/** Splits the diff at each `diff --git` line; hunk lines always start with ` `, `+`, `-` or `\`, so this is unambiguous. */
function splitSections(rows: string[]): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  rows.forEach((row, index) => {
    if (row.startsWith(DIFF_HEADER)) {
      current = { headerLine: index + 1, rows: [row] };
      sections.push(current);
    } else if (current) {
      current.rows.push(row);
    } else if (row.startsWith("diff --cc ") || row.startsWith("diff --combined ")) {
      throw new UnifiedDiffParseError("combined (merge) diffs are not supported", index + 1);
    }
    // Anything before the first header (a commit message from `git show`, blank lines) is ignored.
  });
  return sections;
}

function parseSection(section: Section): DiffFile {
  const fail = (message: string): never => {
    throw new UnifiedDiffParseError(message, section.headerLine);
  };
  const header = safeHeaderPaths(section.rows[0]!.slice(DIFF_HEADER.length));
  let oldPath: string | undefined;
  let newPath: string | undefined;
  let renameFrom: string | undefined;
  let renameTo: string | undefined;
  let status: FileStatus = "modified";
  let binary = false;
  let oldMode: string | undefined;
  let newMode: string | undefined;
  let hunkStart = -1;

  try {
    for (let index = 1; index < section.rows.length; index++) {
      const row = section.rows[index]!;
      if (row.startsWith("@@")) {
        hunkStart = index;
        break;
      }
      if (row.startsWith("new file mode ")) {
        status = "added";
        newMode = row.slice("new file mode ".length);
      } else if (row.startsWith("deleted file mode ")) {
        status = "removed";
        oldMode = row.slice("deleted file mode ".length);
      } else if (row.startsWith("old mode ")) oldMode = row.slice("old mode ".length);
      else if (row.startsWith("new mode ")) newMode = row.slice("new mode ".length);
      else if (row.startsWith("rename from ")) renameFrom = readPathToken(row.slice("rename from ".length));
      else if (row.startsWith("rename to ")) renameTo = readPathToken(row.slice("rename to ".length));
      // A copy is a new file whose hunks are relative to its source; the source is unchanged.
      else if (row.startsWith("copy to ")) status = "added";
      else if (row.startsWith("index ")) {
        const mode = /^index [0-9a-f]+\.\.[0-9a-f]+ ([0-7]{6})$/.exec(row)?.[1];
        if (mode) {
          oldMode ??= mode;
          newMode ??= mode;
        }
      } else if (row.startsWith("--- ")) {
        const path = readPathToken(row.slice(4));
        if (path !== "/dev/null") oldPath = stripPrefix(path, "a/");
      } else if (row.startsWith("+++ ")) {
        const path = readPathToken(row.slice(4));
        if (path !== "/dev/null") newPath = stripPrefix(path, "b/");
      } else if (row.startsWith("Binary files ") || row === "GIT binary patch") binary = true;
    }
  } catch (error) {
    fail(`unreadable path: ${(error as Error).message}`);
  }

  if (renameFrom !== undefined && renameTo !== undefined) status = "renamed";
  const path = renameTo ?? (status === "removed" ? (oldPath ?? header?.oldPath) : (newPath ?? header?.newPath)) ?? fail("cannot tell the file's path");
  const previousPath = status === "renamed" ? (renameFrom ?? oldPath ?? header?.oldPath) : undefined;

  const patchRows = hunkStart >= 0 ? section.rows.slice(hunkStart) : [];
  return {
    path,
    ...(previousPath !== undefined ? { previousPath } : {}),
    status,
    patch: patchRows.join("\n"),
    binary,
    ...(oldMode !== undefined ? { oldMode } : {}),
    ...(newMode !== undefined ? { newMode } : {}),
  };
}

/**
 * Parses `git diff --no-color --no-ext-diff -M <base> <head>` output (with the default `a/` and `b/`
 * prefixes). Throws UnifiedDiffParseError when a file's path cannot be read.
 */
export function parseUnifiedDiff(diff: string): DiffFile[] {
  const rows = diff.split("\n");
  // The final newline of the output ends the last line; it does not add an empty context line.
  if (rows.length > 0 && rows[rows.length - 1] === "") rows.pop();
  return splitSections(rows).map(parseSection);
}
