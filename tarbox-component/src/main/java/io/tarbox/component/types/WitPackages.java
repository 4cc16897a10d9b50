package io.tarbox.component.types;

import io.tarbox.component.model.PrimType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The function types of WIT interfaces, read from WIT text ({@code package}, {@code interface},
 * {@code use}, {@code type}, {@code record}, {@code variant}, {@code enum}, {@code flags},
 * {@code resource} with its constructor, methods and static functions, and free functions; worlds
 * and gates such as {@code @since} are skipped). Interfaces are keyed without version
 * ({@code wasi:io/streams}); functions by their component-model names ({@code [method]R.f},
 * {@code [static]R.f}, {@code [constructor]R}). Resource types are supplied by the caller.
 */
public final class WitPackages {
    /** A type expression: a primitive, a constructor with arguments, {@code _}, or a named type. */
    private record Ty(String head, List<Ty> args) {}

    /** A named type or a {@code use}d name of an interface. */
    private record Decl(String kind, List<String> names, List<Ty> types, String fromIface, String fromName) {}

    private record Func(List<String> names, List<Ty> types, Ty result) {}

    private static final class Iface {
        final Map<String, Decl> types = new HashMap<>();
        final Map<String, Func> funcs = new HashMap<>();
    }

    private final Map<String, Iface> interfaces = new HashMap<>();

    /** Adds the interfaces of one WIT package text; a malformed text is an IllegalArgumentException. */
    public WitPackages add(String witText) {
        new Parser(tokens(witText)).pkg();
        return this;
    }

    /** Whether interface {@code iface} (without version) is known. */
    public boolean hasInterface(String iface) {
        return interfaces.containsKey(iface);
    }

    /**
     * Resolves the types of one set of resources: {@code resources} gives the resource type for
     * (interface, resource name).
     */
    public Resolved resolve(BiFunction<String, String, ResourceType> resources) {
        return new Resolved(resources);
    }

    /** The function types with resources bound. */
    public final class Resolved {
        private final BiFunction<String, String, ResourceType> resources;
        private final Map<String, WitType> named = new HashMap<>();

        private Resolved(BiFunction<String, String, ResourceType> resources) {
            this.resources = resources;
        }

        /** The type of function {@code func} of {@code iface}, or null when the WIT has none. */
        public FuncType func(String iface, String func) {
            Iface i = interfaces.get(iface);
            Func f = i == null ? null : i.funcs.get(func);
            if (f == null) {
                return null;
            }
            List<FuncType.Param> params = new ArrayList<>();
            for (int k = 0; k < f.names().size(); k++) {
                params.add(new FuncType.Param(
                        f.names().get(k), type(iface, f.types().get(k))));
            }
            return new FuncType(params, f.result() == null ? null : type(iface, f.result()));
        }

        private WitType type(String iface, Ty t) {
            switch (t.head()) {
                case "list":
                    return new WitType.ListType(type(iface, t.args().get(0)));
                case "option":
                    return WitType.VariantType.option(type(iface, t.args().get(0)));
                case "result":
                    return WitType.VariantType.result(
                            t.args().isEmpty() ? null : opt(iface, t.args().get(0)),
                            t.args().size() < 2 ? null : opt(iface, t.args().get(1)));
                case "tuple": {
                    List<WitType> ts = new ArrayList<>();
                    for (Ty a : t.args()) {
                        ts.add(type(iface, a));
                    }
                    return WitType.RecordType.tuple(ts);
                }
                case "own":
                    return new WitType.HandleType(
                            true, resource(iface, t.args().get(0).head()));
                case "borrow":
                    return new WitType.HandleType(
                            false, resource(iface, t.args().get(0).head()));
                default:
                    PrimType p = prim(t.head());
                    return p != null ? WitType.of(p) : named(iface, t.head());
            }
        }

        private WitType opt(String iface, Ty t) {
            return t.head().equals("_") ? null : type(iface, t);
        }

        private ResourceType resource(String iface, String name) {
            String[] at = declaring(iface, name);
            Decl d = interfaces.get(at[0]).types.get(at[1]);
            if (!d.kind().equals("resource")) {
                throw new IllegalArgumentException(name + " in " + iface + " is not a resource");
            }
            return resources.apply(at[0], at[1]);
        }

