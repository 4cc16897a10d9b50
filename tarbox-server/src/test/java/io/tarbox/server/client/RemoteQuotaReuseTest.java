package io.tarbox.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.wasi.Preopen;
import io.tarbox.wasi.RunOptions;
import io.tarbox.wasi.RunOutcome;
import io.tarbox.wasi.Stdio;
import io.tarbox.wasi.WasiRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program run in remote mode under a quota gets the space of the files it deletes back while it
 * runs (tarbox-wasi's {@code quota/reuse.c}, as in its QuotaReuseTest): the client tells the server
 * which files it holds no more (FORGET), and the server frees them although it keeps every
 * unlinked inode for the attached client otherwise. A file deleted while open keeps its data.
 * Per backend.
 */
abstract class RemoteQuotaReuseTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    abstract boolean postgres();

    @Test
    void deletedFilesGiveTheirQuotaBackWhileARemoteRunGoesOn() throws Exception {
        try (RemoteFixture fixture = RemoteFixture.of(postgres(), dir)) {
            fixture.store.setQuota(Tenant.DEFAULT, OptionalLong.of(3 * MIB)); // one file of 2 MiB, not two
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            RunOutcome outcome;
            try (RemoteStore remote = fixture.connect();
                    FilesystemInterface fs = remote.openFilesystem(Tenant.DEFAULT)) {
                outcome = WasiRun.run(RunOptions.builder(reuseWasm())
                        .args(List.of("reuse.wasm", "2"))
                        .stdio(new Stdio(new ByteArrayInputStream(new byte[0]), out, err, false))
                        .preopen(Preopen.of(fs, "/data"))
                        .build());
            }
            assertEquals(
                    "a: ok\nb: ok\nc while b held: ENOSPC\nb read while unlinked: intact\nc: ok\n",
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
            assertEquals(new RunOutcome.Exited(0), outcome, err.toString(StandardCharsets.UTF_8));
        }
    }

    private static byte[] reuseWasm() throws Exception {
        try (InputStream in = RemoteQuotaReuseTest.class.getResourceAsStream("/quota/reuse.wasm")) {
            return in.readAllBytes();
        }
    }
}
