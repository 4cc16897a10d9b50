package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.tarbox.core.fs.FsException;
import io.tarbox.wasi.host.WasiType.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * One wasi_snapshot_preview1 import, declared as the witx declares it: its name, its parameters
 * and results by name and witx type. The core signature is derived from the declaration (a
 * {@code string} is a pointer and a length; each result is a pointer the host writes through; the
 * errno is the return value), the body reads its arguments through {@link Call} by parameter and
 * type, and the trace decodes calls with the same names. {@code WasiSignaturesTest} holds every
 * declaration to the specification.
 *
 * <p>The one error channel: a body fails by throwing — {@link WasiError} with an errno, or the
 * contract's {@link FsException}, mapped by {@link Errno#of} — and here, and nowhere else, the
 * failure becomes the errno the guest sees. Traps (out-of-bounds guest pointers) and proc_exit pass
 * through to the engine.
 */
final class WasiFunction {
    static final String MODULE = "wasi_snapshot_preview1";

    /** An implementation: reads its arguments from the call, writes its results, throws to fail. */
    @FunctionalInterface
    interface Body {
        void call(Call call);
    }

    private static final byte I32 = 0;
    private static final byte I64 = 1;
    private static final byte PAIR = 2;

    private final String name;
    private final List<Param> params;
    private final List<Param> results;
    private final boolean returnsErrno;
    private final Body body;
    /** The core index of each parameter's first value, then of each result's pointer. */
    private final int[] offsets;
    /** How each parameter lowers: I32, I64 or PAIR. */
    private final byte[] kinds;

    private final FunctionType type;

    private WasiFunction(String name, List<Param> params, List<Param> results, boolean returnsErrno, Body body) {
        this.name = name;
        this.params = List.copyOf(params);
        this.results = List.copyOf(results);
        this.returnsErrno = returnsErrno;
        this.body = body;
        this.offsets = new int[params.size() + results.size()];
        this.kinds = new byte[params.size()];
        List<ValType> core = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            List<ValType> lowered = params.get(i).type().core();
            offsets[i] = core.size();
            kinds[i] = lowered.size() == 2 ? PAIR : lowered.get(0) == ValType.I64 ? I64 : I32;
            core.addAll(lowered);
        }
        for (int i = 0; i < results.size(); i++) {
            offsets[params.size() + i] = core.size();
            core.add(ValType.I32);
        }
        this.type = FunctionType.of(core, returnsErrno ? List.of(ValType.I32) : List.of());
    }

    /** A function that returns an errno (every one but proc_exit). */
    static WasiFunction declare(String name, List<Param> params, List<Param> results, Body body) {
        return new WasiFunction(name, params, results, true, body);
    }

    /** A function that returns nothing (proc_exit). */
    static WasiFunction declareNoReturn(String name, List<Param> params, Body body) {
        return new WasiFunction(name, params, List.of(), false, body);
    }

    static List<Param> params(Param... params) {
        return List.of(params);
    }

    static List<Param> results(Param... results) {
        return List.of(results);
    }

    static List<Param> none() {
        return List.of();
    }

    String name() {
        return name;
    }

    List<Param> params() {
        return params;
    }

    List<Param> results() {
        return results;
    }

    boolean returnsErrno() {
        return returnsErrno;
    }

    FunctionType type() {
        return type;
    }

    /** The core index of parameter {@code param}'s (first) value. */
    int coreIndex(int param) {
        return offsets[param];
    }

    /** The core index of result {@code result}'s pointer. */
    int resultIndex(int result) {
        return offsets[params.size() + result];
    }

    /** The import Chicory links. */
    HostFunction hostFunction() {
        if (!returnsErrno) {
            return new HostFunction(MODULE, name, type, (instance, args) -> {
                body.call(new Call(this, instance.memory(), args));
                return null;
            });
        }
        return new HostFunction(MODULE, name, type, (instance, args) ->
                new long[] {invoke(new Call(this, instance.memory(), args))});
    }

    private int invoke(Call call) {
        try {
            body.call(call);
            return Errno.SUCCESS;
        } catch (WasiError e) {
            return e.errno();
        } catch (FsException e) {
            return Errno.of(e.error());
        }
    }

    private int scalar(int param, byte kind) {
        if (kinds[param] != kind) {
            throw new IllegalStateException(
                    name + ": parameter " + params.get(param).name() + " is a "
                            + params.get(param).type().witx() + ", not read that way");
        }
        return offsets[param];
    }

    /** The arguments of one call, read by parameter index as declared. */
    static final class Call {
        private final WasiFunction function;
        private final Memory memory;
        private final long[] args;

        Call(WasiFunction function, Memory memory, long[] args) {
            this.function = function;
            this.memory = memory;
            this.args = args;
        }

        Memory memory() {
            return memory;
        }

        /** An argument that lowers to an i32 (fd, size, pointer, flags, enums). */
        int i32(int param) {
            return (int) args[function.scalar(param, I32)];
        }

        /** An argument that lowers to an i64 (filesize, timestamp, rights, dircookie). */
        long i64(int param) {
            return args[function.scalar(param, I64)];
        }

        /** The pointer of a string or array argument. */
        int pointer(int param) {
            return (int) args[function.scalar(param, PAIR)];
        }

        /** The length of a string or array argument. */
        int length(int param) {
            return (int) args[function.scalar(param, PAIR) + 1];
        }

        /** A string argument, decoded; EILSEQ when it is not UTF-8, as wasmtime. */
        String string(int param) {
            String s = GuestStrings.read(memory, pointer(param), length(param));
            if (s == null) {
                throw WasiError.of(Errno.ILSEQ);
            }
            return s;
        }

        /** The pointer result {@code result} is written through. */
        int out(int result) {
            return (int) args[function.resultIndex(result)];
        }
    }
}
