package io.tarbox.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.audit.AuditTrail;
import io.tarbox.core.audit.RunRecord;
import io.tarbox.core.audit.RunStatus;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.GcResult;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.model.ApiToken;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.model.TenantUsage;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StorageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * A Tarbox server as a store (remote mode: {@code --db https://HOST:PORT}): its trees are
 * {@link RemoteFilesystem}s, its tenants, snapshots, runs and audit trail those the server's API
 * gives the token. What only the database itself can do (quotas, garbage collection) is refused
 * with NOT_SUPPORTED; the server's administrator does it there.
 */
public final class RemoteStore implements TarboxStore, AuditTrail {
    private final ApiClient api;
    private final String tenant;
    private final ApiToken.Scope scope;
    private final boolean requiresAudit;

    private RemoteStore(ApiClient api, JsonNode whoami) {
        this.api = api;
        this.tenant = whoami.path("tenant").asText();
        ApiToken.Scope parsed = ApiToken.Scope.parse(whoami.path("scope").asText());
        this.scope = parsed != null ? parsed : ApiToken.Scope.READ;
        this.requiresAudit = whoami.path("requireAudit").asBoolean(false);
    }

    /** Whether {@code location} names a server rather than a database. */
    public static boolean isServer(String location) {
        String l = location.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    /**
     * Connects to the server at {@code url} with {@code token}, and checks both.
     *
     * @throws StorageException when the URL is malformed, the server cannot be reached or refuses the token
     */
    public static RemoteStore open(String url, String token) {
        URI server;
        try {
            server = new URI(url);
        } catch (URISyntaxException e) {
            throw new StorageException(StorageException.Reason.UNREACHABLE, "not a server URL: " + url);
        }
        if (server.getHost() == null
                || (server.getPath() != null && !server.getPath().matches("/?"))) {
            throw new StorageException(
                    StorageException.Reason.UNREACHABLE,
                    "not a server URL: " + url + " (http(s)://HOST:PORT, without a path)");
        }
        if (token == null || token.isBlank()) {
            throw new StorageException(
                    StorageException.Reason.FAILED,
                    "a Tarbox server needs a token: set TARBOX_API_KEY (or --token-file) to one 'tarbox token create' printed");
        }
        ApiClient api = new ApiClient(server, token.strip());
        JsonNode whoami = api.json("GET", "whoami", null);
        return new RemoteStore(api, whoami);
    }

    /** The tenant the token belongs to (remote commands use it unless told otherwise). */
    public String tokenTenant() {
        return tenant;
    }

    @Override
    public String location() {
        return api.shown();
    }

    private static String segment(String s) {
        return ApiClient.encode(s);
    }

    // ---- tenants ---------------------------------------------------------------------------------

    @Override
    public List<Tenant> listTenants() {
        if (!scope.allows(ApiToken.Scope.ADMIN)) {
            return List.of(new Tenant(0, tenant, 0));
        }
        List<Tenant> tenants = new ArrayList<>();
        for (JsonNode t : api.json("GET", "tenants", null)) {
            tenants.add(new Tenant(
                    0, t.path("name").asText(), nanos(t.path("created").asText(null))));
        }
        return tenants;
    }

    @Override
    public Optional<Tenant> findTenant(String name) {
        return listTenants().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    @Override
    public Tenant createTenant(String name) {
        JsonNode t = api.json("POST", "tenants", Map.of("name", name));
        return new Tenant(
                0, t.path("name").asText(name), nanos(t.path("created").asText(null)));
    }

    @Override
    public void deleteTenant(String name) {
        api.json("DELETE", "tenants/" + segment(name), null);
    }

    @Override
    public void setQuota(String tenant, OptionalLong bytes) {
        throw notHere("setting a quota");
    }

    @Override
    public TenantUsage usage(String tenant) {
        JsonNode u = api.json("GET", "tenants/" + segment(tenant) + "/usage", null);
        JsonNode quota = u.path("quotaBytes");
        return new TenantUsage(
                u.path("usedBytes").asLong(),
                quota.isNumber() ? OptionalLong.of(quota.asLong()) : OptionalLong.empty());
    }

    // ---- trees -----------------------------------------------------------------------------------

    @Override
    public LayeredFilesystem openFilesystem(String tenant) {
        return open(tenant, Map.of("kind", "live"));
    }

    @Override
    public LayeredFilesystem openScratch(String tenant) {
        return open(tenant, Map.of("kind", "scratch"));
    }

    @Override
    public FilesystemInterface openSnapshot(String tenant, String snapshot) {
        return open(tenant, Map.of("kind", "snapshot", "snapshot", snapshot));
    }

    private RemoteFilesystem open(String tenant, Map<String, String> kind) {
        JsonNode tree = api.json("POST", "tenants/" + segment(tenant) + "/trees", kind);
        return new RemoteFilesystem(
                api,
                tree.path("id").asText(),
                tree.path("root").asLong(),
                tree.path("readOnly").asBoolean(false),
                tree.path("forget").asBoolean(false));
    }

    @Override
    public GcResult collectGarbage(String tenant) {
        throw notHere("garbage collection");
    }

    /** The server keeps its trees open as it sees fit; a client cannot tell. */
    @Override
    public boolean treeOpen(String tenant) {
        return false;
    }

    private FsException notHere(String what) {
        return new FsException(
                FsError.NOT_SUPPORTED,
                what + " needs the database itself; a Tarbox server (" + api.shown() + ") does not offer it");
    }

    // ---- the audit trail -------------------------------------------------------------------------

    @Override
    public AuditLog auditLog(String tenant) {
        return new RemoteAuditLog((RemoteFilesystem) openFilesystem(tenant), true);
    }

    @Override
    public AuditLog auditLog(FilesystemInterface tree) {
        if (!(tree instanceof RemoteFilesystem remote)) {
            throw new IllegalArgumentException("not a tree of a Tarbox server");
        }
        return new RemoteAuditLog(remote, false);
    }

    @Override
    public void startRun(String tenant, RunRecord run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("module", run.module());
        body.put("moduleHash", run.moduleHash());
        body.put("started", run.startNanos());
        body.put("audited", run.audited());
        api.json("PUT", "tenants/" + segment(tenant) + "/runs/" + segment(run.id()), body);
    }

    @Override
    public boolean finishRun(
            String tenant, String runId, long durationMillis, Integer exitCode, String signal, boolean signalled) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("durationMillis", durationMillis);
        body.put("exitCode", exitCode);
        body.put("signal", signal);
        body.put("signalled", signalled);
        JsonNode answer = api.json("POST", "tenants/" + segment(tenant) + "/runs/" + segment(runId) + "/finish", body);
        return answer != null && answer.path("finished").asBoolean(false);
    }

    @Override
    public List<RunRecord> runs(String tenant) {
        List<RunRecord> runs = new ArrayList<>();
        for (JsonNode r : api.json("GET", "tenants/" + segment(tenant) + "/runs", null)) {
            JsonNode exit = r.path("exitCode");
            runs.add(new RunRecord(
                    r.path("id").asText(),
                    r.path("module").asText(),
                    r.path("moduleHash").asText(),
                    nanos(r.path("started").asText(null)),
                    r.path("durationMillis").asLong(-1),
                    exit.isNumber() ? exit.asInt() : null,
                    r.path("filesChanged").asLong(),
                    RunStatus.valueOf(r.path("status").asText("unknown").toUpperCase(Locale.ROOT)),
                    r.path("signal").isTextual() ? r.path("signal").asText() : null,
                    r.path("audited").asBoolean(true)));
        }
        return runs;
    }

    @Override
    public List<AuditEvent> audit(String tenant, AuditQuery query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        if (query.runId() != null) {
            q.add("run=" + segment(query.runId()));
        }
        if (query.pathGlob() != null) {
            q.add("path=" + segment(query.pathGlob()));
        }
        if (query.operation() != null) {
            q.add("op=" + segment(query.operation()));
        }
        if (query.sinceNanos() != null) {
            q.add("since=" + segment(instant(query.sinceNanos()).toString()));
        }
        if (query.failedOnly()) {
            q.add("failed=true");
        }
        if (query.limit() > 0) {
            q.add("limit=" + query.limit());
        }
        List<AuditEvent> events = new ArrayList<>();
        for (JsonNode e : api.json("GET", "tenants/" + segment(tenant) + "/audit" + q, null)) {
            events.add(new AuditEvent(
                    nanos(e.path("time").asText(null)),
                    e.path("layer").asLong(),
                    text(e, "run"),
                    text(e, "module"),
                    e.path("op").asText(),
                    text(e, "path"),
                    text(e, "resolved"),
                    e.path("bytes").asLong(),
                    e.path("errno").asInt(),
                    text(e, "token")));
        }
        return events;
    }

    @Override
    public boolean requiresAudit() {
        return requiresAudit;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    private static long nanos(String iso) {
        if (iso == null) {
            return 0;
        }
        Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Closes the connections to the server; each tree is closed by its owner. */
    @Override
    public void close() {
        api.close();
    }
}