        private WitType named(String iface, String name) {
            String[] at = declaring(iface, name);
            String key = at[0] + "#" + at[1];
            WitType done = named.get(key);
            if (done != null) {
                return done;
            }
            Decl d = interfaces.get(at[0]).types.get(at[1]);
            WitType out;
            switch (d.kind()) {
                case "resource":
                    out = new WitType.HandleType(true, resources.apply(at[0], at[1]));
                    break;
                case "type":
                    out = type(at[0], d.types().get(0));
                    break;
                case "enum":
                    out = WitType.VariantType.enumeration(d.names());
                    break;
                case "flags":
                    out = new WitType.FlagsType(d.names());
                    break;
                case "record": {
                    List<WitType.Field> fs = new ArrayList<>();
                    for (int k = 0; k < d.names().size(); k++) {
                        fs.add(new WitType.Field(
                                d.names().get(k), type(at[0], d.types().get(k))));
                    }
                    out = WitType.RecordType.record(fs);
                    break;
                }
                default: {
                    List<WitType.Case> cs = new ArrayList<>();
                    for (int k = 0; k < d.names().size(); k++) {
                        Ty p = d.types().get(k);
                        cs.add(new WitType.Case(d.names().get(k), p == null ? null : type(at[0], p)));
                    }
                    out = WitType.VariantType.variant(cs);
                }
            }
            named.put(key, out);
            return out;
        }

        /** The interface and name where {@code name}, as seen in {@code iface}, is defined. */
        private String[] declaring(String iface, String name) {
            for (int hops = 0; hops < 16; hops++) {
                Iface i = interfaces.get(iface);
                Decl d = i == null ? null : i.types.get(name);
                if (d == null) {
                    throw new IllegalArgumentException("no type " + name + " in " + iface);
                }
                if (!d.kind().equals("use")) {
                    return new String[] {iface, name};
                }
                iface = d.fromIface();
                name = d.fromName();
            }
            throw new IllegalArgumentException("use cycle at " + name);
        }
    }

    private static PrimType prim(String name) {
        switch (name) {
            case "float32":
                return PrimType.F32;
            case "float64":
                return PrimType.F64;
            default:
                for (PrimType p : PrimType.values()) {
                    if (p.wit().equals(name)) {
                        return p;
                    }
                }
                return null;
        }
    }

