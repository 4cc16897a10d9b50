package io.tarbox.wasi.p2;

import io.tarbox.wasi.host.FilesystemErrorCode;

/**
 * The rep of a {@code wasi:io/error.error}: why a stream operation failed. {@code code} is what
 * {@code filesystem-error-code} answers (null for failures that are not filesystem errors).
 */
record IoError(FilesystemErrorCode code, String message) {}
