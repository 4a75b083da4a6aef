// Errors the CLI reports in one line and exits with 2: the user can fix them (flags, paths, refs, git).

/** A problem with how the command was called: flags, paths, refs. */
export class UsageError extends Error {
  /** `suggestHelp` for mistakes in the command line itself, where --help has the answer. */
  constructor(
    message: string,
    readonly suggestHelp = false,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** A git command failed; `args` say which, `stderr` says why. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super(message);
    this.name = "GitError";
  }
}
