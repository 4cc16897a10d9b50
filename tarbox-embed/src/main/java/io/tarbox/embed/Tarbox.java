package io.tarbox.embed;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StorageException;
import io.tarbox.storage.StoreFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Tarbox store opened by a Java program: the entry point of the embedding API.
 *
 * <pre>{@code
 * try (Tarbox tarbox = Tarbox.open("app.db")) {             // or "postgresql://user@host/db"
 *     Tenant tenant = tarbox.createTenant("agent-42");       // or tarbox.tenant("default")
 *     tenant.mkdirs("/data");
 *     RunResult result = tenant.run(Path.of("tool.wasm"))
 *             .args("--input", "/data/in.txt")
 *             .dir("/data")
 *             .timeout(Duration.ofSeconds(10))
 *             .execute();
 *     System.out.println(result.exitCode());
 * }
 * }</pre>
 *
 * <p>A store is the database that holds tenants; each tenant has one tree of files, with its layers
 * and snapshots. Opening a SQLite file creates it (and its schema) on first use; a PostgreSQL
 * database gets its schema on first use too. Errors are unchecked: {@link StorageException} when the
 * database cannot be used, {@link FsException} (with an {@link FsError}) for a failed file
 * operation, such as an unknown tenant ({@link FsError#NOT_FOUND}).
 *
 * <p>One {@code Tarbox} may be used from several threads; runs on one tenant's tree take turns
 * where the store requires it (a snapshot needs the tenant to itself).
 */
public final class Tarbox implements AutoCloseable {
    private final TarboxStore store;

    private Tarbox(TarboxStore store) {
        this.store = store;
    }

    /**
     * Opens the store at {@code location}: a SQLite file path (created with its parent directories
     * when missing), or a PostgreSQL URL ({@code postgresql://user[:password]@host[:port]/database}
     * or {@code jdbc:postgresql://...}).
     *
     * @throws StorageException when the location cannot be used as a Tarbox store
     */
    public static Tarbox open(String location) {
        return new Tarbox(StoreFactory.open(Objects.requireNonNull(location, "location")));
    }

    /** Opens (creating on first use) the SQLite store in {@code file}. */
    public static Tarbox open(Path file) {
        return open(file.toString());
    }

    /** Wraps a store opened elsewhere (by the storage module); closing this closes it. */
    public static Tarbox of(TarboxStore store) {
        return new Tarbox(Objects.requireNonNull(store, "store"));
    }

    /** Where the store lives: the file path, or the URL without its password. */
    public String location() {
        return store.location();
    }

    /** The store underneath, for what this API does not cover (quotas, gc, the audit trail). */
    public TarboxStore store() {
        return store;
    }

    /** The names of the store's tenants ("default" always among them). */
    public List<String> tenantNames() {
        List<String> names = new ArrayList<>();
        store.listTenants().forEach(t -> names.add(t.name()));
        return names;
    }

    /**
     * An existing tenant.
     *
     * @throws FsException NOT_FOUND when the store has no such tenant
     */
    public Tenant tenant(String name) {
        if (store.findTenant(name).isEmpty()) {
            throw new FsException(FsError.NOT_FOUND, "unknown tenant '" + name + "'");
        }
        return new Tenant(store, name);
    }

    /**
     * Creates a tenant with an empty tree.
     *
     * @throws FsException EXISTS when there is one of that name, INVALID for a bad name
     */
    public Tenant createTenant(String name) {
        store.createTenant(name);
        return new Tenant(store, name);
    }

    /** Deletes a tenant and all its files and snapshots. @throws FsException NOT_FOUND */
    public void deleteTenant(String name) {
        store.deleteTenant(name);
    }

    /** Closes the store (every tree a run opened is closed by the run itself). */
    @Override
    public void close() {
        store.close();
    }
}
