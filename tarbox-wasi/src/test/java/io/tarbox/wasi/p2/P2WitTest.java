package io.tarbox.wasi.p2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tarbox.component.link.HostInstance;
import io.tarbox.component.types.FuncType;
import io.tarbox.component.types.WitType;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.Stdio;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every WASI 0.2 host function declares its WIT type, with the host's own resource types. */
class P2WitTest {
    private final P2Host host = new P2Host(List.of(), List.of(), List.of(), Stdio.none(), RunLimits.NONE, null, null);

    @Test
    void everyHostFunctionHasItsWitType() {
        int functions = 0;
        for (String iface : host.interfaces()) {
            HostInstance instance = host.instance(iface + "@0.2.0");
            for (var f : instance.functions().entrySet()) {
                assertNotNull(f.getValue().type(), iface + "#" + f.getKey());
                assertEquals(f.getValue().params(), f.getValue().type().params.size(), iface + "#" + f.getKey());
                functions++;
            }
        }
        assertEquals(71, functions);
    }

    @Test
    void typesAreFullAndUseTheHostsResources() {
        HostInstance fs = host.instance("wasi:filesystem/types@0.2.6");
        FuncType read = fs.function("[method]descriptor.read-via-stream").type();
        assertEquals(
                "func(self: borrow<descriptor>, offset: u64) -> result<own<input-stream>, enum { access, "
                        + "would-block, already, bad-descriptor, busy, deadlock, quota, exist, file-too-large, "
                        + "illegal-byte-sequence, in-progress, interrupted, invalid, io, is-directory, loop, too-many-links, "
                        + "message-size, name-too-long, no-device, no-entry, no-lock, insufficient-memory, insufficient-space, "
                        + "not-directory, not-empty, not-recoverable, unsupported, no-tty, no-such-device, overflow, "
                        + "not-permitted, pipe, read-only, invalid-seek, text-file-busy, cross-device }>",
                read.toString());
        assertSame(
                fs.resource("descriptor"),
                ((WitType.HandleType) read.params.get(0).type()).resource);
        WitType.VariantType result = (WitType.VariantType) read.result;
        assertSame(
                host.instance("wasi:io/streams@0.2.0").resource("input-stream"),
                ((WitType.HandleType) result.cases.get(0).type()).resource);
        assertEquals(
                "func() -> list<tuple<string, string>>",
                host.instance("wasi:cli/environment@0.2.3")
                        .function("get-environment")
                        .type()
                        .toString());
    }
}
