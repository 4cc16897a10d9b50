package io.tarbox.wasi.control;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.model.TenantUsage;
import io.tarbox.storage.host.HostFilesystem;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A control plane over a model of layers the test sets up: the tree answers only the layer calls
 * (and records the commands it gets), a snapshot's view is the read-only host directory of its
 * name under {@code views}.
 */
final class FakePlane implements ControlPlane {
    final List<LayerInfo> layers = new ArrayList<>();
    final List<Snapshot> snapshots = new ArrayList<>();
    final List<AuditEvent> audit = new ArrayList<>();
    final List<String> commands = new ArrayList<>();
    final List<FilesystemInterface> opened = new ArrayList<>();
    TenantUsage usage = new TenantUsage(0, OptionalLong.empty());
    private final Path views;
    private final Map<String, FilesystemInterface> hosts = new HashMap<>();
    private final LayeredFilesystem tree;

    FakePlane(Path views) {
        this.views = views;
        this.tree = (LayeredFilesystem) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {LayeredFilesystem.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "currentLayer" ->
                        layers.stream()
                                .filter(l -> l.state() == LayerInfo.State.CURRENT)
                                .findFirst()
                                .orElseThrow();
                    case "layers" -> List.copyOf(layers);
                    case "snapshots" -> List.copyOf(snapshots);
                    case "findSnapshot" -> find((String) args[0]);
                    case "createSnapshot" -> {
                        commands.add("new " + args[0] + " '" + args[1] + "'");
                        if (find((String) args[0]).isPresent()) {
                            throw new FsException(FsError.EXISTS, "exists");
                        }
                        Snapshot s = new Snapshot((String) args[0], 1, (String) args[1], 0, false);
                        snapshots.add(s);
                        yield s;
                    }
                    case "restore" -> {
                        commands.add("switch " + args[0] + " discard=" + args[1]);
                        find((String) args[0]).orElseThrow(() -> new FsException(FsError.NOT_FOUND, "no"));
                        yield Optional.empty();
                    }
                    case "dropSnapshot" -> {
                        commands.add("drop " + args[0] + " force=" + args[1]);
                        snapshots.remove(
                                find((String) args[0]).orElseThrow(() -> new FsException(FsError.NOT_FOUND, "no")));
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Optional<Snapshot> find(String name) {
        return snapshots.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    @Override
    public LayeredFilesystem tree() {
        return tree;
    }

    /**
     * A view that numbers inodes as the one opened before it did, as the SQL store's views do (the
     * numbers are its rows'): a handle on one read-only host filesystem per name, closed on its own.
     */
    @Override
    public FilesystemInterface openSnapshot(String name) {
        find(name).orElseThrow(() -> new FsException(FsError.NOT_FOUND, "no"));
        FilesystemInterface host = hosts.computeIfAbsent(name, n -> new HostFilesystem(views.resolve(n), true));
        boolean[] closed = new boolean[1];
        FilesystemInterface view = (FilesystemInterface) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {FilesystemInterface.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closed[0] = true;
                        return null;
                    }
                    if (closed[0]) {
                        throw new FsException(FsError.IO, "filesystem closed");
                    }
                    try {
                        return method.invoke(host, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        opened.add(view);
        return view;
    }

    /** Closes the host filesystems behind the views. */
    void closeHosts() {
        hosts.values().forEach(FilesystemInterface::close);
    }

    @Override
    public List<AuditEvent> recentAudit(int limit) {
        return audit.subList(Math.max(0, audit.size() - limit), audit.size());
    }

    @Override
    public TenantUsage usage() {
        return usage;
    }
}
