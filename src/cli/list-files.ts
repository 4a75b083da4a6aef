// Expands `scan` arguments into repository-relative file paths: git's view of a work tree when there is
// one (so .gitignore is honoured), otherwise a plain walk that skips the usual build and vendor folders.
import { lstat, readdir, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { UsageError } from "./errors.js";
import { gitText } from "./git.js";

const WALK_SKIP = new Set(["node_modules", ".git", "dist", "build", "coverage"]);

export interface ListFilesOptions {
  cwd: string;
  /** Paths in results are relative to this directory. */
  root: string;
  /** Whether `root` is a git work tree. */
  git: boolean;
}

function toRepoPath(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split(sep).join("/");
}

async function walk(directory: string, found: string[]): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(directory, entry.name);
    // Symbolic links are not followed: they can loop or lead out of the tree.
    if (entry.isDirectory() && !WALK_SKIP.has(entry.name)) await walk(path, found);
    else if (entry.isFile()) found.push(path);
  }
}

/** Stats of `path` itself (links not followed), or undefined when git lists a file the work tree no longer has. */
async function lstatIfPresent(path: string, shown: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new UsageError(`cannot read ${shown}: ${code ?? (error as Error).message}`);
  }
}

async function gitFiles(root: string, directory: string): Promise<string[]> {
  const pathspec = toRepoPath(root, directory) || ".";
  // -z: raw NUL-separated paths, no quoting; -c/-o: tracked and untracked, minus what .gitignore excludes.
  const output = await gitText(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", pathspec], { cwd: root });
  const names = [...new Set(output.split("\0").filter((name) => name !== "" && !name.endsWith("/")))];
  const files: string[] = [];
  for (const name of names) {
    const path = join(root, ...name.split("/"));
    // Tracked files deleted from the work tree, submodules and links are not files to read here.
    if ((await lstatIfPresent(path, name))?.isFile()) files.push(path);
  }
  return files;
}

/** Sorted, de-duplicated repository-relative paths of the files named or contained by `paths`. */
export async function listScanFiles(paths: readonly string[], options: ListFilesOptions): Promise<string[]> {
  const found: string[] = [];
  for (const given of paths) {
    const absolute = resolve(options.cwd, given);
    const where = relative(options.root, absolute);
    if (where === ".." || where.startsWith(`..${sep}`) || isAbsolute(where)) {
      throw new UsageError(`path is outside the repository root ${options.root}: ${given}`);
    }
    const stats = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(error.code === "ENOENT" ? `path not found: ${given}` : `cannot read ${given}: ${error.code ?? error.message}`);
    });
    if (stats.isDirectory()) found.push(...(options.git ? await gitFiles(options.root, absolute) : await walkFrom(absolute)));
    else found.push(absolute);
  }
  return [...new Set(found.map((path) => toRepoPath(options.root, path)))].sort();
}

async function walkFrom(directory: string): Promise<string[]> {
  const found: string[] = [];
  await walk(directory, found);
  return found;
}
