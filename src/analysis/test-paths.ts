// What counts as a test file, shared by the missing-tests rule and the adapters that count a
// repository's tests (a repository without any gets no "add a test" advice).

const TEST_DIRECTORY = /(?:^|\/)(?:__tests__|__mocks__|__snapshots__|__fixtures__|tests?|specs?|e2e|cypress|playwright)\//i;
const TEST_NAME = /\.(?:test|spec|e2e|cy)\.[cm]?[jt]sx?$|(?:^|\/)test_[^/]*\.py$|_test\.(?:go|py)$|_spec\.rb$|(?:Tests?|IT)\.(?:java|kt|cs)$|\.snap$/;

/** Whether a path is a test, test helper, fixture or snapshot, in any common JS/TS (or polyglot) layout. */
export function looksLikeTestPath(path: string): boolean {
  return TEST_DIRECTORY.test(path) || TEST_NAME.test(path);
}

/** The repository-level test signal for a snapshot, from the list of paths in the head tree. */
export function testSignalOf(paths: readonly string[], sampleSize = 50): { repoTestFiles: number; repoTestPaths: string[] } {
  const tests = paths.filter(looksLikeTestPath);
  return { repoTestFiles: tests.length, repoTestPaths: tests.slice(0, sampleSize) };
}
