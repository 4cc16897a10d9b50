package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.layer.SnapshotNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tarbox snapshot ...}: freeze, list, compare, restore and drop states of the tenant's tree. */
@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description = "Take, list, show, compare, restore, tag and drop snapshots of the tenant's tree.",
        subcommands = {
            SnapshotCommand.Create.class,
            SnapshotCommand.ListSnapshots.class,
            SnapshotCommand.Show.class,
            SnapshotDiffCommand.class,
            SnapshotCommand.Restore.class,
            SnapshotCommand.Drop.class,
            SnapshotCommand.Tag.class
        })
public final class SnapshotCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "missing subcommand: create, list, show, diff, restore, drop or tag");
    }

    /** A snapshot or tag name as typed; a name that is not allowed is a usage error (exit code 2). */
    static String checkedName(String name) {
        try {
            return SnapshotNames.check(name);
        } catch (FsException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    /** A failed snapshot operation on {@code name}, worded for snapshots rather than paths. */
    static CliException failure(String name, FsException e) {
        String text = switch (e.error()) {
            case NOT_FOUND -> "unknown snapshot '" + name + "' (see 'tarbox snapshot list')";
            case EXISTS -> "a snapshot or tag named '" + name + "' already exists";
            default -> e.getMessage(); // the storage says why (BUSY: what depends on it, who has the tenant open)
        };
        return new CliException(ExitCodes.of(e.error()), text, e);
    }

    /** The snapshot {@code name} of the session's tenant; exit code 3 when there is none. */
    static Snapshot existing(LayeredFilesystem layers, String name) {
        return layers.findSnapshot(checkedName(name))
                .orElseThrow(() -> new CliException(
                        ExitCodes.NOT_FOUND, "unknown snapshot '" + name + "' (see 'tarbox snapshot list')"));
    }

    /** How a tag's message begins: the store gives a tag the message "tag of NAME" (docs/cli.md). */
    private static final String TAG_MESSAGE = "tag of ";

    /**
     * What a tag is a tag of: the snapshot or tag it was made from, as its message says, while that
     * name still names the tag's layer (so that {@code tagOf} and the message agree); empty for a
     * snapshot, and once that name is dropped or names another layer.
     */
    static Optional<String> tagOf(List<Snapshot> snapshots, Snapshot tag) {
        if (!tag.tag() || !tag.message().startsWith(TAG_MESSAGE)) {
            return Optional.empty();
        }
        String name = tag.message().substring(TAG_MESSAGE.length());
        return snapshots.stream()
                .filter(s -> s.name().equals(name) && s.layer() == tag.layer())
                .map(Snapshot::name)
                .findFirst();
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Freeze the tree as it is now under NAME (nothing is copied) and go on writing on top of it.")
    static final class Create extends TarboxCommand {
        @Parameters(paramLabel = "NAME", description = "1 to 64 of A-Z a-z 0-9 . _ - (not starting with . or -).")
        String name;

        @Option(
                names = {"-m", "--message"},
                paramLabel = "MESSAGE",
                description = "What the snapshot holds.")
        String message = "";

        @Override
        String auditOperation() {
            return "snapshot create";
        }

        @Override
        List<String> auditPaths() {
            return List.of(name);
        }

        @Override
        void run(Session session) {
            checkedName(name);
            Snapshot snapshot;
            try {
                snapshot = session.layers().createSnapshot(name, message);
            } catch (FsException e) {
                throw failure(name, e);
            }
            out().println("created snapshot '" + snapshot.name() + "' (layer " + snapshot.layer() + ")");
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "List the snapshots and tags, oldest first: NAME  CREATED  layer N  MESSAGE (a tag's: 'tag of S').")
    static final class ListSnapshots extends TarboxCommand {
        @Option(names = "--json", description = "Print a JSON array of {name, layer, created, message, tag, tagOf}.")
        boolean json;

        @Override
        void run(Session session) throws Exception {
            List<Snapshot> snapshots = session.layers().snapshots();
            if (json) {
                List<Map<String, Object>> array = new ArrayList<>();
                for (Snapshot snapshot : snapshots) {
                    Map<String, Object> object = new LinkedHashMap<>();
                    object.put("name", snapshot.name());
                    object.put("layer", snapshot.layer());
                    object.put("created", Format.isoTime(snapshot.createdNs()));
                    object.put("message", snapshot.message());
                    object.put("tag", snapshot.tag());
                    object.put("tagOf", tagOf(snapshots, snapshot).orElse(null));
                    array.add(object);
                }
                Json.print(out(), array);
                return;
            }
            for (Snapshot snapshot : snapshots) {
                StringBuilder line = new StringBuilder(Format.oneLine(snapshot.name()))
                        .append("  ")
                        .append(Format.isoTime(snapshot.createdNs()))
                        .append("  layer ")
                        .append(snapshot.layer());
                if (!snapshot.message().isEmpty()) {
                    line.append("  ").append(Format.oneLine(snapshot.message()));
                }
                out().println(line);
            }
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description =
                    "Show a snapshot: its layer and parent, when it was taken, its message and tags, and what it holds.")
    static final class Show extends TarboxCommand {
        @Parameters(paramLabel = "NAME", description = "The snapshot or tag.")
        String name;

        @Option(
                names = "--json",
                description =
                        "Print JSON: {name, layer, parentLayer, created, message, tag, tags, files, directories, bytes}.")
        boolean json;

        /** What a snapshot holds: entries by type, and the logical bytes of its files. */
        private static final class Contents {
            long files;
            long directories;
            long bytes;
            final Set<Long> counted = new HashSet<>();
        }

        @Override
        void run(Session session) throws Exception {
            LayeredFilesystem layers = session.layers();
            Snapshot snapshot = existing(layers, name);
            long parent = layers.layers().stream()
                    .filter(l -> l.id() == snapshot.layer())
                    .findFirst()
                    .map(LayerInfo::parent)
                    .orElse(0L);
            List<String> tags = layers.snapshots().stream()
                    .filter(s -> s.layer() == snapshot.layer() && !s.name().equals(snapshot.name()))
                    .map(Snapshot::name)
                    .toList();
            Contents contents = new Contents();
            try (FilesystemInterface view = session.store().openSnapshot(session.tenant(), snapshot.name())) {
                Tree tree = new Tree(view);
                Tree.at(name, () -> count(tree, view.rootIno(), contents));
            } catch (FsException e) {
                throw failure(name, e);
            }
            if (json) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("name", snapshot.name());
                object.put("layer", snapshot.layer());
                object.put("parentLayer", parent == 0 ? null : parent);
                object.put("created", Format.isoTime(snapshot.createdNs()));
                object.put("message", snapshot.message());
                object.put("tag", snapshot.tag());
                object.put("tags", tags);
                object.put("files", contents.files);
                object.put("directories", contents.directories);
                object.put("bytes", contents.bytes);
                Json.print(out(), object);
                return;
            }
            out().println("name: " + Format.oneLine(snapshot.name()) + (snapshot.tag() ? " (tag)" : ""));
            out().println("layer: " + snapshot.layer());
            out().println("parent layer: " + (parent == 0 ? "-" : Long.toString(parent)));
            out().println("created: " + Format.isoTime(snapshot.createdNs()));
            out().println("message: " + Format.oneLine(snapshot.message()));
            out().println("other names: " + (tags.isEmpty() ? "-" : Format.oneLine(String.join(", ", tags))));
            out().println("files: " + contents.files);
            out().println("directories: " + contents.directories);
            out().println("bytes: " + contents.bytes);
        }

        /** Counts what is under {@code dir}: files (non-directories), directories, logical bytes. */
        private static void count(Tree tree, long dir, Contents contents) {
            for (DirEntry entry : tree.list(dir)) {
                if (entry.type() == FileType.DIRECTORY) {
                    contents.directories++;
                    count(tree, entry.ino(), contents);
                } else {
                    contents.files++;
                    if (entry.type() == FileType.REGULAR && contents.counted.add(entry.ino())) {
                        contents.bytes += tree.fs().getattr(entry.ino()).size();
                    }
                }
            }
        }
    }

    @Command(
            name = "restore",
            mixinStandardHelpOptions = true,
            description = {
                "Make the tree what snapshot NAME holds.",
                "The state it replaces is kept as a new snapshot, whose name is printed, unless --discard."
            })
    static final class Restore extends TarboxCommand {
        @Parameters(paramLabel = "NAME", description = "The snapshot or tag to go back to.")
        String name;

        @Option(names = "--discard", description = "Do not keep the state being replaced.")
        boolean discard;

        @Override
        String auditOperation() {
            return "snapshot restore";
        }

        @Override
        List<String> auditPaths() {
            return List.of(name);
        }

        @Override
        void run(Session session) {
            checkedName(name);
            Optional<Snapshot> kept;
            try {
                kept = session.layers().restore(name, discard);
            } catch (FsException e) {
                throw failure(name, e);
            }
            out().println("restored '" + name + "'"
                    + kept.map(s -> "; the replaced state is snapshot '" + s.name() + "'")
                            .orElse("; the replaced state was discarded"));
        }
    }

    @Command(
            name = "drop",
            mixinStandardHelpOptions = true,
            description = {
                "Remove a snapshot or tag. A snapshot other snapshots are built on is refused unless --force.",
                "Its data is freed by the next 'tarbox gc' once nothing needs it."
            })
    static final class Drop extends TarboxCommand {
        @Parameters(paramLabel = "NAME", description = "The snapshot or tag.")
        String name;

        @Option(
                names = "--force",
                description = "Drop the name even when other snapshots are built on it (their data stays).")
        boolean force;

        @Override
        String auditOperation() {
            return "snapshot drop";
        }

        @Override
        List<String> auditPaths() {
            return List.of(name);
        }

        @Override
        void run(Session session) {
            checkedName(name);
            try {
                session.layers().dropSnapshot(name, force);
            } catch (FsException e) {
                throw failure(name, e);
            }
            out().println("dropped snapshot '" + name + "'");
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true, description = "Give snapshot NAME a second name, TAG.")
    static final class Tag extends TarboxCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The snapshot.")
        String name;

        @Parameters(index = "1", paramLabel = "TAG", description = "The new name.")
        String tag;

        @Override
        String auditOperation() {
            return "snapshot tag";
        }

        @Override
        List<String> auditPaths() {
            return List.of(tag);
        }

        @Override
        void run(Session session) {
            checkedName(name);
            checkedName(tag);
            LayeredFilesystem layers = session.layers();
            existing(layers, name);
            try {
                layers.tag(name, tag);
            } catch (FsException e) {
                throw failure(tag, e);
            }
            out().println("tagged '" + name + "' as '" + tag + "'");
        }
    }
}
