package io.tarbox.wasi.p2;

import io.tarbox.component.abi.ResultValue;
import io.tarbox.core.fs.FsException;
import io.tarbox.wasi.host.FilesystemErrorCode;
import java.util.function.Supplier;

/**
 * The one place where WASI 0.2 filesystem calls turn errors into {@code result<_, error-code>}:
 * a contract {@link FsException} through {@link FilesystemErrorCode#of}, an
 * {@link ErrorCodeException} as it is. Traps and exits pass through.
 */
final class Results {
    private Results() {}

    /** {@code ok(body())}, or {@code error(code)}. */
    static ResultValue of(Supplier<Object> body) {
        try {
            return ResultValue.ok(body.get());
        } catch (FsException e) {
            return error(FilesystemErrorCode.of(e.error()));
        } catch (ErrorCodeException e) {
            return error(e.code);
        }
    }

    /** As {@link #of} for a body without a result. */
    static ResultValue run(Runnable body) {
        return of(() -> {
            body.run();
            return null;
        });
    }

    static ResultValue error(FilesystemErrorCode code) {
        return ResultValue.error(code.ordinal());
    }
}
