package io.tarbox.storage;

import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.sql.SqlStore;
import java.nio.file.Path;

/**
 * Opens a {@link TarboxStore} from what the user passed as {@code --db}: a file path (SQLite,
 * created on first use together with its parent directories) or a PostgreSQL URL.
 */
public final class StoreFactory {
    private StoreFactory() {}

    /**
     * Opens (creating or migrating as needed) the store at {@code location}.
     *
     * @throws StorageException when the location cannot be used as a Tarbox store
     */
    public static TarboxStore open(String location) {
        if (isPostgresUrl(location)) {
            // The PostgreSQL dialect plugs in here (see SqlDialect); this build stores in SQLite only.
            throw new StorageException(
                    StorageException.Reason.UNSUPPORTED,
                    "PostgreSQL databases are not supported by this version of Tarbox: " + redact(location));
        }
        return SqlStore.openSqlite(Path.of(location));
    }

    static boolean isPostgresUrl(String location) {
        return location.startsWith("postgresql://")
                || location.startsWith("postgres://")
                || location.startsWith("jdbc:postgresql:");
    }

    /** The location without a password, for messages. */
    static String redact(String location) {
        return location.replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
