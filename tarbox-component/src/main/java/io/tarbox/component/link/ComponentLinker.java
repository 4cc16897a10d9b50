package io.tarbox.component.link;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValue;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import io.tarbox.component.ComponentException;
import io.tarbox.component.ComponentException.Kind;
import io.tarbox.component.abi.AbiOptions;
import io.tarbox.component.abi.Canonical;
import io.tarbox.component.abi.CanonicalTrap;
import io.tarbox.component.abi.CoreFunc;
import io.tarbox.component.abi.HandleTable;
import io.tarbox.component.model.Alias;
import io.tarbox.component.model.CanonOptions;
import io.tarbox.component.model.Component;
import io.tarbox.component.model.Decl;
import io.tarbox.component.model.Definition;
import io.tarbox.component.model.ExternDesc;
import io.tarbox.component.model.Sort;
import io.tarbox.component.model.TypeDef;
import io.tarbox.component.model.TypeRef;
import io.tarbox.component.types.FuncType;
import io.tarbox.component.types.ResourceType;
import io.tarbox.component.types.WitType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Instantiates a component: walks its definitions in binary order, building every index space,
 * instantiating core modules through the {@link CoreRuntime} with the imports the component wires
 * to them (functions, memories, tables and globals of other core instances, and canonical
 * functions), elaborating types (each resource definition makes a fresh type), and binding the
 * root's imports to the host's {@link HostInstance}s. Every check that can fail before the guest
 * runs fails with a {@link ComponentException}; every import the host lacks is listed at once,
 * before the first core module is instantiated.
 */
public final class ComponentLinker {
    private static final FunctionType REALLOC =
            FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

    private final ImportResolver resolver;
    private final CoreRuntime runtime;
    private final List<String> missing = new ArrayList<>();
    private int coreModules;
    /** Non-null when describing: every import is bound to placeholders and recorded here. */
    private final List<ComponentDescription.Item> described;

    private final List<ComponentDescription.CoreModule> modules = new ArrayList<>();
    private final TypeNames names = new TypeNames();

    private ComponentLinker(ImportResolver resolver, CoreRuntime runtime) {
        this.resolver = resolver;
        this.runtime = runtime;
        this.described = resolver == null ? new ArrayList<>() : null;
    }

    /**
     * Describes a component: instantiates it with every import bound to a placeholder (that traps
     * if called; core start functions run, nothing else does) to learn the types of its imports and
     * exports.
     */
    public static ComponentDescription describe(Component component, CoreRuntime runtime) throws ComponentException {
        ComponentLinker linker = new ComponentLinker(null, runtime);
        Frame root = new Frame(null, null);
        linker.run(component, root);
        List<ComponentDescription.Item> exports = new ArrayList<>();
        boolean command = false;
        for (Map.Entry<String, Object> e : root.exports.entrySet()) {
            exports.add(linker.item(e.getKey(), e.getValue()));
            if (e.getKey().startsWith("wasi:cli/run@")
                    && e.getValue() instanceof InstanceValue i
                    && i.export("run") instanceof ComponentFunc f
                    && f.type().params.isEmpty()) {
                command = true;
            }
        }
        return new ComponentDescription(linker.described, exports, linker.modules, command);
    }

    private ComponentDescription.Item item(String name, Object value) {
        if (value instanceof ComponentFunc f) {
            return new ComponentDescription.Item(name, "func", names.of(f.type()), List.of());
        }
        if (value instanceof InstanceValue i) {
            return new ComponentDescription.Item(name, "instance", null, members(i.exports()));
        }
        if (value instanceof ComponentValue) {
            return new ComponentDescription.Item(name, "component", null, List.of());
        }
        if (value instanceof WasmModule) {
            return new ComponentDescription.Item(name, "module", null, List.of());
        }
        return new ComponentDescription.Item(
                name, "type", value instanceof WitType w ? names.definition(w) : null, List.of());
    }

    private List<ComponentDescription.Member> members(Map<String, ?> exports) {
        List<ComponentDescription.Member> out = new ArrayList<>();
        exports.forEach((n, v) -> {
            if (v instanceof ComponentFunc f) {
                out.add(new ComponentDescription.Member(n, "func", names.of(f.type())));
            } else if (v instanceof FuncType f) {
                out.add(new ComponentDescription.Member(n, "func", names.of(f)));
            } else if (v instanceof ResourceType) {
                out.add(new ComponentDescription.Member(n, "resource", null));
            } else if (v instanceof WitType w) {
                out.add(new ComponentDescription.Member(n, "type", names.definition(w)));
            }
        });
        return out;
    }

