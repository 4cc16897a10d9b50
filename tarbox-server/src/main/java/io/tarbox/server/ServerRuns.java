package io.tarbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.ApiToken;
import io.tarbox.core.path.PathResolver;
import io.tarbox.embed.RunTrail;
import io.tarbox.embed.RunWiring;
import io.tarbox.wasi.Engine;
import io.tarbox.wasi.ModuleLoadException;
import io.tarbox.wasi.Preopen;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.RunOutcome;
import io.tarbox.wasi.RunStop;
import io.tarbox.wasi.Stdio;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a module of the tenant's tree on the server ({@code POST /api/v1/tenants/TENANT/runs}), as
 * {@code tarbox run} would with {@code --dir}: the run is recorded (its row and every change, with
 * the token's name in the request's own row), its preopens are directories of the tenant's tree, and
 * it runs under limits: those asked for, never more than the server's caps. Standard output and error
 * go where the caller says: collected into the response, or streamed ({@link RunStream}).
 */
final class ServerRuns {
    /** Caps of runs on the server: what a request may ask for at most, and the defaults. */
    static final long MAX_TIMEOUT_MILLIS = 300_000;

    static final long DEFAULT_TIMEOUT_MILLIS = 60_000;
    static final long MAX_MEMORY_BYTES = 512L << 20;
    static final long MAX_OUTPUT_BYTES = 8L << 20;
    static final long DEFAULT_OUTPUT_BYTES = 1L << 20;
    static final long MAX_MODULE_BYTES = 256L << 20;
    /** What the trail records for a module that cannot be loaded: {@code tarbox run}'s exit code for it (docs/cli.md). */
    private static final int INVALID_MODULE = 6;

    private final Trees trees;

    ServerRuns(Trees trees) {
        this.trees = trees;
    }

    /**
     * Runs the module {@code body} names, its standard output and error written to {@code out} and
     * {@code err}, and returns the result: {@code run}, {@code outcome}, {@code exitCode},
     * {@code limit}, {@code message}. {@code stop} (or null) ends the run early.
     */
    Map<String, Object> run(
            String tenant, ApiToken token, JsonNode body, OutputStream out, OutputStream err, RunStop stop) {
        String modulePath = text(body, "module");
        if (modulePath == null) {
            throw HttpError.badRequest("the body needs 'module': the path of a .wasm file in the tree");
        }
        List<String> args = strings(body, "args");
        List<String> env = strings(body, "env");
        List<String> dirs = strings(body, "dirs");
        String stdin = text(body, "stdin");
        // as a terminal, the guest's C library line-buffers stdout: its lines stream as printed
        boolean terminal = flag(body, "terminal");
        RunLimits limits = RunLimits.DEFAULT
                .withTimeoutMillis(capped(body, "timeoutMs", DEFAULT_TIMEOUT_MILLIS, MAX_TIMEOUT_MILLIS))
                .withMaxMemoryBytes(capped(body, "maxMemoryBytes", MAX_MEMORY_BYTES, MAX_MEMORY_BYTES))
                .withMaxOutputBytes(capped(body, "maxOutputBytes", DEFAULT_OUTPUT_BYTES, MAX_OUTPUT_BYTES));
        if (body.has("fuel")) {
            limits = limits.withFuel(capped(body, "fuel", Long.MAX_VALUE, Long.MAX_VALUE));
        }

        try (Trees.Lease lease = trees.lease(tenant)) {
            byte[] module;
            List<Preopen> preopens = new ArrayList<>();
            lease.lock().lock();
            try {
                module = readModule(lease, modulePath);
                for (String dir : dirs) {
                    int sep = dir.indexOf("::");
                    String path = sep < 0 ? dir : dir.substring(0, sep);
                    String guest = sep < 0 ? dir : dir.substring(sep + 2);
                    FileAttributes a = PathResolver.rooted(lease.fs())
                            .resolve(path.isEmpty() ? "/" : path, true)
                            .existing();
                    if (!a.isDirectory()) {
                        throw HttpError.badRequest("'dirs': " + path + " is not a directory");
                    }
                    preopens.add(new Preopen(lease.fs(), a.ino(), guest, false));
                }
            } finally {
                lease.lock().unlock();
            }
            String name = modulePath.substring(modulePath.lastIndexOf('/') + 1);
            RunTrail trail = RunTrail.start(trees.store(), tenant, lease.fs(), name, module, true);
            Stdio stdio = new Stdio(
                    new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8)),
                    out,
                    err,
                    terminal);
            List<String> argv = new ArrayList<>();
            argv.add(name);
            argv.addAll(args);
            RunOutcome outcome;
            try (RunWiring run = new RunWiring(module, argv, env, stdio, Engine.COMPILER, null, limits)) {
                run.stop(stop).trail(trail);
                preopens.forEach(run::preopen);
                outcome = run.run();
            } catch (ModuleLoadException e) {
                trail.finish(INVALID_MODULE);
                throw new HttpError(400, "invalid_module", modulePath + ": " + e.getMessage());
            }
            int exitCode = outcome.exitCode();
            trail.finish(exitCode);
            lease.lock().lock();
            try {
                lease.commit("api run", List.of(modulePath), token.name(), null);
            } finally {
                lease.lock().unlock();
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("run", trail.runId());
            result.put("outcome", outcome.getClass().getSimpleName().toLowerCase(Locale.ROOT));
            result.put("exitCode", exitCode);
            result.put(
                    "limit",
                    outcome instanceof RunOutcome.LimitReached l
                            ? l.limit().name().toLowerCase(Locale.ROOT)
                            : null);
            result.put(
                    "message",
                    outcome instanceof RunOutcome.Trapped t
                            ? t.message()
                            : outcome instanceof RunOutcome.LimitReached l ? l.message() : null);
            return result;
        }
    }

    private static byte[] readModule(Trees.Lease lease, String path) {
        FileAttributes a;
        try {
            a = PathResolver.rooted(lease.fs()).resolve(path, true).existing();
        } catch (FsException e) {
            throw Errors.of(e);
        }
        if (!a.isRegular()) {
            throw HttpError.badRequest("'module': " + path + " is not a file");
        }
        if (a.size() > MAX_MODULE_BYTES) {
            throw new HttpError(413, "too_large", "'module': larger than " + MAX_MODULE_BYTES + " bytes");
        }
        byte[] bytes = new byte[(int) a.size()];
        int done = 0;
        while (done < bytes.length) {
            int n = lease.fs().read(a.ino(), done, bytes, done, bytes.length - done);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, done);
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw HttpError.badRequest("'" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw HttpError.badRequest("'" + field + "' must be a string");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode v = body.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw HttpError.badRequest("'" + field + "' must be an array of strings");
        }
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw HttpError.badRequest("'" + field + "' must be an array of strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static long capped(JsonNode body, String field, long otherwise, long cap) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.canConvertToLong() || v.asLong() <= 0) {
            throw HttpError.badRequest("'" + field + "' must be a positive number");
        }
        return Math.min(v.asLong(), cap);
    }
}
