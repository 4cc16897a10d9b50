package io.tarbox.cli.command;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The reports of {@code tarbox test}: JUnit XML ({@code --junit}, in the shape Jenkins, GitLab and
 * GitHub's test reporters read: one {@code testsuite} per directory of cases, a {@code testcase}
 * per case with {@code failure}, {@code error} or {@code skipped}) and the JSON summary
 * ({@code --json}).
 */
final class TestReports {
    private TestReports() {}

    static void writeJunit(Path file, List<TestResult> results, long millis) throws IOException {
        Map<String, List<TestResult>> suites = new LinkedHashMap<>();
        for (TestResult result : results) {
            suites.computeIfAbsent(result.testCase().suite(), k -> new ArrayList<>())
                    .add(result);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "tarbox test");
            counts(xml, results, millis);
            String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            for (Map.Entry<String, List<TestResult>> suite : suites.entrySet()) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testsuite");
                xml.writeAttribute("name", clean(suite.getKey()));
                counts(
                        xml,
                        suite.getValue(),
                        suite.getValue().stream().mapToLong(TestResult::millis).sum());
                xml.writeAttribute("timestamp", timestamp.substring(0, timestamp.length() - 1));
                for (TestResult result : suite.getValue()) {
                    testcase(xml, result);
                }
                xml.writeCharacters("\n  ");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write XML: " + e.getMessage(), e);
        }
    }

    private static void counts(XMLStreamWriter xml, List<TestResult> results, long millis) throws XMLStreamException {
        xml.writeAttribute("tests", Integer.toString(results.size()));
        xml.writeAttribute(
                "failures",
                Long.toString(results.stream()
                        .filter(r -> r.status() == TestResult.Status.FAILED)
                        .count()));
        xml.writeAttribute(
                "errors",
                Long.toString(results.stream()
                        .filter(r -> r.status() == TestResult.Status.ERROR)
                        .count()));
        xml.writeAttribute(
                "skipped",
                Long.toString(results.stream()
                        .filter(r -> r.status() == TestResult.Status.SKIPPED)
                        .count()));
        xml.writeAttribute("time", seconds(millis));
    }

    private static void testcase(XMLStreamWriter xml, TestResult result) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", clean(result.testCase().suite()));
        xml.writeAttribute("name", clean(result.testCase().name()));
        xml.writeAttribute("file", clean(result.testCase().wasm().toString()));
        xml.writeAttribute("time", seconds(result.millis()));
        String element = switch (result.status()) {
            case FAILED -> "failure";
            case ERROR -> "error";
            case SKIPPED -> "skipped";
            case PASSED -> null;
        };
        if (element != null) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement(element);
            xml.writeAttribute("message", clean(result.message()));
            if (result.status() != TestResult.Status.SKIPPED) {
                xml.writeAttribute("type", result.status() == TestResult.Status.FAILED ? "mismatch" : "not run");
                xml.writeCharacters(clean(result.message()
                        + (result.details().isEmpty() ? "" : "\n" + String.join("\n", result.details()))));
            }
            xml.writeEndElement();
        }
        if (!result.stdout().isEmpty()) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement("system-out");
            xml.writeCharacters(clean(result.stdout()));
            xml.writeEndElement();
        }
        if (!result.stderr().isEmpty()) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement("system-err");
            xml.writeCharacters(clean(result.stderr()));
            xml.writeEndElement();
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
    }

    /**
     * Text XML 1.0 can carry: the characters it forbids (most control characters, lone surrogates,
     * U+FFFE/U+FFFF), which a program's output may hold, become U+FFFD; the writer escapes the rest.
     */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
                continue;
            }
            allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            out.append(allowed ? c : '\uFFFD');
        }
        return out.toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** The {@code --json} summary: the counts, then each case with its status and message. */
    static Map<String, Object> summary(List<TestResult> results, long millis) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(
                "passed",
                results.stream()
                        .filter(r -> r.status() == TestResult.Status.PASSED)
                        .count());
        summary.put("failed", results.stream().filter(TestResult::failed).count());
        summary.put(
                "skipped",
                results.stream()
                        .filter(r -> r.status() == TestResult.Status.SKIPPED)
                        .count());
        summary.put("seconds", millis / 1000.0);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (TestResult result : results) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("suite", result.testCase().suite());
            c.put("name", result.testCase().name());
            c.put("status", result.status().name().toLowerCase(Locale.ROOT));
            c.put("seconds", result.millis() / 1000.0);
            if (result.message() != null) {
                c.put("message", result.message());
            }
            if (!result.details().isEmpty()) {
                c.put("diff", String.join("\n", result.details()));
            }
            cases.add(c);
        }
        summary.put("cases", cases);
        return summary;
    }
}
