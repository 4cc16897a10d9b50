package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.wasi.Preopen;
import io.tarbox.wasi.RunAudit;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.RunTrace;
import io.tarbox.wasi.Stdio;
import io.tarbox.wasi.WasiRun;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The wasi_snapshot_preview1 host of one run: every function, over one descriptor table. The
 * functions live in one class per WASI concept (args, clocks, random, fd, path, poll, proc, sock).
 */
public final class WasiHost {
    private final WasiContext context;
    private final List<HostFunction> functions;
    private final RunTrace trace;

    private WasiHost(WasiContext context, RunTrace trace) {
        this.context = context;
        this.trace = trace;
        List<WasiFunction> declared = declarations(context);
        List<HostFunction> linked = new ArrayList<>(declared.size());
        for (WasiFunction f : declared) {
            linked.add(f.hostFunction());
        }
        if (context.audit != null) {
            linked = context.audit.wrap(linked);
        }
        if (trace != null) {
            linked = CallTrace.wrap(declared, linked, trace); // outermost: the time includes the audit's
        }
        this.functions = linked;
    }

    /** Every function's declaration, in one class per WASI concept. */
    static List<WasiFunction> declarations(WasiContext context) {
        List<WasiFunction> declared = new ArrayList<>();
        declared.addAll(new ArgsFunctions(context).functions());
        declared.addAll(new ClockFunctions(context).functions());
        declared.addAll(new RandomFunctions(context).functions());
        declared.addAll(new FdFunctions(context).functions());
        declared.addAll(new PathFunctions(context).functions());
        declared.addAll(new PollFunctions(context).functions());
        declared.addAll(new ProcFunctions().functions());
        declared.addAll(new SockFunctions(context).functions());
        return declared;
    }

    /**
     * A host for one guest.
     *
     * @param args the guest's argv, program name first
     * @param environ "KEY=VALUE" strings
     * @param preopens descriptors 3, 4, ... in this order
     * @param stdio descriptors 0, 1 and 2
     */
    public static WasiHost create(List<String> args, List<String> environ, List<Preopen> preopens, Stdio stdio) {
        return create(args, environ, preopens, stdio, RunLimits.NONE);
    }

    /**
     * A host for one guest under limits; only the open-files and file-size limits are the host's
     * to enforce ({@link WasiRun} enforces the others).
     */
    public static WasiHost create(
            List<String> args, List<String> environ, List<Preopen> preopens, Stdio stdio, RunLimits limits) {
        return new WasiHost(new WasiContext(args, environ, preopens, stdio, null, limits), null);
    }

    /**
     * As {@link #create(List, List, List, Stdio, RunLimits)}, recording the run's file operations as
     * {@code audit} says (null: not at all).
     */
    public static WasiHost create(
            List<String> args,
            List<String> environ,
            List<Preopen> preopens,
            Stdio stdio,
            RunLimits limits,
            RunAudit audit) {
        return new WasiHost(new WasiContext(args, environ, preopens, stdio, null, limits, audit), null);
    }

    /**
     * As {@link #create(List, List, List, Stdio, RunLimits, RunAudit)}, tracing every host call to
     * {@code trace} (null: no trace, and no wrapper installed).
     */
    public static WasiHost create(
            List<String> args,
            List<String> environ,
            List<Preopen> preopens,
            Stdio stdio,
            RunLimits limits,
            RunAudit audit,
            RunTrace trace) {
        return new WasiHost(new WasiContext(args, environ, preopens, stdio, null, limits, audit), trace);
    }

    /** As {@link #create} with a given random source (tests want repeatable bytes). */
    static WasiHost create(
            List<String> args, List<String> environ, List<Preopen> preopens, Stdio stdio, Random random) {
        return new WasiHost(new WasiContext(args, environ, preopens, stdio, random, RunLimits.NONE), null);
    }

    /** Every wasi_snapshot_preview1 function, to pass to Chicory's import values. */
    public List<HostFunction> functions() {
        return Collections.unmodifiableList(functions);
    }

    /**
     * Ends the run: closes the descriptors it left open (an unlinked file they held is freed),
     * commits every preopen's filesystem (each once), and writes what the audit recorder (the sums
     * of writes to open files) and the trace still hold.
     */
    public void finish() {
        context.fds.closeAll();
        context.filesystems.forEach(FilesystemInterface::syncAll);
        if (context.audit != null) {
            context.audit.finish();
        }
        if (trace != null) {
            trace.flush();
        }
    }
}
