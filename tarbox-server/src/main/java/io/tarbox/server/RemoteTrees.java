package io.tarbox.server;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.model.ApiToken;
import io.tarbox.storage.sql.SqlStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The trees remote clients have open ({@code POST /api/v1/tenants/T/trees}), by an unguessable id
 * that only the token which opened it may use. A tree no call used for {@link #IDLE_MILLIS} (its
 * client went away without closing it) is closed as if the client had closed it.
 */
final class RemoteTrees implements AutoCloseable {
    static final long IDLE_MILLIS = 10 * 60_000;

    /** How many trees one token may have open at once (each scratch tree holds a connection). */
    static final int MAX_PER_TOKEN = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A run a remote client started and has not finished: it is live while the token has a tree open. */
    private record RemoteRun(String tenant, String token) {}

    private final Trees trees;
    private final Map<String, RemoteTree> open = new ConcurrentHashMap<>();
    private final Map<String, RemoteRun> runs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tarbox-idle-remote-trees");
        t.setDaemon(true);
        return t;
    });

    RemoteTrees(Trees trees) {
        this.trees = trees;
        trees.beforeClose(this::close);
        sweeper.scheduleWithFixedDelay(() -> closeIdle(System.currentTimeMillis()), 60, 60, TimeUnit.SECONDS);
    }

    /** Opens a tree of {@code tenant} for {@code token}: the tenant's own, a scratch tree, or a snapshot. */
    RemoteTree open(ApiToken token, String tenant, RemoteTree.Kind kind, String snapshot) {
        long mine = open.values().stream()
                .filter(t -> t.apiToken().name().equals(token.name()))
                .count();
        if (mine >= MAX_PER_TOKEN) {
            throw new HttpError(
                    429,
                    "too_many_trees",
                    "token '" + token.name() + "' has " + mine
                            + " trees open; close one first (DELETE /api/v1/trees/ID)");
        }
        String id = newId();
        SqlStore store = trees.store();
        RemoteTree tree = switch (kind) {
            case LIVE -> RemoteTree.live(id, token, trees.lease(tenant));
            case SCRATCH -> {
                LayeredFilesystem fs = store.openScratch(tenant);
                yield RemoteTree.own(id, token, kind, fs, store.auditLog(fs));
            }
            case SNAPSHOT -> {
                FilesystemInterface fs = store.openSnapshot(tenant, snapshot);
                yield RemoteTree.own(id, token, kind, fs, null);
            }
        };
        open.put(id, tree);
        return tree;
    }

    /**
     * The open tree {@code id} of {@code token}.
     *
     * @throws HttpError 404 when there is none (also when another token opened it)
     */
    RemoteTree get(ApiToken token, String id) {
        RemoteTree tree = open.get(id);
        if (tree == null || !tree.apiToken().name().equals(token.name())) {
            throw HttpError.notFound(
                    "no such open tree: " + id + " (closed, or idle for " + IDLE_MILLIS / 60_000 + " minutes)");
        }
        return tree;
    }

    /** Closes the tree {@code id} of {@code token} (see {@link RemoteTree#close}). */
    void close(ApiToken token, String id) {
        RemoteTree tree = get(token, id);
        open.remove(id);
        tree.close();
    }

    /**
     * Records that {@code token} started run {@code runId} of {@code tenant} on its client (the row
     * is written): until it is finished, it counts as live while the token has a tree open.
     */
    void startedRun(ApiToken token, String tenant, String runId) {
        runs.put(runId, new RemoteRun(tenant, token.name()));
    }

    /** Records that a remote run's end was recorded. */
    void finishedRun(String runId) {
        runs.remove(runId);
    }

    /**
     * Closes the trees no call used for {@link #IDLE_MILLIS} before {@code now}, then gives up the
     * runs whose token has no tree open any more (their clients went away without finishing them).
     */
    void closeIdle(long now) {
        for (RemoteTree tree : List.copyOf(open.values())) {
            if (now - tree.lastUsed >= IDLE_MILLIS && open.remove(tree.id(), tree)) {
                closeQuietly(tree);
            }
        }
        for (Map.Entry<String, RemoteRun> run : List.copyOf(runs.entrySet())) {
            String token = run.getValue().token();
            boolean clientThere =
                    open.values().stream().anyMatch(t -> t.apiToken().name().equals(token));
            if (!clientThere && runs.remove(run.getKey(), run.getValue())) {
                try {
                    trees.store().abandonRun(run.getValue().tenant(), run.getKey());
                } catch (RuntimeException e) {
                    System.err.println(
                            "tarbox serve: giving up remote run " + run.getKey() + " failed: " + e.getMessage());
                }
            }
        }
    }

    private static void closeQuietly(RemoteTree tree) {
        try {
            tree.close();
        } catch (RuntimeException e) {
            System.err.println("tarbox serve: closing remote tree " + tree.id() + " failed: " + e.getMessage());
        }
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Closes every tree (the server stops). */
    @Override
    public void close() {
        sweeper.shutdownNow();
        List<RemoteTree> all = new ArrayList<>(open.values());
        open.clear();
        all.forEach(RemoteTrees::closeQuietly);
    }
}
