// Questions about a local git repository: where its root is, what a ref points to, where branches meet.
import { GitError, UsageError } from "./errors.js";
import { gitText } from "./git.js";
import { WORKTREE } from "./args.js";

export const DEFAULT_BASE_CANDIDATES = ["origin/HEAD", "origin/main", "main", "origin/master", "master"] as const;

/** The work tree root containing `cwd`, or undefined outside a git work tree. */
export async function findRepoRoot(cwd: string): Promise<string | undefined> {
  try {
    const root = (await gitText(["rev-parse", "--show-toplevel"], { cwd })).trim();
    return root === "" ? undefined : root;
  } catch (error) {
    if (error instanceof GitError && error.message.startsWith("git is not installed")) throw error;
    return undefined;
  }
}

/** The commit a ref names, or undefined when it names none. */
export async function resolveCommit(root: string, ref: string): Promise<string | undefined> {
  try {
    const sha = (await gitText(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: root })).trim();
    return sha === "" ? undefined : sha;
  } catch (error) {
    // --quiet makes "no such commit" a silent exit 1; anything that explains itself on stderr is a real failure.
    if (error instanceof GitError && error.stderr === "") return undefined;
    throw error;
  }
}

export async function requireCommit(root: string, ref: string, role: "base" | "head"): Promise<string> {
  const sha = await resolveCommit(root, ref);
  if (!sha) throw new UsageError(`unknown ${role} ref "${ref}": not a commit in ${root}`);
  return sha;
}

/** The first default base that exists, as GitHub would compare a branch with the default branch. */
export async function defaultBase(root: string): Promise<{ ref: string; sha: string }> {
  for (const ref of DEFAULT_BASE_CANDIDATES) {
    const sha = await resolveCommit(root, ref);
    if (sha) return { ref, sha };
  }
  throw new UsageError(`no base ref found (tried ${DEFAULT_BASE_CANDIDATES.join(", ")}); pass --base <ref>`);
}

/** Where head left base: comparing from here is GitHub's three-dot diff. */
export async function mergeBase(root: string, base: string, head: string): Promise<string> {
  try {
    return (await gitText(["merge-base", base, head], { cwd: root })).trim();
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new UsageError(
      `no common ancestor of base ${base.slice(0, 12)} and head ${head.slice(0, 12)} (in a shallow clone, fetch more history, e.g. fetch-depth: 0)`,
    );
  }
}

export interface ReviewRange {
  baseRef: string;
  baseSha: string;
  /** Where the diff starts: GitHub's three-dot comparison. */
  mergeBaseSha: string;
  /** A ref, or WORKTREE. */
  headRef: string;
  /** The head commit; HEAD's commit for WORKTREE. */
  headSha: string;
}

export async function resolveRange(root: string, base: string | undefined, head: string | undefined): Promise<ReviewRange> {
  const headRef = head ?? "HEAD";
  const headSha = await requireCommit(root, headRef === WORKTREE ? "HEAD" : headRef, "head");
  const resolvedBase = base === undefined ? await defaultBase(root) : { ref: base, sha: await requireCommit(root, base, "base") };
  return {
    baseRef: resolvedBase.ref,
    baseSha: resolvedBase.sha,
    mergeBaseSha: await mergeBase(root, resolvedBase.sha, headSha),
    headRef,
    headSha,
  };
}
