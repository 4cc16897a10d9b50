package io.tarbox.cli.transfer;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.command.Format;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.path.PathResolver;
import io.tarbox.core.path.PathResolver.Resolved;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a tar stream into a directory of the tree: files (streamed), directories, symbolic and
 * hard links, permission bits and modification times. Entry names are resolved by a
 * {@link PathResolver.Confinement#CONFINED} resolver rooted at the target, so no entry (no "..", no
 * absolute name, no symlink in the archive) can write outside it.
 */
public final class TarImport {
    private final FilesystemInterface fs;
    private final PathResolver confined;
    private final Progress progress;
    private final PrintStream warnings;
    private final Counts counts = new Counts();
    private final DeferredTimes times = new DeferredTimes();
    /** The last directory entry unpacked (its name relative to the target) and its inode. */
    private String lastDirectory = "";

    private long lastDirectoryIno;

    public TarImport(FilesystemInterface fs, long target, Progress progress, PrintStream warnings) {
        this.fs = fs;
        this.confined = new PathResolver(fs, target, PathResolver.Confinement.CONFINED);
        this.progress = progress;
        this.warnings = warnings;
    }

    /** Unpacks every entry of {@code in}, a tar stream, gzip-compressed or not. */
    public Counts unpack(InputStream in) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(gunzipped(in));
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String name = relativeName(entry.getName());
            if (name.isEmpty()) {
                continue; // the archive's own top directory ("./"): the target stands for it
            }
            try {
                unpack(entry, name, tar);
            } catch (FsException e) {
                // Name the entry: "operation not permitted" alone does not say which one escaped.
                throw new CliException(
                        ExitCodes.of(e.error()),
                        "archive entry '" + entry.getName() + "': " + CliException.describe(e),
                        e);
            }
        }
        times.apply(fs);
        return counts;
    }

    private void unpack(TarArchiveEntry entry, String name, InputStream content) throws IOException {
        Resolved where = parentOf(name);
        int mode = entry.getMode() & 07777;
        long mtime = TimeAttributes.nanos(entry.getLastModifiedTime());
        if (entry.isDirectory()) {
            FileAttributes existing = where.attributes();
            long ino = existing != null && existing.isDirectory()
                    ? fs.setattr(existing.ino(), SetAttributes.mode(mode)).ino()
                    : fs.mkdir(where.dir(), where.name(), mode).ino();
            lastDirectory = name;
            lastDirectoryIno = ino;
            times.add(ino, mtime, mtime);
            counts.directories++;
            return;
        }
        if (entry.isCharacterDevice()
                || entry.isBlockDevice()
                || entry.isFIFO()
                || !(entry.isSymbolicLink() || entry.isLink() || entry.isFile())) {
            warnings.println(
                    "tarbox: import: skipping " + Format.oneLine(entry.getName()) + ": not a file, directory or link");
            counts.skipped++;
            return;
        }
        replaceable(where);
        long ino;
        if (entry.isSymbolicLink()) {
            ino = fs.symlink(where.dir(), where.name(), entry.getLinkName()).ino();
            counts.symlinks++;
        } else if (entry.isLink()) {
            FileAttributes linked =
                    confined.resolve(relativeName(entry.getLinkName()), false).existing();
            fs.link(linked.ino(), where.dir(), where.name());
            counts.files++;
            return;
        } else {
            // commons-compress calls every other non-directory entry a "file"; devices were skipped above
            ino = fs.create(where.dir(), where.name(), mode, true).ino();
            counts.bytes += Streams.intoFile(content, fs, ino, progress);
            counts.files++;
        }
        times.add(ino, mtime, mtime);
    }

    /** {@code in}, decompressed if it starts with gzip's magic number. */
    private static InputStream gunzipped(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    /** Where entry {@code name} goes; missing parent directories are created (archives may omit them). */
    private Resolved parentOf(String name) {
        int slash = name.lastIndexOf('/');
        long dir = confined.root();
        if (slash > 0 && name.regionMatches(0, lastDirectory, 0, slash) && lastDirectory.length() == slash) {
            // The entry before was this one's directory (as archives list them): no walk from the
            // target again, which would cost a chain of directories n deep n*n lookups.
            dir = lastDirectoryIno;
        } else if (slash > 0) {
            for (String component : name.substring(0, slash).split("/")) {
                Resolved step = confined.resolve(dir, component, true);
                if (!step.exists()) {
                    dir = fs.mkdir(step.dir(), step.name(), HostFiles.DEFAULT_DIRECTORY_MODE)
                            .ino();
                } else if (step.attributes().isDirectory()) {
                    dir = step.attributes().ino();
                } else {
                    throw new FsException(FsError.NOT_DIRECTORY, "not a directory: " + component);
                }
            }
        }
        Resolved resolved = confined.resolve(dir, name.substring(slash + 1), false);
        if (resolved.name() == null) {
            throw new FsException(FsError.INVALID, "bad entry name");
        }
        return resolved;
    }

    /** A later entry for the same name replaces an earlier non-directory, as tar(1) does. */
    private void replaceable(Resolved where) {
        FileAttributes existing = where.attributes();
        if (existing == null) {
            return;
        }
        if (existing.isDirectory()) {
            throw new FsException(FsError.IS_DIRECTORY, "is a directory: " + where.name());
        }
        fs.unlink(where.dir(), where.name());
    }

    /** "./a/b/" and "/a/b" become "a/b"; ".." components are left for the confined resolver to refuse. */
    private static String relativeName(String name) {
        String relative = name;
        while (relative.startsWith("/") || relative.startsWith("./")) {
            relative = relative.startsWith("/") ? relative.substring(1) : relative.substring(2);
        }
        while (relative.endsWith("/")) {
            relative = relative.substring(0, relative.length() - 1);
        }
        return relative.equals(".") ? "" : relative;
    }
}
