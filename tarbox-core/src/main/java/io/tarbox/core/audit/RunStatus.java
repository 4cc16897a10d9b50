package io.tarbox.core.audit;

/** How a run stands, as {@code tarbox runs} shows it. */
public enum RunStatus {
    /** Its process is still running it. */
    RUNNING,
    /** It ended and its exit code was recorded. */
    EXITED,
    /** A signal stopped it (SIGTERM, SIGINT, SIGHUP); the signal is recorded when known. */
    SIGNALLED,
    /** Its process died without recording an end (SIGKILL, a crash, power loss). */
    KILLED,
    /** It never recorded an end and whether its process lives cannot be told (another host, or recorded before Tarbox knew). */
    UNKNOWN
}
