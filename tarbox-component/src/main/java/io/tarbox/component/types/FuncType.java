package io.tarbox.component.types;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * A component function type: named parameters and at most one result (named results of older
 * binaries become one tuple), with its flattened core signatures for lifting and lowering
 * ({@code flatten_functype} of the canonical ABI: at most 16 flat parameters and 1 flat result;
 * beyond that they travel through linear memory).
 */
public final class FuncType {
    public static final int MAX_FLAT_PARAMS = 16;
    public static final int MAX_FLAT_RESULTS = 1;

    /** A named parameter. */
    public record Param(String name, WitType type) {}

    public final List<Param> params;
    /** The result, or null for none. */
    public final WitType result;
    /** The parameters as one tuple (their layout in memory when they spill). */
    public final WitType.RecordType paramTuple;

    public final int flatParamCount;
    public final boolean paramsInMemory;
    public final boolean resultInMemory;

    public FuncType(List<Param> params, WitType result) {
        this.params = List.copyOf(params);
        this.result = result;
        List<WitType> types = new ArrayList<>();
        for (Param p : params) {
            types.add(p.type());
        }
        this.paramTuple = WitType.RecordType.tuple(types);
        this.flatParamCount = paramTuple.flat.length;
        this.paramsInMemory = flatParamCount > MAX_FLAT_PARAMS;
        this.resultInMemory = result != null && result.flat.length > MAX_FLAT_RESULTS;
    }

    /** The core type a core function must have to be lifted to this type. */
    public FunctionType liftedCoreType() {
        List<ValType> ps = paramsInMemory ? List.of(ValType.I32) : List.of(paramTuple.flat);
        List<ValType> rs = result == null ? List.of() : resultInMemory ? List.of(ValType.I32) : List.of(result.flat);
        return FunctionType.of(ps, rs);
    }

    /** The core type of {@code canon lower} of a function of this type. */
    public FunctionType loweredCoreType() {
        List<ValType> ps = new ArrayList<>(paramsInMemory ? List.of(ValType.I32) : List.of(paramTuple.flat));
        List<ValType> rs = List.of();
        if (result != null) {
            if (resultInMemory) {
                ps.add(ValType.I32);
            } else {
                rs = List.of(result.flat);
            }
        }
        return FunctionType.of(ps, rs);
    }

    public boolean needsMemory() {
        return paramsInMemory || resultInMemory || paramTuple.needsMemory() || (result != null && result.needsMemory());
    }

    /** Structural equality of parameter names and types and the result. */
    public boolean sameAs(FuncType other) {
        if (other.params.size() != params.size() || (other.result == null) != (result == null)) {
            return false;
        }
        for (int i = 0; i < params.size(); i++) {
            if (!params.get(i).name().equals(other.params.get(i).name())
                    || !params.get(i).type().sameAs(other.params.get(i).type())) {
                return false;
            }
        }
        return result == null || result.sameAs(other.result);
    }

    /** As WIT writes it: {@code func(a: u32, b: string) -> result<_, e>}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("func(");
        for (int i = 0; i < params.size(); i++) {
            b.append(i > 0 ? ", " : "")
                    .append(params.get(i).name())
                    .append(": ")
                    .append(params.get(i).type());
        }
        b.append(")");
        if (result != null) {
            b.append(" -> ").append(result);
        }
        return b.toString();
    }
}
