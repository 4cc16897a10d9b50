package io.tarbox.wasi.module;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which functions a compiled module in the {@link ModuleCache} leaves to Chicory's interpreter (those
 * too large for a JVM method), read from the cached jar: its main class has a
 * {@code compilerInterpreterMachine} field only if there are any, and its constructor builds their
 * indices into an {@code int[]} for that machine. Chicory's compiler does not record them
 * elsewhere; the cache is per Chicory version, so only this version's code is ever read.
 */
final class InterpretedFunctions {
    private static final String FIELD = "compilerInterpreterMachine";
    private static final String MACHINE = "com/dylibso/chicory/runtime/internal/CompilerInterpreterMachine";

    private InterpretedFunctions() {}

    /**
     * The interpreted functions' indices (imports counted), empty when none; Optional.empty() when
     * the main class does not say them in the expected form.
     *
     * @throws IOException {@code jar} is not a compiled module
     */
    static Optional<Set<Integer>> of(byte[] jar) throws IOException {
        // Chicory writes the properties first, then the main class: only those two are inflated.
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            String mainClass = null;
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.getName().equals("wasm-module.properties")) {
                    Properties properties = new Properties();
                    properties.load(in);
                    mainClass = properties.getProperty("mainClass");
                } else if (mainClass != null && entry.getName().equals(mainClass.replace('.', '/') + ".class")) {
                    return read(in.readAllBytes());
                }
            }
            throw new IOException("no main class in the compiled module");
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException("unreadable main class in the compiled module", e);
        }
    }

    private static Optional<Set<Integer>> read(byte[] mainClass) {
        Reader reader = new Reader();
        new ClassReader(mainClass).accept(reader, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (!reader.hasField) {
            return Optional.of(Set.of());
        }
        if (reader.size < 0 || reader.ids.size() != reader.size || !reader.done) {
            return Optional.empty();
        }
        return Optional.of(Set.copyOf(reader.ids));
    }

    /**
     * Collects, in the constructor, the constants stored into the {@code int[]} handed to the
     * interpreter machine's constructor ({@code newarray int}, then {@code dup, index, id, iastore}
     * for each).
     */
    private static final class Reader extends ClassVisitor {
        boolean hasField;
        boolean done;
        int size = -1;
        final Set<Integer> ids = new HashSet<>();

        Reader() {
            super(Opcodes.ASM9);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            hasField |= FIELD.equals(name);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            if (!"<init>".equals(name)) {
                return null;
            }
            return new MethodVisitor(Opcodes.ASM9) {
                private final Deque<Integer> constants = new ArrayDeque<>();
                private boolean inArray;

                @Override
                public void visitInsn(int opcode) {
                    if (opcode >= Opcodes.ICONST_M1 && opcode <= Opcodes.ICONST_5) {
                        constants.push(opcode - Opcodes.ICONST_0);
                    } else if (opcode == Opcodes.IASTORE && inArray && !constants.isEmpty()) {
                        ids.add(constants.pop());
                    }
                }

                @Override
                public void visitIntInsn(int opcode, int operand) {
                    if (opcode == Opcodes.BIPUSH || opcode == Opcodes.SIPUSH) {
                        constants.push(operand);
                    } else if (opcode == Opcodes.NEWARRAY && operand == Opcodes.T_INT && !constants.isEmpty()) {
                        size = constants.pop();
                        inArray = true;
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof Integer) {
                        constants.push((Integer) value);
                    }
                }

                @Override
                public void visitMethodInsn(
                        int opcode, String owner, String name, String descriptor, boolean isInterface) {
                    if (inArray && MACHINE.equals(owner) && "<init>".equals(name)) {
                        inArray = false;
                        done = true;
                    }
                }
            };
        }
    }
}
