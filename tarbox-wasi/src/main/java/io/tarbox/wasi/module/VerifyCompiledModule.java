package io.tarbox.wasi.module;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * The fresh JVM of {@link ClassVerification}: reads a compiled module (Chicory's jar) from standard
 * input and loads and initialises each of its classes, as Chicory's compiler does, with the JVM's
 * verifier on. Exit 0 when all pass; {@link #REFUSED} when one does not, and one line on standard
 * error.
 */
final class VerifyCompiledModule {
    /** The exit code for a class that did not load or link (any other failure exits 1). */
    static final int REFUSED = 3;

    private VerifyCompiledModule() {}

    public static void main(String[] args) {
        try {
            if (!ClassVerification.thisJvmVerifies()) {
                throw new IllegalStateException("this JVM does not verify classes");
            }
            Map<String, byte[]> classes = read(System.in.readAllBytes());
            CompiledClassLoader loader = new CompiledClassLoader(classes);
            for (String name : classes.keySet().toArray(String[]::new)) {
                Class.forName(name, true, loader);
            }
            System.exit(0);
        } catch (Throwable e) {
            System.err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(e instanceof LinkageError ? REFUSED : 1); // VerifyError is one
        }
    }

    private static Map<String, byte[]> read(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    classes.put(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IOException("no classes in the compiled module");
        }
        return classes;
    }

    /** Defines the module's classes as they are first asked for, whatever order they refer to each other in. */
    private static final class CompiledClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        CompiledClassLoader(Map<String, byte[]> classes) {
            super(VerifyCompiledModule.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
