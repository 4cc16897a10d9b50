package io.tarbox.storage.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Role names for one test of a PostgreSQL database set up with {@code tarbox init --create-roles}
 * (or {@code SqlStore.openPostgresCreatingRoles}): a prefix no other test uses, since roles belong to
 * the whole cluster and tests of several helpers run at once. {@link #close()} drops the test's
 * database, then every role of the prefix and those registered with {@link #alsoDrop}.
 */
public final class PostgresTestRoles implements AutoCloseable {
    private final PostgresTestDatabase database;
    private final String prefix;
    private final List<String> extra = new ArrayList<>();

    private PostgresTestRoles(PostgresTestDatabase database, String prefix) {
        this.database = database;
        this.prefix = prefix;
    }

    /** A fresh prefix for roles in {@code database} (which {@link #close()} drops). */
    public static PostgresTestRoles of(PostgresTestDatabase database) {
        return new PostgresTestRoles(
                database,
                "tbxt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    public String prefix() {
        return prefix;
    }

    public String owner() {
        return prefix + "_owner";
    }

    public String admin() {
        return prefix + "_admin";
    }

    public String app() {
        return prefix + "_app";
    }

    /** A name for a per-tenant role of this test, dropped at {@link #close()}. */
    public String tenantRole(String suffix) {
        String role = prefix + "_" + suffix;
        extra.add(role);
        return role;
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            List<String> roles = new ArrayList<>(extra);
            roles.addAll(List.of(app(), admin(), prefix + "_tenant", owner()));
            PostgresTestDatabase.dropRoles(roles);
        }
    }
}
