package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.embed.Tarbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code tarbox test} on cases of casetool.wasm (src/test/c/casetool.c) written as a CI user writes
 * them: passing, failing (with diffs), timing out, malformed, skipped; the JUnit XML read back by
 * the JDK's XML parser, the JSON summary by Jackson.
 */
class TestCommandTest {
    @TempDir
    Path dir;

    private Cli cli;
    private Path cases;

    @BeforeEach
    void setUp() throws IOException {
        cli = new Cli(dir);
        cases = Files.createDirectory(dir.resolve("cases"));
    }

    /** A case: casetool.wasm as NAME.wasm, with NAME.json (null: none). */
    private void testCase(String name, String json) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/wasm/casetool.wasm")) {
            Files.write(cases.resolve(name + ".wasm"), in.readAllBytes());
        }
        if (json != null) {
            Files.writeString(cases.resolve(name + ".json"), json);
        }
    }

    private void passingCases() throws IOException {
        testCase("echo", "{\"args\": [\"echo\", \"a b\", \"c\"], \"stdout\": \"a b\\nc\\n\"}");
        testCase("env", "{\"args\": [\"env\", \"GREETING\"], \"env\": {\"GREETING\": \"hi\"}, \"stdout\": \"hi\\n\"}");
        testCase("stdin", "{\"args\": [\"stdin\"], \"stdin\": \"quiet\\n\", \"stdout\": \"QUIET\\n\"}");
        testCase("exit", "{\"args\": [\"exit\", \"3\"], \"exit_code\": 3}");
        // a fixture directory imported into the tree, an output directory, an expected file
        Files.createDirectories(cases.resolve("fixtures/in"));
        Files.writeString(cases.resolve("fixtures/in/words.txt"), "one\ntwo\n");
        Files.createDirectories(cases.resolve("expected"));
        Files.writeString(cases.resolve("expected/words.txt"), "ONE\nTWO\n");
        testCase("upper", """
                {"args": ["upper", "/in/words.txt", "/out/words.txt"],
                 "dirs": [{"guest": "/in", "from": "fixtures/in", "readonly": true}, {"guest": "/out"}],
                 "stdout_contains": ["wrote /out/words.txt"],
                 "files": {"/out/words.txt": "expected/words.txt"}}
                """);
        // the WASI test suite's own form: a directory beside the case, preopened under its name
        Files.createDirectories(cases.resolve("fs-tests.dir"));
        Files.writeString(cases.resolve("fs-tests.dir/hello.txt"), "hello\n");
        testCase(
                "suite_dirs",
                "{\"args\": [\"upper\", \"fs-tests.dir/hello.txt\", \"fs-tests.dir/out.txt\"],"
                        + " \"dirs\": [\"fs-tests.dir\"], \"stdout\": \"wrote fs-tests.dir/out.txt\\n\"}");
        testCase("nojson", null); // no JSON: runs with no arguments, must exit 0 -- casetool exits 2
    }

    @Test
    void passingCasesPassAndLeaveTheirFixturesAlone() throws IOException {
        passingCases();
        Files.delete(cases.resolve("nojson.wasm"));
        Cli.Result r = cli.run("test", cases.toString());
        assertEquals(0, r.code(), r.toString());
        for (String name : List.of("echo", "env", "stdin", "exit", "upper", "suite_dirs")) {
            assertTrue(r.out().contains("PASS cases/" + name + " ("), name + "\n" + r);
        }
        assertTrue(r.out().endsWith("6 passed, 0 failed\n"), r.toString());
        assertEquals("hello\n", Files.readString(cases.resolve("fs-tests.dir/hello.txt")));
        assertFalse(
                Files.exists(cases.resolve("fs-tests.dir/out.txt")), "the case's writes stay in its ephemeral tree");
        assertFalse(Files.exists(cli.db), "tarbox test does not touch the user's database");
    }

    @Test
    void failingCasesShowWhatDifferedAndExitNonZero() throws IOException {
        testCase("echo", "{\"args\": [\"echo\", \"one\", \"two\", \"three\"], \"stdout\": \"one\\n2\\nthree\\n\"}");
        testCase("exit", "{\"args\": [\"exit\", \"4\"], \"stderr_contains\": [\"nothing\"]}");
        Files.createDirectories(cases.resolve("fixtures"));
        Files.writeString(cases.resolve("fixtures/a.txt"), "abc\ndef\n");
        Files.writeString(cases.resolve("want.txt"), "ABC\nXYZ\n");
        testCase("file", """
                {"args": ["upper", "/data/a.txt", "/data/b.txt"], "dirs": [{"guest": "/data", "from": "fixtures"}],
                 "files": {"/data/b.txt": "want.txt"}}
                """);
        testCase("ok", "{\"args\": [\"echo\"]}");
        Cli.Result r = cli.run("test", cases.toString());
        assertEquals(ExitCodes.FAILED, r.code(), r.toString());
        String out = r.out();
        assertTrue(out.contains("FAIL cases/echo ("), out);
        assertTrue(out.contains("): stdout differs\n"), out);
        assertTrue(
                out.contains(
                        "    --- expected stdout\n    +++ actual stdout\n    @@ -1,3 +1,3 @@\n     one\n    -2\n    +two\n     three\n"),
                out);
        assertTrue(out.contains("): exit code 4, expected 0; stderr lacks \"nothing\"\n"), out);
        assertTrue(out.contains("): /data/b.txt differs from want.txt\n"), out);
        assertTrue(out.contains("    -XYZ\n    +DEF\n"), out);
        assertTrue(out.contains("PASS cases/ok ("), out);
        assertTrue(out.endsWith("1 passed, 3 failed\n"), out);
    }

    @Test
    void aCaseThatRunsTooLongIsStoppedAndFails() throws IOException {
        testCase("spin", "{\"args\": [\"spin\"], \"timeout\": \"300ms\"}");
        testCase("spin_expected", "{\"args\": [\"spin\"], \"timeout\": 0.3, \"exit_code\": 9}");
        Cli.Result r = cli.run("test", "-j", "2", cases.toString());
        assertEquals(ExitCodes.FAILED, r.code(), r.toString());
        assertTrue(r.out().contains("): exit code 9 (time limit reached), expected 0\n"), r.toString());
        assertTrue(r.out().contains("PASS cases/spin_expected ("), r.toString());
        assertTrue(r.out().endsWith("1 passed, 1 failed\n"), r.toString());
    }

    @Test
    void aMalformedCaseIsOneClearErrorAndTheOthersStillRun() throws IOException {
        testCase("broken", "{\"args\": [\"echo\",\n  \"x\" \"y\"]}");
        testCase("typo", "{\"exitcode\": 0}");
        testCase("wrong_type", "{\"args\": \"echo\"}");
        testCase("good", "{\"args\": [\"echo\", \"fine\"], \"stdout\": \"fine\\n\"}");
        Files.writeString(cases.resolve("orphan.json"), "{}");
        Cli.Result r =
                cli.run("test", cases.toString(), cases.resolve("orphan.json").toString());
        assertEquals(ExitCodes.FAILED, r.code(), r.toString());
        String out = r.out();
        assertTrue(
                out.contains(
                        "ERROR cases/broken: " + cases.resolve("broken.json") + ": not valid JSON at line 2, column "),
                out);
        assertTrue(
                out.contains("ERROR cases/typo: " + cases.resolve("typo.json") + ": unknown key \"exitcode\" (known: "),
                out);
        assertTrue(
                out.contains(
                        "ERROR cases/wrong_type: " + cases.resolve("wrong_type.json") + ": args must be an array\n"),
                out);
        assertTrue(
                out.contains("ERROR cases/orphan: " + cases.resolve("orphan.json") + ": no orphan.wasm beside it\n"),
                out);
        assertTrue(out.contains("PASS cases/good ("), out);
        assertTrue(out.endsWith("1 passed, 4 failed\n"), out);
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void skippedCasesAreCountedApart() throws IOException {
        testCase("later", "{\"args\": [\"spin\"], \"skip\": \"needs sockets\"}");
        testCase("now", "{\"args\": [\"echo\"]}");
        Cli.Result r = cli.run("test", cases.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("SKIP cases/later: needs sockets\n"), r.toString());
        assertTrue(r.out().endsWith("1 passed, 0 failed, 1 skipped\n"), r.toString());
    }

    @Test
    void junitXmlIsWhatAParserReads() throws Exception {
        testCase("pass", "{\"args\": [\"echo\", \"<&>\"], \"stdout\": \"<&>\\n\"}");
        testCase("fail", "{\"args\": [\"echo\", \"bell\\u0007\\u0001\"], \"stdout\": \"other\\n\"}");
        testCase("skip", "{\"skip\": \"not yet\"}");
        testCase("bad", "{");
        Path report = dir.resolve("reports/junit.xml");
        Cli.Result r = cli.run("test", "--junit", report.toString(), cases.toString());
        assertEquals(ExitCodes.FAILED, r.code(), r.toString());

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        Element suites = xml.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        assertEquals("4", suites.getAttribute("tests"));
        assertEquals("1", suites.getAttribute("failures"));
        assertEquals("1", suites.getAttribute("errors"));
        assertEquals("1", suites.getAttribute("skipped"));
        NodeList suiteList = suites.getElementsByTagName("testsuite");
        assertEquals(1, suiteList.getLength());
        assertEquals("cases", ((Element) suiteList.item(0)).getAttribute("name"));
        List<String> names = new ArrayList<>();
        NodeList testcases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < testcases.getLength(); i++) {
            Element c = (Element) testcases.item(i);
            names.add(c.getAttribute("name"));
            assertEquals("cases", c.getAttribute("classname"));
            switch (c.getAttribute("name")) {
                case "pass" -> {
                    assertEquals(0, c.getElementsByTagName("failure").getLength());
                    assertEquals(
                            "<&>\n",
                            c.getElementsByTagName("system-out").item(0).getTextContent());
                }
                case "fail" -> {
                    Element failure =
                            (Element) c.getElementsByTagName("failure").item(0);
                    assertEquals("stdout differs", failure.getAttribute("message"));
                    assertTrue(failure.getTextContent().contains("+bell\uFFFD\uFFFD"), failure.getTextContent());
                }
                case "skip" ->
                    assertEquals(
                            "not yet",
                            ((Element) c.getElementsByTagName("skipped").item(0)).getAttribute("message"));
                case "bad" ->
                    assertTrue(((Element) c.getElementsByTagName("error").item(0))
                            .getAttribute("message")
                            .contains("bad.json: not valid JSON"));
                default -> throw new AssertionError(c.getAttribute("name"));
            }
        }
        assertEquals(List.of("bad", "fail", "pass", "skip"), names);
    }

    @Test
    void jsonSummaryGoesToStdoutAndProgressToStderr() throws Exception {
        testCase("a", "{\"args\": [\"echo\", \"x\"], \"stdout\": \"y\\n\"}");
        testCase("b", "{\"args\": [\"echo\"]}");
        Cli.Result r = cli.run("test", "--json", cases.toString());
        assertEquals(ExitCodes.FAILED, r.code(), r.toString());
        JsonNode summary = new ObjectMapper().readTree(r.out());
        assertEquals(1, summary.get("passed").asInt());
        assertEquals(1, summary.get("failed").asInt());
        assertEquals(0, summary.get("skipped").asInt());
        assertEquals("a", summary.get("cases").get(0).get("name").asText());
        assertEquals("failed", summary.get("cases").get(0).get("status").asText());
        assertTrue(summary.get("cases").get(0).get("diff").asText().contains("-y\n+x"), summary.toString());
        assertEquals("passed", summary.get("cases").get(1).get("status").asText());
        assertTrue(r.err().endsWith("1 passed, 1 failed\n"), r.err());
    }

    @Test
    void parallelCasesAllReport() throws IOException {
        for (int i = 0; i < 8; i++) {
            testCase("echo" + i, "{\"args\": [\"echo\", \"" + i + "\"], \"stdout\": \"" + i + "\\n\"}");
        }
        Cli.Result r = cli.run("test", "-j", "4", cases.toString());
        assertEquals(0, r.code(), r.toString());
        for (int i = 0; i < 8; i++) {
            assertTrue(r.out().contains("PASS cases/echo" + i + " ("), r.toString());
        }
        assertTrue(r.out().endsWith("8 passed, 0 failed\n"), r.toString());
    }

    @Test
    void keepLeavesEachCasesDatabaseWithTheProgramsChanges() throws IOException {
        Files.createDirectories(cases.resolve("fixtures"));
        Files.writeString(cases.resolve("fixtures/a.txt"), "kept\n");
        testCase(
                "write",
                "{\"args\": [\"upper\", \"/data/a.txt\", \"/data/b.txt\"],"
                        + " \"dirs\": [{\"guest\": \"/data\", \"from\": \"fixtures\"}]}");
        Path kept = dir.resolve("kept");
        Cli.Result r = cli.run("test", "--keep", kept.toString(), cases.toString());
        assertEquals(0, r.code(), r.toString());
        try (Tarbox tarbox = Tarbox.open(kept.resolve("cases.write.db"))) {
            assertEquals(
                    "KEPT\n",
                    new String(tarbox.tenant("default").readFile("/data/b.txt").orElseThrow(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aComponentIsACaseToo() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/wasm/hello.component.wasm")) {
            Files.write(cases.resolve("component.wasm"), in.readAllBytes());
        }
        Files.writeString(cases.resolve("expected.txt"), "some content\n");
        Files.writeString(cases.resolve("component.json"), """
                {"args": ["/data/out.txt"], "dirs": [{"guest": "/data"}],
                 "stdout": "hello from wasi, argc=2\\nentry .\\nentry ..\\nentry out.txt\\n",
                 "files": {"/data/out.txt": "expected.txt"}}
                """);
        Cli.Result r = cli.run("test", cases.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().endsWith("1 passed, 0 failed\n"), r.toString());
    }

    @Test
    void usageErrors() {
        assertEquals(
                ExitCodes.NOT_FOUND,
                cli.run("test", dir.resolve("missing").toString()).code());
        Cli.Result empty = cli.run("test", cases.toString());
        assertEquals(ExitCodes.NOT_FOUND, empty.code());
        assertTrue(empty.err().contains("no .wasm cases in this directory"), empty.err());
        assertEquals(
                ExitCodes.USAGE, cli.run("test", "-j", "0", cases.toString()).code());
        assertEquals(ExitCodes.USAGE, cli.run("test").code());
    }
}
