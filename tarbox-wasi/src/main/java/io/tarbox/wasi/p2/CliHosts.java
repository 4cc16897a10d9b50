package io.tarbox.wasi.p2;

import io.tarbox.component.abi.ResultValue;
import io.tarbox.component.link.HostInstance;
import io.tarbox.wasi.host.ProcExit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code wasi:cli}: environment, exit, stdin, stdout, stderr and the five terminal interfaces.
 * Standard streams are the run's (under the output limit); the terminal interfaces answer a
 * terminal only when Tarbox's own stdio is one, as the preview 1 host's fdstat does.
 */
final class CliHosts {
    private CliHosts() {}

    static List<HostInstance> instances(P2Context context, P2Resources r) {
        List<HostInstance> out = new ArrayList<>();
        out.add(new HostInstance("wasi:cli/environment")
                .func("get-environment", 0, a -> {
                    List<Object> vars = new ArrayList<>();
                    for (String kv : context.environ) {
                        int eq = kv.indexOf('=');
                        vars.add(new Object[] {eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1)});
                    }
                    return vars;
                })
                .func("get-arguments", 0, a -> new ArrayList<Object>(context.args))
                .func("initial-cwd", 0, a -> Optional.empty()));
        out.add(new HostInstance("wasi:cli/exit")
                .func("exit", 1, a -> {
                    throw new ProcExit(((ResultValue) a[0]).isOk() ? 0 : 1);
                })
                .func("exit-with-code", 1, a -> {
                    throw new ProcExit((Integer) a[0] & 0xFF);
                }));
        out.add(new HostInstance("wasi:cli/stdin")
                .resource("input-stream", r.inputStream)
                .func("get-stdin", 0, a -> new P2InputStream.Stdin(context.stdin)));
        out.add(new HostInstance("wasi:cli/stdout")
                .resource("output-stream", r.outputStream)
                .func("get-stdout", 0, a -> new P2OutputStream.Std(context.stdio.out())));
        out.add(new HostInstance("wasi:cli/stderr")
                .resource("output-stream", r.outputStream)
                .func("get-stderr", 0, a -> new P2OutputStream.Std(context.stdio.err())));
        out.add(new HostInstance("wasi:cli/terminal-input").resource("terminal-input", r.terminalInput));
        out.add(new HostInstance("wasi:cli/terminal-output").resource("terminal-output", r.terminalOutput));
        Object terminal = new Object();
        out.add(new HostInstance("wasi:cli/terminal-stdin")
                .resource("terminal-input", r.terminalInput)
                .func("get-terminal-stdin", 0, a -> terminal(context, terminal)));
        out.add(new HostInstance("wasi:cli/terminal-stdout")
                .resource("terminal-output", r.terminalOutput)
                .func("get-terminal-stdout", 0, a -> terminal(context, terminal)));
        out.add(new HostInstance("wasi:cli/terminal-stderr")
                .resource("terminal-output", r.terminalOutput)
                .func("get-terminal-stderr", 0, a -> terminal(context, terminal)));
        return out;
    }

    private static Optional<Object> terminal(P2Context context, Object terminal) {
        return context.stdio.terminal() ? Optional.of(terminal) : Optional.empty();
    }
}
