package io.tarbox.wasi.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code src/test/resources/conformance/manifest.json}: a WebAssembly program of the
 * conformance suite and what a correct host makes of it. The manifest's own "description" field
 * explains every key; {@code src/test/run-on-node.sh} reads the same file.
 *
 * @param name the program's name (its C or WAT source is {@code name.c} / {@code name.wat})
 * @param wasm the module's file name in {@code /conformance/}
 * @param args argv after argv[0]; the runner passes {@code wasm} as argv[0]
 * @param env environment variables, in order
 * @param stdin the text on standard input
 * @param exitCode the expected exit code; ignored when {@code trap}
 * @param trap the run must end in a WebAssembly trap
 * @param stdout substrings standard output must contain
 * @param stderr substrings standard error must contain
 * @param preopen preopen a fresh, empty, writable directory as {@code /data} (descriptor 3)
 * @param description what the program covers
 */
public record ConformanceProgram(String name, String wasm, List<String> args, Map<String, String> env,
        String stdin, int exitCode, boolean trap, List<String> stdout, List<String> stderr, boolean preopen,
        String description, JsonNode peers) {

    static final String RESOURCE_DIR = "/conformance/";

    /** Reads every program of the manifest on the test classpath. */
    public static List<ConformanceProgram> loadManifest() {
        try (InputStream in = ConformanceProgram.class.getResourceAsStream(RESOURCE_DIR + "manifest.json")) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE_DIR + "manifest.json on the test classpath");
            }
            List<ConformanceProgram> programs = new ArrayList<>();
            for (JsonNode entry : new ObjectMapper().readTree(in).required("programs")) {
                programs.add(fromJson(entry));
            }
            return programs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module's bytes. */
    public byte[] module() {
        try (InputStream in = ConformanceProgram.class.getResourceAsStream(RESOURCE_DIR + wasm)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE_DIR + wasm + " on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** argv as the guest sees it: the module's file name, then {@link #args}. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(wasm);
        argv.addAll(args);
        return argv;
    }

    /** The environment as "KEY=VALUE" strings. */
    public List<String> environ() {
        List<String> environ = new ArrayList<>();
        env.forEach((k, v) -> environ.add(k + "=" + v));
        return environ;
    }

    private static ConformanceProgram fromJson(JsonNode e) {
        JsonNode exit = e.required("exitCode");
        boolean trap = exit.isTextual() && exit.asText().equals("trap");
        if (!trap && !exit.isInt()) {
            throw new IllegalStateException(e.get("name") + ": exitCode must be a number or \"trap\"");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = e.path("env").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            env.put(field.getKey(), field.getValue().asText());
        }
        return new ConformanceProgram(e.required("name").asText(), e.required("wasm").asText(),
                strings(e.path("args")), env, e.path("stdin").asText(""), trap ? -1 : exit.asInt(), trap,
                strings(e.path("stdout")), strings(e.path("stderr")), e.path("preopen").asBoolean(true),
                e.path("description").asText(""), e.path("peers"));
    }

    /**
     * The program as a peer runs it: its {@code peers.<peer>} overrides of exitCode, stdout and
     * stderr applied, and CONFORMANCE_PEER=peer in its environment (so it skips the checks where the
     * peer deviates). Peer "component" is the program adapted to a WASI 0.2 component (the preview 1
     * adapter's deviations).
     */
    public ConformanceProgram forPeer(String peer) {
        JsonNode o = peers.path(peer);
        Map<String, String> peerEnv = new LinkedHashMap<>(env);
        peerEnv.put("CONFORMANCE_PEER", peer);
        JsonNode exit = o.path("exitCode");
        boolean peerTrap = exit.isMissingNode() ? trap : exit.isTextual() && exit.asText().equals("trap");
        int peerExit = exit.isMissingNode() ? exitCode : peerTrap ? -1 : exit.asInt();
        return new ConformanceProgram(name, wasm, args, peerEnv, stdin, peerExit, peerTrap,
                o.has("stdout") ? strings(o.get("stdout")) : stdout, o.has("stderr") ? strings(o.get("stderr")) : stderr,
                preopen, description, peers);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return name;
    }
}
