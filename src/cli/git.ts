// Runs git without a shell and only for read-only subcommands: the CLI inspects a checkout, it never
// changes one and never runs code from it.
import { execFile } from "node:child_process";
import { GitError } from "./errors.js";

const READ_ONLY_SUBCOMMANDS = new Set(["rev-parse", "merge-base", "diff", "cat-file", "ls-files", "ls-tree"]);

/** Large diffs are normal; Node's 1 MiB default would cut them off. */
const DEFAULT_MAX_BUFFER = 512 * 1024 * 1024;

// Config a checkout's .git/config could use to run programs during read-only commands is switched off.
const SAFE_CONFIG = ["-c", "core.fsmonitor=false", "-c", "core.quotePath=true"];

export interface GitRunOptions {
  cwd: string;
  maxBuffer?: number;
}

export interface GitOutput {
  stdout: Buffer;
  stderr: string;
}

/** Thrown (as GitError with `code`) when output exceeds maxBuffer, so callers can treat it as "too large". */
export const OUTPUT_TOO_LARGE = "output too large";

export function runGit(args: readonly string[], options: GitRunOptions): Promise<GitOutput> {
  const subcommand = args[0] ?? "";
  if (!READ_ONLY_SUBCOMMANDS.has(subcommand)) {
    return Promise.reject(new GitError(`refusing to run git ${subcommand}: not a read-only subcommand`, args, ""));
  }
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...SAFE_CONFIG, ...args],
      {
        cwd: options.cwd,
        encoding: "buffer",
        maxBuffer: options.maxBuffer ?? DEFAULT_MAX_BUFFER,
        windowsHide: true,
        // No optional index refresh or lock file: a read-only look must not write into .git.
        env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
      },
      (error, stdout, stderr) => {
        const stderrText = stderr.toString("utf8").trim();
        if (!error) {
          resolve({ stdout, stderr: stderrText });
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") {
          reject(new GitError("git is not installed or not on PATH", args, stderrText));
        } else if (code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
          reject(new GitError(OUTPUT_TOO_LARGE, args, stderrText));
        } else {
          const firstLine = stderrText.split("\n")[0] || error.message;
          reject(new GitError(`git ${subcommand} failed: ${firstLine}`, args, stderrText));
        }
      },
    );
  });
}

export async function gitText(args: readonly string[], options: GitRunOptions): Promise<string> {
  return (await runGit(args, options)).stdout.toString("utf8");
}
