package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.core.audit.RunRecord;
import io.tarbox.core.audit.RunStatus;
import io.tarbox.core.model.ApiToken;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that remote clients record: live while the client has a tree open, given up when its trees
 * expire without the run's end (a client killed mid-run), untouched when finished. Per backend.
 */
abstract class RemoteRunsTest {
    @TempDir
    Path dir;

    private PostgresTestDatabase database;
    private SqlStore store;
    private Trees trees;
    private RemoteTrees remote;

    abstract boolean postgres();

    @BeforeEach
    void open() {
        if (postgres()) {
            database = PostgresTestDatabase.create();
            store = SqlStore.openPostgres(database.jdbcUrl(), database.url());
        } else {
            store = SqlStore.openSqlite(dir.resolve("runs.db"));
        }
        store.createTenant("ci");
        trees = new Trees(store);
        remote = new RemoteTrees(trees);
    }

    @AfterEach
    void close() {
        try {
            trees.close();
            store.close();
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    private static ApiToken token(String name) {
        return new ApiToken(name, "ci", ApiToken.Scope.WRITE, 0, null, null, null);
    }

    private void start(ApiToken token, String run) {
        store.startRemoteRun("ci", RunRecord.started(run, "tool.wasm", "00", 1, true), "token " + token.name());
        remote.startedRun(token, "ci", run);
    }

    private Map<String, RunStatus> statuses() {
        return store.runs("ci").stream().collect(Collectors.toMap(RunRecord::id, RunRecord::status));
    }

    @Test
    void aRunWhoseClientsTreesExpiredIsNoLongerRunning() {
        ApiToken gone = token("gone");
        ApiToken here = token("here");
        remote.open(gone, "ci", RemoteTree.Kind.LIVE, null);
        RemoteTree stays = remote.open(here, "ci", RemoteTree.Kind.LIVE, null);
        start(gone, "run-of-a-killed-client");
        start(here, "run-still-going");
        start(here, "run-that-ended");
        store.finishRun("ci", "run-that-ended", 5, 0);
        remote.finishedRun("run-that-ended");
        assertEquals(RunStatus.RUNNING, statuses().get("run-of-a-killed-client"));

        long later = System.currentTimeMillis() + RemoteTrees.IDLE_MILLIS + 1;
        stays.lastUsed = later; // this client keeps calling
        remote.closeIdle(later);

        Map<String, RunStatus> after = statuses();
        // PostgreSQL can tell the run's holder is gone; SQLite judges by process, and the client's is elsewhere
        assertEquals(postgres() ? RunStatus.KILLED : RunStatus.UNKNOWN, after.get("run-of-a-killed-client"));
        assertEquals(RunStatus.RUNNING, after.get("run-still-going"));
        assertEquals(RunStatus.EXITED, after.get("run-that-ended"));
    }
}
