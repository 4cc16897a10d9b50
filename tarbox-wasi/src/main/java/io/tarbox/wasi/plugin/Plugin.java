package io.tarbox.wasi.plugin;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import io.tarbox.wasi.JsonWriter;
import io.tarbox.wasi.limits.CallTimer;
import io.tarbox.wasi.limits.MeteredMemory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * One loaded plugin: an instance of its module, its manifest, and what it has used. Made by
 * {@link PluginHost#load}; then {@link #start} once, {@link #process} any number of times, and
 * {@link #close}. Calls are serialized; each runs on the plugin's worker thread within
 * {@link PluginLimits#maxMillis()}.
 *
 * <p>After a failure other than PROCESS_FAILED (and BAD_CONFIG, which runs nothing) the instance
 * may be in any state, so every further call but {@link #close} and {@link #stats} throws
 * IllegalStateException.
 */
public final class Plugin implements AutoCloseable {
    private enum State {
        LOADED,
        STARTED,
        DEFUNCT,
        CLOSED
    }

    /** First output buffer offered to plugin_process, unless the input or the limit says otherwise. */
    private static final int MIN_OUTPUT_CAPACITY = 64 * 1024;

    private static final int FIRST_MANIFEST_CAPACITY = 4096;

    private final Instance instance;
    private final MeteredMemory memory;
    private final PluginModule module;
    private final PluginLimits limits;
    private final HostEnvironment env;
    private final CallTimer timer;

    private State state = State.LOADED;
    private PluginManifest manifest;
    private String tenant = "";
    private Map<String, String> config = Map.of();
    /** Memory the host reserved in the plugin for arguments and results, reused across calls. */
    private int regionPtr;

    private int regionCap;
    private long invocations;
    private long retries;
    private long processNanos;
    private long totalNanos;

    Plugin(
            Instance instance,
            MeteredMemory memory,
            PluginModule module,
            PluginLimits limits,
            HostEnvironment env,
            CallTimer timer) {
        this.instance = instance;
        this.memory = memory;
        this.module = module;
        this.limits = limits;
        this.env = env;
        this.timer = timer;
    }

    /** Runs the start function and {@code _initialize}, then reads and parses the manifest. */
    void load() {
        manifest = guarded("loading", () -> {
            instance.initialize(false);
            if (module.exports(PluginModule.REACTOR_INIT)) {
                instance.export(PluginModule.REACTOR_INIT).apply();
            }
            return readManifest();
        });
        env.pluginName = manifest.name();
        env.declaredKeys = Set.copyOf(manifest.config());
    }

    /** The manifest the plugin returned when it was loaded. */
    public PluginManifest manifest() {
        return manifest;
    }

    /**
     * Gives the plugin its config and files, then calls {@code plugin_init}.
     *
     * @throws PluginException BAD_CONFIG for a config key the manifest does not declare or a grant
     *     that is not an absolute path without "..", INIT_FAILED for a non-zero code, TRAP,
     *     TIME_LIMIT, MEMORY_LIMIT, OUTPUT_LIMIT (log)
     * @throws IllegalStateException if already started, failed or closed
     */
    public synchronized void start(PluginEnvironment environment) {
        require(State.LOADED);
        for (String key : new TreeMap<>(environment.config()).keySet()) {
            if (!manifest.config().contains(key)) {
                throw new PluginException(
                        PluginException.Kind.BAD_CONFIG,
                        prefix() + "does not declare the config key "
                                + JsonWriter.quote(key) + " (it declares "
                                + (manifest.config().isEmpty() ? "none" : String.join(", ", manifest.config())) + ")");
            }
        }
        List<String> grants = new ArrayList<>();
        for (String grant : environment.grants()) {
            String normalized = GuestPaths.normalize(grant);
            if (normalized == null) {
                throw new PluginException(
                        PluginException.Kind.BAD_CONFIG,
                        "grant " + JsonWriter.quote(grant) + " is not an absolute path without '..'");
            }
            grants.add(normalized);
        }
        tenant = environment.tenant();
        config = environment.config();
        env.config = config;
        env.files = environment.fs() == null
                ? PluginFiles.NONE
                : new PluginFiles(environment.fs(), GuestPaths.intersect(manifest.paths(), grants));
        int code = guarded(PluginModule.INIT, () -> call(PluginModule.INIT));
        if (code != 0) {
            state = State.DEFUNCT;
            throw failure(PluginException.Kind.INIT_FAILED, PluginModule.INIT + " failed with code " + code);
        }
        state = State.STARTED;
    }

    /**
     * Runs {@code plugin_process} on {@code data}.
     *
     * @param input what the data is, for the context: a path, or "-" for standard input
     * @return the output
     * @throws PluginException PROCESS_FAILED for a negative result (the plugin stays usable), TRAP,
     *     TIME_LIMIT, MEMORY_LIMIT, OUTPUT_LIMIT
     * @throws IllegalStateException if not started, failed or closed
     */
    public synchronized byte[] process(String input, byte[] data) {
        require(State.STARTED);
        byte[] context = context(input).getBytes(StandardCharsets.UTF_8);
        invocations++;
        long started = System.nanoTime();
        try {
            return guarded(PluginModule.PROCESS, () -> processInside(context, data));
        } finally {
            processNanos += System.nanoTime() - started;
        }
    }

    /** What the plugin has used so far; also after a failure. */
    public synchronized PluginStats stats() {
        return new PluginStats(invocations, retries, processNanos, totalNanos, memory.pages());
    }

    /**
     * Calls {@code plugin_destroy} (if exported and the plugin was started and has not failed) and
     * releases the worker thread.
     *
     * @throws PluginException if {@code plugin_destroy} traps or runs out of time
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        try {
            if (state == State.STARTED && module.exports(PluginModule.DESTROY)) {
                guarded(PluginModule.DESTROY, () -> call(PluginModule.DESTROY));
            }
        } finally {
            state = State.CLOSED;
            timer.close();
        }
    }

    /** {"tenant": ..., "input": ..., "config": {...}} with keys in a stable order. */
    private String context(String input) {
        JsonWriter json = new JsonWriter()
                .beginObject()
                .name("tenant")
                .value(tenant)
                .name("input")
                .value(input)
                .name("config")
                .beginObject();
        for (var entry : new TreeMap<>(config).entrySet()) {
            json.name(entry.getKey()).value(entry.getValue());
        }
        return json.endObject().endObject().toString();
    }

    /** The body of {@link #process}, on the worker thread. */
    private byte[] processInside(byte[] context, byte[] data) {
        long outCap = Math.min(limits.maxOutputBytes(), Math.max(MIN_OUTPUT_CAPACITY, data.length));
        for (int attempt = 0; ; attempt++) {
            int base = reserve((long) context.length + data.length + outCap);
            int dataPtr = base + context.length;
            int outPtr = dataPtr + data.length;
            memory.write(base, context, 0, context.length);
            memory.write(dataPtr, data, 0, data.length);
            int result = call(PluginModule.PROCESS, base, context.length, dataPtr, data.length, outPtr, outCap);
            if (result < 0) {
                throw failure(PluginException.Kind.PROCESS_FAILED, PluginModule.PROCESS + " returned " + result);
            }
            if (result > limits.maxOutputBytes()) {
                throw new PluginException(
                        PluginException.Kind.OUTPUT_LIMIT,
                        prefix() + "output of " + result + " bytes is over the output limit of "
                                + limits.maxOutputBytes() + " bytes");
            }
            if (result <= outCap) {
                return memory.readBytes(outPtr, result);
            }
            if (attempt > 0) {
                throw failure(
                        PluginException.Kind.PROCESS_FAILED,
                        PluginModule.PROCESS + " asked for a " + result + "-byte output buffer after it was given the "
                                + outCap + " bytes it asked for");
            }
            retries++;
            outCap = result;
        }
    }

    private PluginManifest readManifest() {
        int cap = FIRST_MANIFEST_CAPACITY;
        for (int attempt = 0; ; attempt++) {
            int ptr = reserve(cap);
            int length = call(PluginModule.MANIFEST, ptr, cap);
            if (length < 0) {
                throw failure(PluginException.Kind.BAD_MANIFEST, PluginModule.MANIFEST + " returned " + length);
            }
            if (length > PluginAbi.MANIFEST_MAX) {
                throw failure(
                        PluginException.Kind.BAD_MANIFEST,
                        PluginModule.MANIFEST + " returned a length of " + length
                                + " bytes; a manifest may have at most " + PluginAbi.MANIFEST_MAX);
            }
            if (length <= cap) {
                return PluginManifest.parse(memory.readBytes(ptr, length));
            }
            if (attempt > 0) {
                throw failure(
                        PluginException.Kind.BAD_MANIFEST,
                        PluginModule.MANIFEST + " asked for a bigger buffer again after it was given " + cap
                                + " bytes");
            }
            cap = length;
        }
    }

    /**
     * Memory in the plugin for {@code size} bytes of arguments and results: the region from before
     * if it is big enough, else a new one from {@code alloc} (or, without it, from memory.grow,
     * which a guest allocator never hands out twice). A plugin has no {@code free}, so an outgrown
     * region stays allocated; regions at least double to bound that.
     */
    private int reserve(long size) {
        if (size <= regionCap) {
            return regionPtr;
        }
        if (size > Integer.MAX_VALUE - Memory.PAGE_SIZE) {
            throw new PluginException(
                    PluginException.Kind.MEMORY_LIMIT,
                    prefix() + "input and output of " + size + " bytes cannot fit in a 32-bit plugin memory");
        }
        int wanted = roundToPage(Math.max(size, Math.min(2L * regionCap, Integer.MAX_VALUE - Memory.PAGE_SIZE)));
        int ptr = obtain(wanted);
        if (ptr < 0 && wanted > size) {
            wanted = roundToPage(size);
            ptr = obtain(wanted);
            if (ptr >= 0) {
                memory.clearRefused(); // only the generous first try was too much
            }
        }
        if (ptr < 0) {
            throw failure(
                    PluginException.Kind.PROCESS_FAILED,
                    "could not get " + wanted
                            + " bytes of plugin memory for arguments and results ("
                            + (module.exports(PluginModule.ALLOC) ? "alloc returned 0" : "memory.grow failed") + ")");
        }
        regionPtr = ptr;
        regionCap = wanted;
        return ptr;
    }

    /** {@code size} bytes of plugin memory, or -1 when the plugin has none to give. */
    private int obtain(int size) {
        if (module.exports(PluginModule.ALLOC)) {
            int ptr = call(PluginModule.ALLOC, size);
            if (ptr == 0) {
                return -1;
            }
            if (!HostFunctions.inBounds(memory, ptr, size)) {
                throw failure(
                        PluginException.Kind.PROCESS_FAILED,
                        "alloc(" + size + ") returned " + Integer.toUnsignedString(ptr)
                                + ", which is not inside the plugin's memory");
            }
            return ptr;
        }
        int previousPages = memory.grow(size / Memory.PAGE_SIZE);
        return previousPages < 0 ? -1 : previousPages * Memory.PAGE_SIZE;
    }

    private static int roundToPage(long size) {
        return (int) ((size + Memory.PAGE_SIZE - 1) / Memory.PAGE_SIZE * Memory.PAGE_SIZE);
    }

    private int call(String export, long... args) {
        ExportFunction function = instance.export(export);
        long[] results = function.apply(args);
        return results == null || results.length == 0 ? 0 : (int) results[0];
    }

    /**
     * Runs {@code body} on the worker within the time limit and turns how it ended into a
     * PluginException where needed.
     */
    private <T> T guarded(String what, Callable<T> body) {
        memory.clearRefused();
        env.resetLogBudget();
        long started = System.nanoTime();
        CallTimer.Outcome<T> outcome;
        try {
            outcome = timer.run(limits.maxMillis(), body);
        } catch (InterruptedException e) {
            state = State.DEFUNCT;
            Thread.currentThread().interrupt();
            throw new PluginException(PluginException.Kind.INTERRUPTED, "interrupted while waiting for the plugin");
        } finally {
            totalNanos += System.nanoTime() - started;
        }
        if (outcome.timedOut()) {
            state = State.DEFUNCT;
            throw new PluginException(
                    PluginException.Kind.TIME_LIMIT,
                    prefix() + what + " ran longer than the time limit of " + limits.maxMillis() + " ms"
                            + (outcome.abandoned() ? " and did not stop; it was abandoned" : ""));
        }
        RuntimeException failure = outcome.failure();
        if (failure == null) {
            return outcome.value();
        }
        if (failure instanceof PluginException e) {
            if (e.kind() != PluginException.Kind.PROCESS_FAILED) {
                state = State.DEFUNCT;
            }
            throw e;
        }
        state = State.DEFUNCT;
        if (failure instanceof ChicoryException) {
            if (memory.refusedForLimit()) {
                throw memoryLimit("trapped in " + what + ": " + failure.getMessage());
            }
            throw new PluginException(
                    PluginException.Kind.TRAP, prefix() + "trapped in " + what + ": " + failure.getMessage(), failure);
        }
        throw failure; // a fault of the host itself, not of the plugin
    }

    /** A failure of the plugin, or MEMORY_LIMIT if memory.grow was refused for the limit before it. */
    private PluginException failure(PluginException.Kind kind, String what) {
        return memory.refusedForLimit() ? memoryLimit(what) : new PluginException(kind, prefix() + what);
    }

    private PluginException memoryLimit(String then) {
        return new PluginException(
                PluginException.Kind.MEMORY_LIMIT,
                prefix() + "reached the memory limit of " + (long) memory.limitPages() * Memory.PAGE_SIZE
                        + " bytes (memory.grow refused), then " + then);
    }

    private String prefix() {
        return manifest == null ? "plugin: " : "plugin " + manifest.name() + ": ";
    }

    private void require(State expected) {
        if (state != expected) {
            throw new IllegalStateException(prefix() + "is " + state.name().toLowerCase() + ", not "
                    + expected.name().toLowerCase());
        }
    }
}
