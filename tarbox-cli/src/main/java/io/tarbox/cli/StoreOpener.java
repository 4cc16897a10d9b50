package io.tarbox.cli;

import io.tarbox.core.store.TarboxStore;

/** Opens the store a {@code --db} value names (creating or migrating its schema). */
@FunctionalInterface
public interface StoreOpener {
    /**
     * @param db a SQLite file path or a PostgreSQL URL, already checked by {@link Database}
     * @throws RuntimeException any failure, reported as a storage error (exit code 5)
     */
    TarboxStore open(String db);
}
