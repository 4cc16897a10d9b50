package io.tarbox.wasi.host;

/** An open directory; preopens also carry the name reported by fd_prestat_dir_name. */
final class DirectoryDescriptor extends NodeDescriptor {
    /** The guest path of a preopen, null for a directory opened with path_open. */
    final String preopenName;

    DirectoryDescriptor(Mount mount, long ino, long rightsBase, long rightsInheriting, String preopenName) {
        super(mount, ino, rightsBase, rightsInheriting, 0);
        this.preopenName = preopenName;
    }

    @Override
    int filetype() {
        return Flags.FILETYPE_DIRECTORY;
    }
}
