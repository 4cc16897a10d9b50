package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import java.util.List;

/**
 * sock_accept, sock_recv, sock_send, sock_shutdown. Tarbox never hands out sockets, so every open
 * descriptor is "not a socket" (ENOTSOCK) and any other number is EBADF, as wasmtime.
 */
final class SockFunctions {
    private final FdTable fds;

    SockFunctions(WasiContext context) {
        this.fds = context.fds;
    }

    List<HostFunction> functions() {
        return List.of(
                WasiFunction.of("sock_accept", "iii", (m, a) -> notASocket((int) a[0])),
                WasiFunction.of("sock_recv", "iiiiii", (m, a) -> notASocket((int) a[0])),
                WasiFunction.of("sock_send", "iiiii", (m, a) -> notASocket((int) a[0])),
                WasiFunction.of("sock_shutdown", "ii", (m, a) -> notASocket((int) a[0])));
    }

    private int notASocket(int fd) {
        return fds.get(fd) == null ? Errno.BADF : Errno.NOTSOCK;
    }
}
