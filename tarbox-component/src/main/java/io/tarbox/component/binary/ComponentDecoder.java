package io.tarbox.component.binary;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.tarbox.component.ComponentException;
import io.tarbox.component.ComponentException.Kind;
import io.tarbox.component.model.Alias;
import io.tarbox.component.model.CanonOptions;
import io.tarbox.component.model.CanonOptions.StringEncoding;
import io.tarbox.component.model.Component;
import io.tarbox.component.model.CoreTypeDef;
import io.tarbox.component.model.Decl;
import io.tarbox.component.model.Definition;
import io.tarbox.component.model.ExternDesc;
import io.tarbox.component.model.PrimType;
import io.tarbox.component.model.Sort;
import io.tarbox.component.model.TypeDef;
import io.tarbox.component.model.TypeRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decodes the component binary format (component-model {@code design/mvp/Binary.md}, version 0xd,
 * layer 1) into a {@link Component}, checking as it goes every index against its index space as
 * built so far (indices are valid only after their definition, as validation requires). Features
 * beyond synchronous WASI 0.2 components (async, streams and futures, threads, value definitions)
 * are refused with {@link Kind#UNSUPPORTED}.
 */
public final class ComponentDecoder {
    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};
    /** The pre-standard version every current producer (wasm-tools, jco) writes. */
    private static final int VERSION = 0x0d;

    private ComponentDecoder() {}

    /** Whether {@code bytes} start with the header of a component (layer 1), not a core module. */
    public static boolean isComponent(byte[] bytes) {
        return bytes.length >= 8 && startsWith(bytes, MAGIC) && bytes[6] == 0x01 && bytes[7] == 0x00;
    }

    /** Decodes and validates a whole component. */
    public static Component decode(byte[] bytes) throws ComponentException {
        if (bytes.length < 4 || !startsWith(bytes, MAGIC)) {
            throw new ComponentException(Kind.MALFORMED, "not a WebAssembly component (no \\0asm magic number)");
        }
        if (bytes.length < 8) {
            throw new ComponentException(Kind.TRUNCATED, "truncated component: " + bytes.length + " bytes");
        }
        try {
            return new ComponentDecoder().component(new BinaryReader(bytes, 0, bytes.length), null);
        } catch (StackOverflowError e) {
            throw new ComponentException(Kind.MALFORMED, "malformed component: types nested too deeply");
        }
    }

    // --- index spaces --------------------------------------------------------------------------

    /** The sizes of a component's (or a component/instance type's) index spaces as decoded so far. */
    private static final class Scope {
        final Scope parent;
        final int[] counts = new int[Sort.values().length];
        /** Indices of the resource types defined (not imported or aliased) in this scope. */
        final Set<Integer> resources = new HashSet<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        int add(Sort sort) {
            return counts[sort.ordinal()]++;
        }

        void check(Sort sort, int index, String where) throws ComponentException {
            if (index < 0 || index >= counts[sort.ordinal()]) {
                throw new ComponentException(
                        Kind.INVALID,
                        "invalid component: " + where + " refers to " + sort
                                + " " + Integer.toUnsignedString(index) + ", but only " + counts[sort.ordinal()]
                                + " are defined before it");
            }
        }

        Scope outer(int count, String where) throws ComponentException {
            Scope s = this;
            for (int i = 0; i < count; i++) {
                s = s.parent;
                if (s == null) {
                    throw new ComponentException(
                            Kind.INVALID,
                            "invalid component: " + where + " refers to enclosing component " + count
                                    + ", but there are only " + i);
                }
            }
            return s;
        }
    }

    // --- components ----------------------------------------------------------------------------

    private Component component(BinaryReader r, Scope parent) throws ComponentException {
        header(r);
        Scope scope = new Scope(parent);
        List<Definition> out = new ArrayList<>();
        while (!r.atEnd()) {
            int sectionStart = r.position();
            int id = r.u8();
            int size = r.u32();
            BinaryReader s = r.slice(size, "section " + id);
            switch (id) {
                case 0:
                    continue; // custom section (names, producers): not needed to run
                case 1:
                    out.add(coreModule(s, sectionStart, scope));
                    continue; // the slice is the module itself
                case 2:
                    vector(s, "core instance", () -> out.add(coreInstance(s, scope)));
                    break;
                case 3:
                    vector(s, "core type", () -> {
                        out.add(new Definition.CoreType(coreType(s, scope, "core type")));
                        scope.add(Sort.CORE_TYPE);
                    });
                    break;
                case 4: {
                    Component nested = component(s, scope);
                    out.add(new Definition.Nested(nested));
                    scope.add(Sort.COMPONENT);
                    break;
                }
                case 5:
                    vector(s, "instance", () -> out.add(instance(s, scope)));
                    break;
                case 6:
                    vector(s, "alias", () -> {
                        Alias alias = alias(s, scope, "alias");
                        out.add(new Definition.AliasDef(alias));
                    });
                    break;
                case 7:
                    vector(s, "type", () -> {
                        TypeDef type = type(s, scope, true);
                        out.add(new Definition.Type(type));
                    });
                    break;
                case 8:
                    vector(s, "canonical function", () -> out.add(canon(s, scope)));
                    break;
                case 9:
                    out.add(start(s, scope));
                    break;
                case 10:
                    vector(s, "import", () -> {
                        String name = externName(s, "import");
                        ExternDesc desc = externDesc(s, scope, "import '" + name + "'");
                        scope.add(desc.sort());
                        out.add(new Definition.Import(name, desc));
                    });
                    break;
                case 11:
                    vector(s, "export", () -> out.add(export(s, scope)));
                    break;
                case 12:
                    throw unsupported("value definitions (section 12) are not supported");
                default:
                    throw new ComponentException(
                            Kind.MALFORMED,
                            "malformed component: unknown section id " + id + " at offset " + sectionStart);
            }
            if (!s.atEnd()) {
                throw new ComponentException(
                        Kind.MALFORMED,
                        "malformed component: section " + id + " at offset " + sectionStart + " has " + s.remaining()
                                + " bytes left over");
            }
        }
        return new Component(out);
    }

    private static void header(BinaryReader r) throws ComponentException {
        byte[] preamble = r.bytes(8);
        if (!startsWith(preamble, MAGIC)) {
            throw new ComponentException(Kind.MALFORMED, "malformed component: nested component without \\0asm magic");
        }
        int layer = (preamble[6] & 0xFF) | (preamble[7] & 0xFF) << 8;
        int version = (preamble[4] & 0xFF) | (preamble[5] & 0xFF) << 8;
        if (layer != 1) {
            throw new ComponentException(
                    Kind.MALFORMED,
                    "not a component: binary layer " + layer
                            + (layer == 0 ? ", a core module" : " (a component has layer 1)"));
        }
        if (version != VERSION) {
            throw new ComponentException(
                    Kind.UNSUPPORTED,
                    "unsupported component binary version 0x" + Integer.toHexString(version) + " (expected 0x"
                            + Integer.toHexString(VERSION) + ")");
        }
    }

    private Definition coreModule(BinaryReader s, int offset, Scope scope) throws ComponentException {
        byte[] module = s.bytes(s.remaining());
        if (module.length < 8
                || !startsWith(module, MAGIC)
                || module[4] != 1
                || module[5] != 0
                || module[6] != 0
                || module[7] != 0) {
            throw new ComponentException(
                    Kind.MALFORMED,
                    "malformed component: core module " + scope.counts[Sort.CORE_MODULE.ordinal()] + " at offset "
                            + offset + " is not a core module (version 1)");
        }
        scope.add(Sort.CORE_MODULE);
        return new Definition.CoreModule(module, offset);
    }

    private Definition coreInstance(BinaryReader s, Scope scope) throws ComponentException {
        int kind = s.u8();
        String where = "core instance " + scope.counts[Sort.CORE_INSTANCE.ordinal()];
        Definition.CoreInstance def;
        if (kind == 0x00) {
            int module = s.u32();
            scope.check(Sort.CORE_MODULE, module, where);
            List<Definition.CoreArg> args = new ArrayList<>();
            int n = s.count("instantiation argument");
            Set<String> names = new HashSet<>();
            for (int i = 0; i < n; i++) {
                String name = s.name();
                int sort = s.u8();
                if (sort != 0x12) {
                    throw invalid(where + ": argument '" + name + "' must be a core instance (sort 0x12), not 0x"
                            + Integer.toHexString(sort));
                }
                int instance = s.u32();
                scope.check(Sort.CORE_INSTANCE, instance, where);
                if (!names.add(name)) {
                    throw invalid(where + ": argument '" + name + "' given twice");
                }
                args.add(new Definition.CoreArg(name, instance));
            }
            def = new Definition.CoreInstantiate(module, args);
        } else if (kind == 0x01) {
            List<Definition.CoreExport> exports = new ArrayList<>();
            int n = s.count("export");
            Set<String> names = new HashSet<>();
            for (int i = 0; i < n; i++) {
                String name = s.name();
                Sort sort = coreSort(s.u8());
                int index = s.u32();
                scope.check(sort, index, where + " export '" + name + "'");
                if (!names.add(name)) {
                    throw invalid(where + ": export '" + name + "' given twice");
                }
                exports.add(new Definition.CoreExport(name, sort, index));
            }
            def = new Definition.CoreExports(exports);
        } else {
            throw malformed(where + ": unknown kind 0x" + Integer.toHexString(kind));
        }
        scope.add(Sort.CORE_INSTANCE);
        return def;
    }

    private Definition instance(BinaryReader s, Scope scope) throws ComponentException {
        int kind = s.u8();
        String where = "instance " + scope.counts[Sort.INSTANCE.ordinal()];
        Definition.Instance def;
        List<Definition.Arg> args = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (kind == 0x00) {
            int component = s.u32();
            scope.check(Sort.COMPONENT, component, where);
            int n = s.count("instantiation argument");
            for (int i = 0; i < n; i++) {
                String name = s.name();
                Sort sort = sort(s);
                int index = s.u32();
                scope.check(sort, index, where + " argument '" + name + "'");
                if (!names.add(name)) {
                    throw invalid(where + ": argument '" + name + "' given twice");
                }
                args.add(new Definition.Arg(name, sort, index));
            }
            def = new Definition.Instantiate(component, args);
        } else if (kind == 0x01) {
            int n = s.count("export");
            for (int i = 0; i < n; i++) {
                String name = externName(s, "export");
                Sort sort = sort(s);
                int index = s.u32();
                scope.check(sort, index, where + " export '" + name + "'");
                if (!names.add(name)) {
                    throw invalid(where + ": export '" + name + "' given twice");
                }
                args.add(new Definition.Arg(name, sort, index));
            }
            def = new Definition.Exports(args);
        } else {
            throw malformed(where + ": unknown kind 0x" + Integer.toHexString(kind));
        }
        scope.add(Sort.INSTANCE);
        return def;
    }

    private Alias alias(BinaryReader s, Scope scope, String what) throws ComponentException {
        Sort sort = sort(s);
        int kind = s.u8();
        Alias.Target target;
        String where = what + " of " + sort;
        switch (kind) {
            case 0x00: {
                int instance = s.u32();
                String name = s.name();
                scope.check(Sort.INSTANCE, instance, where + " '" + name + "'");
                if (sort.isCore()) {
                    throw invalid(where + ": an export of a component instance cannot be a " + sort);
                }
                target = new Alias.Export(instance, name);
                break;
            }
            case 0x01: {
                int instance = s.u32();
                String name = s.name();
                scope.check(Sort.CORE_INSTANCE, instance, where + " '" + name + "'");
                if (!sort.isCore()) {
                    throw invalid(where + ": an export of a core instance cannot be a " + sort);
                }
                target = new Alias.CoreExport(instance, name);
                break;
            }
            case 0x02: {
                int count = s.u32();
                int index = s.u32();
                if (sort != Sort.TYPE && sort != Sort.CORE_TYPE && sort != Sort.COMPONENT && sort != Sort.CORE_MODULE) {
                    throw invalid(where + ": outer aliases may only name types, modules and components");
                }
                Scope outer = scope.outer(count, where);
                outer.check(sort, index, where + " (outer " + count + ")");
                if (sort == Sort.TYPE && outer.resources.contains(index) && count > 0) {
                    throw invalid(where + ": an outer alias cannot name a resource type");
                }
                target = new Alias.Outer(count, index);
                break;
            }
            default:
                throw malformed(where + ": unknown alias target 0x" + Integer.toHexString(kind));
        }
        scope.add(sort);
        return new Alias(sort, target);
    }

    // --- types ---------------------------------------------------------------------------------

    /** A {@code type} (or, inside declarations, a type declarator); adds it to {@code scope}. */
    private TypeDef type(BinaryReader s, Scope scope, boolean resourcesAllowed) throws ComponentException {
        String where = "type " + scope.counts[Sort.TYPE.ordinal()];
        int b = s.peek();
        TypeDef def;
        switch (b) {
            case 0x40: {
                s.u8();
                List<TypeDef.Labeled> params = labeled(s, scope, where + " parameter");
                List<TypeDef.Labeled> results = new ArrayList<>();
                int kind = s.u8();
                if (kind == 0x00) {
                    results.add(new TypeDef.Labeled(null, valType(s, scope, where)));
                } else if (kind == 0x01) {
                    results.addAll(labeled(s, scope, where + " result"));
                } else {
                    throw malformed(where + ": unknown result list kind 0x" + Integer.toHexString(kind));
                }
                def = new TypeDef.Func(params, results);
                break;
            }
            case 0x41:
                s.u8();
                def = new TypeDef.ComponentType(decls(s, scope, true));
                break;
            case 0x42:
                s.u8();
                def = new TypeDef.InstanceType(decls(s, scope, false));
                break;
            case 0x3f: {
                s.u8();
                int rep = s.u8();
                if (rep != 0x7f) {
                    throw invalid(where + ": a resource's representation must be i32");
                }
                Integer dtor = null;
                if (optional(s, where)) {
                    dtor = s.u32();
                    scope.check(Sort.CORE_FUNC, dtor, where + " destructor");
                }
                if (!resourcesAllowed) {
                    throw invalid(where + ": resource types cannot be defined inside a component or instance type");
                }
                scope.resources.add(scope.counts[Sort.TYPE.ordinal()]);
                def = new TypeDef.Resource(dtor);
                break;
            }
            case 0x3e:
                throw unsupported(where + ": async resource types (component-model async) are not supported");
            default:
                def = defValType(s, scope, where);
        }
        scope.add(Sort.TYPE);
        return def;
    }

    private TypeDef defValType(BinaryReader s, Scope scope, String where) throws ComponentException {
        int b = s.u8();
        PrimType prim = PrimType.ofOpcode(b);
        if (prim != null) {
            return new TypeDef.Prim(prim);
        }
        switch (b) {
            case 0x72: {
                List<TypeDef.Labeled> fields = labeled(s, scope, where + " field");
                if (fields.isEmpty()) {
                    throw invalid(where + ": a record needs at least one field");
                }
                return new TypeDef.Record(fields);
            }
            case 0x71: {
                int n = s.count("case");
                if (n == 0) {
                    throw invalid(where + ": a variant needs at least one case");
                }
                List<TypeDef.Case> cases = new ArrayList<>();
                Set<String> labels = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    String label = label(s, labels, where + " case");
                    TypeRef type = optional(s, where) ? valType(s, scope, where) : null;
                    int refines = s.u8();
                    if (refines != 0x00) {
                        throw malformed(
                                where + ": case '" + label + "' uses 'refines', which is no longer part of the format");
                    }
                    cases.add(new TypeDef.Case(label, type));
                }
                return new TypeDef.Variant(cases);
            }
            case 0x70:
                return new TypeDef.ListOf(valType(s, scope, where));
            case 0x6f: {
                int n = s.count("tuple element");
                if (n == 0) {
                    throw invalid(where + ": a tuple needs at least one element");
                }
                List<TypeRef> types = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    types.add(valType(s, scope, where));
                }
                return new TypeDef.Tuple(types);
            }
            case 0x6e:
            case 0x6d: {
                int n = s.count("label");
                if (n == 0) {
                    throw invalid(where + ": " + (b == 0x6e ? "flags" : "an enum") + " needs at least one label");
                }
                if (b == 0x6e && n > 32) {
                    throw invalid(where + ": flags may have at most 32 labels, not " + n);
                }
                List<String> labels = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    labels.add(label(s, seen, where));
                }
                return b == 0x6e ? new TypeDef.Flags(labels) : new TypeDef.Enum(labels);
            }
            case 0x6b:
                return new TypeDef.Option(valType(s, scope, where));
            case 0x6a: {
                TypeRef ok = optional(s, where) ? valType(s, scope, where) : null;
                TypeRef error = optional(s, where) ? valType(s, scope, where) : null;
                return new TypeDef.Result(ok, error);
            }
            case 0x69:
            case 0x68: {
                // Whether the index names a resource is checked when types are elaborated (an
                // imported or aliased type's nature is known only then).
                int resource = s.u32();
                scope.check(Sort.TYPE, resource, where);
                return b == 0x69 ? new TypeDef.Own(resource) : new TypeDef.Borrow(resource);
            }
            case 0x67:
                throw unsupported(where + ": fixed-length lists are not supported");
            case 0x66:
            case 0x65:
            case 0x64:
                throw unsupported(where + ": " + (b == 0x66 ? "stream" : b == 0x65 ? "future" : "error-context")
                        + " types (WASI 0.3 / component-model async) are not supported");
            default:
                throw malformed(where + ": unknown type opcode 0x" + Integer.toHexString(b));
        }
    }

    /** A {@code valtype}: a primitive opcode (negative as an s33) or a type index. */
    private TypeRef valType(BinaryReader s, Scope scope, String where) throws ComponentException {
        int b = s.peek();
        PrimType prim = (b & 0x80) == 0 && (b & 0x40) != 0 ? PrimType.ofOpcode(b) : null;
        if ((b & 0x80) == 0 && (b & 0x40) != 0) {
            s.u8();
            if (prim == null) {
                throw malformed(where + ": unknown value type 0x" + Integer.toHexString(b));
            }
            return new TypeRef.Primitive(prim);
        }
        int index = s.u32();
        scope.check(Sort.TYPE, index, where);
        return new TypeRef.Index(index);
    }

    private List<TypeDef.Labeled> labeled(BinaryReader s, Scope scope, String where) throws ComponentException {
        int n = s.count(where);
        List<TypeDef.Labeled> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String label = label(s, labels, where);
            out.add(new TypeDef.Labeled(label, valType(s, scope, where + " '" + label + "'")));
        }
        return out;
    }

    /** A label, unique (ignoring case) among {@code seen}. */
    private String label(BinaryReader s, Set<String> seen, String where) throws ComponentException {
        String label = s.name();
        if (!seen.add(label.toLowerCase(Locale.ROOT))) {
            throw invalid(where + ": label '" + label + "' used twice");
        }
        return label;
    }

    private boolean optional(BinaryReader s, String where) throws ComponentException {
        int b = s.u8();
        if (b > 1) {
            throw malformed(where + ": expected 0x00 or 0x01, found 0x" + Integer.toHexString(b));
        }
        return b == 1;
    }

    /** The declarations of a component type ({@code component} true) or instance type, in their own scope. */
    private List<Decl> decls(BinaryReader s, Scope parent, boolean component) throws ComponentException {
        Scope scope = new Scope(parent);
        int n = s.count("declaration");
        List<Decl> out = new ArrayList<>();
        String what = component ? "component type" : "instance type";
        for (int i = 0; i < n; i++) {
            int kind = s.u8();
            switch (kind) {
                case 0x00:
                    out.add(new Decl.CoreType(coreType(s, scope, what)));
                    scope.add(Sort.CORE_TYPE);
                    break;
                case 0x01:
                    out.add(new Decl.Type(type(s, scope, false)));
                    break;
                case 0x02: {
                    Alias alias = alias(s, scope, what + " alias");
                    out.add(new Decl.AliasDecl(alias));
                    break;
                }
                case 0x03:
                case 0x04: {
                    if (kind == 0x03 && !component) {
                        throw invalid(what + ": instance types cannot declare imports");
                    }
                    String name = externName(s, kind == 0x03 ? "import" : "export");
                    ExternDesc desc = externDesc(s, scope, what + " '" + name + "'");
                    scope.add(desc.sort());
                    out.add(kind == 0x03 ? new Decl.Import(name, desc) : new Decl.Export(name, desc));
                    break;
                }
                default:
                    throw malformed(what + ": unknown declaration kind 0x" + Integer.toHexString(kind));
            }
        }
        return out;
    }

    private ExternDesc externDesc(BinaryReader s, Scope scope, String where) throws ComponentException {
        int kind = s.u8();
        switch (kind) {
            case 0x00: {
                int sort = s.u8();
                if (sort != 0x11) {
                    throw malformed(
                            where + ": a core extern must be a module (0x11), not 0x" + Integer.toHexString(sort));
                }
                int type = s.u32();
                scope.check(Sort.CORE_TYPE, type, where);
                return new ExternDesc.CoreModule(type);
            }
            case 0x01: {
                int type = s.u32();
                scope.check(Sort.TYPE, type, where);
                return new ExternDesc.Func(type);
            }
            case 0x02:
                throw unsupported(where + ": value imports and exports are not supported");
            case 0x03: {
                int bound = s.u8();
                if (bound == 0x00) {
                    int type = s.u32();
                    scope.check(Sort.TYPE, type, where);
                    return new ExternDesc.Type(type);
                } else if (bound == 0x01) {
                    return new ExternDesc.Type(null);
                }
                throw malformed(where + ": unknown type bound 0x" + Integer.toHexString(bound));
            }
            case 0x04: {
                int type = s.u32();
                scope.check(Sort.TYPE, type, where);
                return new ExternDesc.Component(type);
            }
            case 0x05: {
                int type = s.u32();
                scope.check(Sort.TYPE, type, where);
                return new ExternDesc.Instance(type);
            }
            default:
                throw malformed(where + ": unknown extern kind 0x" + Integer.toHexString(kind));
        }
    }

    /** An import or export name: 0x00 (or the historical 0x01) and a string. */
    private String externName(BinaryReader s, String what) throws ComponentException {
        int prefix = s.u8();
        if (prefix != 0x00 && prefix != 0x01) {
            throw malformed(what + " name: unknown prefix 0x" + Integer.toHexString(prefix));
        }
        String name = s.name();
        if (name.isEmpty()) {
            throw invalid(what + " with an empty name");
        }
        return name;
    }

    // --- core types ----------------------------------------------------------------------------

    private CoreTypeDef coreType(BinaryReader s, Scope scope, String where) throws ComponentException {
        int b = s.u8();
        if (b == 0x00) {
            b = s.u8();
            if (b != 0x50) {
                throw malformed(where + ": unknown core type 0x00 0x" + Integer.toHexString(b));
            }
        }
        if (b == 0x60) {
            List<ValType> params = coreValTypes(s, where);
            List<ValType> results = coreValTypes(s, where);
            return new CoreTypeDef.Func(FunctionType.of(params, results));
        }
        if (b == 0x50) {
            int n = s.count("module declaration");
            for (int i = 0; i < n; i++) {
                moduleDecl(s, where);
            }
            return new CoreTypeDef.Module(n);
        }
        throw unsupported(where + ": core type 0x" + Integer.toHexString(b) + " (GC types) is not supported");
    }

    private void moduleDecl(BinaryReader s, String where) throws ComponentException {
        int kind = s.u8();
        switch (kind) {
            case 0x00:
                s.name();
                s.name();
                importDesc(s, where);
                break;
            case 0x01: {
                int b = s.u8();
                if (b != 0x60) {
                    throw unsupported(where + ": core type 0x" + Integer.toHexString(b) + " in a module type");
                }
                coreValTypes(s, where);
                coreValTypes(s, where);
                break;
            }
            case 0x02: {
                int sort = s.u8();
                int target = s.u8();
                if (sort != 0x10 || target != 0x01) {
                    throw invalid(where + ": module types may only alias outer core types");
                }
                s.u32();
                s.u32();
                break;
            }
            case 0x03:
                s.name();
                importDesc(s, where);
                break;
            default:
                throw malformed(where + ": unknown module declaration 0x" + Integer.toHexString(kind));
        }
    }

    private void importDesc(BinaryReader s, String where) throws ComponentException {
        int kind = s.u8();
        switch (kind) {
            case 0x00:
                s.u32();
                break;
            case 0x01:
                coreValType(s, where);
                limits(s);
                break;
            case 0x02:
                limits(s);
                break;
            case 0x03:
                coreValType(s, where);
                s.u8();
                break;
            case 0x04:
                s.u8();
                s.u32();
                break;
            default:
                throw malformed(where + ": unknown core import kind 0x" + Integer.toHexString(kind));
        }
    }

    private void limits(BinaryReader s) throws ComponentException {
        int flags = s.u8();
        leb(s);
        if ((flags & 1) != 0) {
            leb(s);
        }
    }

    private static void leb(BinaryReader s) throws ComponentException {
        for (int i = 0; i < 10; i++) {
            if ((s.u8() & 0x80) == 0) {
                return;
            }
        }
        throw s.malformed("integer too long");
    }

    private List<ValType> coreValTypes(BinaryReader s, String where) throws ComponentException {
        int n = s.count("core value type");
        List<ValType> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(coreValType(s, where));
        }
        return out;
    }

    private ValType coreValType(BinaryReader s, String where) throws ComponentException {
        int b = s.u8();
        switch (b) {
            case 0x7f:
                return ValType.I32;
            case 0x7e:
                return ValType.I64;
            case 0x7d:
                return ValType.F32;
            case 0x7c:
                return ValType.F64;
            case 0x7b:
                return ValType.V128;
            case 0x70:
                return ValType.FuncRef;
            case 0x6f:
                return ValType.ExternRef;
            default:
                throw unsupported(where + ": core value type 0x" + Integer.toHexString(b) + " is not supported");
        }
    }

    // --- canonical functions, start, export ----------------------------------------------------

    private Definition canon(BinaryReader s, Scope scope) throws ComponentException {
        int kind = s.u8();
        String where = "canonical function";
        Definition.Canon def;
        switch (kind) {
            case 0x00: {
                sortByte(s, 0x00, where + " (lift)");
                int coreFunc = s.u32();
                scope.check(Sort.CORE_FUNC, coreFunc, where + " (lift)");
                CanonOptions options = options(s, scope, "canon lift");
                int type = s.u32();
                scope.check(Sort.TYPE, type, where + " (lift)");
                def = new Definition.Lift(coreFunc, options, type);
                break;
            }
            case 0x01: {
                sortByte(s, 0x00, where + " (lower)");
                int func = s.u32();
                scope.check(Sort.FUNC, func, where + " (lower)");
                CanonOptions options = options(s, scope, "canon lower");
                if (options.postReturn() != null) {
                    throw invalid("canon lower of func " + func + ": post-return is only allowed on canon lift");
                }
                def = new Definition.Lower(func, options);
                break;
            }
            case 0x02:
            case 0x03:
            case 0x04: {
                int type = s.u32();
                scope.check(Sort.TYPE, type, where);
                if (kind != 0x03 && !scope.resources.contains(type)) {
                    throw invalid(where + ": resource." + (kind == 0x02 ? "new" : "rep") + " of type " + type
                            + ", which is not a resource type defined by this component");
                }
                def = kind == 0x02
                        ? new Definition.ResourceNew(type)
                        : kind == 0x03 ? new Definition.ResourceDrop(type) : new Definition.ResourceRep(type);
                break;
            }
            case 0x07:
                throw unsupported("canon resource.drop async (component-model async, WASI 0.3) is not supported");
            default:
                throw unsupported("canonical built-in 0x" + Integer.toHexString(kind)
                        + " (component-model async or threads, WASI 0.3) is not supported");
        }
        scope.add(def.sort());
        return def;
    }

    private static void sortByte(BinaryReader s, int expected, String where) throws ComponentException {
        int b = s.u8();
        if (b != expected) {
            throw s.malformed(where + ": expected sort 0x" + Integer.toHexString(expected) + ", found 0x"
                    + Integer.toHexString(b));
        }
    }

    private CanonOptions options(BinaryReader s, Scope scope, String where) throws ComponentException {
        int n = s.count("canonical option");
        StringEncoding encoding = null;
        Integer memory = null;
        Integer realloc = null;
        Integer postReturn = null;
        for (int i = 0; i < n; i++) {
            int opt = s.u8();
            switch (opt) {
                case 0x00:
                case 0x01:
                case 0x02:
                    if (encoding != null) {
                        throw invalid(where + ": string encoding given twice");
                    }
                    encoding = StringEncoding.values()[opt];
                    break;
                case 0x03:
                    if (memory != null) {
                        throw invalid(where + ": memory given twice");
                    }
                    memory = s.u32();
                    scope.check(Sort.CORE_MEMORY, memory, where + " memory option");
                    break;
                case 0x04:
                    if (realloc != null) {
                        throw invalid(where + ": realloc given twice");
                    }
                    realloc = s.u32();
                    scope.check(Sort.CORE_FUNC, realloc, where + " realloc option");
                    break;
                case 0x05:
                    if (postReturn != null) {
                        throw invalid(where + ": post-return given twice");
                    }
                    postReturn = s.u32();
                    scope.check(Sort.CORE_FUNC, postReturn, where + " post-return option");
                    break;
                case 0x06:
                case 0x07:
                case 0x08:
                    throw unsupported(
                            where + ": the " + (opt == 0x06 ? "async" : opt == 0x07 ? "callback" : "always-task-return")
                                    + " option (component-model async, WASI 0.3) is not supported");
                default:
                    throw malformed(where + ": unknown canonical option 0x" + Integer.toHexString(opt));
            }
        }
        return new CanonOptions(encoding == null ? StringEncoding.UTF8 : encoding, memory, realloc, postReturn);
    }

    private Definition start(BinaryReader s, Scope scope) throws ComponentException {
        int func = s.u32();
        scope.check(Sort.FUNC, func, "start");
        int args = s.u32();
        for (int i = 0; i < args; i++) {
            s.u32();
        }
        int results = s.u32();
        if (args != 0 || results != 0) {
            throw unsupported("start functions with value arguments or results are not supported");
        }
        return new Definition.Start(func);
    }

    private Definition export(BinaryReader s, Scope scope) throws ComponentException {
        String name = externName(s, "export");
        Sort sort = sort(s);
        int index = s.u32();
        scope.check(sort, index, "export '" + name + "'");
        if (sort.isCore() && sort != Sort.CORE_MODULE) {
            throw invalid("export '" + name + "': a component cannot export a " + sort);
        }
        if (sort == Sort.VALUE) {
            throw unsupported("export '" + name + "': value exports are not supported");
        }
        ExternDesc desc = optional(s, "export '" + name + "'") ? externDesc(s, scope, "export '" + name + "'") : null;
        if (desc != null && desc.sort() != sort) {
            throw invalid("export '" + name + "': declared as a " + desc.sort() + " but exports a " + sort);
        }
        scope.add(sort);
        return new Definition.Export(name, sort, index, desc);
    }

    private Sort sort(BinaryReader s) throws ComponentException {
        int b = s.u8();
        switch (b) {
            case 0x00:
                return coreSort(s.u8());
            case 0x01:
                return Sort.FUNC;
            case 0x02:
                return Sort.VALUE;
            case 0x03:
                return Sort.TYPE;
            case 0x04:
                return Sort.COMPONENT;
            case 0x05:
                return Sort.INSTANCE;
            default:
                throw malformed("unknown sort 0x" + Integer.toHexString(b));
        }
    }

    private Sort coreSort(int b) throws ComponentException {
        switch (b) {
            case 0x00:
                return Sort.CORE_FUNC;
            case 0x01:
                return Sort.CORE_TABLE;
            case 0x02:
                return Sort.CORE_MEMORY;
            case 0x03:
                return Sort.CORE_GLOBAL;
            case 0x10:
                return Sort.CORE_TYPE;
            case 0x11:
                return Sort.CORE_MODULE;
            case 0x12:
                return Sort.CORE_INSTANCE;
            case 0x04:
                throw unsupported("core tags (exception handling) cannot be linked between core instances here");
            default:
                throw malformed("unknown core sort 0x" + Integer.toHexString(b));
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Item {
        void read() throws ComponentException;
    }

    private static void vector(BinaryReader s, String what, Item item) throws ComponentException {
        int n = s.count(what);
        for (int i = 0; i < n; i++) {
            item.read();
        }
    }

    private static ComponentException malformed(String what) {
        return new ComponentException(Kind.MALFORMED, "malformed component: " + what);
    }

    private static ComponentException invalid(String what) {
        return new ComponentException(Kind.INVALID, "invalid component: " + what);
    }

    private static ComponentException unsupported(String what) {
        return new ComponentException(Kind.UNSUPPORTED, "unsupported component: " + what);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