    /** Instantiates {@code component} as a root component whose imports the host provides. */
    public static ComponentInstance instantiate(Component component, ImportResolver resolver, CoreRuntime runtime)
            throws ComponentException {
        ComponentLinker linker = new ComponentLinker(resolver, runtime);
        Frame root = new Frame(null, null);
        linker.run(component, root);
        linker.checkImports();
        return new ComponentInstance(root.exports, root.table);
    }

    /**
     * The imports of {@code component} the host does not provide, each as "name" or
     * "name#function (why)"; empty when every import is satisfied. Nothing is instantiated.
     */
    public static List<String> unsatisfiedImports(Component component, ImportResolver resolver) {
        ComponentLinker linker = new ComponentLinker(resolver, null);
        Frame root = new Frame(null, null);
        try {
            for (Definition d : component.definitions()) {
                if (d instanceof Definition.Type
                        || d instanceof Definition.Import
                        || (d instanceof Definition.AliasDef a && !(a.alias().target() instanceof Alias.CoreExport))) {
                    linker.define(d, root);
                } else {
                    root.add(d.sort(), null); // keep the indices of later definitions right
                }
            }
        } catch (ComponentException | RuntimeException e) {
            // Types that need instantiated values come after the imports; what was found is enough.
        }
        return List.copyOf(linker.missing);
    }

    private void checkImports() throws ComponentException {
        if (!missing.isEmpty()) {
            throw new ComponentException(
                    Kind.UNSATISFIED_IMPORTS, "unsatisfied imports: " + String.join(", ", missing));
        }
    }

    // --- frames and scopes ---------------------------------------------------------------------

    /** Where types are looked up: a component instance's type space, or a component/instance type's. */
    interface TypeScope {
        Object type(int index) throws ComponentException;

        /** The enclosing scope (for outer aliases), or null. */
        TypeScope up();
    }

    /** The index spaces of one component instance being built. */
    static final class Frame implements TypeScope {
        final Frame definer;
        final Map<String, Object> args;

        @SuppressWarnings({"unchecked", "rawtypes"})
        final List<Object>[] spaces = new List[Sort.values().length];

        final Map<String, Object> exports = new LinkedHashMap<>();
        final HandleTable table = new HandleTable();

        Frame(Frame definer, Map<String, Object> args) {
            this.definer = definer;
            this.args = args;
            for (int i = 0; i < spaces.length; i++) {
                spaces[i] = new ArrayList<>();
            }
        }

        void add(Sort sort, Object value) {
            if (sort != null) {
                spaces[sort.ordinal()].add(value);
            }
        }

        Object get(Sort sort, int index) throws ComponentException {
            List<Object> space = spaces[sort.ordinal()];
            if (index < 0 || index >= space.size()) {
                throw invalid(sort + " " + index + " is not defined");
            }
            return space.get(index);
        }

        @Override
        public Object type(int index) throws ComponentException {
            return get(Sort.TYPE, index);
        }

        @Override
        public TypeScope up() {
            return definer;
        }
    }

    /** A component or instance type as a value: its declarations, elaborated when it is used. */
    record DeferredType(TypeDef def, TypeScope scope) {}

    /** A nested component as a value, with the instance that defined it (for outer aliases). */
    record ComponentValue(Component component, Frame definer) {}

    /** The type space inside a component or instance type. */
    static final class DeclScope implements TypeScope {
        final TypeScope parent;
        final List<Object> types = new ArrayList<>();
        final List<Map<String, Object>> instances = new ArrayList<>();

        DeclScope(TypeScope parent) {
            this.parent = parent;
        }

        @Override
        public Object type(int index) throws ComponentException {
            if (index < 0 || index >= types.size()) {
                throw invalid("type " + index + " is not defined in its component or instance type");
            }
            return types.get(index);
        }

        @Override
        public TypeScope up() {
            return parent;
        }
    }

    // --- definitions ---------------------------------------------------------------------------

    private void run(Component component, Frame frame) throws ComponentException {
        for (Definition d : component.definitions()) {
            define(d, frame);
        }
    }

