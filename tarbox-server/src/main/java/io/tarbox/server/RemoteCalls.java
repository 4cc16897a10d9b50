package io.tarbox.server;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.server.wire.FsWire;
import io.tarbox.server.wire.FsWire.Op;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Executes one remote call on a tree: reads its arguments, calls the tree, writes {@link FsWire#OK}
 * and the result. A contract error escapes before anything is written, so the caller writes it.
 */
final class RemoteCalls {
    private RemoteCalls() {}

    static void execute(Op op, DataInputStream in, DataOutputStream out, RemoteTree tree) throws IOException {
        FilesystemInterface fs = tree.fs();
        switch (op) {
            case GETATTR -> {
                var a = fs.getattr(in.readLong());
                ok(out);
                FsWire.writeAttributes(out, a);
            }
            case PARENT -> {
                long parent = fs.parent(in.readLong());
                ok(out);
                out.writeLong(parent);
            }
            case LOOKUP -> {
                var a = fs.lookup(in.readLong(), FsWire.readString(in));
                ok(out);
                FsWire.writeAttributes(out, a);
            }
            case SETATTR -> {
                var a = fs.setattr(in.readLong(), FsWire.readSetAttributes(in));
                ok(out);
                FsWire.writeAttributes(out, a);
            }
            case CREATE -> {
                long dir = in.readLong();
                String name = FsWire.readString(in);
                var a = fs.create(dir, name, in.readInt(), in.readBoolean());
                added(out, fs, a, dir);
            }
            case MKDIR -> {
                long dir = in.readLong();
                String name = FsWire.readString(in);
                var a = fs.mkdir(dir, name, in.readInt());
                added(out, fs, a, dir);
            }
            case SYMLINK -> {
                long dir = in.readLong();
                String name = FsWire.readString(in);
                var a = fs.symlink(dir, name, FsWire.readString(in));
                added(out, fs, a, dir);
            }
            case LINK -> {
                long ino = in.readLong();
                long dir = in.readLong();
                var a = fs.link(ino, dir, FsWire.readString(in));
                added(out, fs, a, dir);
            }
            case READLINK -> {
                String target = fs.readlink(in.readLong());
                ok(out);
                FsWire.writeString(out, target);
            }
            case UNLINK -> {
                long dir = in.readLong();
                fs.unlink(dir, FsWire.readString(in));
                ok(out);
                FsWire.writeAttributes(out, fs.getattr(dir));
            }
            case RMDIR -> {
                long dir = in.readLong();
                fs.rmdir(dir, FsWire.readString(in));
                ok(out);
                FsWire.writeAttributes(out, fs.getattr(dir));
            }
            case RENAME -> {
                long from = in.readLong();
                String fromName = FsWire.readString(in);
                long to = in.readLong();
                String toName = FsWire.readString(in);
                fs.rename(from, fromName, to, toName);
                ok(out);
                FsWire.writeAttributes(out, fs.getattr(from));
                FsWire.writeAttributes(out, fs.getattr(to));
                FsWire.writeAttributes(out, fs.lookup(to, toName));
            }
            case READDIR -> {
                var entries = fs.readdir(in.readLong(), in.readLong(), in.readInt());
                ok(out);
                FsWire.writeEntries(out, entries);
            }
            case READDIR_PLUS -> {
                var entries = fs.readdirPlus(in.readLong(), in.readLong(), in.readInt());
                ok(out);
                FsWire.writeEntriesPlus(out, entries);
            }
            case READ -> {
                long ino = in.readLong();
                long offset = in.readLong();
                int length = in.readInt();
                if (length < 0 || length > FsWire.MAX_READ) {
                    throw new FsException(FsError.INVALID, "a remote read of " + length + " bytes");
                }
                byte[] buffer = new byte[length];
                int n = fs.read(ino, offset, buffer, 0, length);
                ok(out);
                FsWire.writeBytes(out, buffer, 0, Math.max(n, 0));
            }
            case WRITE -> {
                long ino = in.readLong();
                long offset = in.readLong();
                byte[] data = FsWire.readBytes(in, Integer.MAX_VALUE - 8);
                fs.write(ino, offset, data, 0, data.length);
                ok(out);
                FsWire.writeAttributes(out, fs.getattr(ino));
            }
            case APPEND -> {
                long ino = in.readLong();
                byte[] data = FsWire.readBytes(in, Integer.MAX_VALUE - 8);
                long at = fs.append(ino, data, 0, data.length);
                ok(out);
                out.writeLong(at);
            }
            case SYNC -> {
                fs.sync(in.readLong());
                ok(out);
            }
            case SYNC_ALL -> {
                fs.syncAll();
                ok(out);
            }
            case RECORD -> {
                var events = FsWire.readEvents(in, tree.token());
                AuditLog log = tree.log();
                for (AuditEvent e : events) {
                    log.record(e);
                }
                ok(out);
            }
            case CURRENT_LAYER -> {
                LayerInfo layer = layered(tree).currentLayer();
                ok(out);
                FsWire.writeLayer(out, layer);
            }
            case LAYERS -> {
                var layers = layered(tree).layers();
                ok(out);
                out.writeInt(layers.size());
                for (LayerInfo layer : layers) {
                    FsWire.writeLayer(out, layer);
                }
            }
            case SNAPSHOTS -> {
                var snapshots = layered(tree).snapshots();
                ok(out);
                out.writeInt(snapshots.size());
                for (Snapshot s : snapshots) {
                    FsWire.writeSnapshot(out, s);
                }
            }
            case CREATE_SNAPSHOT -> {
                String name = FsWire.readString(in);
                Snapshot s = layered(tree).createSnapshot(name, FsWire.readString(in));
                ok(out);
                FsWire.writeSnapshot(out, s);
            }
            case TAG -> {
                String snapshot = FsWire.readString(in);
                Snapshot s = layered(tree).tag(snapshot, FsWire.readString(in));
                ok(out);
                FsWire.writeSnapshot(out, s);
            }
            case RESTORE -> {
                String name = FsWire.readString(in);
                Snapshot kept = layered(tree).restore(name, in.readBoolean()).orElse(null);
                ok(out);
                FsWire.writeSnapshot(out, kept);
            }
            case DROP_SNAPSHOT -> {
                String name = FsWire.readString(in);
                layered(tree).dropSnapshot(name, in.readBoolean());
                ok(out);
            }
            case PUBLISH -> {
                tree.publish();
                ok(out);
            }
            case FORGET -> {
                tree.forget(in.readLong());
                ok(out);
            }
        }
    }

    /** The answer to a call that added {@code a} to {@code dir}: it, and the directory as it is now. */
    private static void added(DataOutputStream out, FilesystemInterface fs, FileAttributes a, long dir)
            throws IOException {
        FileAttributes directory = fs.getattr(dir);
        ok(out);
        FsWire.writeAttributes(out, a);
        FsWire.writeAttributes(out, directory);
    }

    private static void ok(DataOutputStream out) throws IOException {
        out.writeByte(FsWire.OK);
    }

    private static LayeredFilesystem layered(RemoteTree tree) {
        if (tree.fs() instanceof LayeredFilesystem layered) {
            return layered;
        }
        throw new FsException(FsError.NOT_SUPPORTED, "a snapshot has no layers of its own");
    }
}
