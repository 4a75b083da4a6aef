// The CLI as a function: arguments and streams in, exit code out. main.ts wires it to the process;
// tests call it directly.
import { realpath } from "node:fs/promises";
import type { Rule } from "../analysis/rule.js";
import { ConfigError } from "../config/repo-config.js";
import { UnifiedDiffParseError } from "../diff/unified-diff.js";
import type { PullRequestSnapshot, ReviewResult } from "../review/types.js";
import { parseCliArgs, type CliCommand } from "./args.js";
import { loadConfig } from "./config.js";
import { GitError, UsageError } from "./errors.js";
import { renderReport } from "./output.js";
import { findRepoRoot } from "./repo.js";
import { buildReviewSnapshot } from "./review-snapshot.js";
import { buildScanSnapshot } from "./scan-snapshot.js";
import { readVersion, USAGE } from "./usage.js";

export interface CliStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface CliOptions {
  /** The rules to run; all registered rules by default (tests pass their own). */
  rules?: readonly Rule[];
}

export const EXIT_PASS = 0;
export const EXIT_GATE_FAILED = 1;
export const EXIT_ERROR = 2;

type ReviewCommand = Extract<CliCommand, { kind: "scan" | "review" }>;

async function review(command: ReviewCommand, io: CliIo, options: CliOptions): Promise<ReviewResult> {
  const cwd = await realpath(io.cwd).catch(() => {
    throw new UsageError(`working directory not found: ${io.cwd}`);
  });
  const gitRoot = await findRepoRoot(cwd);
  if (command.kind === "review" && gitRoot === undefined) throw new UsageError(`not a git repository: ${cwd}`);
  const root = gitRoot ?? cwd;
  const config = await loadConfig({
    cwd,
    root,
    ...(command.config !== undefined ? { explicitPath: command.config } : {}),
    ...(command.failOn !== undefined ? { failOn: command.failOn } : {}),
  });

  const snapshot: PullRequestSnapshot =
    command.kind === "scan"
      ? await buildScanSnapshot({ cwd, root, git: gitRoot !== undefined, paths: command.paths, config })
      : await buildReviewSnapshot({
          root,
          config,
          ...(command.base !== undefined ? { base: command.base } : {}),
          ...(command.head !== undefined ? { head: command.head } : {}),
        });
  // Loaded on demand: the engine pulls in the TypeScript compiler, which --help does not need.
  const { reviewSnapshot } = await import("../review/review.js");
  return reviewSnapshot(snapshot, { config, ...(options.rules !== undefined ? { rules: options.rules } : {}) });
}

/** One line for stderr: what went wrong and, for usage errors, where to look. */
export function describeError(error: unknown): string {
  if (error instanceof UsageError) return error.suggestHelp ? `${error.message} (see prodgap --help)` : error.message;
  if (error instanceof ConfigError) return `invalid config: ${error.message}`;
  if (error instanceof GitError) return error.message;
  if (error instanceof UnifiedDiffParseError) return `cannot read git's diff: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message.split("\n")[0]}`;
}

export async function runCli(argv: readonly string[], io: CliIo, options: CliOptions = {}): Promise<number> {
  try {
    const command = parseCliArgs(argv);
    if (command.kind === "help") {
      io.stdout.write(USAGE);
      return EXIT_PASS;
    }
    if (command.kind === "version") {
      io.stdout.write(`${readVersion()}\n`);
      return EXIT_PASS;
    }
    const result = await review(command, io, options);
    io.stdout.write(renderReport(result, command.format, { ...(io.stdout.isTTY !== undefined ? { isTTY: io.stdout.isTTY } : {}), env: io.env }));
    return result.gate.conclusion === "failure" ? EXIT_GATE_FAILED : EXIT_PASS;
  } catch (error) {
    io.stderr.write(`prodgap: ${describeError(error)}\n`);
    return EXIT_ERROR;
  }
}
