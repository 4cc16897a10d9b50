package io.tarbox.storage;

import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.sql.SqlStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Opens a {@link TarboxStore} from what the user passed as {@code --db}: a file path (SQLite,
 * created on first use together with its parent directories), or a PostgreSQL URL, either
 * {@code postgresql://[user[:password]@]host[:port]/database[?params]} (as psql takes it) or
 * {@code jdbc:postgresql://...}.
 */
public final class StoreFactory {
    private StoreFactory() {}

    /**
     * Opens (creating or migrating as needed) the store at {@code location}.
     *
     * @throws StorageException when the location cannot be used as a Tarbox store
     */
    public static TarboxStore open(String location) {
        if (location.startsWith("jdbc:postgresql:")) {
            return SqlStore.openPostgres(location, redact(location));
        }
        if (location.startsWith("postgresql://") || location.startsWith("postgres://")) {
            return SqlStore.openPostgres(toJdbc(location), redact(location));
        }
        return SqlStore.openSqlite(Path.of(location));
    }

    /**
     * Sets up the PostgreSQL database at {@code location} with Tarbox's roles (see
     * {@link SqlStore#openPostgresCreatingRoles}) and opens it.
     *
     * @throws StorageException when the location is not PostgreSQL or cannot be set up
     */
    public static TarboxStore openCreatingRoles(String location, String prefix) {
        if (location.startsWith("jdbc:postgresql:")) {
            return SqlStore.openPostgresCreatingRoles(location, redact(location), prefix);
        }
        if (location.startsWith("postgresql://") || location.startsWith("postgres://")) {
            return SqlStore.openPostgresCreatingRoles(toJdbc(location), redact(location), prefix);
        }
        throw new StorageException(
                StorageException.Reason.FAILED, "database roles need PostgreSQL; " + location + " is a SQLite file");
    }

    /** A {@code postgresql://} URL as a {@code jdbc:postgresql:} one, credentials as parameters. */
    static String toJdbc(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new StorageException(StorageException.Reason.UNREACHABLE, "malformed database URL: " + redact(url));
        }
        if (uri.getHost() == null) {
            throw new StorageException(
                    StorageException.Reason.UNREACHABLE, "database URL names no host: " + redact(url));
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath() == null ? "/" : uri.getRawPath());
        StringBuilder params = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            appendParam(params, "user", URLDecoder.decode(user, StandardCharsets.UTF_8));
            if (colon >= 0) {
                appendParam(
                        params, "password", URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8));
            }
        }
        if (params.length() > 0) {
            jdbc.append('?').append(params);
        }
        return jdbc.toString();
    }

    private static void appendParam(StringBuilder params, String name, String value) {
        if (params.length() > 0) {
            params.append('&');
        }
        params.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** The location without a password, for messages. */
    static String redact(String location) {
        return location.replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