    private void define(Definition d, Frame frame) throws ComponentException {
        if (d instanceof Definition.CoreModule m) {
            WasmModule module = runtime.parse(m.bytes(), coreModules);
            modules.add(new ComponentDescription.CoreModule(
                    coreModules++,
                    m.bytes().length,
                    module.importSection().importCount(),
                    module.exportSection().exportCount(),
                    module.functionSection().functionCount()));
            frame.add(Sort.CORE_MODULE, module);
        } else if (d instanceof Definition.CoreInstantiate ci) {
            checkImports();
            frame.add(Sort.CORE_INSTANCE, coreInstantiate(ci, frame));
        } else if (d instanceof Definition.CoreExports ce) {
            Map<String, Object> exports = new LinkedHashMap<>();
            for (Definition.CoreExport e : ce.exports()) {
                exports.put(e.name(), frame.get(e.sort(), e.index()));
            }
            frame.add(Sort.CORE_INSTANCE, new CoreInstanceValue.Bag(exports));
        } else if (d instanceof Definition.CoreType ct) {
            frame.add(Sort.CORE_TYPE, ct.type());
        } else if (d instanceof Definition.Nested n) {
            frame.add(Sort.COMPONENT, new ComponentValue(n.component(), frame));
        } else if (d instanceof Definition.Instantiate in) {
            frame.add(Sort.INSTANCE, instantiateNested(in, frame));
        } else if (d instanceof Definition.Exports ex) {
            Map<String, Object> exports = new LinkedHashMap<>();
            for (Definition.Arg a : ex.exports()) {
                exports.put(a.name(), frame.get(a.sort(), a.index()));
            }
            frame.add(Sort.INSTANCE, new InstanceValue(exports));
        } else if (d instanceof Definition.AliasDef a) {
            frame.add(a.alias().sort(), alias(a.alias(), frame));
        } else if (d instanceof Definition.Type t) {
            frame.add(Sort.TYPE, elaborate(t.type(), frame, frame));
        } else if (d instanceof Definition.Lift l) {
            frame.add(Sort.FUNC, lift(l, frame));
        } else if (d instanceof Definition.Lower l) {
            frame.add(Sort.CORE_FUNC, lower(l, frame));
        } else if (d instanceof Definition.ResourceNew r) {
            frame.add(Sort.CORE_FUNC, resourceNew(definedResource(r.type(), frame, "resource.new"), frame));
        } else if (d instanceof Definition.ResourceRep r) {
            frame.add(Sort.CORE_FUNC, resourceRep(definedResource(r.type(), frame, "resource.rep"), frame));
        } else if (d instanceof Definition.ResourceDrop r) {
            frame.add(Sort.CORE_FUNC, resourceDrop(resource(frame.type(r.type()), "resource.drop"), frame));
        } else if (d instanceof Definition.Start s) {
            checkImports();
            ((ComponentFunc) frame.get(Sort.FUNC, s.func())).call(new Object[0]);
        } else if (d instanceof Definition.Import i) {
            frame.add(i.desc().sort(), importValue(i, frame));
        } else if (d instanceof Definition.Export e) {
            Object value = frame.get(e.exported(), e.index());
            if (e.exported() == Sort.TYPE) {
                names.name(value, e.name());
            }
            frame.exports.put(e.name(), value);
            frame.add(e.exported(), value);
        } else {
            throw new AssertionError(d);
        }
    }

    private Object alias(Alias alias, Frame frame) throws ComponentException {
        if (alias.target() instanceof Alias.Export e) {
            Object instance = frame.get(Sort.INSTANCE, e.instance());
            if (instance == null) {
                return null; // an import the host lacks (already listed)
            }
            Object value = ((InstanceValue) instance).export(e.name());
            if (value == null) {
                throw invalid("instance " + e.instance() + " has no export '" + e.name() + "'");
            }
            return value;
        }
        if (alias.target() instanceof Alias.CoreExport e) {
            CoreInstanceValue instance = (CoreInstanceValue) frame.get(Sort.CORE_INSTANCE, e.instance());
            Object value = instance.export(e.name());
            if (value == null) {
                throw invalid("core instance " + e.instance() + " has no export '" + e.name() + "'");
            }
            return value;
        }
        Alias.Outer o = (Alias.Outer) alias.target();
        Frame f = frame;
        for (int i = 0; i < o.count(); i++) {
            f = f.definer;
            if (f == null) {
                throw invalid("outer alias reaches beyond the root component");
            }
        }
        return f.get(alias.sort(), o.index());
    }

    // --- imports -------------------------------------------------------------------------------

