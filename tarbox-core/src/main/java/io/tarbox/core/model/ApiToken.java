package io.tarbox.core.model;

import java.util.Locale;

/**
 * An API token of {@code tarbox serve}: a name, the one tenant it reaches and what it may do there.
 * The secret itself is never kept, only its hash (see the server's {@code TokenSecrets}).
 *
 * @param name unique in the database (the name {@code token revoke} takes and the audit trail shows)
 * @param tenant the tenant the token reaches; no other
 * @param scope what it may do
 * @param createdNanos when it was created, nanoseconds since the epoch
 * @param expiresNanos when it stops being accepted, or null for never
 * @param lastUsedNanos when a request last carried it (updated at most once a minute), or null
 * @param revokedNanos when it was revoked, or null
 */
public record ApiToken(
        String name,
        String tenant,
        Scope scope,
        long createdNanos,
        Long expiresNanos,
        Long lastUsedNanos,
        Long revokedNanos) {

    /** What a token may do; each scope includes the ones before it. */
    public enum Scope {
        /** Read files, listings, snapshots, the audit trail. */
        READ,
        /** Also change the tree and take, restore and drop snapshots. */
        WRITE,
        /** Also manage tenants (the JSON API's {@code /tenants}). */
        ADMIN;

        /** Whether a token of this scope may do what {@code needed} allows. */
        public boolean allows(Scope needed) {
            return ordinal() >= needed.ordinal();
        }

        /** The scope's name as stored and typed: {@code read}, {@code write}, {@code admin}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The scope named {@code label}, or null. */
        public static Scope parse(String label) {
            for (Scope s : values()) {
                if (s.label().equals(label)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** Whether the token is accepted at {@code nowNanos}: not revoked and not expired. */
    public boolean validAt(long nowNanos) {
        return revokedNanos == null && (expiresNanos == null || expiresNanos > nowNanos);
    }
}
