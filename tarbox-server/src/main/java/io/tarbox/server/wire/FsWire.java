package io.tarbox.server.wire;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.DirEntryPlus;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.Snapshot;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary encoding of remote mode's filesystem calls, shared by the server and the client so
 * that the two cannot drift. A request ({@code POST /api/v1/trees/ID/calls}, {@link #MEDIA_TYPE})
 * is a flags byte ({@link #REFRESH_FIRST}, {@link #ASK_HOLD}) and a sequence of calls, each an
 * {@link Op} code and its arguments; the response is a byte saying whether the refresh saw changes
 * of others (bit 0) and whether the client holds the tree ({@link #HELD}), then for each
 * call executed {@link #OK} and its result, or {@link #FAILED}, the {@link FsError} and a message,
 * after which the server executes no further call of the request. Big-endian, as DataOutput writes.
 * A call that adds or removes a name answers also with the attributes its directories have after
 * it (and a rename with the moved inode's, a write with the file's), so the client's cache stays
 * exact without asking again.
 */
public final class FsWire {
    public static final String MEDIA_TYPE = "application/x-tarbox-calls";

    /** Request flag: refresh the tree (see FilesystemInterface.refresh) before the first call. */
    public static final int REFRESH_FIRST = 1;

    /**
     * Request flag: the client asks to hold the tenant's tree (see the server's TenantLock): when the
     * server grants it, no one else can change the tree for {@link #HOLD_MILLIS} from when the
     * server answered, and the client needs no refresh until then (counted from when it sent the
     * request, so never later than the server's end of the hold).
     */
    public static final int ASK_HOLD = 2;

    /** Response flag, in the first byte beside "changed": the hold is granted (or renewed). */
    public static final int HELD = 2;

    /** How long a granted hold lasts. */
    public static final long HOLD_MILLIS = 500;

    public static final int OK = 0;
    public static final int FAILED = 1;

    /** The largest read one call may ask for. */
    public static final int MAX_READ = 4 << 20;

    /** Strings longer than this are refused (paths in audit rows are the longest). */
    private static final int MAX_STRING = 1 << 20;

    private static final FileType[] TYPES = FileType.values();
    private static final FsError[] ERRORS = FsError.values();
    private static final LayerInfo.State[] STATES = LayerInfo.State.values();

    /** The calls, in the order of their codes (never reorder: the code is the ordinal). */
    public enum Op {
        GETATTR(false),
        PARENT(false),
        LOOKUP(false),
        SETATTR(true),
        CREATE(true),
        MKDIR(true),
        SYMLINK(true),
        LINK(true),
        READLINK(false),
        UNLINK(true),
        RMDIR(true),
        RENAME(true),
        READDIR(false),
        READ(false),
        WRITE(true),
        APPEND(true),
        SYNC(false),
        SYNC_ALL(false),
        RECORD(false),
        CURRENT_LAYER(false),
        LAYERS(false),
        SNAPSHOTS(false),
        CREATE_SNAPSHOT(true),
        TAG(true),
        RESTORE(true),
        DROP_SNAPSHOT(true),
        PUBLISH(true),
        READDIR_PLUS(false),
        /** The client holds the inode no more (see FilesystemInterface#forgetAsKeeper); no answer but OK. */
        FORGET(true);

        private static final Op[] ALL = values();

        /**
         * Whether the call changes the tree: a read token may not make it on the tenant's tree
         * (on a scratch tree it may, but for {@link #PUBLISH}).
         */
        public final boolean changes;

        Op(boolean changes) {
            this.changes = changes;
        }

        public static Op of(int code) {
            if (code < 0 || code >= ALL.length) {
                throw new FsException(FsError.INVALID, "unknown remote call " + code);
            }
            return ALL[code];
        }
    }

    private FsWire() {}

    public static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > MAX_STRING) {
            throw new FsException(FsError.INVALID, "bad string length " + length + " in a remote call");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static void writeBytes(DataOutput out, byte[] data, int offset, int length) throws IOException {
        out.writeInt(length);
        out.write(data, offset, length);
    }

    public static byte[] readBytes(DataInput in, int max) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > max) {
            throw new FsException(FsError.INVALID, "bad data length " + length + " in a remote call");
        }
        byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }

    public static void writeAttributes(DataOutput out, FileAttributes a) throws IOException {
        out.writeLong(a.ino());
        out.writeByte(a.type().ordinal());
        out.writeInt(a.mode());
        out.writeLong(a.nlink());
        out.writeLong(a.size());
        out.writeLong(a.atimeNs());
        out.writeLong(a.mtimeNs());
        out.writeLong(a.ctimeNs());
    }

    public static FileAttributes readAttributes(DataInput in) throws IOException {
        return new FileAttributes(
                in.readLong(),
                type(in.readUnsignedByte()),
                in.readInt(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong());
    }

    public static void writeSetAttributes(DataOutput out, SetAttributes s) throws IOException {
        out.writeByte((s.size() != null ? 1 : 0)
                | (s.mode() != null ? 2 : 0)
                | (s.atimeNs() != null ? 4 : 0)
                | (s.mtimeNs() != null ? 8 : 0));
        if (s.size() != null) {
            out.writeLong(s.size());
        }
        if (s.mode() != null) {
            out.writeInt(s.mode());
        }
        if (s.atimeNs() != null) {
            out.writeLong(s.atimeNs());
        }
        if (s.mtimeNs() != null) {
            out.writeLong(s.mtimeNs());
        }
    }

    public static SetAttributes readSetAttributes(DataInput in) throws IOException {
        int present = in.readUnsignedByte();
        Long size = (present & 1) != 0 ? in.readLong() : null;
        Integer mode = (present & 2) != 0 ? in.readInt() : null;
        Long atime = (present & 4) != 0 ? in.readLong() : null;
        Long mtime = (present & 8) != 0 ? in.readLong() : null;
        return new SetAttributes(size, mode, atime, mtime);
    }

    public static void writeEntries(DataOutput out, List<DirEntry> entries) throws IOException {
        out.writeInt(entries.size());
        for (DirEntry e : entries) {
            writeString(out, e.name());
            out.writeLong(e.ino());
            out.writeByte(e.type().ordinal());
            out.writeLong(e.cookie());
        }
    }

    public static List<DirEntry> readEntries(DataInput in) throws IOException {
        int n = count(in);
        List<DirEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(new DirEntry(readString(in), in.readLong(), type(in.readUnsignedByte()), in.readLong()));
        }
        return entries;
    }

    public static void writeEntriesPlus(DataOutput out, List<DirEntryPlus> entries) throws IOException {
        out.writeInt(entries.size());
        for (DirEntryPlus e : entries) {
            writeString(out, e.entry().name());
            out.writeLong(e.entry().cookie());
            writeAttributes(out, e.attributes());
        }
    }

    public static List<DirEntryPlus> readEntriesPlus(DataInput in) throws IOException {
        int n = count(in);
        List<DirEntryPlus> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = readString(in);
            long cookie = in.readLong();
            FileAttributes a = readAttributes(in);
            entries.add(new DirEntryPlus(new DirEntry(name, a.ino(), a.type(), cookie), a));
        }
        return entries;
    }

    public static void writeError(DataOutput out, FsException e) throws IOException {
        out.writeByte(FAILED);
        out.writeByte(e.error().ordinal());
        writeString(out, e.getMessage());
    }

    /** Reads a failure's error and message (after the {@link #FAILED} byte). */
    public static FsException readError(DataInput in) throws IOException {
        int code = in.readUnsignedByte();
        FsError error = code < ERRORS.length ? ERRORS[code] : FsError.IO;
        String message = readString(in);
        return new FsException(error, message == null ? error.description() : message);
    }

    public static void writeEvents(DataOutput out, List<AuditEvent> events) throws IOException {
        out.writeInt(events.size());
        for (AuditEvent e : events) {
            out.writeLong(e.timeNanos());
            out.writeLong(e.layer());
            writeString(out, e.runId());
            writeString(out, e.moduleHash());
            writeString(out, e.operation());
            writeString(out, e.path());
            writeString(out, e.resolvedPath());
            out.writeLong(e.bytes());
            out.writeInt(e.errno());
        }
    }

    /** Reads audit events, each with {@code token} as the token that recorded it. */
    public static List<AuditEvent> readEvents(DataInput in, String token) throws IOException {
        int n = count(in);
        List<AuditEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long time = in.readLong();
            long layer = in.readLong();
            String run = readString(in);
            String module = readString(in);
            String operation = readString(in);
            if (operation == null) {
                throw new FsException(FsError.INVALID, "an audit event without an operation");
            }
            events.add(new AuditEvent(
                    time,
                    layer,
                    run,
                    module,
                    operation,
                    readString(in),
                    readString(in),
                    in.readLong(),
                    in.readInt(),
                    token));
        }
        return events;
    }

    public static void writeLayer(DataOutput out, LayerInfo layer) throws IOException {
        out.writeLong(layer.id());
        out.writeLong(layer.parent());
        out.writeByte(layer.state().ordinal());
        out.writeLong(layer.createdNs());
        out.writeInt(layer.names().size());
        for (String name : layer.names()) {
            writeString(out, name);
        }
    }

    public static LayerInfo readLayer(DataInput in) throws IOException {
        long id = in.readLong();
        long parent = in.readLong();
        int state = in.readUnsignedByte();
        long created = in.readLong();
        int n = count(in);
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(readString(in));
        }
        return new LayerInfo(
                id, parent, state < STATES.length ? STATES[state] : LayerInfo.State.FROZEN, created, names);
    }

    /** A snapshot, or null as "none". */
    public static void writeSnapshot(DataOutput out, Snapshot s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s.name());
            out.writeLong(s.layer());
            writeString(out, s.message());
            out.writeLong(s.createdNs());
            out.writeBoolean(s.tag());
        }
    }

    public static Snapshot readSnapshot(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new Snapshot(readString(in), in.readLong(), readString(in), in.readLong(), in.readBoolean());
    }

    public static int count(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000_000) {
            throw new FsException(FsError.INVALID, "bad count " + n + " in a remote call");
        }
        return n;
    }

    private static FileType type(int code) {
        return code < TYPES.length ? TYPES[code] : FileType.UNKNOWN;
    }
}
