package io.tarbox.wasi.host;

import java.util.HashMap;
import java.util.Map;

/** An open directory; preopens also carry the name reported by fd_prestat_dir_name. */
final class DirectoryDescriptor extends NodeDescriptor {
    /** The first readdir cookie of an entry: 0, 1 and 2 stand for ".", ".." and the listing's start. */
    static final long FIRST_ENTRY_COOKIE = 3;

    /** The guest path of a preopen, null for a directory opened with path_open. */
    final String preopenName;

    /*
     * The contract's readdir cookies of a SQL tree are row ids numbered across every tenant of the
     * database, so handing them to the guest would tell it how much other tenants write. The guest
     * gets numbers of this descriptor's own instead: 3, 4, 5, ... in the order entries are first
     * listed through it, each standing for the contract cookie it was given for.
     */
    private final Map<Long, Long> contractCookies = new HashMap<>();
    private final Map<Long, Long> guestCookies = new HashMap<>();

    DirectoryDescriptor(Mount mount, long ino, long rightsBase, long rightsInheriting, String preopenName) {
        super(mount, ino, rightsBase, rightsInheriting, 0);
        this.preopenName = preopenName;
    }

    /** The cookie the guest gets for the position after the entry with {@code contractCookie}. */
    long guestCookie(long contractCookie) {
        return guestCookies.computeIfAbsent(contractCookie, c -> {
            long guest = FIRST_ENTRY_COOKIE + contractCookies.size();
            contractCookies.put(guest, c);
            return guest;
        });
    }

    /** The contract cookie a guest cookie stands for; null for one this descriptor never handed out. */
    Long contractCookie(long guestCookie) {
        return contractCookies.get(guestCookie);
    }

    @Override
    int filetype() {
        return Flags.FILETYPE_DIRECTORY;
    }
}
