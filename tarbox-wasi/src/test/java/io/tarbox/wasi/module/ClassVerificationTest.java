package io.tarbox.wasi.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.WasmModule;
import io.tarbox.wasi.Engine;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Compiled code passes the JVM's verifier before it runs, also in a JVM started without verifying
 * classes (as `tarbox run` is): there it is checked in a fresh JVM before the module cache stores
 * it, and ill-typed bytecode is refused.
 */
class ClassVerificationTest {
    @TempDir
    Path dir;

    @Test
    void aModuleChicoryCompiledPassesInAFreshJvm() throws Exception {
        byte[] jar = compileAndStore(dir);
        ClassVerification.verifyInFreshJvm(jar); // throws if not
    }

    @Test
    void illTypedBytecodeIsRefusedInAFreshJvm() throws Exception {
        IOException refused = assertThrows(IOException.class, () -> ClassVerification.verifyInFreshJvm(illTyped()));
        assertTrue(refused.getMessage().contains("VerifyError"), refused.getMessage());
    }

    @Test
    void aJvmThatDoesNotVerifyHasCompiledCodeVerifiedElsewhereBeforeStoringIt() throws Exception {
        assertTrue(ClassVerification.thisJvmVerifies(), "the test JVM verifies");
        Path bad = dir.resolve("bad.jar");
        Files.write(bad, illTyped());
        Path cache = dir.resolve("cache");
        List<String> lines = runInJvmWithoutVerification(cache.toString(), bad.toString());
        assertEquals("verifies=false", lines.get(0));
        assertTrue(
                lines.get(1).startsWith("refused: the compiled module did not pass the JVM's verifier: VerifyError"),
                lines.get(1));
        assertEquals("stored=1", lines.get(2), "a good module is compiled, verified elsewhere and stored");
    }

    /** The bytes of cache/bigfunc.wasm compiled by Chicory into a fresh cache under {@code root}: its jar. */
    static byte[] compileAndStore(Path root) throws Exception {
        byte[] wasm;
        try (InputStream in = ClassVerificationTest.class.getResourceAsStream("/cache/bigfunc.wasm")) {
            wasm = in.readAllBytes();
        }
        ModuleCache cache = new ModuleCache(root);
        WasmModule module = WasmModuleLoader.parse(wasm, Engine.COMPILER, cache);
        Engines.machineFactory(module, Engine.COMPILER, cache);
        try (Stream<Path> stored = Files.list(cache.directory())) {
            List<Path> jars = stored.filter(p -> p.toString().endsWith(".jar")).toList();
            assertEquals(1, jars.size(), jars.toString());
            return Files.readAllBytes(jars.get(0));
        }
    }

    /** A jar of one class whose method returns an int where its descriptor says String. */
    private static byte[] illTyped() throws IOException {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(
                Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "bad/IllTyped", null, "java/lang/Object", null);
        MethodVisitor method =
                writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "get", "()Ljava/lang/String;", null, null);
        method.visitCode();
        method.visitInsn(Opcodes.ICONST_1);
        method.visitInsn(Opcodes.ARETURN);
        method.visitMaxs(1, 0);
        method.visitEnd();
        writer.visitEnd();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new JarEntry("bad/IllTyped.class"));
            jar.write(writer.toByteArray());
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static List<String> runInJvmWithoutVerification(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:-BytecodeVerificationRemote",
                "-cp",
                System.getProperty("java.class.path"),
                WithoutVerification.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), lines.toString());
        return lines;
    }

    /** The JVM started without verification: what it decides, line by line. */
    static final class WithoutVerification {
        public static void main(String[] args) throws Exception {
            System.out.println("verifies=" + ClassVerification.thisJvmVerifies());
            try {
                ClassVerification.ensureVerified(Files.readAllBytes(Path.of(args[1])));
                System.out.println("accepted");
            } catch (IOException e) {
                System.out.println("refused: " + e.getMessage());
            }
            Path root = Path.of(args[0]);
            compileAndStore(root);
            System.out.println("stored=1");
        }
    }
}
