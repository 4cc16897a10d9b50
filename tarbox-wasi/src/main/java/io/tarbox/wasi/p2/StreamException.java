package io.tarbox.wasi.p2;

import io.tarbox.component.abi.ResultValue;
import io.tarbox.component.abi.VariantValue;
import io.tarbox.core.fs.FsException;
import io.tarbox.wasi.host.FilesystemErrorCode;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * A {@code wasi:io/streams.stream-error}: the stream is closed, or its last operation failed (with an
 * {@link IoError}). {@link #result} is the one place turning stream failures into results.
 */
final class StreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final IoError error;

    private StreamException(IoError error) {
        super(error == null ? "closed" : error.message(), null, false, false);
        this.error = error;
    }

    static StreamException closed() {
        return new StreamException(null);
    }

    static StreamException failed(FilesystemErrorCode code, String message) {
        return new StreamException(new IoError(code, message));
    }

    /** {@code ok(body())}, or the stream-error the body raised (contract errors and I/O errors as last-operation-failed). */
    static ResultValue result(Supplier<Object> body) {
        try {
            return ResultValue.ok(body.get());
        } catch (StreamException e) {
            return ResultValue.error(e.error == null ? new VariantValue(1, null) : new VariantValue(0, e.error));
        } catch (FsException e) {
            return ResultValue.error(
                    new VariantValue(0, new IoError(FilesystemErrorCode.of(e.error()), e.getMessage())));
        } catch (ErrorCodeException e) {
            return ResultValue.error(new VariantValue(0, new IoError(e.code, e.getMessage())));
        } catch (UncheckedIo e) {
            return ResultValue.error(new VariantValue(
                    0, new IoError(FilesystemErrorCode.IO, e.getCause().getMessage())));
        }
    }

    /** An IOException of stdio, carried out of a lambda. */
    static final class UncheckedIo extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedIo(IOException cause) {
            super(cause);
        }
    }
}
