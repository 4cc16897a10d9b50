package io.tarbox.wasi.p2;

import io.tarbox.component.link.HostFunc;
import io.tarbox.component.link.HostInstance;
import io.tarbox.component.link.ImportResolver;
import io.tarbox.component.types.FuncType;
import io.tarbox.wasi.Preopen;
import io.tarbox.wasi.RunAudit;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.RunTrace;
import io.tarbox.wasi.Stdio;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The WASI 0.2 host of one run: {@code wasi:cli}, {@code wasi:io}, {@code wasi:filesystem},
 * {@code wasi:clocks} and {@code wasi:random}, one class per group of interfaces, over the same
 * filesystems, preopens, limits and audit trail as the preview 1 host. It resolves a component's
 * imports by name: any {@code 0.2.x} version of an interface it implements (semver: a 0.2 minor
 * release only adds), nothing else ({@code wasi:sockets}, {@code wasi:http}, custom interfaces).
 */
public final class P2Host implements ImportResolver {
    /** The versions accepted: 0.2.0, 0.2.1, ... (release candidates of 0.2.0 had other types). */
    private static final Pattern VERSION = Pattern.compile("0\\.2\\.\\d+");
    /** Host functions that only wait: a deadline may interrupt them (the others finish first). */
    private static final Set<String> WAITING = Set.of("poll", "[method]pollable.block");

    /** Brackets every host call that is not a pure wait (the run's timer, see {@code CallTimer}). */
    public interface Guard {
        void enter();

        void exit();
    }

    private final P2Context context;
    private final Map<String, HostInstance> instances = new HashMap<>();
    /** Null when the run is not traced. */
    private final RunTrace trace;

    /**
     * @param guard brackets host calls for the run's timeout; null without one
     * @param audit where file operations are recorded; null for none
     */
    public P2Host(
            List<String> args,
            List<String> environ,
            List<Preopen> preopens,
            Stdio stdio,
            RunLimits limits,
            RunAudit audit,
            Guard guard) {
        this(args, environ, preopens, stdio, limits, audit, guard, null);
    }

    /** As the other constructor, tracing every host call to {@code trace} (null: not traced, nothing wrapped). */
    public P2Host(
            List<String> args,
            List<String> environ,
            List<Preopen> preopens,
            Stdio stdio,
            RunLimits limits,
            RunAudit audit,
            Guard guard,
            RunTrace trace) {
        this.trace = trace;
        this.context = new P2Context(args, environ, preopens, stdio, limits, audit);
        P2Resources resources = new P2Resources(context);
        List<HostInstance> all = new ArrayList<>();
        all.addAll(CliHosts.instances(context, resources));
        all.addAll(IoHosts.instances(context, resources));
        all.addAll(FilesystemHosts.instances(context, resources));
        all.addAll(ClockHosts.instances(context, resources));
        all.addAll(RandomHosts.instances(context));
        P2Wit.declare(all);
        for (HostInstance instance : all) {
            instances.put(instance.name(), guard == null ? instance : guarded(instance, guard));
        }
    }

    @Override
    public HostInstance instance(String importName) {
        int at = importName.indexOf('@');
        if (at < 0 || !VERSION.matcher(importName.substring(at + 1)).matches()) {
            return null;
        }
        return instances.get(importName.substring(0, at));
    }

    @Override
    public HostFunc bind(String importName, String function, FuncType type, HostFunc body) {
        if (trace == null) {
            return body;
        }
        int at = importName.indexOf('@');
        String fn = (at < 0 ? importName : importName.substring(0, at)) + "#" + function;
        return trace.selects(function, fn) ? P2Trace.wrap(fn, type, body, trace) : body;
    }

    /** The interfaces implemented, without version (for docs and inspect). */
    public Set<String> interfaces() {
        return instances.keySet();
    }

    /**
     * Ends the run: lets the preopens' filesystems free unlinked files again, commits each once,
     * and writes what the audit recorder and the trace still hold.
     */
    public void finish() {
        context.finish();
        if (context.audit != null) {
            context.audit.finish();
        }
        if (trace != null) {
            trace.flush();
        }
    }

    private static HostInstance guarded(HostInstance instance, Guard guard) {
        HostInstance out = new HostInstance(instance.name());
        instance.functions().forEach((name, f) -> {
            HostFunc body = f.body();
            HostFunc guardedBody = WAITING.contains(name)
                    ? body
                    : args -> {
                        guard.enter();
                        try {
                            return body.call(args);
                        } finally {
                            guard.exit();
                        }
                    };
            out.func(name, f.params(), guardedBody);
            if (f.type() != null) {
                out.declare(name, f.type());
            }
        });
        instance.resources().forEach(out::resource);
        return out;
    }
}
