package io.tarbox.component.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.component.ComponentException;
import io.tarbox.component.binary.ComponentDecoder;
import io.tarbox.component.types.FuncType;
import io.tarbox.component.types.ResourceType;
import io.tarbox.component.types.WitPackages;
import org.junit.jupiter.api.Test;

/**
 * A host that declares its functions' types (from WIT) has them compared with the types a
 * component imports them with, structurally, before anything runs (abi.wat imports
 * {@code test:host/api@0.1.0}).
 */
class HostTypeCheckTest {
    private static final String API = """
            package test:host@0.1.0;
            interface api {
                /// a counter
                resource counter {
                    constructor(start: u32);
                    add: func(n: u32) -> u32;
                }
                greet: func(name: string) -> string;
            }
            """;

    private static HostInstance host(String wit, ResourceType counter) {
        HostInstance api = new HostInstance("test:host/api")
                .resource("counter", counter)
                .func("[constructor]counter", 1, a -> a[0])
                .func("[method]counter.add", 2, a -> a[1])
                .func("greet", 1, a -> "hello, " + a[0] + "!");
        WitPackages.Resolved types = new WitPackages().add(wit).resolve((iface, name) -> counter);
        for (String f : api.functions().keySet().toArray(new String[0])) {
            api.declare(f, types.func("test:host/api", f));
        }
        return api;
    }

    private static ComponentInstance link(HostInstance api) throws Exception {
        return ComponentLinker.instantiate(
                ComponentDecoder.decode(ComponentAbiTest.resource("/abi.wasm")),
                name -> name.equals("test:host/api@0.1.0") ? api : null,
                new InterpreterCoreRuntime());
    }

    @Test
    void matchingTypesLinkAndRun() throws Exception {
        ComponentInstance instance = link(host(API, new ResourceType("counter")));
        assertEquals("hello, x!", instance.function("greet-via-host").call(new Object[] {"x"}));
    }

    @Test
    void everyMismatchIsRefusedBeforeAnythingRuns() {
        String wrong = API.replace("greet: func(name: string) -> string", "greet: func(name: string) -> list<u8>")
                .replace("add: func(n: u32) -> u32", "add: func(n: s32) -> u32");
        ComponentException e =
                assertThrows(ComponentException.class, () -> link(host(wrong, new ResourceType("counter"))));
        assertEquals(ComponentException.Kind.UNSATISFIED_IMPORTS, e.kind());
        assertEquals(
                "unsatisfied imports: test:host/api@0.1.0#[method]counter.add (the component imports it as "
                        + "func(self: borrow<counter>, n: u32) -> u32, the host declares func(self: borrow<counter>, n: s32) "
                        + "-> u32), test:host/api@0.1.0#greet (the component imports it as func(name: string) -> string, "
                        + "the host declares func(name: string) -> list<u8>)",
                e.getMessage());
    }

    @Test
    void resourcesAreComparedByIdentity() {
        ResourceType counter = new ResourceType("counter");
        HostInstance api = host(API, new ResourceType("counter")); // the WIT's counter is another type
        api.resource("counter", counter);
        ComponentException e = assertThrows(ComponentException.class, () -> link(api));
        assertTrue(
                e.getMessage()
                        .contains("test:host/api@0.1.0#[constructor]counter (the component imports it as "
                                + "func(start: u32) -> own<counter>"),
                e.getMessage());
        assertTrue(e.getMessage().contains("#[method]counter.add"), e.getMessage());
    }

    @Test
    void witTypesAreResolvedAcrossInterfacesAndPackages() {
        WitPackages wit = new WitPackages().add("""
                        package a:clock@0.2.3;
                        interface wall { record datetime { seconds: u64, nanoseconds: u32 } }
                        """).add("""
                        package a:fs@0.2.3;
                        interface types {
                            use a:clock/wall@0.2.3.{datetime as dt};
                            @since(version = 0.2.0)
                            enum kind { file, %directory }
                            flags mode { read, write }
                            variant err { io(string), closed }
                            type size = u64;
                            resource file {
                                stat: func() -> result<tuple<kind, mode, option<dt>, size>, err>;
                                open: static func(path: string, m: mode) -> result<file, err>;
                            }
                            drop-all: func(files: list<borrow<file>>) -> result<_, err>;
                        }
                        world w { import types; }
                        """);
        ResourceType file = new ResourceType("file");
        WitPackages.Resolved r = wit.resolve((iface, name) -> file);
        FuncType stat = r.func("a:fs/types", "[method]file.stat");
        assertNotNull(stat);
        assertEquals(
                "func(self: borrow<file>) -> result<tuple<enum { file, directory }, flags { read, write }, "
                        + "option<record { seconds: u64, nanoseconds: u32 }>, u64>, variant { io(string), closed }>",
                stat.toString());
        assertEquals(
                "func(path: string, m: flags { read, write }) -> result<own<file>, variant { io(string), closed }>",
                r.func("a:fs/types", "[static]file.open").toString());
        assertEquals(
                "func(files: list<borrow<file>>) -> result<_, variant { io(string), closed }>",
                r.func("a:fs/types", "drop-all").toString());
    }
}
