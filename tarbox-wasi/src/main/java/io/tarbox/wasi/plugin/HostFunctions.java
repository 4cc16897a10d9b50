package io.tarbox.wasi.plugin;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.tarbox.wasi.RunTrace;
import io.tarbox.wasi.host.GuestStrings;
import io.tarbox.wasi.limits.CallTimer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The host functions a plugin may import from module {@code env}. Each checks every pointer and
 * length against the plugin's memory first and answers a bad one with
 * {@link PluginAbi#BAD_POINTER}; no guest input makes one throw. Lengths and sizes are returned
 * as non-negative numbers, failures as the negative codes of {@link PluginAbi}. A result longer
 * than {@code out_cap} is not written: its length is returned, so the plugin can retry with a
 * bigger buffer.
 */
final class HostFunctions {
    private static final ValType I32 = ValType.I32;
    private static final ValType I64 = ValType.I64;

    private final HostEnvironment env;
    private final CallTimer timer;

    HostFunctions(HostEnvironment env, CallTimer timer) {
        this.env = env;
        this.timer = timer;
    }

    /** The functions, to be offered to the module's imports; traced to {@code trace} unless it is null. */
    List<HostFunction> all(RunTrace trace) {
        return List.of(
                function(
                        "host_log",
                        List.of("level", "message", "message_len"),
                        I32,
                        trace,
                        (instance, args) -> log(instance.memory(), (int) args[0], (int) args[1], (int) args[2])),
                function(
                        "host_get_config",
                        List.of("key", "key_len", "out", "out_cap"),
                        I32,
                        trace,
                        (instance, args) -> getConfig(
                                instance.memory(), (int) args[0], (int) args[1], (int) args[2], (int) args[3])),
                function(
                        "host_read_file",
                        List.of("path", "path_len", "out", "out_cap"),
                        I32,
                        trace,
                        (instance, args) -> readFile(
                                instance.memory(), (int) args[0], (int) args[1], (int) args[2], (int) args[3])),
                function(
                        "host_file_exists",
                        List.of("path", "path_len"),
                        I32,
                        trace,
                        (instance, args) -> fileExists(instance.memory(), (int) args[0], (int) args[1])),
                function(
                        "host_file_size",
                        List.of("path", "path_len"),
                        I64,
                        trace,
                        (instance, args) -> fileSize(instance.memory(), (int) args[0], (int) args[1])));
    }

    /** The body of one host function; it returns the single result. */
    @FunctionalInterface
    private interface Body {
        long call(Instance instance, long[] args);
    }

    /**
     * One function; its parameters are i32s named by {@code params}, a name followed by the same
     * name with {@code _len} being a string by pointer and length (the trace shows it as text).
     */
    private HostFunction function(String name, List<String> params, ValType result, RunTrace trace, Body body) {
        List<ValType> types = new ArrayList<>();
        params.forEach(p -> types.add(I32));
        WasmFunctionHandle handle = (instance, args) -> {
            timer.enterHost();
            try {
                return new long[] {body.call(instance, args)};
            } finally {
                timer.exitHost();
            }
        };
        WasmFunctionHandle traced = trace == null || !trace.selects(name, PluginAbi.IMPORT_MODULE + "#" + name)
                ? handle
                : (instance, args) -> traced(name, params, handle, instance, args, trace);
        return new HostFunction(PluginAbi.IMPORT_MODULE, name, FunctionType.of(types, List.of(result)), traced);
    }

    private static long[] traced(
            String name,
            List<String> params,
            WasmFunctionHandle handle,
            Instance instance,
            long[] args,
            RunTrace trace) {
        List<RunTrace.Arg> decoded = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            if (i + 1 < params.size() && params.get(i + 1).equals(p + "_len")) {
                Memory memory = instance.memory();
                String text = inBounds(memory, (int) args[i], (int) args[i + 1])
                        ? GuestStrings.read(memory, (int) args[i], (int) args[i + 1])
                        : null;
                decoded.add(text == null ? RunTrace.Arg.symbol(p, "<invalid>") : RunTrace.Arg.text(p, text));
                i++;
            } else if (p.equals("out")) {
                decoded.add(RunTrace.Arg.symbol(p, "0x" + Integer.toHexString((int) args[i])));
            } else {
                decoded.add(RunTrace.Arg.number(p, (int) args[i]));
            }
        }
        long start = System.nanoTime();
        long[] result;
        try {
            result = handle.apply(instance, args);
        } catch (RuntimeException | Error e) {
            trace.call(
                    name,
                    decoded,
                    null,
                    List.of(),
                    System.nanoTime() - start,
                    e.getClass().getSimpleName());
            throw e;
        }
        long value = result[0];
        String error = value < 0 && value >= PluginAbi.IO_ERROR ? PluginAbi.codeName((int) value) : null;
        trace.call(
                name,
                decoded,
                error,
                error != null ? List.of() : List.of(RunTrace.Arg.number("result", value)),
                System.nanoTime() - start,
                null);
        return result;
    }

    int log(Memory memory, int level, int ptr, int len) {
        if (!inBounds(memory, ptr, len)) {
            return PluginAbi.BAD_POINTER;
        }
        PluginLog.Level parsed = PluginLog.Level.of(level);
        if (parsed == null) {
            return PluginAbi.INVALID;
        }
        int kept = Math.min(len, PluginAbi.LOG_MESSAGE_MAX);
        String message = new String(memory.readBytes(ptr, kept), StandardCharsets.UTF_8);
        env.log(parsed, len, kept < len ? message + "..." : message);
        return 0;
    }

    int getConfig(Memory memory, int keyPtr, int keyLen, int outPtr, int outCap) {
        if (!inBounds(memory, keyPtr, keyLen) || !inBounds(memory, outPtr, outCap)) {
            return PluginAbi.BAD_POINTER;
        }
        String key = GuestStrings.read(memory, keyPtr, keyLen);
        if (key == null) {
            return PluginAbi.INVALID;
        }
        if (!env.declaredKeys.contains(key)) {
            return PluginAbi.NOT_GRANTED;
        }
        String value = env.config.get(key);
        if (value == null) {
            return PluginAbi.NOT_FOUND;
        }
        return writeResult(memory, value.getBytes(StandardCharsets.UTF_8), outPtr, outCap);
    }

    int readFile(Memory memory, int pathPtr, int pathLen, int outPtr, int outCap) {
        if (!inBounds(memory, pathPtr, pathLen) || !inBounds(memory, outPtr, outCap)) {
            return PluginAbi.BAD_POINTER;
        }
        String path = GuestStrings.read(memory, pathPtr, pathLen);
        if (path == null) {
            return PluginAbi.INVALID;
        }
        PluginFiles files = env.files;
        PluginFiles.Lookup file = files.regularFile(path);
        if (file.code() < 0) {
            return file.code();
        }
        long size = file.attributes().size();
        if (size > Integer.MAX_VALUE) {
            return PluginAbi.TOO_LARGE;
        }
        if (size > outCap) {
            return (int) size;
        }
        byte[] content = new byte[(int) size];
        int read = files.read(file.attributes(), content);
        if (read < 0) {
            return read;
        }
        memory.write(outPtr, content, 0, read);
        return read;
    }

    int fileExists(Memory memory, int pathPtr, int pathLen) {
        if (!inBounds(memory, pathPtr, pathLen)) {
            return PluginAbi.BAD_POINTER;
        }
        String path = GuestStrings.read(memory, pathPtr, pathLen);
        return path == null ? PluginAbi.INVALID : env.files.exists(path);
    }

    long fileSize(Memory memory, int pathPtr, int pathLen) {
        if (!inBounds(memory, pathPtr, pathLen)) {
            return PluginAbi.BAD_POINTER;
        }
        String path = GuestStrings.read(memory, pathPtr, pathLen);
        return path == null ? PluginAbi.INVALID : env.files.size(path);
    }

    /**
     * Whether [ptr, ptr + len) lies inside memory. Pointers are unsigned 32-bit addresses; a length
     * with the sign bit set is refused rather than read as 2 GiB or more.
     */
    static boolean inBounds(Memory memory, int ptr, int len) {
        if (memory == null || len < 0) {
            return false;
        }
        long end = Integer.toUnsignedLong(ptr) + len;
        return end <= (long) memory.pages() * Memory.PAGE_SIZE;
    }

    private static int writeResult(Memory memory, byte[] result, int outPtr, int outCap) {
        if (result.length <= outCap) {
            memory.write(outPtr, result, 0, result.length);
        }
        return result.length;
    }
}
