package io.tarbox.server;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.DirEntryPlus;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.model.ApiToken;
import io.tarbox.core.path.PartialPuts;
import io.tarbox.core.path.PathResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * WebDAV (RFC 4918, class 1, and LOCK/UNLOCK enough for Finder and Explorer) over one tenant's
 * tree at {@code /dav/TENANT/PATH}, or read-only over one of its snapshots at
 * {@code /snap/TENANT/SNAPSHOT/PATH}.
 *
 * <p>Every change is committed, with its row in the audit trail, before the response is sent. A
 * PUT streams its body into a temporary file next to the target ({@link PartialPuts}) and renames
 * it over the target at the end, so no reader ever sees part of a file. Write locks ({@link DavLocks})
 * are held in memory: a change to a locked resource must submit the lock's token in an {@code If}
 * header ({@link IfHeader}), or is refused with 423.
 *
 * <p>Dead properties live in the store (its own connection, not the tree's): they are written only
 * after the tree's commit, since on SQLite a write on the store's connection waits for the tree's
 * open transaction.
 */
final class DavHandler {
    /** Bytes per read or write of a streamed body. */
    private static final int BUFFER = 256 * 1024;

    private static final int READDIR_BATCH = 1024;
    /** Parses any RFC 1123 date; {@link #HTTP_DATE_OUT} writes HTTP's fixed-width form. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private static final DateTimeFormatter HTTP_DATE_OUT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final String ALLOW =
            "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, PROPFIND, PROPPATCH, LOCK, UNLOCK";
    private static final String MS = "urn:schemas-microsoft-com:";

    private final Trees trees;
    private final DavLocks locks = new DavLocks();

    DavHandler(Trees trees) {
        this.trees = trees;
    }

    /** Where a request lands: the tree, its lock, the names under the root, the URL prefix of the root. */
    private record Target(
            FilesystemInterface fs,
            ReentrantLock lock,
            Trees.Lease lease,
            String tenant,
            String snapshot,
            List<String> names,
            String base,
            ApiToken token) {
        boolean readOnly() {
            return snapshot != null;
        }

        String path() {
            return UrlPaths.treePath(names);
        }

        String href(List<String> of, boolean collection) {
            StringBuilder b = new StringBuilder(base);
            for (String n : of) {
                b.append('/').append(UrlPaths.encode(n));
            }
            if (collection || of.isEmpty()) {
                b.append('/');
            }
            return b.toString();
        }
    }

    /** Whether the method changes anything (so needs a write token and a writable tree). */
    static boolean writes(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "PROPFIND" -> false;
            default -> true;
        };
    }

    void handle(
            Request request,
            Response response,
            ApiToken token,
            String tenant,
            String snapshot,
            List<String> names,
            String base)
            throws Exception {
        String method = request.getMethod();
        if (method.equals("OPTIONS")) {
            response.getHeaders().put("DAV", "1, 2");
            response.getHeaders().put("MS-Author-Via", "DAV");
            response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
            Http.sendEmpty(response, 200);
            return;
        }
        if (writes(method) && snapshot != null) {
            throw new HttpError(403, "read_only", "snapshot '" + snapshot + "' is read-only");
        }
        if (writes(method) && !token.scope().allows(ApiToken.Scope.WRITE)) {
            throw new HttpError(403, "forbidden", "token '" + token.name() + "' may only read");
        }
        Target target;
        if (snapshot == null) {
            Trees.Lease lease = trees.lease(tenant);
            target = new Target(lease.fs(), lease.lock(), lease, tenant, null, names, base, token);
        } else {
            target = new Target(
                    trees.snapshot(tenant, snapshot), new ReentrantLock(), null, tenant, snapshot, names, base, token);
        }
        try {
            switch (method) {
                case "GET", "HEAD" -> get(request, response, target, method.equals("HEAD"));
                case "PROPFIND" -> propfind(request, response, target);
                case "PROPPATCH" -> proppatch(request, response, target);
                case "PUT" -> put(request, response, target);
                case "DELETE" -> delete(request, response, target);
                case "MKCOL" -> mkcol(request, response, target);
                case "COPY", "MOVE" -> copyOrMove(request, response, target, method.equals("MOVE"));
                case "LOCK" -> lock(request, response, target);
                case "UNLOCK" -> unlock(request, response, target);
                default -> {
                    response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
                    throw HttpError.methodNotAllowed("method " + method + " is not supported here");
                }
            }
        } finally {
            if (target.lease() != null) {
                target.lease().close();
            } else {
                target.fs().close();
            }
        }
    }

    // ---- resolution -------------------------------------------------------------------------

    private static PathResolver.Resolved resolve(Target t, List<String> names, boolean follow) {
        PathResolver resolver = PathResolver.rooted(t.fs());
        try {
            return resolver.resolve(UrlPaths.treePath(names), follow);
        } catch (FsException e) {
            if (e.error() == FsError.NOT_FOUND || e.error() == FsError.NOT_DIRECTORY) {
                return null; // a directory on the way is missing
            }
            throw e;
        }
    }

    private static FileAttributes existing(Target t, List<String> names, boolean follow) {
        PathResolver.Resolved r = resolve(t, names, follow);
        if (r == null || !r.exists()) {
            throw HttpError.notFound("not found: " + UrlPaths.treePath(names));
        }
        return r.attributes();
    }

    static String etag(FileAttributes a) {
        return "\"" + Long.toHexString(a.ino()) + "-" + Long.toHexString(a.size()) + "-" + Long.toHexString(a.mtimeNs())
                + "\"";
    }

    /** If-Match / If-None-Match against what the URL names now ({@code current} null: nothing). */
    private static void checkPreconditions(Request request, FileAttributes current, boolean read) {
        String ifMatch = request.getHeaders().get(HttpHeader.IF_MATCH);
        if (ifMatch != null) {
            if (current == null || !matches(ifMatch, etag(current))) {
                throw HttpError.preconditionFailed("If-Match does not match");
            }
        }
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null && current != null && matches(ifNoneMatch, etag(current))) {
            if (read) {
                throw new HttpError(304, "not_modified", "");
            }
            throw HttpError.preconditionFailed("If-None-Match matches");
        }
    }

    private static boolean matches(String header, String etag) {
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.equals("*")
                    || p.equals(etag)
                    || p.startsWith("W/") && p.substring(2).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    // ---- locks and the If header -------------------------------------------------------------------

    /** The If header of a request, or null. */
    private static IfHeader ifHeader(Request request) {
        String header = request.getHeaders().get("If");
        return header == null || header.isBlank() ? null : IfHeader.parse(header);
    }

    /**
     * Evaluates the If header against the request's resource ({@code current}, null when absent):
     * 412 when no list that applies holds.
     */
    private void checkIf(Request request, Target t, FileAttributes current) {
        IfHeader header = ifHeader(request);
        if (header == null) {
            return;
        }
        for (IfHeader.Clause clause : header.clauses) {
            String path = t.path();
            FileAttributes attributes = current;
            if (clause.resource() != null) {
                String base = t.base() + "/";
                if (!(clause.resource() + "/").startsWith(base)) {
                    continue; // about a resource elsewhere: cannot hold here
                }
                List<String> names = UrlPaths.segments(clause.resource().substring(base.length() - 1));
                path = UrlPaths.treePath(names);
                PathResolver.Resolved r = resolve(t, names, false);
                attributes = r == null ? null : r.attributes();
            }
            boolean holds = true;
            for (IfHeader.Condition c : clause.conditions()) {
                boolean value;
                if (c.token() != null) {
                    DavLocks.Lock lock = locks.find(c.token());
                    value = lock != null && lock.tenant().equals(t.tenant()) && lock.covers(path);
                } else {
                    value = attributes != null
                            && (c.etag().equals(etag(attributes))
                                    || c.etag().startsWith("W/")
                                            && c.etag().substring(2).equals(etag(attributes)));
                }
                if (value == c.not()) {
                    holds = false;
                    break;
                }
            }
            if (holds) {
                return;
            }
        }
        throw HttpError.preconditionFailed("the If header does not hold");
    }

    /**
     * 423 unless the request submitted (in its If header) the token of every lock that covers
     * {@code path} (and, when {@code deep}, every lock below it), and of any lock on its parent
     * collection (whose membership changes).
     */
    private void checkLocks(Request request, Target t, String path, boolean deep, boolean membership) {
        if (t.snapshot() != null) {
            return;
        }
        IfHeader header = ifHeader(request);
        List<String> submitted = header == null ? List.of() : header.tokens();
        List<DavLocks.Lock> needed = new ArrayList<>(locks.covering(t.tenant(), path));
        if (deep) {
            needed.addAll(locks.atOrBelow(t.tenant(), path));
        }
        if (membership && !path.equals("/")) {
            String parent = path.substring(0, path.lastIndexOf('/'));
            for (DavLocks.Lock l : locks.covering(t.tenant(), parent.isEmpty() ? "/" : parent)) {
                needed.add(l);
            }
        }
        for (DavLocks.Lock lock : needed) {
            if (!submitted.contains(lock.token())) {
                throw new HttpError(
                        423, "locked", "locked: " + lock.path() + " (submit its lock token in an If header)");
            }
        }
    }

    private static String activeLock(DavLocks.Lock lock, String href) {
        return "<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope>"
                + (lock.exclusive() ? "<D:exclusive/>" : "<D:shared/>")
                + "</D:lockscope><D:depth>" + (lock.infinite() ? "infinity" : "0") + "</D:depth><D:owner>"
                + lock.owner()
                + "</D:owner><D:timeout>Second-" + lock.timeoutSeconds() + "</D:timeout><D:locktoken><D:href>"
                + lock.token()
                + "</D:href></D:locktoken><D:lockroot><D:href>" + DavXml.escape(href)
                + "</D:href></D:lockroot></D:activelock>";
    }

    private String lockDiscovery(Target t, List<String> names) {
        if (t.snapshot() != null) {
            return "<D:lockdiscovery/>";
        }
        StringBuilder b = new StringBuilder("<D:lockdiscovery>");
        for (DavLocks.Lock lock : locks.covering(t.tenant(), UrlPaths.treePath(names))) {
            List<String> root = UrlPaths.segments(lock.path());
            b.append(activeLock(lock, t.href(root, false)));
        }
        return b.append("</D:lockdiscovery>").toString();
    }

    private static long timeoutSeconds(Request request) {
        String header = request.getHeaders().get("Timeout");
        if (header != null) {
            for (String part : header.split(",")) {
                String p = part.trim();
                if (p.startsWith("Second-")) {
                    try {
                        return Long.parseLong(p.substring(7));
                    } catch (NumberFormatException ignored) {
                        // next
                    }
                }
            }
        }
        return DavLocks.MAX_SECONDS;
    }

    private void unlock(Request request, Response response, Target t) throws IOException {
        Http.readSmallBody(request);
        String header = request.getHeaders().get("Lock-Token");
        if (header == null) {
            throw HttpError.badRequest("UNLOCK needs a Lock-Token header");
        }
        String token = header.trim();
        if (token.startsWith("<") && token.endsWith(">")) {
            token = token.substring(1, token.length() - 1);
        }
        DavLocks.Lock lock = locks.find(token);
        if (lock == null || !lock.tenant().equals(t.tenant()) || !lock.covers(t.path())) {
            Http.send(
                    response,
                    409,
                    "application/xml; charset=utf-8",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                            + "<D:error xmlns:D=\"DAV:\"><D:lock-token-matches-request-uri/></D:error>\n");
            return;
        }
        locks.release(token);
        Http.sendEmpty(response, 204);
    }

    // ---- GET / HEAD ---------------------------------------------------------------------------

    private void get(Request request, Response response, Target t, boolean head) throws IOException {
        FileAttributes a;
        t.lock().lock();
        try {
            a = existing(t, t.names(), true);
            if (!a.isDirectory()) {
                t.fs().hold(a.ino()); // read in pieces below: a DELETE meanwhile leaves the content
            }
        } finally {
            t.lock().unlock();
        }
        if (a.isDirectory()) {
            response.getHeaders().put(HttpHeader.ETAG, etag(a));
            response.getHeaders().put(HttpHeader.LAST_MODIFIED, httpDate(a.mtimeNs()));
            checkPreconditions(request, a, true);
            listing(response, t, head);
            return;
        }
        try {
            sendFile(request, response, t, a, head);
        } finally {
            t.lock().lock();
            try {
                t.fs().release(a.ino()); // deleted meanwhile: freed now
            } finally {
                t.lock().unlock();
            }
        }
    }

    private void sendFile(Request request, Response response, Target t, FileAttributes a, boolean head)
            throws IOException {
        response.getHeaders().put(HttpHeader.ETAG, etag(a));
        response.getHeaders().put(HttpHeader.LAST_MODIFIED, httpDate(a.mtimeNs()));
        checkPreconditions(request, a, true);
        long size = a.size();
        long from = 0;
        long to = size - 1;
        int status = 200;
        String range = request.getHeaders().get(HttpHeader.RANGE);
        String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
        if (range != null && (ifRange == null || ifRange.equals(etag(a)))) {
            long[] r = parseRange(range, size);
            if (r == null) {
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
                throw new HttpError(416, "range_not_satisfiable", "range not satisfiable: " + range);
            }
            if (r.length == 2) {
                from = r[0];
                to = r[1];
                status = 206;
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes " + from + "-" + to + "/" + size);
            }
        }
        long length = Math.max(0, to - from + 1);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
        response.getHeaders()
                .put(
                        HttpHeader.CONTENT_TYPE,
                        contentType(
                                t.names().isEmpty()
                                        ? ""
                                        : t.names().get(t.names().size() - 1)));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            if (head) {
                return;
            }
            byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, length))];
            long offset = from;
            long left = length;
            while (left > 0) {
                int n;
                t.lock().lock();
                try {
                    n = t.fs().read(a.ino(), offset, buffer, 0, (int) Math.min(buffer.length, left));
                } finally {
                    t.lock().unlock();
                }
                if (n <= 0) {
                    break; // the file shrank meanwhile
                }
                out.write(buffer, 0, n);
                offset += n;
                left -= n;
            }
        }
    }

    /** {from, to} of a single byte range; {} for a header to ignore (several ranges); null if unsatisfiable. */
    static long[] parseRange(String header, long size) {
        if (!header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return new long[0];
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new long[0];
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || size == 0) {
                    return null;
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long from = Long.parseLong(a);
            long to = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (from >= size || to < from) {
                return null;
            }
            return new long[] {from, to};
        } catch (NumberFormatException e) {
            return new long[0];
        }
    }

    private static String contentType(String name) {
        String guessed = URLConnection.guessContentTypeFromName(name);
        return guessed != null ? guessed : "application/octet-stream";
    }

    private void listing(Response response, Target t, boolean head) throws IOException {
        long listed;
        t.lock().lock();
        try {
            listed = existing(t, t.names(), true).ino();
        } finally {
            t.lock().unlock();
        }
        List<Entry> entries = new ArrayList<>(children(t, listed));
        entries.sort(java.util.Comparator.comparing(Entry::name));
        String title = DavXml.escape(
                (t.snapshot() != null ? "snapshot " + t.snapshot() + " of " : "") + t.tenant() + ": " + t.path());
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(title)
                .append("</title><style>body{font-family:sans-serif}td{padding:0 1em}</style></head><body><h1>")
                .append(title)
                .append("</h1><table><tr><th>name</th><th>size</th><th>modified</th></tr>\n");
        if (!t.names().isEmpty()) {
            html.append("<tr><td><a href=\"")
                    .append(t.href(t.names().subList(0, t.names().size() - 1), true))
                    .append("\">../</a></td><td></td><td></td></tr>\n");
        }
        for (Entry e : entries) {
            List<String> child = new ArrayList<>(t.names());
            child.add(e.name());
            boolean dir = e.attributes().isDirectory();
            html.append("<tr><td><a href=\"")
                    .append(DavXml.escape(t.href(child, dir)))
                    .append("\">")
                    .append(DavXml.escape(e.name()))
                    .append(dir ? "/" : "")
                    .append("</a></td><td>")
                    .append(dir ? "" : Long.toString(e.attributes().size()))
                    .append("</td><td>")
                    .append(DavXml.escape(httpDate(e.attributes().mtimeNs())))
                    .append("</td></tr>\n");
        }
        html.append("</table></body></html>\n");
        Http.send(response, 200, "text/html; charset=utf-8", html.toString().getBytes(StandardCharsets.UTF_8), head);
    }

    private record Entry(String name, FileAttributes attributes) {}

    /** The entries of a directory (symlinks followed where they lead somewhere), without put's temporary files. */
    private static List<Entry> children(Target t, long dir) {
        List<Entry> out = new ArrayList<>();
        long cookie = 0;
        while (true) {
            // the tenant's lock is taken per batch, so that listing a big directory lets other requests in between
            boolean relock = !t.lock().isHeldByCurrentThread();
            if (relock) {
                t.lock().lock();
            }
            try {
                List<DirEntryPlus> batch = t.fs().readdirPlus(dir, cookie, READDIR_BATCH);
                if (batch.isEmpty()) {
                    break;
                }
                for (DirEntryPlus listed : batch) {
                    DirEntry e = listed.entry();
                    cookie = e.cookie();
                    if (e.name().equals(".")
                            || e.name().equals("..")
                            || e.name().startsWith(PartialPuts.PREFIX)) {
                        continue;
                    }
                    FileAttributes a = listed.attributes();
                    try {
                        if (a.isSymlink()) {
                            PathResolver.Resolved r = new PathResolver(
                                            t.fs(), t.fs().rootIno(), PathResolver.Confinement.ROOTED)
                                    .resolve(dir, e.name(), true);
                            if (!r.exists()) {
                                continue; // dangling: nothing a DAV client could open
                            }
                            a = r.attributes();
                        }
                    } catch (FsException gone) {
                        continue;
                    }
                    out.add(new Entry(e.name(), a));
                }
            } finally {
                if (relock) {
                    t.lock().unlock();
                }
            }
        }
        return out;
    }

    // ---- PROPFIND / PROPPATCH -------------------------------------------------------------------

    /** The live properties, in the order allprop lists them. */
    private static final List<String> LIVE = List.of(
            "{DAV:}resourcetype",
            "{DAV:}getcontentlength",
            "{DAV:}getcontenttype",
            "{DAV:}getlastmodified",
            "{DAV:}creationdate",
            "{DAV:}getetag",
            "{DAV:}displayname",
            "{DAV:}supportedlock",
            "{DAV:}lockdiscovery");

    private void propfind(Request request, Response response, Target t) throws IOException {
        String depthHeader = request.getHeaders().get("Depth");
        int depth;
        if ("0".equals(depthHeader)) {
            depth = 0;
        } else if ("1".equals(depthHeader)) {
            depth = 1;
        } else {
            Http.readSmallBody(request);
            Http.send(
                    response,
                    403,
                    "application/xml; charset=utf-8",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                            + "<D:error xmlns:D=\"DAV:\"><D:propfind-finite-depth/></D:error>\n");
            return;
        }
        byte[] body = Http.readSmallBody(request);
        boolean allprop = true;
        boolean propname = false;
        List<String> wanted = new ArrayList<>();
        if (body.length > 0) {
            Document doc = DavXml.parse(body);
            Element root = doc.getDocumentElement();
            if (!DavXml.is(root, DavXml.DAV, "propfind")) {
                throw HttpError.badRequest("PROPFIND body is not a DAV:propfind element");
            }
            allprop = false;
            for (Element child : DavXml.children(root)) {
                if (DavXml.is(child, DavXml.DAV, "allprop")) {
                    allprop = true;
                } else if (DavXml.is(child, DavXml.DAV, "propname")) {
                    propname = true;
                } else if (DavXml.is(child, DavXml.DAV, "prop")) {
                    for (Element p : DavXml.children(child)) {
                        wanted.add(DavXml.name(p));
                    }
                }
            }
            if (!allprop
                    && !propname
                    && wanted.isEmpty()
                    && DavXml.children(root).isEmpty()) {
                throw HttpError.badRequest("PROPFIND body names no properties");
            }
        }
        StringBuilder xml =
                new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\">\n");
        FileAttributes self;
        t.lock().lock();
        try {
            self = existing(t, t.names(), true);
        } finally {
            t.lock().unlock();
        }
        // the answer is built without the tenant's lock (children() takes it per batch): a big
        // directory does not hold the tenant's other requests up
        boolean needDead = allprop || propname || wanted.stream().anyMatch(n -> !LIVE.contains(n));
        List<Entry> children = depth == 1 && self.isDirectory() ? children(t, self.ino()) : List.of();
        // the dead properties of the resource and all its members in one query, not one each
        List<Long> inos = new ArrayList<>(children.size() + 1);
        inos.add(self.ino());
        children.forEach(e -> inos.add(e.attributes().ino()));
        Map<Long, Map<String, String>> dead = needDead ? deadProperties(t, inos) : Map.of();
        describe(xml, t, t.names(), self, allprop, propname, wanted, dead);
        for (Entry e : children) {
            List<String> child = new ArrayList<>(t.names());
            child.add(e.name());
            describe(xml, t, child, e.attributes(), allprop, propname, wanted, dead);
        }
        xml.append("</D:multistatus>\n");
        Http.send(response, 207, "application/xml; charset=utf-8", xml.toString());
    }

    private void describe(
            StringBuilder xml,
            Target t,
            List<String> names,
            FileAttributes a,
            boolean allprop,
            boolean propname,
            List<String> wanted,
            Map<Long, Map<String, String>> deadByIno) {
        Map<String, String> dead = deadByIno.getOrDefault(a.ino(), Map.of());
        xml.append("<D:response><D:href>")
                .append(DavXml.escape(t.href(names, a.isDirectory())))
                .append("</D:href>");
        StringBuilder found = new StringBuilder();
        StringBuilder missing = new StringBuilder();
        if (propname || allprop) {
            for (String n : LIVE) {
                String value = live(n, t, names, a);
                if (value != null) {
                    found.append(propname ? DavXml.emptyElement(n) : value);
                }
            }
            for (Map.Entry<String, String> d : dead.entrySet()) {
                found.append(propname ? DavXml.emptyElement(d.getKey()) : d.getValue());
            }
        } else {
            // only what was asked for is made: a listing of many members asks for few properties
            for (String n : wanted) {
                String value = LIVE.contains(n) ? live(n, t, names, a) : dead.get(n);
                if (value != null) {
                    found.append(value);
                } else {
                    missing.append(DavXml.emptyElement(n));
                }
            }
        }
        if (found.length() > 0 || missing.length() == 0) {
            xml.append("<D:propstat><D:prop>")
                    .append(found)
                    .append("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>");
        }
        if (missing.length() > 0) {
            xml.append("<D:propstat><D:prop>")
                    .append(missing)
                    .append("</D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>");
        }
        xml.append("</D:response>\n");
    }

    /** The dead properties of {@code inos}, by inode (one without any is left out). */
    private Map<Long, Map<String, String>> deadProperties(Target t, List<Long> inos) {
        if (t.snapshot() != null) {
            return Map.of(); // dead properties are not layered: a snapshot shows none
        }
        return trees.store().davProperties(t.tenant(), inos);
    }

    /** Live property {@code property} of the resource at {@code names} as XML, or null when it has none. */
    private String live(String property, Target t, List<String> names, FileAttributes a) {
        String name = names.isEmpty() ? t.tenant() : names.get(names.size() - 1);
        return switch (property) {
            case "{DAV:}resourcetype" ->
                a.isDirectory() ? "<D:resourcetype><D:collection/></D:resourcetype>" : "<D:resourcetype/>";
            case "{DAV:}getcontentlength" ->
                a.isDirectory() ? null : "<D:getcontentlength>" + a.size() + "</D:getcontentlength>";
            case "{DAV:}getcontenttype" ->
                a.isDirectory()
                        ? null
                        : "<D:getcontenttype>" + DavXml.escape(contentType(name)) + "</D:getcontenttype>";
            case "{DAV:}getlastmodified" -> "<D:getlastmodified>" + httpDate(a.mtimeNs()) + "</D:getlastmodified>";
            case "{DAV:}creationdate" ->
                "<D:creationdate>" + DateTimeFormatter.ISO_INSTANT.format(instant(a.ctimeNs())) + "</D:creationdate>";
            case "{DAV:}getetag" -> "<D:getetag>" + DavXml.escape(etag(a)) + "</D:getetag>";
            case "{DAV:}displayname" -> "<D:displayname>" + DavXml.escape(name) + "</D:displayname>";
            case "{DAV:}supportedlock" ->
                "<D:supportedlock><D:lockentry><D:lockscope><D:exclusive/></D:lockscope>"
                        + "<D:locktype><D:write/></D:locktype></D:lockentry><D:lockentry><D:lockscope><D:shared/></D:lockscope>"
                        + "<D:locktype><D:write/></D:locktype></D:lockentry></D:supportedlock>";
            case "{DAV:}lockdiscovery" -> lockDiscovery(t, names);
            default -> null;
        };
    }

    private void proppatch(Request request, Response response, Target t) throws IOException {
        byte[] body = Http.readSmallBody(request);
        Document doc = DavXml.parse(body);
        Element root = doc.getDocumentElement();
        if (!DavXml.is(root, DavXml.DAV, "propertyupdate")) {
            throw HttpError.badRequest("PROPPATCH body is not a DAV:propertyupdate element");
        }
        // In document order: later instructions win over earlier ones for the same property.
        Map<String, String> set = new LinkedHashMap<>();
        Set<String> remove = new LinkedHashSet<>();
        Map<String, Integer> status = new LinkedHashMap<>();
        Long mtime = null;
        for (Element op : DavXml.children(root)) {
            boolean isSet = DavXml.is(op, DavXml.DAV, "set");
            if (!isSet && !DavXml.is(op, DavXml.DAV, "remove")) {
                continue;
            }
            for (Element prop : DavXml.children(op)) {
                if (!DavXml.is(prop, DavXml.DAV, "prop")) {
                    continue;
                }
                for (Element p : DavXml.children(prop)) {
                    String name = DavXml.name(p);
                    if (name.equals("{DAV:}getlastmodified") || name.equals("{" + MS + "}Win32LastModifiedTime")) {
                        if (!isSet) {
                            status.put(name, 403);
                            continue;
                        }
                        try {
                            mtime = nanos(ZonedDateTime.parse(DavXml.text(p), HTTP_DATE)
                                    .toInstant());
                            status.put(name, 200);
                        } catch (DateTimeParseException e) {
                            status.put(name, 409);
                        }
                    } else if (name.startsWith("{" + MS + "}Win32")) {
                        status.put(name, 200); // Explorer's other times and attributes: accepted, not kept
                    } else if (name.startsWith("{DAV:}")) {
                        status.put(name, 403); // protected
                    } else if (isSet) {
                        set.put(name, DavXml.serialize(p));
                        remove.remove(name);
                        status.put(name, 200);
                    } else {
                        remove.add(name);
                        set.remove(name);
                        status.put(name, 200);
                    }
                }
            }
        }
        boolean failed = status.values().stream().anyMatch(s -> s != 200);
        t.lock().lock();
        try {
            FileAttributes a = existing(t, t.names(), true);
            checkPreconditions(request, a, false);
            checkIf(request, t, a);
            checkLocks(request, t, t.path(), false, false);
            if (!failed) {
                FsException failure = null;
                try {
                    if (mtime != null) {
                        t.fs().setattr(a.ino(), SetAttributes.times(null, mtime));
                    }
                } catch (FsException e) {
                    failure = e;
                }
                t.lease().commit("dav PROPPATCH", List.of(t.path()), t.token().name(), failure);
                if (failure != null) {
                    throw failure;
                }
                if (!set.isEmpty() || !remove.isEmpty()) {
                    trees.store().changeDavProperties(t.tenant(), a.ino(), set, remove);
                }
            }
        } finally {
            t.lock().unlock();
        }
        StringBuilder xml = new StringBuilder(
                        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\">\n<D:response><D:href>")
                .append(DavXml.escape(t.href(t.names(), false)))
                .append("</D:href>");
        for (Map.Entry<String, Integer> e : status.entrySet()) {
            int s = failed && e.getValue() == 200 ? 424 : e.getValue();
            xml.append("<D:propstat><D:prop>")
                    .append(DavXml.emptyElement(e.getKey()))
                    .append("</D:prop><D:status>HTTP/1.1 ")
                    .append(s)
                    .append(' ')
                    .append(reason(s))
                    .append("</D:status></D:propstat>");
        }
        xml.append("</D:response>\n</D:multistatus>\n");
        Http.send(response, 207, "application/xml; charset=utf-8", xml.toString());
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 403 -> "Forbidden";
            case 409 -> "Conflict";
            case 424 -> "Failed Dependency";
            default -> "Error";
        };
    }

    // ---- PUT ------------------------------------------------------------------------------------

    private void put(Request request, Response response, Target t) throws IOException {
        if (t.names().isEmpty()) {
            throw HttpError.methodNotAllowed("cannot PUT the root collection");
        }
        String name = t.names().get(t.names().size() - 1);
        Long mtime = ocMtime(request);
        long dir;
        String temporary = PartialPuts.temporaryName(name);
        long ino;
        boolean existed;
        t.lock().lock();
        try {
            PathResolver.Resolved r = resolve(t, t.names(), false);
            if (r == null) {
                throw HttpError.conflict("the parent collection does not exist: " + t.path());
            }
            if (r.exists() && r.attributes().isDirectory()) {
                throw HttpError.methodNotAllowed("a collection exists at " + t.path());
            }
            checkPreconditions(request, r.attributes(), false);
            checkIf(request, t, r.attributes());
            checkLocks(request, t, t.path(), false, !r.exists());
            existed = r.exists();
            dir = r.dir();
            ino = t.fs().create(dir, temporary, 0644, true).ino();
            t.fs().hold(ino); // written in pieces below, maybe after a DELETE of the collection
        } finally {
            t.lock().unlock();
        }
        boolean done = false;
        long bytes = 0;
        try (InputStream in = Request.asInputStream(request)) {
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n <= 0) {
                    break;
                }
                t.lock().lock();
                try {
                    t.fs().write(ino, bytes, buffer, 0, n);
                } finally {
                    t.lock().unlock();
                }
                bytes += n;
            }
            FileAttributes after;
            t.lock().lock();
            try {
                if (mtime != null) {
                    t.fs().setattr(ino, SetAttributes.times(null, mtime));
                }
                FileAttributes replaced = existed ? lookupOrNull(t.fs(), dir, name) : null;
                t.fs().rename(dir, temporary, dir, name);
                if (replaced != null && replaced.ino() != ino) {
                    t.fs().forget(replaced.ino()); // its space back now, unless a download holds it
                }
                done = true;
                t.lease().commit("dav PUT", List.of(t.path()), t.token().name(), null);
                if (replaced != null && replaced.ino() != ino) {
                    trees.store().dropDavProperties(t.tenant(), replaced.ino());
                }
                after = t.fs().getattr(ino);
            } finally {
                t.lock().unlock();
            }
            response.getHeaders().put(HttpHeader.ETAG, etag(after));
            if (mtime != null) {
                response.getHeaders().put("X-OC-Mtime", "accepted");
            }
            Http.sendEmpty(response, existed ? 204 : 201);
        } finally {
            t.lock().lock();
            try {
                if (!done) {
                    unlinkQuietly(t.fs(), dir, temporary);
                }
                t.fs().release(ino); // a partial upload is freed now
                if (!done) {
                    t.fs().syncAll();
                }
            } catch (FsException ignored) {
                // the tree failed: gc removes what is left
            } finally {
                t.lock().unlock();
            }
        }
    }

    private static void unlinkQuietly(FilesystemInterface fs, long dir, String name) {
        try {
            fs.unlink(dir, name);
        } catch (FsException ignored) {
            // gone already (a DELETE of the collection), or the tree failed
        }
    }

    private static FileAttributes lookupOrNull(FilesystemInterface fs, long dir, String name) {
        try {
            return fs.lookup(dir, name);
        } catch (FsException e) {
            if (e.error() == FsError.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** {@code X-OC-Mtime} (ownCloud's, sent by rclone): seconds since the epoch, maybe with a fraction. */
    private static Long ocMtime(Request request) {
        String v = request.getHeaders().get("X-OC-Mtime");
        if (v == null) {
            return null;
        }
        try {
            java.math.BigDecimal seconds = new java.math.BigDecimal(v.trim());
            return seconds.multiply(java.math.BigDecimal.valueOf(1_000_000_000L))
                    .longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw HttpError.badRequest("invalid X-OC-Mtime: " + v);
        }
    }

    // ---- DELETE / MKCOL ---------------------------------------------------------------------------

    private void delete(Request request, Response response, Target t) throws IOException {
        if (t.names().isEmpty()) {
            throw HttpError.forbidden("cannot delete the root collection");
        }
        t.lock().lock();
        try {
            PathResolver.Resolved r = resolve(t, t.names(), false);
            if (r == null || !r.exists()) {
                throw HttpError.notFound("not found: " + t.path());
            }
            checkPreconditions(request, r.attributes(), false);
            checkIf(request, t, r.attributes());
            checkLocks(request, t, t.path(), true, true);
            FsException failure = null;
            try {
                removeTree(t.fs(), r.dir(), r.name(), r.attributes());
            } catch (FsException e) {
                failure = e;
            }
            t.lease().commit("dav DELETE", List.of(t.path()), t.token().name(), failure);
            if (failure != null) {
                throw failure;
            }
            trees.store().dropDavProperties(t.tenant(), r.attributes().ino());
            locks.forget(t.tenant(), t.path());
        } finally {
            t.lock().unlock();
        }
        Http.sendEmpty(response, 204);
    }

    /**
     * Removes {@code name} in {@code dir}, a whole directory tree if it is one (a stack, no
     * recursion); each file's space is given back at once unless a download holds it.
     */
    private static void removeTree(FilesystemInterface fs, long dir, String name, FileAttributes a) {
        if (!a.isDirectory()) {
            fs.unlink(dir, name);
            fs.forget(a.ino());
            return;
        }
        record Frame(long parent, String name, long ino) {}
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(dir, name, a.ino()));
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            List<DirEntry> batch = fs.readdir(top.ino(), 0, READDIR_BATCH);
            boolean pushed = false;
            for (DirEntry e : batch) {
                if (e.name().equals(".") || e.name().equals("..")) {
                    continue;
                }
                FileAttributes child = fs.lookup(top.ino(), e.name());
                if (child.isDirectory()) {
                    stack.push(new Frame(top.ino(), e.name(), child.ino()));
                    pushed = true;
                    break;
                }
                fs.unlink(top.ino(), e.name());
                fs.forget(child.ino());
            }
            if (!pushed
                    && fs.readdir(top.ino(), 0, 4).stream()
                            .noneMatch(e -> !e.name().equals(".") && !e.name().equals(".."))) {
                fs.rmdir(top.parent(), top.name());
                stack.pop();
            }
        }
    }

    private void mkcol(Request request, Response response, Target t) throws IOException {
        byte[] body = Http.readSmallBody(request);
        if (body.length > 0) {
            throw new HttpError(415, "unsupported_media_type", "MKCOL with a body is not supported");
        }
        if (t.names().isEmpty()) {
            throw HttpError.methodNotAllowed("the root collection exists");
        }
        t.lock().lock();
        try {
            PathResolver.Resolved r = resolve(t, t.names(), false);
            if (r == null) {
                throw HttpError.conflict("the parent collection does not exist: " + t.path());
            }
            if (r.exists()) {
                throw HttpError.methodNotAllowed("something exists at " + t.path());
            }
            checkIf(request, t, null);
            checkLocks(request, t, t.path(), false, true);
            FsException failure = null;
            try {
                t.fs().mkdir(r.dir(), r.name(), 0755);
            } catch (FsException e) {
                failure = e;
            }
            t.lease().commit("dav MKCOL", List.of(t.path()), t.token().name(), failure);
            if (failure != null) {
                throw failure;
            }
        } finally {
            t.lock().unlock();
        }
        Http.sendEmpty(response, 201);
    }

    // ---- COPY / MOVE ------------------------------------------------------------------------------

    private void copyOrMove(Request request, Response response, Target t, boolean move) throws IOException {
        Http.readSmallBody(request);
        List<String> dest = destination(request, t);
        String overwriteHeader = request.getHeaders().get("Overwrite");
        boolean overwrite = overwriteHeader == null || !overwriteHeader.trim().equalsIgnoreCase("F");
        String depthHeader = request.getHeaders().get("Depth");
        boolean shallow = "0".equals(depthHeader);
        if (move && shallow) {
            throw HttpError.badRequest("MOVE of a collection takes Depth: infinity");
        }
        if (t.names().isEmpty()) {
            throw HttpError.forbidden("cannot " + (move ? "move" : "copy") + " the root collection");
        }
        if (dest.isEmpty()) {
            throw HttpError.forbidden("cannot replace the root collection");
        }
        if (dest.equals(t.names())) {
            throw HttpError.forbidden("source and destination are the same");
        }
        if (dest.size() > t.names().size() && dest.subList(0, t.names().size()).equals(t.names())) {
            throw HttpError.forbidden("the destination is inside the source");
        }
        String op = move ? "dav MOVE" : "dav COPY";
        String auditPath = t.path() + " -> " + UrlPaths.treePath(dest);
        int status;
        t.lock().lock();
        try {
            PathResolver.Resolved src = resolve(t, t.names(), false);
            if (src == null || !src.exists()) {
                throw HttpError.notFound("not found: " + t.path());
            }
            checkPreconditions(request, src.attributes(), false);
            PathResolver.Resolved dst = resolve(t, dest, false);
            if (dst == null) {
                throw HttpError.conflict("the destination's parent collection does not exist");
            }
            if (dst.exists() && !overwrite) {
                throw HttpError.preconditionFailed("the destination exists and Overwrite is F");
            }
            checkIf(request, t, src.attributes());
            String destPath = UrlPaths.treePath(dest);
            if (move) {
                checkLocks(request, t, t.path(), true, true);
            }
            checkLocks(request, t, destPath, true, true);
            status = dst.exists() ? 204 : 201;
            FsException failure = null;
            Map<Long, Map<String, String>> copiedProperties = new LinkedHashMap<>();
            try {
                if (dst.exists()) {
                    removeTree(t.fs(), dst.dir(), dst.name(), dst.attributes());
                }
                if (move) {
                    t.fs().rename(src.dir(), src.name(), dst.dir(), dst.name());
                } else {
                    copyTree(t, src.attributes(), dst.dir(), dst.name(), shallow, copiedProperties);
                }
            } catch (FsException e) {
                failure = e;
            }
            t.lease().commit(op, List.of(auditPath), t.token().name(), failure);
            if (failure != null) {
                throw failure;
            }
            if (dst.exists()) {
                trees.store().dropDavProperties(t.tenant(), dst.attributes().ino());
            }
            locks.forget(t.tenant(), destPath);
            if (move) {
                locks.forget(t.tenant(), t.path());
            }
            for (Map.Entry<Long, Map<String, String>> e : copiedProperties.entrySet()) {
                trees.store().changeDavProperties(t.tenant(), e.getKey(), e.getValue(), List.of());
            }
        } finally {
            t.lock().unlock();
        }
        Http.sendEmpty(response, status);
    }

    /** The Destination header as names under this tree's root. */
    private static List<String> destination(Request request, Target t) {
        String header = request.getHeaders().get("Destination");
        if (header == null || header.isBlank()) {
            throw HttpError.badRequest("COPY and MOVE need a Destination header");
        }
        URI uri;
        try {
            uri = new URI(header.trim());
        } catch (URISyntaxException e) {
            throw HttpError.badRequest("invalid Destination: " + e.getMessage());
        }
        if (uri.getRawAuthority() != null) {
            String host = request.getHeaders().get(HttpHeader.HOST);
            if (host == null || !host.equalsIgnoreCase(uri.getRawAuthority())) {
                throw new HttpError(502, "bad_gateway", "the Destination is on another server");
            }
        }
        String path = uri.getRawPath();
        String base = t.base() + "/";
        if (path == null || !(path + "/").startsWith(base)) {
            throw HttpError.forbidden("the Destination is not in this tree");
        }
        return UrlPaths.segments(path.substring(base.length() - 1));
    }

    /** Copies a file, or a directory and (unless shallow) everything under it: a stack, no recursion. */
    private void copyTree(
            Target t,
            FileAttributes source,
            long toDir,
            String toName,
            boolean shallow,
            Map<Long, Map<String, String>> properties) {
        FilesystemInterface fs = t.fs();
        if (!source.isDirectory()) {
            copyNode(t, source, toDir, toName, properties);
            return;
        }
        record Job(long from, long to) {}
        long top = fs.mkdir(toDir, toName, source.mode() & 07777).ino();
        fs.setattr(top, SetAttributes.times(null, source.mtimeNs()));
        if (shallow) {
            return;
        }
        Deque<Job> jobs = new ArrayDeque<>();
        jobs.push(new Job(source.ino(), top));
        while (!jobs.isEmpty()) {
            Job job = jobs.pop();
            long cookie = 0;
            while (true) {
                List<DirEntry> batch = fs.readdir(job.from(), cookie, READDIR_BATCH);
                if (batch.isEmpty()) {
                    break;
                }
                for (DirEntry e : batch) {
                    cookie = e.cookie();
                    if (e.name().equals(".")
                            || e.name().equals("..")
                            || e.name().startsWith(PartialPuts.PREFIX)) {
                        continue;
                    }
                    FileAttributes a = fs.lookup(job.from(), e.name());
                    if (a.isDirectory()) {
                        long made =
                                fs.mkdir(job.to(), e.name(), a.mode() & 07777).ino();
                        jobs.push(new Job(a.ino(), made));
                    } else {
                        copyNode(t, a, job.to(), e.name(), properties);
                    }
                }
            }
        }
    }

    private void copyNode(
            Target t, FileAttributes a, long toDir, String toName, Map<Long, Map<String, String>> properties) {
        FilesystemInterface fs = t.fs();
        if (a.isSymlink()) {
            fs.symlink(toDir, toName, fs.readlink(a.ino()));
            return;
        }
        long to = fs.create(toDir, toName, a.mode() & 07777, true).ino();
        byte[] buffer = new byte[BUFFER];
        long offset = 0;
        while (true) {
            int n = fs.read(a.ino(), offset, buffer, 0, buffer.length);
            if (n <= 0) {
                break;
            }
            fs.write(to, offset, buffer, 0, n);
            offset += n;
        }
        fs.setattr(to, SetAttributes.times(null, a.mtimeNs()));
        Map<String, String> props = deadProperties(t, List.of(a.ino())).getOrDefault(a.ino(), Map.of());
        if (!props.isEmpty()) {
            properties.put(to, props); // written after the tree's commit
        }
    }

    // ---- LOCK -------------------------------------------------------------------------------------

    private void lock(Request request, Response response, Target t) throws IOException {
        byte[] body = Http.readSmallBody(request);
        long seconds = timeoutSeconds(request);
        DavLocks.Lock lock;
        int status = 200;
        if (body.length == 0) {
            // a refresh: the If header names the lock
            IfHeader header = ifHeader(request);
            if (header == null || header.tokens().isEmpty()) {
                throw HttpError.badRequest("LOCK without a body refreshes a lock: name it in an If header");
            }
            DavLocks.Lock found = null;
            for (String token : header.tokens()) {
                DavLocks.Lock l = locks.find(token);
                if (l != null && l.tenant().equals(t.tenant()) && l.covers(t.path())) {
                    found = l;
                }
            }
            if (found == null) {
                throw HttpError.preconditionFailed("no lock of the If header covers " + t.path());
            }
            lock = locks.refresh(found, seconds);
        } else {
            String owner = "";
            boolean shared = false;
            Element root = DavXml.parse(body).getDocumentElement();
            if (!DavXml.is(root, DavXml.DAV, "lockinfo")) {
                throw HttpError.badRequest("LOCK body is not a DAV:lockinfo element");
            }
            for (Element child : DavXml.children(root)) {
                if (DavXml.is(child, DavXml.DAV, "owner")) {
                    StringBuilder inner = new StringBuilder();
                    for (org.w3c.dom.Node n = child.getFirstChild(); n != null; n = n.getNextSibling()) {
                        if (n instanceof Element e) {
                            inner.append(DavXml.serialize(e));
                        } else if (n.getNodeType() == org.w3c.dom.Node.TEXT_NODE) {
                            inner.append(DavXml.escape(n.getNodeValue()));
                        }
                    }
                    owner = inner.toString();
                } else if (DavXml.is(child, DavXml.DAV, "lockscope")) {
                    shared = DavXml.children(child).stream().anyMatch(e -> DavXml.is(e, DavXml.DAV, "shared"));
                }
            }
            boolean infinite = !"0".equals(request.getHeaders().get("Depth"));
            t.lock().lock();
            try {
                PathResolver.Resolved r = resolve(t, t.names(), true);
                if (r == null) {
                    throw HttpError.conflict("the parent collection does not exist: " + t.path());
                }
                checkIf(request, t, r.attributes());
                lock = locks.grant(t.tenant(), t.path(), !shared, infinite, owner, seconds);
                if (lock == null) {
                    throw new HttpError(423, "locked", "locked already: " + t.path());
                }
                if (!r.exists()) {
                    if (t.names().isEmpty()) {
                        locks.release(lock.token());
                        throw HttpError.notFound("not found");
                    }
                    try {
                        t.fs().create(r.dir(), r.name(), 0644, true); // a lock on an unmapped URL makes an empty file
                        t.lease()
                                .commit("dav LOCK", List.of(t.path()), t.token().name(), null);
                    } catch (RuntimeException e) {
                        locks.release(lock.token());
                        throw e;
                    }
                    status = 201;
                }
            } finally {
                t.lock().unlock();
            }
            response.getHeaders().put("Lock-Token", "<" + lock.token() + ">");
        }
        Http.send(
                response,
                status,
                "application/xml; charset=utf-8",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                        + "<D:prop xmlns:D=\"DAV:\"><D:lockdiscovery>"
                        + activeLock(lock, t.href(UrlPaths.segments(lock.path()), false))
                        + "</D:lockdiscovery></D:prop>\n");
    }

    // ---- times --------------------------------------------------------------------------------------

    static String httpDate(long nanos) {
        return HTTP_DATE_OUT.format(ZonedDateTime.ofInstant(instant(nanos), ZoneOffset.UTC));
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
