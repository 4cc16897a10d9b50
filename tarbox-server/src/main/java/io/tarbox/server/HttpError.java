package io.tarbox.server;

/**
 * A request refused or failed: the HTTP status, a stable machine-readable code (the JSON API's
 * {@code error.code}) and a one-line message. Thrown anywhere in a handler; {@link TarboxHandler}
 * turns it into the response.
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public HttpError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, "bad_request", message);
    }

    static HttpError notFound(String message) {
        return new HttpError(404, "not_found", message);
    }

    static HttpError forbidden(String message) {
        return new HttpError(403, "forbidden", message);
    }

    static HttpError methodNotAllowed(String message) {
        return new HttpError(405, "method_not_allowed", message);
    }

    static HttpError conflict(String message) {
        return new HttpError(409, "conflict", message);
    }

    static HttpError preconditionFailed(String message) {
        return new HttpError(412, "precondition_failed", message);
    }
}
