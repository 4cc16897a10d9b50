package io.tarbox.storage.sql;

import java.sql.SQLException;

/**
 * The store's own connection, lent to a tree for a step that must not run inside the tree's open
 * write transaction: reserving inode numbers on PostgreSQL (see
 * {@link SqlDialect#allocateInodeBlock}), which would otherwise hold the tenant's row until the
 * tree commits and so make every other process creating files wait.
 */
interface StoreConnection {
    /** A step on the store's connection. */
    interface Step<T> {
        T run(Statements sql) throws SQLException;
    }

    /** Runs {@code step} on the store's connection, scoped to {@code tenant}, as a transaction of its own. */
    <T> T apart(long tenant, Step<T> step) throws SQLException;

    /** Told after a tree committed (SQLite: the log is copied into the database file, see {@link WalCheckpointer}). */
    default void committed() {}

    /** Told that a tree found the storage full (SQLite gives back its {@link DiskReserve}). */
    default void storageFull() {}
}
