package io.tarbox.cli;

import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;

/** The production {@link StoreOpener}: the storage module's factory. */
final class Stores {
    private Stores() {}

    static TarboxStore open(String db) {
        return StoreFactory.open(db);
    }
}
