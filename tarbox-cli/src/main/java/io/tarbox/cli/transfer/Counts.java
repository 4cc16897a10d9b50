package io.tarbox.cli.transfer;

/** What an import or export copied, for its summary line. */
public final class Counts {
    public long files;
    public long directories;
    public long symlinks;
    public long bytes;
    public long skipped;

    @Override
    public String toString() {
        return files + " files, " + directories + " directories, " + symlinks + " symbolic links, " + bytes + " bytes"
                + (skipped > 0 ? " (" + skipped + " special files skipped)" : "");
    }
}