    /** Identifiers ({@code %}-escaped too), numbers, {@code ->} and single characters; comments skipped. */
    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '>') {
                out.add("->");
                i += 2;
            } else if (c == '%' || isLetter(c) || (c >= '0' && c <= '9')) {
                int j = i + 1;
                boolean word = c != '%' ? isLetter(c) : true;
                while (j < n
                        && (word
                                ? isLetter(s.charAt(j)) || s.charAt(j) == '-' || isDigit(s.charAt(j))
                                : isDigit(s.charAt(j)))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private final class Parser {
        private final List<String> t;
        private int p;
        private String pkg = "";

        Parser(List<String> tokens) {
            this.t = tokens;
        }

        private String peek() {
            return p < t.size() ? t.get(p) : "";
        }

        private String next() {
            if (p >= t.size()) {
                throw new IllegalArgumentException("WIT ends early");
            }
            return t.get(p++);
        }

        private void expect(String s) {
            String n = next();
            if (!n.equals(s)) {
                throw new IllegalArgumentException("WIT: expected '" + s + "', found '" + n + "' (token " + p + ")");
            }
        }

        private String ident() {
            String n = next();
            return n.startsWith("%") ? n.substring(1) : n;
        }

        private void skipGates() {
            while (peek().equals("@")) {
                next();
                next();
                if (peek().equals("(")) {
                    int depth = 0;
                    do {
                        String n = next();
                        depth += n.equals("(") ? 1 : n.equals(")") ? -1 : 0;
                    } while (depth > 0);
                }
            }
        }

        /** Tokens joined up to (not including) {@code stop}. */
        private String path(String stop) {
            StringBuilder b = new StringBuilder();
            while (!peek().equals(stop)) {
                b.append(next());
            }
            return b.toString();
        }

        void pkg() {
            skipGates();
            if (peek().equals("package")) {
                next();
                String name = path(";");
                next();
                int at = name.indexOf('@');
                pkg = (at < 0 ? name : name.substring(0, at)) + "/";
            }
            while (p < t.size()) {
                skipGates();
                String kw = next();
                if (kw.equals("interface")) {
                    Iface i = new Iface();
                    interfaces.put(pkg + ident(), i);
                    expect("{");
                    while (!peek().equals("}")) {
                        item(i);
                    }
                    next();
                } else if (kw.equals("world")) {
                    next();
                    expect("{");
                    for (int depth = 1; depth > 0; ) {
                        String n = next();
                        depth += n.equals("{") ? 1 : n.equals("}") ? -1 : 0;
                    }
                } else {
                    throw new IllegalArgumentException("WIT: unexpected '" + kw + "' at top level");
                }
            }
        }

        private String ifaceKey(String path) {
            int at = path.indexOf('@');
            String noVersion = at < 0 ? path : path.substring(0, at);
            return noVersion.contains(":") ? noVersion : pkg + noVersion;
        }

        private void item(Iface i) {
            skipGates();
            String kw = next();
            switch (kw) {
                case "use": {
                    String path = path("{");
                    String from = ifaceKey(path.endsWith(".") ? path.substring(0, path.length() - 1) : path);
                    expect("{");
                    while (!peek().equals("}")) {
                        String name = ident();
                        String as = name;
                        if (peek().equals("as")) {
                            next();
                            as = ident();
                        }
                        i.types.put(as, new Decl("use", List.of(), List.of(), from, name));
                        if (peek().equals(",")) {
                            next();
                        }
                    }
                    next();
                    expect(";");
                    return;
                }
                case "type": {
                    String name = ident();
                    expect("=");
                    Ty ty = type();
                    expect(";");
                    i.types.put(name, new Decl("type", List.of(), List.of(ty), null, null));
                    return;
                }
                case "record":
                case "variant":
                case "enum":
                case "flags": {
                    String name = ident();
                    expect("{");
                    List<String> names = new ArrayList<>();
                    List<Ty> types = new ArrayList<>();
                    while (!peek().equals("}")) {
                        skipGates();
                        names.add(ident());
                        Ty ty = null;
                        if (kw.equals("record")) {
                            expect(":");
                            ty = type();
                        } else if (kw.equals("variant") && peek().equals("(")) {
                            next();
                            ty = type();
                            expect(")");
                        }
                        types.add(ty);
                        if (peek().equals(",")) {
                            next();
                        }
                    }
                    next();
                    i.types.put(name, new Decl(kw, names, types, null, null));
                    return;
                }
                case "resource": {
                    String r = ident();
                    i.types.put(r, new Decl("resource", List.of(), List.of(), null, null));
                    if (peek().equals(";")) {
                        next();
                        return;
                    }
                    expect("{");
                    while (!peek().equals("}")) {
                        skipGates();
                        String n = ident();
                        if (n.equals("constructor")) {
                            Func f = signature(null, false);
                            i.funcs.put("[constructor]" + r, new Func(f.names(), f.types(), new Ty(r, List.of())));
                        } else {
                            expect(":");
                            boolean stat = peek().equals("static");
                            if (stat) {
                                next();
                            }
                            expect("func");
                            i.funcs.put(
                                    (stat ? "[static]" : "[method]") + r + "." + n, signature(stat ? null : r, true));
                        }
                        expect(";");
                    }
                    next();
                    return;
                }
                default: {
                    String name = kw.startsWith("%") ? kw.substring(1) : kw;
                    expect(":");
                    expect("func");
                    i.funcs.put(name, signature(null, true));
                    expect(";");
                }
            }
        }

        /** {@code (params) [-> result]}, with a {@code self: borrow<R>} first for a method of R. */
        private Func signature(String self, boolean result) {
            List<String> names = new ArrayList<>();
            List<Ty> types = new ArrayList<>();
            if (self != null) {
                names.add("self");
                types.add(new Ty("borrow", List.of(new Ty(self, List.of()))));
            }
            expect("(");
            while (!peek().equals(")")) {
                names.add(ident());
                expect(":");
                types.add(type());
                if (peek().equals(",")) {
                    next();
                }
            }
            next();
            Ty res = null;
            if (result && peek().equals("->")) {
                next();
                res = type();
            }
            return new Func(names, types, res);
        }

        private Ty type() {
            String head = ident();
            List<Ty> args = new ArrayList<>();
            if (peek().equals("<")) {
                next();
                while (!peek().equals(">")) {
                    args.add(type());
                    if (peek().equals(",")) {
                        next();
                    }
                }
                next();
            }
            return new Ty(head, args);
        }
    }
}
