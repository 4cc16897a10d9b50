package io.tarbox.wasi.host;

/**
 * An open regular file. The offset lives here, not in the filesystem; the inode stays readable
 * through this descriptor after its last name is unlinked.
 */
final class FileDescriptor extends NodeDescriptor {
    long position;

    FileDescriptor(Mount mount, long ino, long rightsBase, long rightsInheriting, int flags) {
        super(mount, ino, rightsBase, rightsInheriting, flags);
    }

    @Override
    int filetype() {
        return Flags.FILETYPE_REGULAR_FILE;
    }
}
