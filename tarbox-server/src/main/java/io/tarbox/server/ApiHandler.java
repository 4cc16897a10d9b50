package io.tarbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.audit.RunRecord;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.layer.TreeDiff;
import io.tarbox.core.model.ApiToken;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.model.TenantUsage;
import io.tarbox.wasi.RunStop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/**
 * The JSON API at {@code /api/v1}: what WebDAV cannot say. Its routes are {@link #ROUTES}, and
 * {@code /api/v1/openapi.json} describes exactly those (a test holds the two together). Errors
 * have one shape, {@code {"error": {"code", "message", "status"}}}, with codes from {@link Errors}.
 */
final class ApiHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A route: method, path pattern ({@code {name}} is one segment), the scope it needs. */
    record Route(String method, String pattern, ApiToken.Scope scope, Action action) {}

    @FunctionalInterface
    interface Action {
        Object run(Call call) throws IOException;
    }

    /** One request to a route: its token, path parameters and query. */
    record Call(Request request, ApiToken token, Map<String, String> params, Fields query) {
        String param(String name) {
            return params.get(name);
        }

        String query(String name) {
            return query.getValue(name);
        }
    }

    /** A response with a status other than 200 (and possibly no body). */
    record Reply(int status, Object body) {}

    /** A response body that is not JSON. */
    record Binary(String contentType, byte[] body) {}

    /** The largest batch of remote calls (their writes included) a request may carry. */
    static final int MAX_CALLS_BODY = 32 << 20;

    /** A response written as it is made, by {@code body}; it sets its own status and headers. */
    record Streamed(StreamedBody body) {}

    @FunctionalInterface
    interface StreamedBody {
        void write(Response response) throws IOException;
    }

    private final Trees trees;
    private final ServerRuns runs;
    private final RemoteTrees remote;
    final List<Route> routes;

    ApiHandler(Trees trees, ServerRuns runs, RemoteTrees remote) {
        this.trees = trees;
        this.runs = runs;
        this.remote = remote;
        this.routes = List.of(
                new Route("GET", "/whoami", ApiToken.Scope.READ, this::whoami),
                new Route("GET", "/tenants", ApiToken.Scope.ADMIN, this::listTenants),
                new Route("POST", "/tenants", ApiToken.Scope.ADMIN, this::createTenant),
                new Route("DELETE", "/tenants/{tenant}", ApiToken.Scope.ADMIN, this::deleteTenant),
                new Route("GET", "/tenants/{tenant}/usage", ApiToken.Scope.READ, this::usage),
                new Route("GET", "/tenants/{tenant}/snapshots", ApiToken.Scope.READ, this::listSnapshots),
                new Route("POST", "/tenants/{tenant}/snapshots", ApiToken.Scope.WRITE, this::createSnapshot),
                new Route("GET", "/tenants/{tenant}/snapshots/{snapshot}", ApiToken.Scope.READ, this::showSnapshot),
                new Route("DELETE", "/tenants/{tenant}/snapshots/{snapshot}", ApiToken.Scope.WRITE, this::dropSnapshot),
                new Route(
                        "POST", "/tenants/{tenant}/snapshots/{snapshot}/restore", ApiToken.Scope.WRITE, this::restore),
                new Route("POST", "/tenants/{tenant}/snapshots/{snapshot}/tag", ApiToken.Scope.WRITE, this::tag),
                new Route("GET", "/tenants/{tenant}/snapshots/{snapshot}/diff", ApiToken.Scope.READ, this::diff),
                new Route("GET", "/tenants/{tenant}/runs", ApiToken.Scope.READ, this::runs),
                new Route("POST", "/tenants/{tenant}/runs", ApiToken.Scope.WRITE, this::startRun),
                new Route("PUT", "/tenants/{tenant}/runs/{run}", ApiToken.Scope.READ, this::recordRunStart),
                new Route("POST", "/tenants/{tenant}/runs/{run}/finish", ApiToken.Scope.READ, this::recordRunEnd),
                new Route("GET", "/tenants/{tenant}/audit", ApiToken.Scope.READ, this::audit),
                new Route("POST", "/tenants/{tenant}/trees", ApiToken.Scope.READ, this::openTree),
                new Route("POST", "/trees/{tree}/calls", ApiToken.Scope.READ, this::calls),
                new Route("DELETE", "/trees/{tree}", ApiToken.Scope.READ, this::closeTree));
    }

    /** The OpenAPI document (a resource of this module). */
    static byte[] openApi() throws IOException {
        try (InputStream in = ApiHandler.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IOException("openapi.json is missing from the build");
            }
            return in.readAllBytes();
        }
    }

    void handle(Request request, Response response, ApiToken token, String path) throws IOException {
        List<String> segments = UrlPaths.segments(path);
        Route matched = null;
        Map<String, String> params = null;
        boolean pathMatched = false;
        for (Route route : routes) {
            Map<String, String> p = match(route.pattern(), segments);
            if (p != null) {
                pathMatched = true;
                if (route.method().equals(request.getMethod())) {
                    matched = route;
                    params = p;
                    break;
                }
            }
        }
        if (matched == null) {
            if (pathMatched) {
                throw HttpError.methodNotAllowed(request.getMethod() + " is not allowed on " + path);
            }
            throw HttpError.notFound("no such API route: " + path);
        }
        String tenant = params.get("tenant");
        if (tenant != null
                && !tenant.equals(token.tenant())
                && !matched.pattern().equals("/tenants/{tenant}")) {
            throw HttpError.notFound("no such tenant: " + tenant);
        }
        if (!token.scope().allows(matched.scope())) {
            throw HttpError.forbidden("token '" + token.name() + "' has scope "
                    + token.scope().label() + "; this needs " + matched.scope().label());
        }
        Object result = matched.action().run(new Call(request, token, params, Request.extractQueryParameters(request)));
        if (result instanceof Streamed streamed) {
            streamed.body().write(response);
            return;
        }
        int status = 200;
        if (result instanceof Reply reply) {
            status = reply.status();
            result = reply.body();
        }
        if (result == null) {
            Http.sendEmpty(response, status);
        } else if (result instanceof Binary binary) {
            Http.send(response, status, binary.contentType(), binary.body(), false);
        } else {
            Http.send(response, status, "application/json", JSON.writeValueAsBytes(result), false);
        }
    }

    private static Map<String, String> match(String pattern, List<String> segments) {
        String[] parts = pattern.substring(1).split("/");
        if (parts.length != segments.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith("{")) {
                params.put(parts[i].substring(1, parts[i].length() - 1), segments.get(i));
            } else if (!parts[i].equals(segments.get(i))) {
                return null;
            }
        }
        return params;
    }

    private static JsonNode body(Call call) throws IOException {
        byte[] bytes = Http.readSmallBody(call.request());
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw HttpError.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw HttpError.badRequest("malformed JSON body: " + e.getOriginalMessage());
        }
    }

    private static String required(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw HttpError.badRequest("the body needs a string field '" + field + "'");
        }
        return v.asText();
    }

    static String time(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                .toString();
    }

    // ---- routes -----------------------------------------------------------------------------------

    private Object whoami(Call call) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", call.token().name());
        out.put("tenant", call.token().tenant());
        out.put("scope", call.token().scope().label());
        out.put(
                "expires",
                call.token().expiresNanos() == null ? null : time(call.token().expiresNanos()));
        out.put("requireAudit", trees.store().requiresAudit());
        return out;
    }

    private Object listTenants(Call call) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Tenant t : trees.store().listTenants()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("created", time(t.createdNs()));
            out.add(m);
        }
        return out;
    }

    private Object createTenant(Call call) throws IOException {
        String name = required(body(call), "name");
        Tenant t = trees.store().createTenant(name);
        return new Reply(201, Map.of("name", t.name(), "created", time(t.createdNs())));
    }

    private Object deleteTenant(Call call) {
        String name = call.param("tenant");
        if (name.equals(call.token().tenant())) {
            throw HttpError.conflict("a token cannot delete its own tenant");
        }
        trees.store().deleteTenant(name);
        return new Reply(204, null);
    }

    private Object usage(Call call) {
        TenantUsage u = trees.store().usage(call.param("tenant"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("usedBytes", u.usedBytes());
        out.put("quotaBytes", u.quotaBytes().isPresent() ? u.quotaBytes().getAsLong() : null);
        return out;
    }

    private static Map<String, Object> snapshot(Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("layer", s.layer());
        m.put("message", s.message());
        m.put("created", time(s.createdNs()));
        m.put("tag", s.tag());
        return m;
    }

    private Object listSnapshots(Call call) {
        try (Trees.Lease lease = trees.lease(call.param("tenant"))) {
            lease.lock().lock();
            try {
                return lease.fs().snapshots().stream().map(ApiHandler::snapshot).toList();
            } finally {
                lease.lock().unlock();
            }
        }
    }

    private Object showSnapshot(Call call) {
        try (Trees.Lease lease = trees.lease(call.param("tenant"))) {
            lease.lock().lock();
            try {
                return snapshot(lease.fs()
                        .findSnapshot(call.param("snapshot"))
                        .orElseThrow(() -> HttpError.notFound("no such snapshot: " + call.param("snapshot"))));
            } finally {
                lease.lock().unlock();
            }
        }
    }

    /** Runs a change of the tenant's tree under its lock, recorded as {@code operation} on {@code path}. */
    private <T> T change(Call call, String operation, String path, java.util.function.Function<Trees.Lease, T> change) {
        try (Trees.Lease lease = trees.lease(call.param("tenant"))) {
            lease.lock().lock();
            try {
                T result;
                try {
                    result = change.apply(lease);
                } catch (FsException e) {
                    lease.commit(operation, List.of(path), call.token().name(), e);
                    throw e;
                }
                lease.commit(operation, List.of(path), call.token().name(), null);
                return result;
            } finally {
                lease.lock().unlock();
            }
        }
    }

    private Object createSnapshot(Call call) throws IOException {
        JsonNode body = body(call);
        String name = required(body, "name");
        String message = body.hasNonNull("message") ? body.get("message").asText() : null;
        Snapshot s =
                change(call, "api snapshot create", name, lease -> lease.fs().createSnapshot(name, message));
        return new Reply(201, snapshot(s));
    }

    private Object dropSnapshot(Call call) {
        String name = call.param("snapshot");
        boolean force = "true".equals(call.query("force"));
        change(call, "api snapshot drop", name, lease -> {
            lease.fs().dropSnapshot(name, force);
            return null;
        });
        return new Reply(204, null);
    }

    private Object restore(Call call) throws IOException {
        String name = call.param("snapshot");
        JsonNode body = body(call);
        boolean discard = body.path("discard").asBoolean(false);
        Optional<Snapshot> kept =
                change(call, "api snapshot restore", name, lease -> lease.fs().restore(name, discard));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("restored", name);
        out.put("kept", kept.map(Snapshot::name).orElse(null));
        return out;
    }

    private Object tag(Call call) throws IOException {
        String name = call.param("snapshot");
        String tag = required(body(call), "tag");
        Snapshot s = change(call, "api snapshot tag", tag, lease -> lease.fs().tag(name, tag));
        return new Reply(201, snapshot(s));
    }

    private Object diff(Call call) {
        String tenant = call.param("tenant");
        String to = call.query("to");
        List<FilesystemInterface> opened = new ArrayList<>();
        try (Trees.Lease lease = trees.lease(tenant)) {
            FilesystemInterface from = trees.snapshot(tenant, call.param("snapshot"));
            opened.add(from);
            FilesystemInterface other;
            if (to == null) {
                other = lease.fs();
            } else {
                other = trees.snapshot(tenant, to);
                opened.add(other);
            }
            lease.lock().lock();
            List<TreeDiff.Change> changes;
            try {
                changes = TreeDiff.compare(from, from.rootIno(), other, other.rootIno());
            } finally {
                lease.lock().unlock();
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (TreeDiff.Change c : changes) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
                m.put("path", c.path());
                m.put("oldPath", c.oldPath());
                out.add(m);
            }
            return out;
        } finally {
            for (FilesystemInterface fs : opened) {
                fs.close();
            }
        }
    }

    /**
     * Runs a module: its output streamed ({@link RunStream}) when the client accepts
     * {@code application/x-ndjson}, otherwise collected into one JSON object with the result.
     */
    private Object startRun(Call call) throws IOException {
        String tenant = call.param("tenant");
        JsonNode body = body(call);
        if (Http.accepts(call.request(), RunStream.TYPE)) {
            RunStop stop = new RunStop();
            return new Streamed(response -> {
                RunStream stream = new RunStream(response, stop);
                stream.finish(runs.run(tenant, call.token(), body, stream.stdout(), stream.stderr(), stop));
            });
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, Object> result = runs.run(tenant, call.token(), body, out, err, null);
        result.put("stdout", out.toString(StandardCharsets.UTF_8));
        result.put("stderr", err.toString(StandardCharsets.UTF_8));
        return result;
    }

    private Object runs(Call call) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunRecord r : trees.store().runs(call.param("tenant"))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("module", r.module());
            m.put("moduleHash", r.moduleHash());
            m.put("started", time(r.startNanos()));
            m.put("durationMillis", r.durationMillis());
            m.put("exitCode", r.exitCode());
            m.put("filesChanged", r.filesChanged());
            m.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            m.put("signal", r.signal());
            m.put("audited", r.audited());
            out.add(m);
        }
        return out;
    }

    private Object audit(Call call) {
        Long since = null;
        if (call.query("since") != null) {
            try {
                Instant t = Instant.parse(call.query("since"));
                since = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            } catch (java.time.format.DateTimeParseException e) {
                throw HttpError.badRequest("'since' must be an ISO-8601 instant such as 2026-01-02T03:04:05Z");
            }
        }
        int limit = 0;
        if (call.query("limit") != null) {
            try {
                limit = Integer.parseInt(call.query("limit"));
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("'limit' must be a number");
            }
        }
        AuditQuery q = new AuditQuery(
                call.query("run"),
                call.query("path"),
                call.query("op"),
                since,
                "true".equals(call.query("failed")),
                limit);
        List<Map<String, Object>> out = new ArrayList<>();
        for (AuditEvent e : trees.store().audit(call.param("tenant"), q)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", time(e.timeNanos()));
            m.put("layer", e.layer());
            m.put("run", e.runId());
            m.put("module", e.moduleHash());
            m.put("op", e.operation());
            m.put("path", e.path());
            m.put("resolved", e.resolvedPath());
            m.put("bytes", e.bytes());
            m.put("errno", e.errno());
            m.put("token", e.token());
            out.add(m);
        }
        return out;
    }

    // ---- remote mode ------------------------------------------------------------------------------

    private Object openTree(Call call) throws IOException {
        JsonNode body = body(call);
        String kindName = body.path("kind").asText("live");
        RemoteTree.Kind kind;
        try {
            kind = RemoteTree.Kind.valueOf(kindName.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("'kind' must be live, scratch or snapshot, not '" + kindName + "'");
        }
        String snapshot = kind == RemoteTree.Kind.SNAPSHOT ? required(body, "snapshot") : null;
        RemoteTree tree = remote.open(call.token(), call.param("tenant"), kind, snapshot);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", tree.id());
        out.put("root", tree.rootIno());
        out.put("readOnly", tree.readOnly());
        out.put("forget", true); // the client may send FORGET calls (older servers did not take them)
        return new Reply(201, out);
    }

    private Object calls(Call call) throws IOException {
        RemoteTree tree = remote.get(call.token(), call.param("tree"));
        byte[] request = Http.readBody(call.request(), MAX_CALLS_BODY);
        if (request.length == 0) {
            throw HttpError.badRequest("an empty batch of remote calls");
        }
        return new Binary(io.tarbox.server.wire.FsWire.MEDIA_TYPE, tree.execute(request));
    }

    private Object closeTree(Call call) {
        remote.close(call.token(), call.param("tree"));
        return new Reply(204, null);
    }

    private Object recordRunStart(Call call) throws IOException {
        JsonNode body = body(call);
        String module = required(body, "module");
        String hash = required(body, "moduleHash");
        if (!body.path("started").canConvertToLong()) {
            throw HttpError.badRequest("the body needs a number 'started' (nanoseconds since the epoch)");
        }
        trees.store()
                .startRemoteRun(
                        call.param("tenant"),
                        RunRecord.started(
                                call.param("run"),
                                module,
                                hash,
                                body.get("started").asLong(),
                                body.path("audited").asBoolean(true)),
                        "token " + call.token().name());
        remote.startedRun(call.token(), call.param("tenant"), call.param("run"));
        return new Reply(201, Map.of("id", call.param("run")));
    }

    private Object recordRunEnd(Call call) throws IOException {
        JsonNode body = body(call);
        JsonNode exit = body.get("exitCode");
        boolean finished = trees.store()
                .finishRun(
                        call.param("tenant"),
                        call.param("run"),
                        body.path("durationMillis").asLong(0),
                        exit == null || exit.isNull() ? null : exit.asInt(),
                        body.hasNonNull("signal") ? body.get("signal").asText() : null,
                        body.path("signalled").asBoolean(false));
        remote.finishedRun(call.param("run"));
        return Map.of("finished", finished);
    }
}
