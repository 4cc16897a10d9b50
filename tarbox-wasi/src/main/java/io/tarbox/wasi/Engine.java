package io.tarbox.wasi;

/** How a module's code runs. */
public enum Engine {
    /** Chicory's compiler to JVM bytecode (the default); compiled modules can be cached. */
    COMPILER,
    /** Chicory's interpreter: no compilation cost, slower code. */
    INTERPRETER
}
