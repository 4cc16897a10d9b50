package io.tarbox.core.store;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.model.TenantUsage;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A database holding Tarbox trees: its tenants and, for each, a {@link FilesystemInterface}.
 * Opening a store creates or migrates its schema and the {@link Tenant#DEFAULT} tenant.
 */
public interface TarboxStore extends AutoCloseable {

    /** Where the store lives, for messages: a file path or a URL without its password. */
    String location();

    List<Tenant> listTenants();

    Optional<Tenant> findTenant(String name);

    /** @throws io.tarbox.core.fs.FsException EXISTS, INVALID for a bad name */
    Tenant createTenant(String name);

    /** Deletes the tenant and all its data. @throws io.tarbox.core.fs.FsException NOT_FOUND */
    void deleteTenant(String name);

    /**
     * Sets the tenant's storage quota: writes that would make its file data pass {@code bytes}
     * fail with NO_SPACE. An empty value removes the quota. A quota below the current usage is
     * allowed; it stops further growth.
     *
     * @throws io.tarbox.core.fs.FsException NOT_FOUND, INVALID for a negative size
     */
    void setQuota(String tenant, OptionalLong bytes);

    /** @throws io.tarbox.core.fs.FsException NOT_FOUND */
    TenantUsage usage(String tenant);

    /**
     * Opens the tenant's tree. The caller closes it, which commits.
     *
     * @throws io.tarbox.core.fs.FsException NOT_FOUND for an unknown tenant
     */
    FilesystemInterface openFilesystem(String tenant);

    @Override
    void close();
}
