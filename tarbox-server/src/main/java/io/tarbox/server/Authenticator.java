package io.tarbox.server;

import io.tarbox.core.model.ApiToken;
import io.tarbox.storage.sql.SqlStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who a request is: the token it carries, as {@code Authorization: Bearer SECRET} or as the
 * password of Basic auth (what WebDAV clients of operating systems send). Basic is accepted only
 * over TLS or from a loopback address, where the password does not cross a network in the clear.
 * The token is looked up on every request, so a revoked or expired one is refused at once.
 */
final class Authenticator {
    /** The challenge of a 401: Basic (browsers and OS clients prompt for it) and Bearer. */
    static final String CHALLENGE_BASIC = "Basic realm=\"tarbox\", charset=\"UTF-8\"";

    static final String CHALLENGE_BEARER = "Bearer realm=\"tarbox\"";
    /** How often a token's "last used" time is written, at most. */
    private static final long TOUCH_INTERVAL_NANOS = 60_000_000_000L;

    private final SqlStore store;

    Authenticator(SqlStore store) {
        this.store = store;
    }

    /** The request's token, checked. @throws HttpError 401 */
    ApiToken authenticate(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw unauthorized(
                    "authentication required: a token as 'Authorization: Bearer TOKEN' (or as the password of Basic auth)");
        }
        String secret;
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            secret = value;
        } else if (scheme.equalsIgnoreCase("Basic")) {
            if (!request.isSecure() && !fromLoopback(request)) {
                throw unauthorized(
                        "Basic auth is accepted only over TLS or from this machine: use 'Authorization: Bearer TOKEN'");
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw unauthorized("malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            String password = colon < 0 ? "" : decoded.substring(colon + 1);
            secret = password.isEmpty() ? user : password;
        } else {
            throw unauthorized("unsupported authentication scheme '" + scheme + "'");
        }
        if (secret.isEmpty() || secret.length() > 200) {
            throw unauthorized("invalid token");
        }
        Optional<ApiToken> found = store.findToken(TokenSecrets.hash(secret));
        if (found.isEmpty()) {
            throw unauthorized("invalid token");
        }
        ApiToken token = found.get();
        long now = now();
        if (token.revokedNanos() != null) {
            throw unauthorized("token '" + token.name() + "' was revoked");
        }
        if (!token.validAt(now)) {
            throw unauthorized("token '" + token.name() + "' has expired");
        }
        if (token.lastUsedNanos() == null || now - token.lastUsedNanos() > TOUCH_INTERVAL_NANOS) {
            store.touchToken(token.name());
        }
        return token;
    }

    static boolean fromLoopback(Request request) {
        String remote = Request.getRemoteAddr(request);
        if (remote == null) {
            return false;
        }
        try {
            // an address literal: no lookup happens
            return InetAddress.getByName(remote.startsWith("[") ? remote.substring(1, remote.length() - 1) : remote)
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static HttpError unauthorized(String message) {
        return new HttpError(401, "unauthorized", message);
    }

    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
