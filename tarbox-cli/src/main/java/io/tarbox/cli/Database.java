package io.tarbox.cli;

import io.tarbox.core.store.TarboxStore;
import io.tarbox.server.client.RemoteStore;
import io.tarbox.storage.StorageException;
import io.tarbox.storage.StoreFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks the database a user named before any driver touches it, so that a wrong {@code --db} fails
 * with a clear message (exit code 5) and the file is left as it was; then opens it.
 */
final class Database {
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private Database() {}

    static boolean isUrl(String db) {
        return db.startsWith("postgresql://") || db.startsWith("postgres://") || db.startsWith("jdbc:");
    }

    /** Checks and opens the configured database (or Tarbox server); every failure is a storage error. */
    static TarboxStore open(Configuration config, StoreOpener opener) {
        String db = config.db();
        if (RemoteStore.isServer(db)) {
            try {
                return RemoteStore.open(db, config.apiToken());
            } catch (StorageException e) {
                throw new CliException(ExitCodes.of(e), e.getMessage(), e);
            } catch (io.tarbox.core.fs.FsException e) {
                throw CliException.storage("Tarbox server " + db + ": " + e.getMessage(), e);
            }
        }
        if (!isUrl(db)) {
            checkFile(Path.of(db), config.dbIsDefault());
        }
        try {
            return opener.open(withPassword(db, config.dbPassword()));
        } catch (CliException e) {
            throw e;
        } catch (StorageException e) {
            // The storage's message is already one line for users, naming the database.
            throw new CliException(ExitCodes.of(e), e.getMessage(), e);
        } catch (RuntimeException e) {
            String detail =
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw CliException.storage("cannot open database " + shown(db) + ": " + detail, e);
        }
    }

    /**
     * Opens the configured PostgreSQL database after setting it up with Tarbox's roles (see
     * {@code tarbox init --create-roles}); every failure is a storage error, a bad prefix a usage error.
     */
    static TarboxStore openCreatingRoles(Configuration config, String prefix) {
        String db = config.db();
        if (!isUrl(db)) {
            throw new CliException(
                    ExitCodes.USAGE, "--create-roles needs a PostgreSQL database (--db postgresql://...)");
        }
        try {
            return StoreFactory.openCreatingRoles(withPassword(db, config.dbPassword()), prefix);
        } catch (StorageException e) {
            throw new CliException(ExitCodes.of(e), e.getMessage(), e);
        } catch (io.tarbox.core.fs.FsException e) {
            throw new CliException(
                    e.error() == io.tarbox.core.fs.FsError.INVALID ? ExitCodes.USAGE : ExitCodes.STORAGE,
                    e.getMessage(),
                    e);
        }
    }

    /**
     * A PostgreSQL URL with {@code password} added as a parameter, unless the URL has a password of
     * its own (which wins) or there is none to add. Messages show it as {@code password=***}.
     */
    static String withPassword(String db, String password) {
        if (!isUrl(db)
                || password == null
                || db.matches("(?i).*[?&]password=.*")
                || db.matches("[^/]*//[^/@]*:[^/@]*@.*")) {
            return db;
        }
        return db + (db.contains("?") ? "&" : "?") + "password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    }

    /** The database as messages may show it: a URL's password replaced by "***". */
    static String shown(String db) {
        if (!isUrl(db)) {
            return db;
        }
        return db.replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static void checkFile(Path file, boolean createDirectory) {
        if (Files.isDirectory(file)) {
            throw CliException.storage("database " + file + " is a directory, not a SQLite file", null);
        }
        if (Files.exists(file)) {
            if (!Files.isReadable(file)) {
                throw CliException.storage("database " + file + " is not readable", null);
            }
            if (!Files.isWritable(file)) {
                throw CliException.storage("database " + file + " is not writable", null);
            }
            if (!hasSqliteHeader(file)) {
                throw CliException.storage("database " + file + " is not a SQLite database", null);
            }
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isWritable(dir)) {
                throw CliException.storage(
                        "database " + file + " is not writable: SQLite cannot create its journal in " + dir, null);
            }
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (createDirectory && !Files.exists(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw CliException.storage(
                        "cannot create directory " + dir + " for the database: " + e.getMessage(), e);
            }
        }
        if (!Files.isDirectory(dir)) {
            throw CliException.storage(
                    "cannot create database " + file + ": directory " + dir + " does not exist", null);
        }
        if (!Files.isWritable(dir)) {
            throw CliException.storage(
                    "cannot create database " + file + ": directory " + dir + " is not writable", null);
        }
    }

    /** An empty file is fine (SQLite initializes it); anything else must start with SQLite's magic. */
    private static boolean hasSqliteHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(SQLITE_HEADER.length);
            return header.length == 0 || Arrays.equals(header, SQLITE_HEADER);
        } catch (IOException e) {
            throw CliException.storage("cannot read database " + file + ": " + e.getMessage(), e);
        }
    }
}
