package io.tarbox.cli;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.cli.tree.Tree;

/**
 * One command's connection to the database: the store, and (opened on first use) the tenant's tree.
 * Closing commits the tree and closes the store.
 */
public final class Session implements AutoCloseable {
    private final TarboxStore store;
    private final String tenant;
    private FilesystemInterface fs;
    private Tree tree;

    Session(TarboxStore store, String tenant) {
        this.store = store;
        this.tenant = tenant;
    }

    public TarboxStore store() {
        return store;
    }

    public String tenant() {
        return tenant;
    }

    /** The tenant's tree, opened on first use; an unknown tenant is "not found" (exit code 3). */
    public Tree tree() {
        if (tree == null) {
            try {
                fs = store.openFilesystem(tenant);
            } catch (FsException e) {
                if (e.error() == FsError.NOT_FOUND) {
                    throw new CliException(ExitCodes.NOT_FOUND, "unknown tenant '" + tenant + "' (see 'tarbox tenant list')", e);
                }
                throw e;
            }
            tree = new Tree(fs);
        }
        return tree;
    }

    @Override
    public void close() {
        try {
            if (fs != null) {
                fs.close();
            }
        } catch (FsException e) {
            throw CliException.storage("cannot commit to " + store.location() + ": " + e.getMessage(), e);
        } finally {
            store.close();
        }
    }
}
