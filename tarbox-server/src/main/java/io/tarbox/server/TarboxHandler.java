package io.tarbox.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.ApiToken;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The server's routes: {@code GET /healthz} (no token), {@code /dav/TENANT/PATH} and
 * {@code /snap/TENANT/SNAPSHOT/PATH} (WebDAV), {@code /api/v1/...} (the JSON API). Every other
 * route needs a token ({@link Authenticator}); a token reaches its own tenant only, and any other
 * tenant, existing or not, answers 404. Errors are written here, in one shape: JSON
 * ({@code {"error": {"code", "message", "status"}}}) under /api, plain text elsewhere.
 */
final class TarboxHandler extends Handler.Abstract {
    /** The request attribute holding the token's name, for the request log. */
    static final String TOKEN_ATTRIBUTE = "tarbox.token";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Authenticator auth;
    private final DavHandler dav;
    private final ApiHandler api;

    TarboxHandler(Trees trees, Authenticator auth) {
        this.auth = auth;
        this.dav = new DavHandler(trees);
        this.api = new ApiHandler(trees, new ServerRuns(trees), new RemoteTrees(trees));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        boolean isApi = path != null && path.startsWith("/api/");
        try {
            route(request, response, path == null ? "/" : path);
            callback.succeeded();
        } catch (HttpError e) {
            fail(request, response, callback, e, isApi);
        } catch (FsException e) {
            fail(request, response, callback, Errors.of(e), isApi);
        } catch (java.io.IOException e) {
            // the client's connection failed (it went away, or stalled past the idle timeout)
            System.err.println("tarbox serve: " + request.getMethod() + " " + path + ": client connection failed: "
                    + e.getMessage());
            fail(
                    request,
                    response,
                    callback,
                    new HttpError(400, "connection_failed", "connection failed: " + e.getMessage()),
                    isApi);
        } catch (Exception e) {
            System.err.println("tarbox serve: " + request.getMethod() + " " + path + " failed: " + e);
            fail(
                    request,
                    response,
                    callback,
                    new HttpError(
                            500, "internal", "internal error: " + e.getClass().getSimpleName()),
                    isApi);
        }
        return true;
    }

    private void route(Request request, Response response, String path) throws Exception {
        if (path.equals("/healthz")) {
            Http.send(response, 200, "text/plain; charset=utf-8", "ok\n");
            return;
        }
        if (path.equals("/api/v1/openapi.json")) {
            Http.send(
                    response,
                    200,
                    "application/json",
                    ApiHandler.openApi(),
                    request.getMethod().equals("HEAD"));
            return;
        }
        boolean davRoute = path.equals("/dav") || path.startsWith("/dav/");
        boolean snapRoute = path.equals("/snap") || path.startsWith("/snap/");
        boolean apiRoute = path.startsWith("/api/v1/") || path.equals("/api/v1");
        if (!davRoute && !snapRoute && !apiRoute) {
            throw HttpError.notFound("no such route: " + path + " (try /dav/TENANT/, /api/v1/ or /healthz)");
        }
        ApiToken token = auth.authenticate(request);
        request.setAttribute(TOKEN_ATTRIBUTE, token.name());
        if (apiRoute) {
            api.handle(request, response, token, path.substring("/api/v1".length()));
            return;
        }
        List<String> names = UrlPaths.segments(path.substring(davRoute ? 4 : 5));
        if (names.isEmpty()) {
            throw HttpError.notFound("name a tenant: /dav/TENANT/");
        }
        String tenant = names.get(0);
        if (!tenant.equals(token.tenant())) {
            throw HttpError.notFound("no such tenant: " + tenant);
        }
        if (davRoute) {
            dav.handle(
                    request,
                    response,
                    token,
                    tenant,
                    null,
                    names.subList(1, names.size()),
                    "/dav/" + UrlPaths.encode(tenant));
            return;
        }
        if (names.size() < 2) {
            throw HttpError.notFound(
                    "name a snapshot: /snap/TENANT/SNAPSHOT/ (see GET /api/v1/tenants/TENANT/snapshots)");
        }
        String snapshot = names.get(1);
        dav.handle(
                request,
                response,
                token,
                tenant,
                snapshot,
                names.subList(2, names.size()),
                "/snap/" + UrlPaths.encode(tenant) + "/" + UrlPaths.encode(snapshot));
    }

    private static void fail(Request request, Response response, Callback callback, HttpError e, boolean api) {
        try {
            if (response.isCommitted()) {
                if (RunStream.TYPE.equals(response.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
                    // a stream of JSON lines: its last line is the error
                    byte[] json = JSON.writeValueAsBytes(error(e));
                    byte[] line = Arrays.copyOf(json, json.length + 1);
                    line[json.length] = '\n';
                    response.write(true, java.nio.ByteBuffer.wrap(line), callback);
                    return;
                }
                callback.failed(e); // part of the body went out: the connection is cut, the client sees it
                return;
            }
            if (e.status() == 401) {
                response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, Authenticator.CHALLENGE_BASIC);
                response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, Authenticator.CHALLENGE_BEARER);
            }
            if (e.status() == 304) {
                response.setStatus(304);
                response.write(true, null, callback);
                return;
            }
            byte[] body;
            String type;
            if (api) {
                body = JSON.writeValueAsBytes(error(e));
                type = "application/json";
            } else {
                body = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
                type = "text/plain; charset=utf-8";
            }
            drain(request);
            response.setStatus(e.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            boolean head = request.getMethod().equals("HEAD");
            response.write(true, java.nio.ByteBuffer.wrap(head ? new byte[0] : body), callback);
        } catch (Exception failed) {
            callback.failed(failed);
        }
    }

    /** The JSON API's error shape: {@code {"error": {"code", "message", "status"}}}. */
    private static Map<String, Object> error(HttpError e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        error.put("status", e.status());
        return Map.of("error", error);
    }

    /** Reads what is left of a small body, so that the connection can be kept; a big one closes it. */
    private static void drain(Request request) {
        // Jetty consumes or closes unread content itself at the end of the exchange.
    }
}
