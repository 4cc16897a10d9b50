package io.tarbox.wasi.p2;

import io.tarbox.component.link.HostInstance;
import io.tarbox.component.types.FuncType;
import io.tarbox.component.types.ResourceType;
import io.tarbox.component.types.WitPackages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The WIT of the WASI 0.2 interfaces the host implements (the {@code wasi:io}, {@code wasi:cli},
 * {@code wasi:clocks}, {@code wasi:filesystem} and {@code wasi:random} packages of WASI 0.2.12 as
 * jco ships them, in {@code resources/io/tarbox/wasi/p2/wit}; 0.2.x minor versions only add
 * functions), from which every host function's type is declared, so that the linker compares it
 * with the type a component imports the function with.
 */
final class P2Wit {
    private static final List<String> FILES =
            List.of("wasi-io.wit", "wasi-clocks.wit", "wasi-cli.wit", "wasi-filesystem.wit", "wasi-random.wit");
    private static volatile WitPackages packages;

    private P2Wit() {}

    private static WitPackages packages() {
        WitPackages p = packages;
        if (p == null) {
            p = new WitPackages();
            for (String file : FILES) {
                try (InputStream in = P2Wit.class.getResourceAsStream("wit/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource wit/" + file);
                    }
                    p.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            packages = p;
        }
        return p;
    }

    /**
     * Declares the WIT type of every function of {@code instances}, whose resources are the types
     * the instances name (an interface's own resources from the instance of that interface).
     */
    static void declare(List<HostInstance> instances) {
        Map<String, HostInstance> byName =
                instances.stream().collect(Collectors.toMap(HostInstance::name, Function.identity()));
        WitPackages.Resolved wit = packages().resolve((iface, name) -> {
            HostInstance owner = byName.get(iface);
            ResourceType rt = owner == null ? null : owner.resource(name);
            return rt != null ? rt : new ResourceType(name);
        });
        for (HostInstance instance : instances) {
            for (String func : List.copyOf(instance.functions().keySet())) {
                FuncType type = wit.func(instance.name(), func);
                if (type == null) {
                    throw new IllegalStateException("the WASI 0.2 WIT has no " + instance.name() + "#" + func);
                }
                instance.declare(func, type);
            }
        }
    }
}
