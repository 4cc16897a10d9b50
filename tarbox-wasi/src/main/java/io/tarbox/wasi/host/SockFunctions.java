package io.tarbox.wasi.host;

import static io.tarbox.wasi.host.WasiFunction.declare;
import static io.tarbox.wasi.host.WasiFunction.none;
import static io.tarbox.wasi.host.WasiFunction.params;
import static io.tarbox.wasi.host.WasiFunction.results;
import static io.tarbox.wasi.host.WasiType.CIOVEC_ARRAY;
import static io.tarbox.wasi.host.WasiType.FD;
import static io.tarbox.wasi.host.WasiType.FDFLAGS;
import static io.tarbox.wasi.host.WasiType.IOVEC_ARRAY;
import static io.tarbox.wasi.host.WasiType.RIFLAGS;
import static io.tarbox.wasi.host.WasiType.ROFLAGS;
import static io.tarbox.wasi.host.WasiType.SDFLAGS;
import static io.tarbox.wasi.host.WasiType.SIFLAGS;
import static io.tarbox.wasi.host.WasiType.SIZE;

import io.tarbox.wasi.host.WasiFunction.Call;
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

    List<WasiFunction> functions() {
        return List.of(
                declare(
                        "sock_accept",
                        params(FD.named("fd"), FDFLAGS.named("flags")),
                        results(FD.named("new_fd")),
                        this::notASocket),
                declare(
                        "sock_recv",
                        params(FD.named("fd"), IOVEC_ARRAY.named("ri_data"), RIFLAGS.named("ri_flags")),
                        results(SIZE.named("ro_datalen"), ROFLAGS.named("ro_flags")),
                        this::notASocket),
                declare(
                        "sock_send",
                        params(FD.named("fd"), CIOVEC_ARRAY.named("si_data"), SIFLAGS.named("si_flags")),
                        results(SIZE.named("so_datalen")),
                        this::notASocket),
                declare("sock_shutdown", params(FD.named("fd"), SDFLAGS.named("how")), none(), this::notASocket));
    }

    private void notASocket(Call c) {
        fds.open(c.i32(0));
        throw WasiError.of(Errno.NOTSOCK);
    }
}