    private Object importValue(Definition.Import i, Frame frame) throws ComponentException {
        if (frame.args != null) {
            Object value = frame.args.get(i.name());
            if (value == null && !frame.args.containsKey(i.name())) {
                throw invalid("no instantiation argument for import '" + i.name() + "'");
            }
            return value;
        }
        if (described != null) {
            return describedImport(i, frame);
        }
        if (!(i.desc() instanceof ExternDesc.Instance inst)) {
            missing.add(i.name() + " (the host provides interfaces only, not a "
                    + i.desc().sort() + ")");
            return null;
        }
        HostInstance host = resolver.instance(i.name());
        if (host == null) {
            missing.add(i.name());
            return null;
        }
        Object type = frame.type(inst.type());
        if (!(type instanceof DeferredType dt) || !(dt.def() instanceof TypeDef.InstanceType it)) {
            throw invalid("import '" + i.name() + "' is declared with type " + inst.type() + ", not an instance type");
        }
        Map<String, Object> declared = instanceType(it.decls(), dt.scope(), frame, name -> {
            ResourceType rt = host.resource(name);
            if (rt == null) {
                missing.add(i.name() + "#" + name + " (resource)");
                return new ResourceType(name);
            }
            return rt;
        });
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : declared.entrySet()) {
            if (e.getValue() instanceof FuncType ft) {
                HostInstance.Function f = host.function(e.getKey());
                boolean usable = false;
                if (f == null) {
                    missing.add(i.name() + "#" + e.getKey());
                } else if (f.type() != null && !sameSignature(f.type(), ft)) {
                    missing.add(i.name() + "#" + e.getKey() + " (the component imports it as " + ft
                            + ", the host declares " + f.type() + ")");
                } else if (f.params() != ft.params.size()) {
                    missing.add(i.name() + "#" + e.getKey() + " (the host's takes " + f.params()
                            + " parameter(s), the component's type " + ft + ")");
                } else {
                    usable = true;
                }
                // A missing function stays a placeholder, so that the definitions after the
                // imports link and every missing import is listed before anything runs.
                values.put(
                        e.getKey(),
                        new HostFuncValue(
                                ft,
                                !usable
                                        ? args -> {
                                            throw new CanonicalTrap(
                                                    "call of " + e.getKey() + ", which the host does not provide");
                                        }
                                        : resolver.bind(i.name(), e.getKey(), ft, f.body())));
            } else {
                values.put(e.getKey(), e.getValue());
            }
        }
        return new InstanceValue(values);
    }

    /**
     * Whether a host function declared as {@code host} can be imported as {@code imported}: the
     * same parameter types in order and the same result, compared structurally (record fields and
     * cases by name, resources by identity); parameter names may differ.
     */
    static boolean sameSignature(FuncType host, FuncType imported) {
        if (host.params.size() != imported.params.size() || (host.result == null) != (imported.result == null)) {
            return false;
        }
        for (int k = 0; k < host.params.size(); k++) {
            if (!host.params.get(k).type().sameAs(imported.params.get(k).type())) {
                return false;
            }
        }
        return host.result == null || host.result.sameAs(imported.result);
    }

    /** An import bound to placeholders (describing), recorded with its declared type. */
    private Object describedImport(Definition.Import i, Frame frame) throws ComponentException {
        Object value;
        ComponentDescription.Item item;
        if (i.desc() instanceof ExternDesc.Instance inst
                && frame.type(inst.type()) instanceof DeferredType dt
                && dt.def() instanceof TypeDef.InstanceType it) {
            Map<String, Object> declared = instanceType(it.decls(), dt.scope(), frame, ResourceType::new);
            Map<String, Object> values = new LinkedHashMap<>();
            declared.forEach((n, v) ->
                    values.put(n, v instanceof FuncType ft ? placeholder(ft, i.name() + "#" + n) : v));
            value = new InstanceValue(values);
            item = new ComponentDescription.Item(i.name(), "instance", null, members(declared));
        } else if (i.desc() instanceof ExternDesc.Func f && frame.type(f.type()) instanceof FuncType ft) {
            value = placeholder(ft, i.name());
            item = new ComponentDescription.Item(i.name(), "func", names.of(ft), List.of());
        } else if (i.desc() instanceof ExternDesc.Type t) {
            value = t.eq() == null ? new ResourceType(i.name()) : frame.type(t.eq());
            item = new ComponentDescription.Item(i.name(), "type", null, List.of());
        } else {
            value = null;
            item = new ComponentDescription.Item(i.name(), i.desc().sort().toString(), null, List.of());
        }
        described.add(item);
        return value;
    }

    private static ComponentFunc placeholder(FuncType type, String name) {
        return new HostFuncValue(type, args -> {
            throw new CanonicalTrap(name + " is not provided (the component is only being described)");
        });
    }

    /** A host function seen as a component function of the type the component declared. */
    private record HostFuncValue(FuncType type, HostFunc body) implements ComponentFunc {
        @Override
        public Object call(Object[] args) {
            try {
                return body.call(args);
            } catch (ClassCastException e) {
                // A host that declares its functions' types has them compared before the run; for
                // one that declares only parameter counts, a component declaring other types for a
                // host function gets a trap, not an internal error.
                throw new CanonicalTrap(
                        "the host's function of type " + type + " received or returned a value of another type");
            }
        }
    }

    /**
     * The exports an instance type declares, elaborated: {@link FuncType}s, value types, resource
     * types (the abstract ones from {@code binder}), nested instance types as maps.
     */
    private Map<String, Object> instanceType(
            List<Decl> decls, TypeScope parent, Frame frame, Function<String, ResourceType> binder)
            throws ComponentException {
        DeclScope scope = new DeclScope(parent);
        Map<String, Object> exports = new LinkedHashMap<>();
        for (Decl decl : decls) {
            if (decl instanceof Decl.CoreType) {
                continue;
            } else if (decl instanceof Decl.Type t) {
                scope.types.add(elaborate(t.type(), scope, frame));
            } else if (decl instanceof Decl.AliasDecl a) {
                Alias alias = a.alias();
                if (alias.target() instanceof Alias.Outer o) {
                    if (alias.sort() == Sort.TYPE) {
                        TypeScope s = scope;
                        for (int k = 0; k < o.count(); k++) {
                            s = s.up();
                            if (s == null) {
                                throw invalid("outer alias in a type reaches beyond the root component");
                            }
                        }
                        scope.types.add(s.type(o.index()));
                    }
                } else if (alias.target() instanceof Alias.Export e && alias.sort() == Sort.TYPE) {
                    if (e.instance() >= scope.instances.size()) {
                        throw invalid("type alias of instance " + e.instance() + ", which the type does not declare");
                    }
                    scope.types.add(scope.instances.get(e.instance()).get(e.name()));
                } else {
                    throw unsupported("aliases of " + alias.sort() + " inside instance types");
                }
            } else if (decl instanceof Decl.Export ex) {
                Object value = declared(ex.name(), ex.desc(), scope, frame, binder);
                exports.put(ex.name(), value);
            } else if (decl instanceof Decl.Import im) {
                declared(im.name(), im.desc(), scope, frame, binder);
            }
        }
        return exports;
    }

    @SuppressWarnings("unchecked")
    private Object declared(
            String name, ExternDesc desc, DeclScope scope, Frame frame, Function<String, ResourceType> binder)
            throws ComponentException {
        if (desc instanceof ExternDesc.Type t) {
            Object type = t.eq() == null ? binder.apply(name) : scope.type(t.eq());
            names.name(type, name);
            scope.types.add(type);
            return type;
        }
        if (desc instanceof ExternDesc.Func f) {
            Object type = scope.type(f.type());
            if (!(type instanceof FuncType)) {
                throw invalid(
                        "'" + name + "' is declared a func of type " + f.type() + ", which is not a function type");
            }
            return type;
        }
        if (desc instanceof ExternDesc.Instance i) {
            Object type = scope.type(i.type());
            if (!(type instanceof DeferredType dt) || !(dt.def() instanceof TypeDef.InstanceType it)) {
                throw invalid("'" + name + "' is declared an instance of type " + i.type()
                        + ", which is not an instance type");
            }
            Map<String, Object> nested = instanceType(it.decls(), dt.scope(), frame, n -> binder.apply(name + "/" + n));
            scope.instances.add(nested);
            return nested;
        }
        return null; // components and core modules: only their presence matters here
    }

    // --- types ---------------------------------------------------------------------------------

    private Object elaborate(TypeDef def, TypeScope scope, Frame frame) throws ComponentException {
        if (def instanceof TypeDef.Func f) {
            List<FuncType.Param> params = new ArrayList<>();
            for (TypeDef.Labeled p : f.params()) {
                params.add(new FuncType.Param(p.label(), valType(p.type(), scope)));
            }
            WitType result;
            if (f.results().isEmpty()) {
                result = null;
            } else if (f.results().size() == 1 && f.results().get(0).label() == null) {
                result = valType(f.results().get(0).type(), scope);
            } else {
                List<WitType> types = new ArrayList<>();
                for (TypeDef.Labeled r : f.results()) {
                    types.add(valType(r.type(), scope));
                }
                result = WitType.RecordType.tuple(types);
            }
            return new FuncType(params, result);
        }
        if (def instanceof TypeDef.ComponentType || def instanceof TypeDef.InstanceType) {
            return new DeferredType(def, scope);
        }
        if (def instanceof TypeDef.Resource r) {
            CoreFunc dtor = r.destructor() == null ? null : (CoreFunc) frame.get(Sort.CORE_FUNC, r.destructor());
            return new DefinedResource("resource" + frame.spaces[Sort.TYPE.ordinal()].size(), frame, dtor);
        }
        return valueType(def, scope);
    }

    private WitType valueType(TypeDef def, TypeScope scope) throws ComponentException {
        if (def instanceof TypeDef.Prim p) {
            return WitType.of(p.type());
        } else if (def instanceof TypeDef.Record r) {
            List<WitType.Field> fields = new ArrayList<>();
            for (TypeDef.Labeled f : r.fields()) {
                fields.add(new WitType.Field(f.label(), valType(f.type(), scope)));
            }
            return WitType.RecordType.record(fields);
        } else if (def instanceof TypeDef.Variant v) {
            List<WitType.Case> cases = new ArrayList<>();
            for (TypeDef.Case c : v.cases()) {
                cases.add(new WitType.Case(c.label(), c.type() == null ? null : valType(c.type(), scope)));
            }
            return WitType.VariantType.variant(cases);
        } else if (def instanceof TypeDef.ListOf l) {
            return new WitType.ListType(valType(l.element(), scope));
        } else if (def instanceof TypeDef.Tuple t) {
            List<WitType> types = new ArrayList<>();
            for (TypeRef r : t.types()) {
                types.add(valType(r, scope));
            }
            return WitType.RecordType.tuple(types);
        } else if (def instanceof TypeDef.Flags f) {
            return new WitType.FlagsType(f.labels());
        } else if (def instanceof TypeDef.Enum e) {
            return WitType.VariantType.enumeration(e.labels());
        } else if (def instanceof TypeDef.Option o) {
            return WitType.VariantType.option(valType(o.type(), scope));
        } else if (def instanceof TypeDef.Result r) {
            return WitType.VariantType.result(
                    r.ok() == null ? null : valType(r.ok(), scope),
                    r.error() == null ? null : valType(r.error(), scope));
        } else if (def instanceof TypeDef.Own o) {
            return new WitType.HandleType(true, resource(scope.type(o.resource()), "own"));
        } else if (def instanceof TypeDef.Borrow b) {
            return new WitType.HandleType(false, resource(scope.type(b.resource()), "borrow"));
        }
        throw invalid("type " + def + " is not a value type");
    }

    private WitType valType(TypeRef ref, TypeScope scope) throws ComponentException {
        if (ref instanceof TypeRef.Primitive p) {
            return WitType.of(p.type());
        }
        int index = ((TypeRef.Index) ref).index();
        Object type = scope.type(index);
        if (!(type instanceof WitType w)) {
            throw invalid("type " + index + " is used as a value type, but it is a "
                    + (type instanceof ResourceType ? "resource (use own or borrow)" : "function or component type"));
        }
        return w;
    }

    private static ResourceType resource(Object type, String what) throws ComponentException {
        if (!(type instanceof ResourceType rt)) {
            throw invalid(what + " of a type that is not a resource");
        }
        return rt;
    }

    private static DefinedResource definedResource(int index, Frame frame, String what) throws ComponentException {
        Object type = frame.type(index);
        if (!(type instanceof DefinedResource r) || r.implementer() != frame) {
            throw invalid(what + " of type " + index + ", which is not a resource this component defines");
        }
        return r;
    }

    // --- core instances ------------------------------------------------------------------------

    private CoreInstanceValue coreInstantiate(Definition.CoreInstantiate ci, Frame frame) throws ComponentException {
        WasmModule module = (WasmModule) frame.get(Sort.CORE_MODULE, ci.module());
        Map<String, CoreInstanceValue> args = new LinkedHashMap<>();
        for (Definition.CoreArg a : ci.args()) {
            args.put(a.name(), (CoreInstanceValue) frame.get(Sort.CORE_INSTANCE, a.instance()));
        }
        String where =
                "core instance " + frame.spaces[Sort.CORE_INSTANCE.ordinal()].size() + " (module " + ci.module() + ")";
        ImportValues.Builder imports = ImportValues.builder();
        var section = module.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            Import imp = section.getImport(i);
            CoreInstanceValue arg = args.get(imp.module());
            if (arg == null) {
                throw invalid(where + " imports from '" + imp.module() + "', which no argument provides");
            }
            Object value = arg.export(imp.name());
            if (value == null) {
                throw invalid(where + " imports '" + imp.module() + "'.'" + imp.name()
                        + "', which its argument does not export");
            }
            ImportValue v = importValue(imp, value, module, where);
            if (v instanceof ImportFunction f) {
                imports.addFunction(f);
            } else if (v instanceof ImportMemory m) {
                imports.addMemory(m);
            } else if (v instanceof ImportTable t) {
                imports.addTable(t);
            } else {
                imports.addGlobal((ImportGlobal) v);
            }
        }
        try {
            Instance instance = runtime.instantiate(module, imports.build());
            return new CoreInstanceValue.Module(instance);
        } catch (com.dylibso.chicory.wasm.UninstantiableException | com.dylibso.chicory.wasm.UnlinkableException e) {
            throw new ComponentException(
                    Kind.INVALID, "invalid component: " + where + " cannot be instantiated: " + e.getMessage(), e);
        }
    }

    private static ImportValue importValue(Import imp, Object value, WasmModule module, String where)
            throws ComponentException {
        String name = "'" + imp.module() + "'.'" + imp.name() + "'";
        switch (imp.importType()) {
            case FUNCTION: {
                if (!(value instanceof CoreFunc f)) {
                    throw invalid(where + " imports function " + name + ", but gets a " + kind(value));
                }
                FunctionType wanted = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                if (!wanted.equals(f.type())) {
                    throw invalid(where + " imports function " + name + " of type " + signature(wanted)
                            + ", but gets one of type " + signature(f.type()));
                }
                return new ImportFunction(imp.module(), imp.name(), f.type(), f.handle(), f.source());
            }
            case MEMORY:
                if (!(value instanceof Memory m)) {
                    throw invalid(where + " imports memory " + name + ", but gets a " + kind(value));
                }
                return new ImportMemory(imp.module(), imp.name(), m);
            case TABLE:
                if (!(value instanceof TableInstance t)) {
                    throw invalid(where + " imports table " + name + ", but gets a " + kind(value));
                }
                return new ImportTable(imp.module(), imp.name(), t);
            case GLOBAL:
                if (!(value instanceof GlobalInstance g)) {
                    throw invalid(where + " imports global " + name + ", but gets a " + kind(value));
                }
                return new ImportGlobal(imp.module(), imp.name(), g);
            default:
                throw unsupported(where + " imports " + imp.importType().name().toLowerCase() + " " + name);
        }
    }

    private static String kind(Object value) {
        if (value instanceof CoreFunc) {
            return "function";
        } else if (value instanceof Memory) {
            return "memory";
        } else if (value instanceof TableInstance) {
            return "table";
        } else if (value instanceof GlobalInstance) {
            return "global";
        }
        return String.valueOf(value);
    }

    /** A core function type as "(i32, i64) -> (i32)". */
    public static String signature(FunctionType type) {
        return "(" + type.params().stream().map(ComponentLinker::name).collect(Collectors.joining(", ")) + ") -> ("
                + type.returns().stream().map(ComponentLinker::name).collect(Collectors.joining(", ")) + ")";
    }

    private static String name(ValType t) {
        return t.equals(ValType.I32)
                ? "i32"
                : t.equals(ValType.I64)
                        ? "i64"
                        : t.equals(ValType.F32)
                                ? "f32"
                                : t.equals(ValType.F64)
                                        ? "f64"
                                        : String.valueOf(t).toLowerCase();
    }

    // --- nested components ---------------------------------------------------------------------

    private InstanceValue instantiateNested(Definition.Instantiate in, Frame frame) throws ComponentException {
        ComponentValue component = (ComponentValue) frame.get(Sort.COMPONENT, in.component());
        Map<String, Object> args = new LinkedHashMap<>();
        for (Definition.Arg a : in.args()) {
            args.put(a.name(), frame.get(a.sort(), a.index()));
        }
        Frame nested = new Frame(component.definer(), args);
        run(component.component(), nested);
        return new InstanceValue(nested.exports);
    }

    // --- canonical functions -------------------------------------------------------------------

    private AbiOptions options(CanonOptions o, FuncType type, Frame frame, String where, boolean lift)
            throws ComponentException {
        Memory memory = o.memory() == null ? null : (Memory) frame.get(Sort.CORE_MEMORY, o.memory());
        CoreFunc realloc = o.realloc() == null ? null : (CoreFunc) frame.get(Sort.CORE_FUNC, o.realloc());
        CoreFunc postReturn = o.postReturn() == null ? null : (CoreFunc) frame.get(Sort.CORE_FUNC, o.postReturn());
        if (realloc != null && !realloc.type().equals(REALLOC)) {
            throw invalid(
                    where + ": realloc has type " + signature(realloc.type()) + ", not (i32, i32, i32, i32) -> (i32)");
        }
        if (type.needsMemory() && memory == null) {
            throw invalid(where + ": its values pass through memory, but no memory option is given");
        }
        // Lowering into the guest allocates: the parameters of a lifted function, the result of a lowered one.
        boolean allocates = lift
                ? type.paramsInMemory || type.paramTuple.needsMemory()
                : type.result != null && type.result.needsMemory();
        if (allocates && realloc == null) {
            throw invalid(where + ": it passes lists or strings into the component, but no realloc option is given");
        }
        return new AbiOptions(memory, realloc, o.encoding(), postReturn, frame.table, frame);
    }

    private ComponentFunc lift(Definition.Lift l, Frame frame) throws ComponentException {
        CoreFunc core = (CoreFunc) frame.get(Sort.CORE_FUNC, l.coreFunc());
        Object t = frame.type(l.type());
        if (!(t instanceof FuncType type)) {
            throw invalid("canon lift of core func " + l.coreFunc() + ": type " + l.type() + " is not a function type");
        }
        String where = "canon lift of core func " + l.coreFunc() + " as " + type;
        FunctionType expected = type.liftedCoreType();
        if (!core.type().equals(expected)) {
            throw invalid(where + ": the core function has type " + signature(core.type())
                    + ", the canonical ABI needs " + signature(expected));
        }
        AbiOptions options = options(l.options(), type, frame, where, true);
        if (options.postReturn() != null
                && !options.postReturn().type().equals(FunctionType.of(expected.returns(), List.of()))) {
            throw invalid(where + ": post-return has type "
                    + signature(options.postReturn().type()) + ", not "
                    + signature(FunctionType.of(expected.returns(), List.of())));
        }
        return new LiftedFunc(type, core, options);
    }

    /** A core function lifted to a component function. */
    private static final class LiftedFunc implements ComponentFunc {
        private final FuncType type;
        private final CoreFunc core;
        private final AbiOptions options;
        private boolean active;

        LiftedFunc(FuncType type, CoreFunc core, AbiOptions options) {
            this.type = type;
            this.core = core;
            this.options = options;
        }

        @Override
        public FuncType type() {
            return type;
        }

        @Override
        public Object call(Object[] args) {
            if (active) {
                throw new CanonicalTrap("a component instance may not be re-entered");
            }
            HandleTable.CallScope scope = new HandleTable.CallScope();
            Canonical abi = new Canonical(options, scope);
            long[] flat;
            if (type.paramsInMemory) {
                int ptr = abi.allocate(type.paramTuple);
                abi.store(type.paramTuple, args, ptr);
                flat = new long[] {ptr & 0xFFFF_FFFFL};
            } else {
                Canonical.FlatOut out = new Canonical.FlatOut(type.flatParamCount);
                for (int i = 0; i < args.length; i++) {
                    abi.lowerFlat(type.params.get(i).type(), args[i], out);
                }
                flat = out.values();
            }
            active = true;
            long[] results;
            try {
                results = core.call(flat);
            } finally {
                active = false;
            }
            Object value = null;
            if (type.result != null) {
                value = type.resultInMemory
                        ? abi.load(type.result, (int) results[0])
                        : abi.liftFlat(type.result, new Canonical.FlatIn(results));
            }
            scope.exit();
            if (options.postReturn() != null) {
                options.postReturn().call(results == null ? new long[0] : results);
            }
            return value;
        }
    }

    private CoreFunc lower(Definition.Lower l, Frame frame) throws ComponentException {
        ComponentFunc f = (ComponentFunc) frame.get(Sort.FUNC, l.func());
        if (f == null) {
            return new CoreFunc(
                    FunctionType.of(List.of(), List.of()),
                    (inst, args) -> {
                        throw new CanonicalTrap("call of an import the host does not provide");
                    },
                    null);
        }
        FuncType type = f.type();
        AbiOptions options =
                options(l.options(), type, frame, "canon lower of func " + l.func() + " (" + type + ")", false);
        int params = type.params.size();
        return new CoreFunc(
                type.loweredCoreType(),
                (inst, args) -> {
                    HandleTable.CallScope scope = new HandleTable.CallScope();
                    Canonical abi = new Canonical(options, scope);
                    Object[] values;
                    if (type.paramsInMemory) {
                        values = (Object[]) abi.load(type.paramTuple, (int) args[0]);
                    } else {
                        Canonical.FlatIn in = new Canonical.FlatIn(args);
                        values = new Object[params];
                        for (int i = 0; i < params; i++) {
                            values[i] = abi.liftFlat(type.params.get(i).type(), in);
                        }
                    }
                    Object result = f.call(values);
                    scope.exit();
                    if (type.result == null) {
                        return null;
                    }
                    if (type.resultInMemory) {
                        abi.store(type.result, result, (int) args[args.length - 1]);
                        return null;
                    }
                    Canonical.FlatOut out = new Canonical.FlatOut(type.result.flat.length);
                    abi.lowerFlat(type.result, result, out);
                    return out.values();
                },
                null);
    }

    private static final FunctionType I32_TO_I32 = FunctionType.of(List.of(ValType.I32), List.of(ValType.I32));
    private static final FunctionType I32_TO_NONE = FunctionType.of(List.of(ValType.I32), List.of());

    private static CoreFunc resourceNew(DefinedResource type, Frame frame) {
        return new CoreFunc(I32_TO_I32, (inst, args) -> new long[] {frame.table.addOwn(type, (int) args[0])}, null);
    }

    private static CoreFunc resourceRep(DefinedResource type, Frame frame) {
        return new CoreFunc(
                I32_TO_I32,
                (inst, args) -> new long[] {((Integer) frame.table.get((int) args[0], type).rep) & 0xFFFF_FFFFL},
                null);
    }

    private static CoreFunc resourceDrop(ResourceType type, Frame frame) {
        return new CoreFunc(
                I32_TO_NONE,
                (inst, args) -> {
                    HandleTable.Handle h = frame.table.drop((int) args[0], type);
                    if (h != null) {
                        type.destroy(h.rep);
                    }
                    return null;
                },
                null);
    }

    private static ComponentException invalid(String message) {
        return new ComponentException(Kind.INVALID, "invalid component: " + message);
    }

    private static ComponentException unsupported(String message) {
        return new ComponentException(Kind.UNSUPPORTED, "unsupported component: " + message);
    }
}
