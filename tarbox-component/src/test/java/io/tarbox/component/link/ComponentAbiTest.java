package io.tarbox.component.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.component.ComponentException;
import io.tarbox.component.abi.CanonicalTrap;
import io.tarbox.component.abi.ResultValue;
import io.tarbox.component.abi.VariantValue;
import io.tarbox.component.binary.ComponentDecoder;
import io.tarbox.component.types.ResourceType;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The canonical ABI end to end, through a component written in WAT (src/test/wat/abi.wat): lists of
 * records, variants, results, options, strings, flags, chars across the boundary in both directions,
 * resources of the host (constructor, method, drop) and of the component (resource.new, a borrow
 * passed back as its rep, a destructor on drop), and the traps of the error paths.
 */
class ComponentAbiTest {
    /** A host counter: the rep of the test's host resource. */
    static final class Counter {
        int value;

        Counter(int value) {
            this.value = value;
        }
    }

    private final List<Counter> destroyed = new ArrayList<>();
    private ComponentInstance instance;

    @BeforeEach
    void instantiate() throws Exception {
        ResourceType counter = new ResourceType("counter") {
            @Override
            public void destroy(Object rep) {
                destroyed.add((Counter) rep);
            }
        };
        HostInstance api = new HostInstance("test:host/api")
                .resource("counter", counter)
                .func("[constructor]counter", 1, a -> new Counter((Integer) a[0]))
                .func("[method]counter.add", 2, a -> {
                    Counter c = (Counter) a[0];
                    c.value += (Integer) a[1];
                    return c.value;
                })
                .func("greet", 1, a -> "hello, " + a[0] + "!");
        ImportResolver host = name -> name.equals("test:host/api@0.1.0") ? api : null;
        instance = ComponentLinker.instantiate(
                ComponentDecoder.decode(resource("/abi.wasm")), host, new InterpreterCoreRuntime());
    }

    private Object call(String name, Object... args) {
        ComponentFunc f = instance.function(name);
        assertTrue(f != null, "no export " + name);
        return f.call(args);
    }

    @Test
    void listOfRecordsIn() {
        List<Object> points = List.of(new Object[] {1, 2}, new Object[] {-10, 30}, new Object[] {100, 0});
        assertEquals(123L, call("sum-points", points));
        assertEquals(0L, call("sum-points", List.of()));
    }

    @Test
    void resultsOut() {
        assertEquals(ResultValue.ok(-3), call("div", -7, 2));
        assertEquals(ResultValue.error("division by zero"), call("div", 1, 0));
    }

    @Test
    void variantsIn() {
        assertEquals(3, call("classify", new VariantValue(0, 3.9f)));
        assertEquals(42, call("classify", new VariantValue(1, new Object[] {6, 7})));
        assertEquals(0, call("classify", new VariantValue(2, null)));
    }

    @Test
    void listsOfStringsInAndOptionsOut() {
        assertEquals(Optional.of(3), call("count-long", List.of("a", "abcd", "xyz", "be"), 2));
        assertEquals(Optional.empty(), call("count-long", List.of(), 3));
    }

    @Test
    void stringsBothWaysThroughTheHost() {
        assertEquals("hello, wörld!", call("greet-via-host", "wörld"));
    }

    @Test
    void flagsAndChars() {
        assertEquals(0b101, call("perms", 0b101));
        assertEquals((int) 'λ', call("echo-char", (int) 'λ'));
        CanonicalTrap surrogate = assertThrows(CanonicalTrap.class, () -> call("echo-char", 0xD800));
        assertTrue(surrogate.getMessage().contains("not a Unicode scalar value"), surrogate.getMessage());
    }

    @Test
    void hostResourcesAreCreatedBorrowedAndDropped() {
        assertEquals(20, call("counter-demo", 10));
        assertEquals(1, destroyed.size(), "resource.drop of the own handle destroys the host counter");
        assertEquals(20, destroyed.get(0).value);
    }

    @Test
    void droppingAHandleTwiceTraps() {
        CanonicalTrap trap = assertThrows(CanonicalTrap.class, () -> call("double-drop", 1));
        assertTrue(trap.getMessage().contains("invalid handle"), trap.getMessage());
        assertEquals(1, destroyed.size());
    }

    @Test
    void componentResourcesRoundTrip() {
        Object blob = call("make-blob", 77);
        assertEquals(77, blob, "the host receives the rep of an own handle lifted out of its component");
        assertEquals(77, call("blob-size", blob), "a borrow into the implementing component is the rep itself");
        assertEquals(0, call("dropped"));
        assertNull(call("consume-blob", blob));
        assertEquals(1, call("dropped"), "resource.drop of the own handle ran the component's destructor");
    }

    @Test
    void anOutOfRangeStringTraps() {
        CanonicalTrap trap = assertThrows(CanonicalTrap.class, () -> call("bad-string"));
        assertTrue(trap.getMessage().contains("out of bounds"), trap.getMessage());
    }

    @Test
    void missingImportsAreAllListed() throws Exception {
        var component = ComponentDecoder.decode(resource("/abi.wasm"));
        assertEquals(List.of("test:host/api@0.1.0"), ComponentLinker.unsatisfiedImports(component, name -> null));
        HostInstance partial = new HostInstance("test:host/api").func("greet", 1, a -> "");
        List<String> missing = ComponentLinker.unsatisfiedImports(component, name -> partial);
        assertEquals(
                List.of(
                        "test:host/api@0.1.0#counter (resource)",
                        "test:host/api@0.1.0#[constructor]counter",
                        "test:host/api@0.1.0#[method]counter.add"),
                missing);
        ComponentException e = assertThrows(
                ComponentException.class,
                () -> ComponentLinker.instantiate(component, name -> partial, new InterpreterCoreRuntime()));
        assertEquals(ComponentException.Kind.UNSATISFIED_IMPORTS, e.kind());
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = ComponentAbiTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
