package io.tarbox.core.store;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.layer.GcResult;
import io.tarbox.core.layer.LayeredFilesystem;
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
    LayeredFilesystem openFilesystem(String tenant);

    /**
     * Opens the tenant's tree with a private scratch layer on top: every change goes there and
     * nobody else sees it until {@link LayeredFilesystem#publish}; closing without publishing
     * discards it ({@code --atomic}, {@code --ephemeral}). A process killed meanwhile leaves the
     * layer behind, unseen, for {@link #collectGarbage}.
     *
     * @throws io.tarbox.core.fs.FsException NOT_FOUND for an unknown tenant
     */
    LayeredFilesystem openScratch(String tenant);

    /**
     * Opens snapshot (or tag) {@code snapshot} of the tenant read-only: every change fails with
     * READ_ONLY.
     *
     * @throws io.tarbox.core.fs.FsException NOT_FOUND for an unknown tenant or snapshot
     */
    FilesystemInterface openSnapshot(String tenant, String snapshot);

    /**
     * Deletes what no tree, snapshot or running process needs: scratch layers of processes that
     * are gone, layers no longer under any snapshot or tree, and chunks no layer refers to.
     *
     * @throws io.tarbox.core.fs.FsException NOT_FOUND for an unknown tenant
     */
    GcResult collectGarbage(String tenant);

    /**
     * Whether some process (this one included) has the tenant's tree open now: a tree or scratch
     * tree not yet closed. {@code tarbox gc} asks before it removes what an interrupted command left.
     *
     * @throws io.tarbox.core.fs.FsException NOT_FOUND for an unknown tenant
     */
    boolean treeOpen(String tenant);

    @Override
    void close();
}
