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
        return count(files, "file") + ", " + count(directories, "directory", "directories") + ", "
                + count(symlinks, "symbolic link") + ", " + count(bytes, "byte")
                + (skipped > 0 ? " (" + count(skipped, "special file") + " skipped)" : "");
    }

    private static String count(long n, String one) {
        return count(n, one, one + "s");
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
