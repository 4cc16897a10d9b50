package io.tarbox.wasi.module;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The rule that every class Chicory's compiler makes from a module passes the JVM's bytecode
 * verifier before any of it runs, also in a JVM that does not verify the classes it loads.
 *
 * <p>{@code tarbox run} starts the JVM with {@code -XX:-BytecodeVerificationRemote}
 * (the launchers' jvm-options.sh): on a cache hit, verifying the compiled classes again was a third
 * to a half of the start of a big module, and they passed the verifier when they were stored (like
 * a class-data-sharing archive's classes). What verification guards against is a fault in the
 * compiler turning an untrusted module into ill-typed bytecode, so a compiled module is verified
 * once, when it is compiled: in this JVM when it verifies (Chicory's compiler loads and initialises
 * every class it makes), else in a fresh JVM that does ({@link VerifyCompiledModule}), before
 * {@link ModuleCache} stores it and before the program starts. Verification would not stop someone
 * who can write the user's cache directory: verifiable bytecode can do anything Java can.
 */
public final class ClassVerification {
    private static volatile Boolean thisJvmVerifies;

    private ClassVerification() {}

    /**
     * Makes sure a compiled module ({@code jar}, as Chicory's compiler hands it to its cache) passed
     * the JVM's verifier; call it before its code runs.
     *
     * @throws IOException it did not, or it could not be checked
     */
    public static void ensureVerified(byte[] jar) throws IOException {
        if (!thisJvmVerifies()) {
            verifyInFreshJvm(jar);
        }
    }

    /** Whether this JVM verifies the classes it loads outside the JDK (HotSpot's default). */
    static boolean thisJvmVerifies() {
        Boolean verifies = thisJvmVerifies;
        if (verifies == null) {
            try {
                verifies = Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .getVMOption("BytecodeVerificationRemote")
                        .getValue());
            } catch (IllegalArgumentException notUnlocked) {
                // The flag is seen only with -XX:+UnlockDiagnosticVMOptions; without it, only
                // -Xverify:none or -noverify turn verification off (any -Xverify counts, to be safe).
                verifies = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .noneMatch(arg -> arg.startsWith("-Xverify") || arg.equals("-noverify"));
            } catch (RuntimeException e) {
                verifies = false; // cannot tell: check in a fresh JVM, which costs time, never safety
            }
            thisJvmVerifies = verifies;
        }
        return verifies;
    }

    /** Loads and initialises every class of {@code jar} in a JVM that verifies them. */
    static void verifyInFreshJvm(byte[] jar) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java,
                        "-XX:+UnlockDiagnosticVMOptions",
                        "-XX:+BytecodeVerificationRemote",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Xshare:auto",
                        "-cp",
                        System.getProperty("java.class.path"),
                        VerifyCompiledModule.class.getName()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        // Options from the environment could turn verification off again in the fresh JVM.
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        Process process = builder.start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(jar);
            } catch (IOException e) {
                // it ended early: its exit code and message say why
            }
            byte[] message = process.getErrorStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                throw new IOException("the JVM verifying the compiled module did not finish");
            }
            if (process.exitValue() != 0) {
                String why = new String(message, StandardCharsets.UTF_8).strip();
                int line = why.indexOf('\n');
                throw new IOException((process.exitValue() == VerifyCompiledModule.REFUSED
                                ? "the compiled module did not pass the JVM's verifier: "
                                : "the compiled module could not be verified: ")
                        + (line < 0 ? why : why.substring(0, line)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while verifying the compiled module", e);
        } finally {
            process.destroyForcibly();
        }
    }
}
