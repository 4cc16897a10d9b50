package io.tarbox.component.link;

/**
 * The body of a function the host implements. Arguments and the result are the Java values of
 * {@link io.tarbox.component.abi.Canonical}; a borrowed or owned resource arrives as its rep.
 */
@FunctionalInterface
public interface HostFunc {
    Object call(Object[] args);
}
