package io.tarbox.storage.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories from a held root down to where a walk of the host stands, each reached from its
 * parent's handle without following a symlink (see {@link HostDirectory}).
 *
 * <p>Only the deepest {@value #OPEN_HANDLES} directories, and every {@value #OPEN_HANDLES}th one
 * above them, keep their handle open, so a chain of directories any number deep needs a bounded
 * number of descriptors; a closed one is opened again from the nearest open ancestor, each step
 * checked to be the directory that was entered (device and inode).
 */
public final class HeldPath implements AutoCloseable {
    private static final int OPEN_HANDLES = 64;

    /** A directory of the path: its name in its parent, identity and (maybe) open handle. */
    private static final class Level {
        final String name;
        final HostStat identity;
        HostDirectory handle;

        Level(String name, HostStat identity, HostDirectory handle) {
            this.name = name;
            this.identity = identity;
            this.handle = handle;
        }
    }

    private final List<Level> levels = new ArrayList<>();

    /** @param root where the path starts; held, and closed by the caller (not by {@link #close()}) */
    public HeldPath(HostDirectory root) throws IOException {
        levels.add(new Level(null, root.stat(), root));
    }

    /** How many directories below the root the walk stands. */
    public int depth() {
        return levels.size() - 1;
    }

    /** Goes down into {@code dir}, just opened from {@link #current()} as {@code name}. */
    public void enter(String name, HostDirectory dir) throws IOException {
        levels.add(new Level(name, dir.stat(), dir));
        int spare = depth() - OPEN_HANDLES; // the deepest ones stay open, and every OPEN_HANDLES-th above
        if (spare > 0 && spare % OPEN_HANDLES != 0) {
            close(levels.get(spare));
        }
    }

    /** Goes back up to the parent, closing the directory left. */
    public void leave() {
        if (depth() == 0) {
            throw new IllegalStateException("already at the root");
        }
        close(levels.remove(levels.size() - 1));
    }

    /** The handle of the directory the walk stands in, opened again if it was closed. */
    public HostDirectory current() throws IOException {
        int top = levels.size() - 1;
        if (levels.get(top).handle == null) {
            int open = top;
            while (levels.get(open).handle == null) {
                open--;
            }
            for (int i = open + 1; i <= top; i++) {
                Level level = levels.get(i);
                level.handle = levels.get(i - 1).handle.openDirectory(level.name, level.identity);
            }
        }
        return levels.get(top).handle;
    }

    /** Closes every handle below the root. */
    @Override
    public void close() {
        while (depth() > 0) {
            leave();
        }
    }

    private static void close(Level level) {
        if (level.handle != null) {
            level.handle.close();
            level.handle = null;
        }
    }
}
