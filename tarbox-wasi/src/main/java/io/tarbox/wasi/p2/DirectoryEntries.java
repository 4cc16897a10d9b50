package io.tarbox.wasi.p2;

import io.tarbox.core.fs.DirEntry;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The rep of a {@code directory-entry-stream}: the contract's listing of a directory read in
 * batches from its stable cookies ("." and ".." are not entries, as in WASI 0.2).
 */
final class DirectoryEntries {
    private static final int BATCH = 256;

    private final P2Descriptor dir;
    private final ArrayDeque<DirEntry> buffered = new ArrayDeque<>();
    private long cookie;
    private boolean ended;

    DirectoryEntries(P2Descriptor dir) {
        this.dir = dir;
    }

    /** The next entry as a {@code directory-entry} record, or empty at the end. */
    Optional<Object> next() {
        if (buffered.isEmpty() && !ended) {
            List<DirEntry> batch = dir.mount.fs().readdir(dir.ino, cookie, BATCH);
            if (batch.isEmpty()) {
                ended = true;
            }
            buffered.addAll(batch);
        }
        DirEntry entry = buffered.pollFirst();
        if (entry == null) {
            return Optional.empty();
        }
        cookie = entry.cookie();
        return Optional.of(new Object[] {FilesystemHosts.descriptorType(entry.type()), entry.name()});
    }
}
