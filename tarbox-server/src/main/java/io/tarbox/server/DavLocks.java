package io.tarbox.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * WebDAV write locks (RFC 4918 section 6), held in the server's memory: exclusive or shared, depth 0
 * or infinity, with a timeout. A request that changes a locked resource (or a member of a locked
 * collection) must submit the lock's token in its {@code If} header, or is refused with 423. Locks
 * are per server process: they are not stored, and another server (or the CLI) does not see them.
 * Paths are tree paths ("/a/b"), per tenant.
 */
final class DavLocks {
    /** Longest lock granted; also the timeout of "Infinite". */
    static final long MAX_SECONDS = 3600;

    record Lock(
            String tenant,
            String path,
            String token,
            boolean exclusive,
            boolean infinite,
            String owner,
            long timeoutSeconds,
            long expiresMillis) {
        /** Whether the lock covers {@code other}: the path itself, or below it for depth infinity. */
        boolean covers(String other) {
            return path.equals(other) || infinite && isBelow(other, path);
        }
    }

    private final Map<String, Lock> byToken = new HashMap<>();

    static boolean isBelow(String path, String ancestor) {
        return ancestor.equals("/") ? !path.equals("/") : path.startsWith(ancestor + "/");
    }

    private void expire() {
        long now = System.currentTimeMillis();
        byToken.values().removeIf(l -> l.expiresMillis() <= now);
    }

    /** The locks of {@code tenant} that cover {@code path}. */
    synchronized List<Lock> covering(String tenant, String path) {
        expire();
        List<Lock> out = new ArrayList<>();
        for (Lock l : byToken.values()) {
            if (l.tenant().equals(tenant) && l.covers(path)) {
                out.add(l);
            }
        }
        return out;
    }

    /** The locks of {@code tenant} on {@code path} or anywhere below it. */
    synchronized List<Lock> atOrBelow(String tenant, String path) {
        expire();
        List<Lock> out = new ArrayList<>();
        for (Lock l : byToken.values()) {
            if (l.tenant().equals(tenant) && (l.path().equals(path) || isBelow(l.path(), path))) {
                out.add(l);
            }
        }
        return out;
    }

    synchronized Lock find(String token) {
        expire();
        return byToken.get(token);
    }

    /** Grants a new lock, or null when an existing lock conflicts with it. */
    synchronized Lock grant(
            String tenant, String path, boolean exclusive, boolean infinite, String owner, long seconds) {
        expire();
        for (Lock l : byToken.values()) {
            if (!l.tenant().equals(tenant)) {
                continue;
            }
            boolean overlaps = l.covers(path) || infinite && isBelow(l.path(), path);
            if (overlaps && (exclusive || l.exclusive())) {
                return null;
            }
        }
        long timeout = Math.min(Math.max(seconds, 1), MAX_SECONDS);
        Lock lock = new Lock(
                tenant,
                path,
                "opaquelocktoken:" + UUID.randomUUID(),
                exclusive,
                infinite,
                owner,
                timeout,
                System.currentTimeMillis() + timeout * 1000);
        byToken.put(lock.token(), lock);
        return lock;
    }

    synchronized Lock refresh(Lock lock, long seconds) {
        long timeout = Math.min(Math.max(seconds, 1), MAX_SECONDS);
        Lock renewed = new Lock(
                lock.tenant(),
                lock.path(),
                lock.token(),
                lock.exclusive(),
                lock.infinite(),
                lock.owner(),
                timeout,
                System.currentTimeMillis() + timeout * 1000);
        byToken.put(lock.token(), renewed);
        return renewed;
    }

    synchronized boolean release(String token) {
        return byToken.remove(token) != null;
    }

    /** Forgets the locks on {@code path} and below (the resource was deleted or moved away). */
    synchronized void forget(String tenant, String path) {
        byToken.values().removeIf(l -> l.tenant().equals(tenant) && (l.path().equals(path) || isBelow(l.path(), path)));
    }
}
