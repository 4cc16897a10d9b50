package io.tarbox.cli.command;

import java.util.List;

/**
 * How one case of {@code tarbox test} ended.
 *
 * @param status PASSED, FAILED (the program did not do what the case expects), ERROR (the case
 *     could not be run: malformed JSON, a module that does not load, a storage failure), SKIPPED
 * @param message one line: what differed or went wrong, or why the case was skipped; null for a pass
 * @param details the unified diffs and other lines that show the difference
 */
record TestResult(
        TestCase testCase,
        Status status,
        String message,
        List<String> details,
        long millis,
        String stdout,
        String stderr) {
    enum Status {
        PASSED,
        FAILED,
        ERROR,
        SKIPPED
    }

    String displayName() {
        return testCase.suite() + "/" + testCase.name();
    }

    boolean failed() {
        return status == Status.FAILED || status == Status.ERROR;
    }
}
