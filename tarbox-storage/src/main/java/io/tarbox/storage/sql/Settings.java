package io.tarbox.storage.sql;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a whole database (table {@code settings}, migration V6): their names, defaults
 * and values. They are changed by {@code tarbox db set}; on PostgreSQL set up by
 * {@code tarbox init --create-roles} only the admin role may change them.
 */
public final class Settings {
    /** "on": every run is audited, {@code run --no-audit} is refused (by the database too). Default "off". */
    public static final String REQUIRE_AUDIT = "require-audit";
    /**
     * Seconds: {@code audit prune} keeps events younger than this unless forced. Default a day. The
     * same default is written into the PostgreSQL function tarbox_prune_audit (migration V6).
     */
    public static final String AUDIT_PRUNE_MIN_AGE = "audit-prune-min-age";
    /** The prefix of the roles made by {@code tarbox init --create-roles} (PostgreSQL; set by init). */
    static final String ROLE_PREFIX = "role-prefix";

    static final long DEFAULT_PRUNE_MIN_AGE_SECONDS = 86_400;

    private final Map<String, String> values;

    Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Every setting users may change, with its value or default. */
    public Map<String, String> shown() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(REQUIRE_AUDIT, requireAudit() ? "on" : "off");
        out.put(AUDIT_PRUNE_MIN_AGE, Long.toString(pruneMinAgeSeconds()));
        return out;
    }

    public boolean requireAudit() {
        return "on".equals(values.get(REQUIRE_AUDIT));
    }

    public long pruneMinAgeSeconds() {
        String v = values.get(AUDIT_PRUNE_MIN_AGE);
        return v == null ? DEFAULT_PRUNE_MIN_AGE_SECONDS : Long.parseLong(v);
    }

    String rolePrefix() {
        return values.get(ROLE_PREFIX);
    }

    /**
     * The value to store for a setting users change, checked.
     *
     * @throws FsException INVALID for an unknown name or a value it does not take
     */
    static String checked(String name, String value) {
        switch (name) {
            case REQUIRE_AUDIT:
                if (value.equals("on") || value.equals("off")) {
                    return value;
                }
                throw new FsException(FsError.INVALID, REQUIRE_AUDIT + " is 'on' or 'off', not '" + value + "'");
            case AUDIT_PRUNE_MIN_AGE:
                try {
                    if (Long.parseLong(value) >= 0) {
                        return value;
                    }
                } catch (NumberFormatException e) {
                    // refused below
                }
                throw new FsException(
                        FsError.INVALID, AUDIT_PRUNE_MIN_AGE + " is a number of seconds, not '" + value + "'");
            default:
                throw new FsException(
                        FsError.INVALID,
                        "unknown setting '" + name + "' (known: " + REQUIRE_AUDIT + ", " + AUDIT_PRUNE_MIN_AGE + ")");
        }
    }
}
