package example;

import io.tarbox.embed.Run;
import io.tarbox.embed.RunResult;
import io.tarbox.embed.Tarbox;
import io.tarbox.embed.Tenant;
import io.tarbox.wasi.ModuleLoadException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A platform that runs an untrusted WASI program for a user: each user is a tenant, the program
 * sees only the tenant's /data, stops after ten seconds, and a snapshot taken before the run lets
 * the platform roll back what the program did.
 *
 * <p>Usage: {@code Sandbox DATABASE PROGRAM.wasm USER} (DATABASE: a SQLite file or a
 * {@code postgresql://} URL).
 */
public final class Sandbox {
    private Sandbox() {}

    public static void main(String[] args) throws ModuleLoadException {
        String database = args[0];
        Path program = Path.of(args[1]);
        String user = args[2];

        try (Tarbox tarbox = Tarbox.open(database)) {
            Tenant tenant = tarbox.tenantNames().contains(user) ? tarbox.tenant(user) : tarbox.createTenant(user);
            tenant.mkdirs("/data");
            tenant.snapshot("before-" + tenant.snapshots().size(), "before a run");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RunResult result = tenant.run(program)
                    .args(user)
                    .dir("/data")
                    .env("LANG", "C.UTF-8")
                    .stdout(out)
                    .timeout(Duration.ofSeconds(10))
                    .execute();
            System.out.print(out.toString(StandardCharsets.UTF_8));
            System.out.println("exit code " + result.exitCode());

            String kept = tenant.readFile("/data/greetings.txt")
                    .map(b -> new String(b, StandardCharsets.UTF_8))
                    .orElse("");
            System.out.println("kept: " + kept.strip().replace('\n', ','));

            // What the program would do, without keeping it
            RunResult trial = tenant.run(program)
                    .args("trial")
                    .dir("/data")
                    .mode(Run.Mode.EPHEMERAL)
                    .collect("/data/greetings.txt")
                    .execute();
            System.out.println("trial saw: "
                    + new String(trial.file("/data/greetings.txt").orElseThrow(), StandardCharsets.UTF_8)
                            .strip()
                            .replace('\n', ','));

            // Roll the last run back
            String last = tenant.snapshots().get(tenant.snapshots().size() - 1).name();
            tenant.restore(last, true);
            System.out.println("after restoring " + last + ": "
                    + tenant.readFile("/data/greetings.txt")
                            .map(b -> new String(b, StandardCharsets.UTF_8)
                                    .strip()
                                    .replace('\n', ','))
                            .orElse("(no file)"));
        }
    }
}
