package io.tarbox.storage.sql;

import java.util.ArrayList;
import java.util.List;

/** Starts a main class of this test classpath in a separate JVM (to kill it, or to bound its heap). */
final class ChildJvm {
    private ChildJvm() {}

    static Process start(Class<?> main, List<String> jvmOptions, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
