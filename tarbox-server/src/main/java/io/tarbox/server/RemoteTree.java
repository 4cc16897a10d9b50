package io.tarbox.server;

import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.model.ApiToken;
import io.tarbox.server.wire.FsWire;
import io.tarbox.server.wire.FsWire.Op;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One remote client's open tree: the tenant's tree, shared with every other request of the tenant
 * ({@link Trees.Lease}), a scratch tree of its own (atomic and ephemeral runs), or a snapshot. It
 * executes the client's batches of calls ({@link FsWire}) and tells the client, when it refreshes,
 * whether anything changed that it did not do itself since its last refresh (the tree's generation).
 */
final class RemoteTree {
    enum Kind {
        LIVE,
        SCRATCH,
        SNAPSHOT
    }

    private final String id;
    private final ApiToken token;
    private final Kind kind;
    /** The tenant's shared tree, for {@link Kind#LIVE}; null otherwise. */
    private final Trees.Lease lease;

    private final FilesystemInterface fs;
    private final AuditLog log;
    private final ReentrantLock lock;
    /** The generation the client's view is of. */
    private long seen;
    /** The generation of a tree of the client's own (scratch, snapshot). */
    private long ownGeneration;

    private boolean published;
    private boolean closed;
    volatile long lastUsed = System.currentTimeMillis();

    private RemoteTree(String id, ApiToken token, Kind kind, Trees.Lease lease, FilesystemInterface fs, AuditLog log) {
        this.id = id;
        this.token = token;
        this.kind = kind;
        this.lease = lease;
        this.fs = fs;
        this.log = log;
        this.lock = lease != null ? lease.lock() : new ReentrantLock();
        this.seen = lease != null ? lease.generation() : 0;
    }

    static RemoteTree live(String id, ApiToken token, Trees.Lease lease) {
        // The client's descriptors are on its side: nothing unlinked goes while it may hold it.
        lease.fs().keepUnlinked();
        return new RemoteTree(id, token, Kind.LIVE, lease, lease.fs(), lease.log());
    }

    static RemoteTree own(String id, ApiToken token, Kind kind, FilesystemInterface fs, AuditLog log) {
        return new RemoteTree(id, token, kind, null, fs, log);
    }

    String id() {
        return id;
    }

    ApiToken apiToken() {
        return token;
    }

    /** The token's name, which the server writes into every audit row the client sends. */
    String token() {
        return token.name();
    }

    FilesystemInterface fs() {
        return fs;
    }

    /**
     * The client holds {@code ino} no more: on the tenant's tree, which keeps every unlinked inode
     * for the client while it is attached, it is freed unless another user holds it or keeps them.
     */
    void forget(long ino) {
        if (lease != null) {
            fs.forgetAsKeeper(ino);
        } else {
            fs.forget(ino);
        }
    }

    AuditLog log() {
        if (log == null) {
            throw new FsException(FsError.READ_ONLY, "a snapshot records no audit events");
        }
        return log;
    }

    long rootIno() {
        return fs.rootIno();
    }

    boolean readOnly() {
        return fs.isReadOnly();
    }

    /** Executes a request of calls and returns the response (see {@link FsWire}). */
    byte[] execute(byte[] request) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(request));
        enter();
        boolean held = false;
        try {
            if (closed) {
                throw HttpError.notFound("tree " + id + " is closed");
            }
            lastUsed = System.currentTimeMillis();
            int flags = in.readUnsignedByte();
            boolean changed = false;
            if ((flags & FsWire.REFRESH_FIRST) != 0) {
                refresh();
                changed = generation() != seen;
                seen = generation();
            }
            out.writeByte(changed ? 1 : 0);
            while (in.available() > 0) {
                Op op = Op.of(in.readUnsignedByte());
                try {
                    check(op);
                    boolean current = seen == generation();
                    RemoteCalls.execute(op, in, out, this);
                    if (op.changes) {
                        long now = changed();
                        if (current) {
                            seen = now; // the client knows of its own change
                        }
                    }
                } catch (FsException e) {
                    FsWire.writeError(out, e);
                    break;
                }
            }
            held = hold((flags & FsWire.ASK_HOLD) != 0);
        } catch (EOFException e) {
            throw HttpError.badRequest("a truncated batch of remote calls");
        } finally {
            lock.unlock();
        }
        byte[] answer = bytes.toByteArray();
        if (held) {
            answer[0] |= FsWire.HELD;
        }
        return answer;
    }

    /** Takes the tree's lock for this tree's request: the tenant's waits while another client holds it. */
    private void enter() {
        if (lease != null) {
            lease.lock().lock(this);
        } else {
            lock.lock();
        }
    }

    /**
     * Whether the client holds the tenant's tree until its hold runs out ({@link TenantLock}): asked
     * for, and its view current (nothing changed since its last refresh but by its own calls).
     */
    private boolean hold(boolean asked) {
        if (lease == null) {
            return false; // a tree of the client's own: no hold (a scratch tree refreshes as before)
        }
        if (!asked || closed || seen != generation()) {
            lease.lock().release(this);
            return false;
        }
        return switch (lease.lock().hold(this)) {
            case NONE -> false;
            case KEPT -> true;
            case TAKEN -> {
                // Kept either way; a client whose view this refresh made old refreshes at its next
                // call (its "changed" is then true) and holds the tree from that call's answer on.
                lease.refresh();
                yield seen == generation();
            }
        };
    }

    private void check(Op op) {
        boolean needsWrite = op == Op.PUBLISH || (op.changes && kind == Kind.LIVE);
        if (needsWrite && !token.scope().allows(ApiToken.Scope.WRITE)) {
            throw new FsException(
                    FsError.ACCESS_DENIED, "token '" + token.name() + "' has scope read; changes need write");
        }
        if (published) {
            throw new FsException(FsError.INVALID, "the scratch tree was published");
        }
    }

    private long generation() {
        return lease != null ? lease.generation() : ownGeneration;
    }

    private void refresh() {
        if (lease != null) {
            lease.refresh();
        } else if (fs.refreshSeesChanges()) {
            ownGeneration++;
        }
    }

    private long changed() {
        return lease != null ? lease.changed() : ++ownGeneration;
    }

    /** Publishes a scratch tree (which closes it). */
    void publish() {
        if (!(fs instanceof LayeredFilesystem layered) || kind != Kind.SCRATCH) {
            throw new FsException(FsError.NOT_SUPPORTED, "only a scratch tree is published");
        }
        published = true;
        layered.publish();
    }

    /**
     * Closes the tree: the tenant's tree is committed (and stays open for others), a scratch tree
     * not published is discarded, a snapshot closed.
     */
    void close() {
        enter();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (lease != null) {
                lease.lock().release(this);
                try {
                    fs.stopKeepingUnlinked();
                    fs.syncAll();
                    log.flush();
                } finally {
                    lease.close();
                }
                return;
            }
            if (log != null) {
                log.close();
            }
            if (!published) {
                fs.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
