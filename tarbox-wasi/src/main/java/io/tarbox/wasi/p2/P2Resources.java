package io.tarbox.wasi.p2;

import io.tarbox.component.types.ResourceType;

/**
 * The resource types the WASI 0.2 host implements, one set per run. Dropping a descriptor opened
 * with open-at gives its slot back to --max-open-files and writes its audit row; the other
 * resources hold nothing that needs closing.
 */
final class P2Resources {
    final ResourceType descriptor;
    final ResourceType directoryEntryStream = new ResourceType("directory-entry-stream");
    final ResourceType inputStream = new ResourceType("input-stream");
    final ResourceType outputStream = new ResourceType("output-stream");
    final ResourceType pollable = new ResourceType("pollable");
    final ResourceType error = new ResourceType("error");
    final ResourceType terminalInput = new ResourceType("terminal-input");
    final ResourceType terminalOutput = new ResourceType("terminal-output");

    P2Resources(P2Context context) {
        descriptor = new ResourceType("descriptor") {
            @Override
            public void destroy(Object rep) {
                P2Descriptor d = (P2Descriptor) rep;
                if (d.counted) {
                    context.open--;
                }
                if (context.audit != null) {
                    context.audit.closed(d);
                }
            }
        };
    }
}
