// The snapshot for `prodgap review`: the diff of a local branch from its merge base with the base ref,
// with head contents read from git (or the working tree), screened like the app screens fetched files.
import { basename } from "node:path";
import type { RepoConfig } from "../config/repo-config.js";
import { PatchParseError } from "../diff/hunk.js";
import { parseUnifiedDiff, type DiffFile } from "../diff/unified-diff.js";
import { buildChangedFile, type ChangedFileInput } from "../review/changed-file.js";
import { pathSkipReason } from "../review/file-screening.js";
import type { ChangedFile, PullRequestSnapshot } from "../review/types.js";
import { WORKTREE } from "./args.js";
import { gitText } from "./git.js";
import { testSignalOf } from "../analysis/test-paths.js";
import { readCommittedFile, readWorktreeFile } from "./head-content.js";
import { mapLimited } from "../util/map-limited.js";
import { resolveRange } from "./repo.js";
import { skipNotes } from "./skip-notes.js";

export interface ReviewSnapshotOptions {
  root: string;
  base?: string;
  /** A ref, or WORKTREE for the working tree. */
  head?: string;
  config: RepoConfig;
}

/** Blob reads run side by side, but not hundreds at once. */
const CONCURRENCY = 8;

const DIFF_FLAGS = [
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  "--no-relative",
  "-M",
  "--unified=3",
  // Fixed prefixes whatever diff.noprefix or diff.mnemonicPrefix say: the parser expects a/ and b/.
  "--src-prefix=a/",
  "--dst-prefix=b/",
];

/** Why a diff entry is not read at all, before any content is fetched. */
function entrySkipReason(entry: DiffFile, config: RepoConfig): string | undefined {
  if (entry.newMode === "160000" || entry.oldMode === "160000") return "submodule";
  if (entry.newMode === "120000") return "symbolic link";
  if (entry.binary) return "binary file";
  return pathSkipReason(entry.path, config);
}

function toChangedFile(input: ChangedFileInput): ChangedFile {
  try {
    return buildChangedFile(input);
  } catch (error) {
    // One unreadable patch should not sink the review; the file is listed as skipped instead.
    if (!(error instanceof PatchParseError)) throw error;
    const { patch: _patch, content: _content, ...rest } = input;
    return buildChangedFile({ ...rest, skipReason: `could not read the diff: ${error.message}` });
  }
}

export async function buildReviewSnapshot(options: ReviewSnapshotOptions): Promise<PullRequestSnapshot> {
  const { root, config } = options;
  const range = await resolveRange(root, options.base, options.head);
  const worktree = range.headRef === WORKTREE;
  const diffArgs = ["diff", ...DIFF_FLAGS, range.mergeBaseSha, ...(worktree ? [] : [range.headSha]), "--"];
  const entries = parseUnifiedDiff(await gitText(diffArgs, { cwd: root }));

  // Decide what to read first, in diff order, so `review.maxFiles` always keeps the same files.
  let reviewable = 0;
  const plans = entries.map((entry): { input: ChangedFileInput; read: boolean } => {
    const input: ChangedFileInput = {
      path: entry.path,
      ...(entry.previousPath !== undefined ? { previousPath: entry.previousPath } : {}),
      status: entry.status,
      patch: entry.patch,
    };
    // A removed file has no added line to review.
    if (entry.status === "removed") return { input, read: false };
    const screened = entrySkipReason(entry, config);
    if (screened) return { input: { ...input, skipReason: screened }, read: false };
    // Nor do changes without hunks: pure renames, mode changes, empty new files.
    if (entry.patch === "") return { input, read: false };
    if (++reviewable > config.review.maxFiles) {
      return { input: { ...input, skipReason: `beyond \`review.maxFiles\` (${config.review.maxFiles})` }, read: false };
    }
    return { input, read: true };
  });

  const files = await mapLimited(plans, CONCURRENCY, async ({ input, read }): Promise<ChangedFile> => {
    if (!read) return toChangedFile(input);
    const screened = worktree
      ? await readWorktreeFile(root, input.path, config)
      : await readCommittedFile(root, range.headSha, input.path, config);
    return toChangedFile({ ...input, ...screened });
  });

  const notes = skipNotes(files);
  if (entries.length === 0) notes.push(`No changes between ${range.baseRef} and ${worktree ? "the working tree" : range.headRef}.`);
  if (worktree) {
    const untracked = (await gitText(["ls-files", "-z", "--others", "--exclude-standard"], { cwd: root })).split("\0").filter(Boolean);
    if (untracked.length > 0) {
      notes.push(`${untracked.length} untracked ${untracked.length === 1 ? "file is" : "files are"} not part of the diff (\`git add -N\` includes them).`);
    }
  }
  // The head tree's test files tell the missing-tests rule whether the repository has a test convention.
  const treeArgs = worktree ? ["ls-files", "-z", "--cached"] : ["ls-tree", "-r", "-z", "--name-only", range.headSha];
  const treePaths = (await gitText(treeArgs, { cwd: root })).split("\0").filter(Boolean);
  return {
    ...testSignalOf(treePaths),
    repo: { owner: "local", name: basename(root) },
    number: 0,
    title: "",
    body: "",
    baseSha: range.mergeBaseSha,
    headSha: worktree ? WORKTREE : range.headSha,
    files,
    mode: "review",
    notes,
  };
}
