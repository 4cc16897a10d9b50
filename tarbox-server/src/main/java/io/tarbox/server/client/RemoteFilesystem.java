package io.tarbox.server.client;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.DirEntryPlus;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.path.Names;
import io.tarbox.server.wire.FsWire;
import io.tarbox.server.wire.FsWire.Op;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's tree on a Tarbox server: the filesystem contract over HTTP, so that the WASI hosts
 * and the file commands run on it as on a local tree (remote mode, docs/server.md).
 *
 * <p>Round trips are what it costs, so it saves them. It remembers attributes, entries (also absent
 * names) and a block read ahead ({@link RemoteCache}), kept true to its own changes; the server's
 * trees follow PostgreSQL's sharing rules, and a {@link #refresh} is sent with the next call, whose
 * answer says whether anyone else changed the tree since, and only then is the cache forgotten.
 * Writes and audit events are held back and sent ahead of the next call, in the same request (a
 * write's error, such as a full quota, is therefore reported by the call that sent it, at the latest
 * by {@link #sync}, {@link #syncAll} or {@link #close}).
 */
public final class RemoteFilesystem implements LayeredFilesystem {
    private static final int READ_AHEAD = 1 << 20;
    private static final int WRITE_BEHIND = 4 << 20;
    /** Held-back calls that make the next request go at once: bounds the request. */
    private static final int MAX_PENDING = 4096;
    /** A hold as this client counts it: a tenth short of the server's, against clocks that drift. */
    private static final long HOLD_NANOS = FsWire.HOLD_MILLIS * 900_000L;
    /**
     * Writes ending past this offset are sent at once, so that a file too large is reported by the
     * write itself: it is below the largest file of every backend a server serves.
     */
    private static final long HELD_BACK_END = 1L << 40;

    @FunctionalInterface
    private interface Arguments {
        void write(DataOutputStream out) throws IOException;
    }

    /** A call held back until the next request: a write, or an unlink or rename (see {@link #holdsBack}). */
    private sealed interface Pending permits PendingWrite, PendingCall {
        /** The inodes whose attributes it changes (an answer to an earlier call is older for them). */
        long[] touches();
    }

    /**
     * An unlink or rename whose result this client knows while it holds the tree: its code, its
     * arguments, and how many attributes its answer brings.
     */
    private record PendingCall(Op op, byte[] arguments, int answers, long[] touches) implements Pending {}

    /** Bytes written to one file at consecutive offsets, not yet sent. */
    private static final class PendingWrite implements Pending {
        final long ino;
        final long offset;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();

        PendingWrite(long ino, long offset) {
            this.ino = ino;
            this.offset = offset;
        }

        long end() {
            return offset + data.size();
        }

        @Override
        public long[] touches() {
            return new long[] {ino};
        }
    }

    private final ApiClient api;
    private final String id;
    private final long root;
    private final boolean readOnly;
    private final RemoteCache cache = new RemoteCache();

    /** Calls held back, in order. */
    private final List<Pending> pending = new ArrayList<>();

    private long pendingBytes;
    private final List<AuditEvent> events = new ArrayList<>();

    private boolean refreshPending;
    /**
     * The server holds the tenant's tree for this client (see {@link FsWire#ASK_HOLD}) until
     * {@link #heldUntil}: no one else can change it, so a {@link #refresh} needs no round trip.
     */
    private boolean held;
    /** When the hold runs out ({@link System#nanoTime}), counted from when its request was sent. */
    private long heldUntil;

    private LayerInfo layer;
    private boolean closed;

    /** Whether the server takes {@link Op#FORGET} (older ones did not). */
    private final boolean serverForgets;
    /**
     * What this client's users hold open ({@link #hold}): the server cannot see it (it keeps every
     * unlinked inode while the client is attached), so a forget is sent only for what nobody here holds.
     */
    private final Map<Long, Integer> heldByUsers = new HashMap<>();

    RemoteFilesystem(ApiClient api, String id, long root, boolean readOnly, boolean serverForgets) {
        this.api = api;
        this.id = id;
        this.root = root;
        this.readOnly = readOnly;
        this.serverForgets = serverForgets;
    }

    // ---- sending calls ---------------------------------------------------------------------------

    /**
     * Sends what is held back and then {@code op} (null: only what is held back) in one request, and
     * returns the answer positioned at {@code op}'s result.
     */
    private synchronized DataInputStream call(Op op, Arguments arguments) {
        if (closed) {
            throw new FsException(FsError.IO, "the remote tree is closed");
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            boolean refreshing = refreshPending;
            out.writeByte((refreshing ? FsWire.REFRESH_FIRST : 0) | FsWire.ASK_HOLD);
            boolean recording = !events.isEmpty();
            List<Pending> heldBack = writeHeldBack(out);
            if (op != null) {
                out.writeByte(op.ordinal());
                arguments.write(out);
            }
            long sent = System.nanoTime();
            held = false; // given up by this request, unless its answer renews it
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(api.calls(id, bytes.toByteArray())));
            int head = in.readUnsignedByte();
            boolean changed = (head & 1) != 0;
            if ((head & FsWire.HELD) != 0) {
                held = true;
                heldUntil = sent + HOLD_NANOS;
            }
            if (refreshing) {
                refreshPending = false;
                if (changed) {
                    cache.forgetAll();
                    layer = null;
                }
            }
            if (recording) {
                expectOk(in);
            }
            answered(heldBack, in);
            if (op != null) {
                expectOk(in);
            }
            return in;
        } catch (IOException e) {
            throw new FsException(FsError.IO, "a malformed answer from " + api.shown() + ": " + e, e);
        }
    }

    /**
     * Writes the held-back audit events (one call) and then the held-back calls (they are gone
     * either way); returns those calls.
     */
    private List<Pending> writeHeldBack(DataOutputStream out) throws IOException {
        if (!events.isEmpty()) {
            out.writeByte(Op.RECORD.ordinal());
            FsWire.writeEvents(out, events);
            events.clear();
        }
        for (Pending p : pending) {
            if (p instanceof PendingWrite w) {
                out.writeByte(Op.WRITE.ordinal());
                out.writeLong(w.ino);
                out.writeLong(w.offset);
                FsWire.writeBytes(out, w.data.toByteArray(), 0, w.data.size());
            } else if (p instanceof PendingCall c) {
                out.writeByte(c.op().ordinal());
                out.write(c.arguments());
            }
        }
        List<Pending> sent = List.copyOf(pending);
        pending.clear();
        pendingBytes = 0;
        return sent;
    }

    /**
     * Reads the answers to held-back calls and remembers the attributes they bring, but not those of
     * an inode a later held-back call changed again. A failed one means the cache foresaw wrong: it
     * is forgotten, and the failure is the current call's.
     */
    private void answered(List<Pending> heldBack, DataInputStream in) throws IOException {
        if (heldBack.isEmpty()) {
            return;
        }
        List<List<FileAttributes>> answers = new ArrayList<>(heldBack.size());
        for (Pending p : heldBack) {
            if (in.readUnsignedByte() != FsWire.OK) {
                cache.forgetAll();
                layer = null;
                throw FsWire.readError(in);
            }
            int n = p instanceof PendingCall c ? c.answers() : 1; // a write: the file as it left it
            List<FileAttributes> attributes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                attributes.add(FsWire.readAttributes(in));
            }
            answers.add(attributes);
        }
        Set<Long> changedLater = new HashSet<>();
        for (int i = heldBack.size() - 1; i >= 0; i--) {
            for (FileAttributes a : answers.get(i)) {
                if (!changedLater.contains(a.ino())) {
                    cache.put(a);
                }
            }
            for (long ino : heldBack.get(i).touches()) {
                changedLater.add(ino);
            }
        }
    }

    private static void expectOk(DataInputStream in) throws IOException {
        if (in.readUnsignedByte() != FsWire.OK) {
            throw FsWire.readError(in);
        }
    }

    /** Sends what is held back. */
    synchronized void flush() {
        if (!pending.isEmpty() || !events.isEmpty()) {
            call(null, null);
        }
    }

    /** The tree's id on the server. */
    String id() {
        return id;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Holds back an audit event of this tree until the next call (see {@link RemoteAuditLog}). */
    synchronized void record(AuditEvent event) {
        if (closed) {
            throw new FsException(FsError.IO, "the remote tree is closed; its audit log cannot record");
        }
        events.add(event);
        if (events.size() >= 10_000) {
            flush();
        }
    }

    private static FileAttributes attributes(DataInputStream in) {
        try {
            return FsWire.readAttributes(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the contract ----------------------------------------------------------------------------

    @Override
    public long rootIno() {
        return root;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public synchronized void refresh() {
        if (held && System.nanoTime() - heldUntil < 0) {
            return; // the server holds the tree for this client: nobody else can have changed it
        }
        refreshPending = true;
    }

    @Override
    public synchronized FileAttributes getattr(long ino) {
        FileAttributes cached = refreshPending ? null : cache.attributes(ino);
        if (cached != null) {
            return cached;
        }
        FileAttributes a = attributes(call(Op.GETATTR, out -> out.writeLong(ino)));
        cache.put(a);
        return a;
    }

    @Override
    public synchronized long parent(long dir) {
        try {
            return call(Op.PARENT, out -> out.writeLong(dir)).readLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized FileAttributes lookup(long dir, String name) {
        if (!refreshPending) {
            Long ino = cache.entry(dir, name);
            if (ino == null && cache.isComplete(dir)) {
                Names.check(name); // a name the server would refuse is refused alike
                ino = RemoteCache.ABSENT;
            }
            if (ino != null && ino == RemoteCache.ABSENT) {
                throw new FsException(FsError.NOT_FOUND, "no such file or directory: " + name);
            }
            FileAttributes cached = ino == null ? null : cache.attributes(ino);
            if (cached != null) {
                return cached;
            }
        }
        FileAttributes a;
        try {
            a = attributes(call(Op.LOOKUP, out -> {
                out.writeLong(dir);
                FsWire.writeString(out, name);
            }));
        } catch (FsException e) {
            if (e.error() == FsError.NOT_FOUND) {
                cache.putEntry(dir, name, RemoteCache.ABSENT);
            }
            throw e;
        }
        cache.putEntry(dir, name, a.ino());
        cache.put(a);
        return a;
    }

    @Override
    public synchronized FileAttributes setattr(long ino, SetAttributes changes) {
        if (changes.size() != null) {
            cache.forgetContent(ino);
        }
        FileAttributes a = attributes(call(Op.SETATTR, out -> {
            out.writeLong(ino);
            FsWire.writeSetAttributes(out, changes);
        }));
        cache.changed(ino);
        cache.put(a);
        return a;
    }

    @Override
    public synchronized FileAttributes create(long dir, String name, int mode, boolean exclusive) {
        FileAttributes a = added(dir, name, call(Op.CREATE, out -> {
            out.writeLong(dir);
            FsWire.writeString(out, name);
            out.writeInt(mode);
            out.writeBoolean(exclusive);
        }));
        if (a.isRegular() && a.size() == 0) {
            cache.emptied(a.ino()); // what this client writes into it is all there is to read
        }
        return a;
    }

    @Override
    public synchronized FileAttributes mkdir(long dir, String name, int mode) {
        FileAttributes a = added(dir, name, call(Op.MKDIR, out -> {
            out.writeLong(dir);
            FsWire.writeString(out, name);
            out.writeInt(mode);
        }));
        cache.madeEmpty(a.ino());
        return a;
    }

    @Override
    public synchronized FileAttributes symlink(long dir, String name, String target) {
        return added(dir, name, call(Op.SYMLINK, out -> {
            out.writeLong(dir);
            FsWire.writeString(out, name);
            FsWire.writeString(out, target);
        }));
    }

    @Override
    public synchronized FileAttributes link(long ino, long newDir, String newName) {
        return added(newDir, newName, call(Op.LINK, out -> {
            out.writeLong(ino);
            out.writeLong(newDir);
            FsWire.writeString(out, newName);
        }));
    }

    /** Remembers the answer to a call that added {@code name} to {@code dir}: its attributes and the directory's. */
    private FileAttributes added(long dir, String name, DataInputStream answer) {
        FileAttributes a = attributes(answer);
        FileAttributes directory = attributes(answer);
        cache.changed(a.ino());
        cache.put(a);
        cache.changed(dir);
        cache.put(directory);
        cache.putEntry(dir, name, a.ino());
        return a;
    }

    @Override
    public synchronized String readlink(long ino) {
        try {
            return FsWire.readString(call(Op.READLINK, out -> out.writeLong(ino)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void unlink(long dir, String name) {
        Arguments arguments = out -> {
            out.writeLong(dir);
            FsWire.writeString(out, name);
        };
        Long ino = cache.entry(dir, name);
        if (ino != null && ino != RemoteCache.ABSENT && cache.isRegularFile(ino) && holdsBack()) {
            // Its result is known: the name is a file's, and nobody else can change the tree.
            holdBack(Op.UNLINK, arguments, 1, ino, dir);
            cache.changed(ino);
            cache.changed(dir);
            cache.putEntry(dir, name, RemoteCache.ABSENT);
            return;
        }
        removed(dir, name, call(Op.UNLINK, arguments));
    }

    /**
     * Whether an unlink or rename whose result the cache foresees may be held back until the next
     * request: the server holds the tree for this client (nobody else can change it before the
     * hold runs out, and a held-back call goes with the next request, which renews the hold), and
     * the cache is not waiting for a refresh.
     */
    private boolean holdsBack() {
        return !readOnly && !refreshPending && held && System.nanoTime() - heldUntil < 0;
    }

    /** Holds {@code op} back until the next request (see {@link #holdsBack}). */
    private void holdBack(Op op, Arguments arguments, int answers, long... touches) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try {
            arguments.write(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pending.add(new PendingCall(op, bytes.toByteArray(), answers, touches));
        if (pending.size() >= MAX_PENDING) {
            flush();
        }
    }

    @Override
    public synchronized void hold(long ino) {
        heldByUsers.merge(ino, 1, Integer::sum);
    }

    @Override
    public synchronized void release(long ino) {
        if (heldByUsers.computeIfPresent(ino, (i, n) -> n > 1 ? n - 1 : null) != null) {
            return;
        }
        FileAttributes known = cache.attributes(ino);
        if (known == null || known.nlink() == 0) {
            // A file the cache knows linked needs no word: most closes cost nothing. (If another
            // client unlinked it meanwhile, it goes when the server's tree closes, as before.)
            forget(ino);
        }
    }

    /**
     * Tells the server, with the next request (no answer is needed), that this client holds
     * {@code ino} no more, unless one of its users still does: an unlinked file is freed then.
     */
    @Override
    public synchronized void forget(long ino) {
        if (!serverForgets || readOnly || closed || heldByUsers.containsKey(ino)) {
            return;
        }
        holdBack(Op.FORGET, out -> out.writeLong(ino), 0);
    }

    @Override
    public synchronized void rmdir(long dir, String name) {
        removed(dir, name, call(Op.RMDIR, out -> {
            out.writeLong(dir);
            FsWire.writeString(out, name);
        }));
    }

    /** Remembers that {@code name} in {@code dir} is gone (its inode's link count changed). */
    private void removed(long dir, String name, DataInputStream answer) {
        Long ino = cache.entry(dir, name);
        if (ino != null && ino != RemoteCache.ABSENT) {
            cache.changed(ino);
        } else {
            cache.forgetAttributes(); // whose link count changed is not known here
        }
        cache.changed(dir);
        cache.put(attributes(answer));
        cache.putEntry(dir, name, RemoteCache.ABSENT);
    }

    @Override
    public synchronized void rename(long fromDir, String fromName, long toDir, String toName) {
        Arguments arguments = out -> {
            out.writeLong(fromDir);
            FsWire.writeString(out, fromName);
            out.writeLong(toDir);
            FsWire.writeString(out, toName);
        };
        Long moving = cache.entry(fromDir, fromName);
        Long onto = cache.entry(toDir, toName);
        if (onto == null && cache.isComplete(toDir)) {
            onto = RemoteCache.ABSENT;
        }
        if (moving != null
                && moving != RemoteCache.ABSENT
                && cache.isRegularFile(moving)
                && onto != null
                && (onto == RemoteCache.ABSENT || (cache.isRegularFile(onto) && !onto.equals(moving)))
                && holdsBack()) {
            // Its result is known: a file moves to a name that is free or another file's.
            Names.check(toName); // a name the server would refuse is refused alike
            long replaced = onto;
            holdBack(Op.RENAME, arguments, 3, moving, replaced, fromDir, toDir);
            if (replaced != RemoteCache.ABSENT) {
                cache.changed(replaced);
            }
            cache.changed(moving);
            cache.changed(fromDir);
            cache.changed(toDir);
            cache.putEntry(fromDir, fromName, RemoteCache.ABSENT);
            cache.putEntry(toDir, toName, moving);
            return;
        }
        DataInputStream answer = call(Op.RENAME, arguments);
        FileAttributes from = attributes(answer);
        FileAttributes to = attributes(answer);
        FileAttributes moved = attributes(answer);
        if (fromDir == toDir && fromName.equals(toName)) {
            return; // a rename onto itself changes nothing
        }
        Long replaced = cache.entry(toDir, toName);
        if (replaced == null && cache.isComplete(toDir)) {
            replaced = RemoteCache.ABSENT;
        }
        if (replaced == null) {
            cache.forgetAttributes(); // whether an inode was replaced, and which, is not known here
        } else if (replaced != RemoteCache.ABSENT) {
            cache.changed(replaced);
        }
        cache.changed(moved.ino());
        cache.changed(fromDir);
        cache.changed(toDir);
        cache.putEntry(fromDir, fromName, RemoteCache.ABSENT);
        cache.putEntry(toDir, toName, moved.ino());
        cache.put(from);
        cache.put(to);
        cache.put(moved);
    }

    @Override
    public synchronized List<DirEntry> readdir(long dir, long cookie, int max) {
        try {
            return FsWire.readEntries(call(Op.READDIR, out -> {
                out.writeLong(dir);
                out.writeLong(cookie);
                out.writeInt(max);
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One round trip per page; the attributes it brings are remembered. */
    @Override
    public synchronized List<DirEntryPlus> readdirPlus(long dir, long cookie, int max) {
        List<DirEntryPlus> entries;
        try {
            entries = FsWire.readEntriesPlus(call(Op.READDIR_PLUS, out -> {
                out.writeLong(dir);
                out.writeLong(cookie);
                out.writeInt(max);
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (DirEntryPlus e : entries) {
            cache.put(e.attributes());
            cache.putEntry(dir, e.entry().name(), e.attributes().ino());
        }
        return entries;
    }

    @Override
    public synchronized int read(long ino, long offset, byte[] buffer, int bufferOffset, int len) {
        if (len == 0) {
            return 0;
        }
        if (!refreshPending) {
            int n = cache.read(ino, offset, buffer, bufferOffset, len);
            if (n >= 0) {
                return n;
            }
        }
        int asked = Math.min(FsWire.MAX_READ, Math.max(len, READ_AHEAD));
        byte[] data;
        try {
            data = FsWire.readBytes(
                    call(Op.READ, out -> {
                        out.writeLong(ino);
                        out.writeLong(offset);
                        out.writeInt(asked);
                    }),
                    asked);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cache.readAhead(ino, offset, data, data.length, data.length < asked);
        int n = Math.min(len, data.length);
        System.arraycopy(data, 0, buffer, bufferOffset, n);
        return n;
    }

    @Override
    public synchronized void write(long ino, long offset, byte[] data, int dataOffset, int len) {
        if (readOnly) {
            throw new FsException(FsError.READ_ONLY, "a snapshot is read-only");
        }
        if (offset < 0) {
            throw new FsException(FsError.INVALID, "negative offset " + offset);
        }
        cache.changed(ino);
        cache.wrote(ino, offset, data, dataOffset, len);
        if (!cache.isRegularFile(ino) || offset > HELD_BACK_END - len) {
            // a write to what is not known to be a file is sent at once: its error is its own
            cache.put(attributes(call(Op.WRITE, out -> {
                out.writeLong(ino);
                out.writeLong(offset);
                FsWire.writeBytes(out, data, dataOffset, len);
            })));
            return;
        }
        PendingWrite last =
                pending.isEmpty() || !(pending.get(pending.size() - 1) instanceof PendingWrite w) ? null : w;
        if (last == null || last.ino != ino || last.end() != offset) {
            last = new PendingWrite(ino, offset);
            pending.add(last);
        }
        last.data.write(data, dataOffset, len);
        pendingBytes += len;
        if (pendingBytes >= WRITE_BEHIND || pending.size() >= MAX_PENDING) {
            flush();
        }
    }

    @Override
    public synchronized long append(long ino, byte[] data, int dataOffset, int len) {
        try {
            return call(Op.APPEND, out -> {
                        out.writeLong(ino);
                        FsWire.writeBytes(out, data, dataOffset, len);
                    })
                    .readLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            cache.changed(ino); // after the call: the answers of writes held back before it are older
            cache.forgetContent(ino);
        }
    }

    @Override
    public synchronized void sync(long ino) {
        call(Op.SYNC, out -> out.writeLong(ino));
    }

    @Override
    public synchronized void syncAll() {
        call(Op.SYNC_ALL, out -> {});
    }

    // ---- layers and snapshots --------------------------------------------------------------------

    @Override
    public synchronized LayerInfo currentLayer() {
        if (layer == null || refreshPending) {
            try {
                layer = FsWire.readLayer(call(Op.CURRENT_LAYER, out -> {}));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return layer;
    }

    @Override
    public synchronized long currentLayerId() {
        return currentLayer().id();
    }

    @Override
    public synchronized List<LayerInfo> layers() {
        return list(Op.LAYERS, FsWire::readLayer);
    }

    @Override
    public synchronized List<Snapshot> snapshots() {
        return list(Op.SNAPSHOTS, FsWire::readSnapshot);
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** The answer of a call without arguments that is a count and that many items. */
    private <T> List<T> list(Op op, Reader<T> item) {
        try {
            DataInputStream in = call(op, out -> {});
            int n = FsWire.count(in);
            List<T> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(item.read(in));
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized Optional<Snapshot> findSnapshot(String name) {
        return snapshots().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    @Override
    public synchronized Snapshot createSnapshot(String name, String message) {
        layer = null;
        return snapshotOf(call(Op.CREATE_SNAPSHOT, out -> {
            FsWire.writeString(out, name);
            FsWire.writeString(out, message);
        }));
    }

    @Override
    public synchronized Snapshot tag(String snapshot, String tag) {
        return snapshotOf(call(Op.TAG, out -> {
            FsWire.writeString(out, snapshot);
            FsWire.writeString(out, tag);
        }));
    }

    @Override
    public synchronized Optional<Snapshot> restore(String name, boolean discard) {
        layer = null;
        cache.forgetAll();
        Snapshot kept = snapshotOf(call(Op.RESTORE, out -> {
            FsWire.writeString(out, name);
            out.writeBoolean(discard);
        }));
        cache.forgetAll();
        return Optional.ofNullable(kept);
    }

    @Override
    public synchronized void dropSnapshot(String name, boolean force) {
        call(Op.DROP_SNAPSHOT, out -> {
            FsWire.writeString(out, name);
            out.writeBoolean(force);
        });
    }

    /** Publishes the scratch tree's changes and closes it. */
    @Override
    public synchronized void publish() {
        call(Op.PUBLISH, out -> {});
        close();
    }

    private static Snapshot snapshotOf(DataInputStream in) {
        try {
            return FsWire.readSnapshot(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends what is held back and closes the tree on the server: the tenant's tree commits, a scratch
     * tree not published is discarded.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        FsException failed = null;
        try {
            flush();
        } catch (FsException e) {
            failed = e;
        }
        closed = true;
        try {
            api.json("DELETE", "trees/" + ApiClient.encode(id), null);
        } catch (FsException e) {
            if (failed == null) {
                failed = e;
            } else {
                failed.addSuppressed(e);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
