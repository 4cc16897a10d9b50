package io.tarbox.wasi.host;

/** A descriptor naming an inode of a preopen's filesystem: a file or a directory. */
abstract class NodeDescriptor extends Descriptor {
    final Mount mount;
    final long ino;

    NodeDescriptor(Mount mount, long ino, long rightsBase, long rightsInheriting, int flags) {
        super(rightsBase, rightsInheriting, flags);
        this.mount = mount;
        this.ino = ino;
    }
}
