package io.tarbox.cli.command;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * {@code sun.misc.Signal} and {@code SignalHandler} (module jdk.unsupported, in every JDK), reached
 * by reflection: compiled with {@code --release}, every direct use is a warning that no annotation
 * suppresses, and the build treats warnings as errors. Signals and handlers are plain objects here.
 */
final class JvmSignals {
    private static final Class<?> SIGNAL;
    private static final Class<?> HANDLER;
    private static final Constructor<?> NEW_SIGNAL;
    private static final Method HANDLE;
    private static final Method CALL_HANDLER;
    private static final Method NAME;
    private static final Method NUMBER;
    /** The handlers that mean "the default action" and "ignored". */
    static final Object SIG_DFL;

    static final Object SIG_IGN;

    static {
        try {
            SIGNAL = Class.forName("sun.misc.Signal");
            HANDLER = Class.forName("sun.misc.SignalHandler");
            NEW_SIGNAL = SIGNAL.getConstructor(String.class);
            HANDLE = SIGNAL.getMethod("handle", SIGNAL, HANDLER);
            CALL_HANDLER = HANDLER.getMethod("handle", SIGNAL);
            NAME = SIGNAL.getMethod("getName");
            NUMBER = SIGNAL.getMethod("getNumber");
            SIG_DFL = HANDLER.getField("SIG_DFL").get(null);
            SIG_IGN = HANDLER.getField("SIG_IGN").get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JvmSignals() {}

    /** The signal named {@code name} ("TERM"); IllegalArgumentException when there is none. */
    static Object signal(String name) {
        return call(() -> NEW_SIGNAL.newInstance(name));
    }

    /** Installs {@code handler} for {@code signal}; returns the handler it replaces. */
    static Object handle(Object signal, Object handler) {
        return call(() -> HANDLE.invoke(null, signal, handler));
    }

    /** A handler that passes the signal to {@code onSignal}. */
    static Object handler(Consumer<Object> onSignal) {
        return Proxy.newProxyInstance(
                JvmSignals.class.getClassLoader(),
                new Class<?>[] {HANDLER},
                (proxy, method, args) -> switch (method.getName()) {
                    case "handle" -> {
                        onSignal.accept(args[0]);
                        yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "tarbox signal handler";
                });
    }

    /** Runs {@code handler} (a previous one) for {@code signal}. */
    static void forward(Object handler, Object signal) {
        call(() -> CALL_HANDLER.invoke(handler, signal));
    }

    static String name(Object signal) {
        return (String) call(() -> NAME.invoke(signal));
    }

    static int number(Object signal) {
        return (Integer) call(() -> NUMBER.invoke(signal));
    }

    private interface Reflective {
        Object run() throws ReflectiveOperationException;
    }

    /** Runs a reflective call; what the method threw is rethrown as it was. */
    private static Object call(Reflective call) {
        try {
            return call.run();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
