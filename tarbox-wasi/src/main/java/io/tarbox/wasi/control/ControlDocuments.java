package io.tarbox.wasi.control;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.model.TenantUsage;
import io.tarbox.wasi.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The content of the files a program reads under {@code /.tarbox} (formats in
 * docs/control-files.md). A document is generated when the file is looked up by path (opened or
 * stat-ed) after the state may have changed, and kept until then: a program reading one
 * descriptor to its end gets one consistent document, and its size is the one stat reported.
 */
final class ControlDocuments {
    /** How many audit events {@code audit/recent} shows. */
    static final int RECENT_AUDIT_EVENTS = 100;

    private final ControlPlane plane;
    private final Map<ControlNode, byte[]> generated = new EnumMap<>(ControlNode.class);
    private final Set<ControlNode> stale = EnumSet.noneOf(ControlNode.class);

    ControlDocuments(ControlPlane plane) {
        this.plane = plane;
    }

    /** The document as generated last (generated now if never). */
    byte[] content(ControlNode node) {
        byte[] content = generated.get(node);
        return content != null ? content : regenerate(node);
    }

    /** The document, generated again if the state may have changed since it was generated last. */
    byte[] current(ControlNode node) {
        return stale.contains(node) ? regenerate(node) : content(node);
    }

    /** The state may have changed (another call, another process): look-ups generate anew. */
    void markStale() {
        stale.addAll(generated.keySet());
    }

    private byte[] regenerate(ControlNode node) {
        byte[] content = generate(node).getBytes(StandardCharsets.UTF_8);
        generated.put(node, content);
        stale.remove(node);
        return content;
    }

    /** The document's text: one JSON value and a newline, or (the audit) one per line. */
    private String generate(ControlNode node) {
        return switch (node) {
            case AUDIT_RECENT -> auditLines(plane.recentAudit(RECENT_AUDIT_EVENTS));
            default -> json(node) + "\n";
        };
    }

    private String json(ControlNode node) {
        switch (node) {
            case LAYERS_CURRENT:
                return layer(new JsonWriter(), plane.tree().currentLayer()).toString();
            case LAYERS_LIST: {
                JsonWriter json = new JsonWriter().beginArray();
                for (LayerInfo layer : plane.tree().layers()) {
                    layer(json, layer);
                }
                return json.endArray().toString();
            }
            case LAYERS_TREE:
                return tree(plane.tree().layers());
            case STATS_USAGE:
                return usage(
                        plane.usage(),
                        plane.tree().layers().size(),
                        plane.tree().snapshots());
            default:
                throw new IllegalArgumentException(node + " is not a document");
        }
    }

    private static JsonWriter layer(JsonWriter json, LayerInfo layer) {
        return layerFields(json.beginObject(), layer).endObject();
    }

    private static JsonWriter layerFields(JsonWriter json, LayerInfo layer) {
        json.name("id")
                .value(layer.id())
                .name("parent")
                .value(layer.parent())
                .name("state")
                .value(layer.state().name().toLowerCase(Locale.ROOT))
                .name("created")
                .value(isoTime(layer.createdNs()))
                .name("names")
                .beginArray();
        for (String name : layer.names()) {
            json.value(name);
        }
        return json.endArray();
    }

    /**
     * The layers as a forest of branches. A branch is a chain of layers, each the parent of the
     * next ({@code "layers"}), and the branches that fork from its last layer ({@code "children"},
     * none or at least two); a layer whose parent is not listed starts a root branch. Chains are
     * flat so that the nesting grows with the forks, not with the layers: a tree of thousands of
     * checkpoints stays within what JSON parsers accept. Written without recursion.
     */
    private static String tree(List<LayerInfo> layers) {
        Map<Long, List<LayerInfo>> children = new HashMap<>();
        Set<Long> ids = new HashSet<>();
        for (LayerInfo layer : layers) {
            ids.add(layer.id());
        }
        List<LayerInfo> roots = new ArrayList<>();
        for (LayerInfo layer : layers) {
            if (ids.contains(layer.parent())) {
                children.computeIfAbsent(layer.parent(), id -> new ArrayList<>())
                        .add(layer);
            } else {
                roots.add(layer);
            }
        }
        JsonWriter json = new JsonWriter().beginArray();
        Deque<Iterator<LayerInfo>> open = new ArrayDeque<>();
        open.push(roots.iterator());
        while (!open.isEmpty()) {
            Iterator<LayerInfo> branches = open.peek();
            if (!branches.hasNext()) {
                open.pop();
                json.endArray();
                if (!open.isEmpty()) {
                    json.endObject(); // the branch these forked from
                }
                continue;
            }
            LayerInfo layer = branches.next();
            json.beginObject().name("layers").beginArray();
            List<LayerInfo> next = List.of(layer);
            while (next.size() == 1) {
                layer(json, next.get(0));
                next = children.getOrDefault(next.get(0).id(), List.of());
            }
            json.endArray().name("children").beginArray();
            open.push(next.iterator());
        }
        return json.toString();
    }

    /** One JSON object per line, as {@code tarbox audit --json} names the fields. */
    private static String auditLines(List<AuditEvent> events) {
        StringBuilder lines = new StringBuilder();
        for (AuditEvent e : events) {
            lines.append(new JsonWriter()
                            .beginObject()
                            .name("time")
                            .value(isoTime(e.timeNanos()))
                            .name("layer")
                            .value(e.layer())
                            .name("run")
                            .value(e.runId())
                            .name("module")
                            .value(e.moduleHash())
                            .name("op")
                            .value(e.operation())
                            .name("path")
                            .value(e.path())
                            .name("resolved")
                            .value(e.resolvedPath())
                            .name("bytes")
                            .value(e.bytes())
                            .name("errno")
                            .value(e.errno())
                            .endObject())
                    .append('\n');
        }
        return lines.toString();
    }

    private static String usage(TenantUsage usage, int layers, List<Snapshot> names) {
        long tags = names.stream().filter(Snapshot::tag).count();
        JsonWriter json = new JsonWriter()
                .beginObject()
                .name("storedBytes")
                .value(usage.usedBytes())
                .name("quotaBytes");
        if (usage.quotaBytes().isPresent()) {
            json.value(usage.quotaBytes().getAsLong());
        } else {
            json.nullValue();
        }
        return json.name("layers")
                .value(layers)
                .name("snapshots")
                .value(names.size() - tags)
                .name("tags")
                .value(tags)
                .endObject()
                .toString();
    }

    private static String isoTime(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L))
                .toString();
    }
}
