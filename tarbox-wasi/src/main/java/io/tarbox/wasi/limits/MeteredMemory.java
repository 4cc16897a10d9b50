package io.tarbox.wasi.limits;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;

/**
 * A guest's linear memory (a plugin's, or a run's under a memory limit) that remembers whether
 * {@code memory.grow} was refused because of the host's limit, so that a guest failing after it
 * ran out of memory is reported as hitting the memory limit rather than as whatever it did next
 * (returned -1, trapped, exited with an error). Every other call goes straight to
 * the wrapped memory; Memory's default methods are built on these.
 */
@SuppressWarnings("removal") // lock/waitOn/notify are deprecated in Memory but still abstract
public final class MeteredMemory implements Memory {
    /**
     * The most pages the engine's memory holds: one Java byte array, so just under 2 GiB (32,767
     * pages). A module that needs more at start cannot run (exit 10, a one-line message); a grow
     * past it is refused as memory.grow may be.
     */
    public static final int ENGINE_MAX_PAGES = (Integer.MAX_VALUE - 8) / Memory.PAGE_SIZE;

    private final Memory delegate;
    private final int limitPages;
    private volatile boolean refused;

    /**
     * @param limitPages the host's limit; a grow past it (but within the module's own maximum) is
     *     what counts as hitting the limit
     */
    public MeteredMemory(Memory delegate, int limitPages) {
        this.delegate = delegate;
        this.limitPages = limitPages;
    }

    /**
     * Why a memory of {@code initialPages} at start cannot be had under {@code limitPages} (the
     * run's limit in pages, {@code limitBytes} as the user gave it) or from the engine at all; null
     * when it can. {@code what} names the memory's owner ("the module", "a core module of the
     * component", "plugin").
     */
    public static String tooLargeAtStart(String what, int initialPages, int limitPages, long limitBytes) {
        if (initialPages > ENGINE_MAX_PAGES) {
            return what + " needs " + initialPages + " pages (" + initialPages / 16 + " MiB) of memory at start;"
                    + " Tarbox's engine holds at most " + ENGINE_MAX_PAGES + " pages (2 GiB less 64 KiB)";
        }
        if (initialPages > limitPages) {
            return what + " needs " + initialPages + " pages of memory at start, more than the memory limit of "
                    + limitBytes + " bytes";
        }
        return null;
    }

    /**
     * Whether a memory under a host limit of {@code limitPages} needs this wrapper: only a limit
     * below what the engine holds can refuse a grow. Without one (a run without --max-memory) the
     * plain memory is used: every load and store through this wrapper costs (cpu 40: 6%).
     */
    public static boolean needed(int limitPages) {
        return limitPages < ENGINE_MAX_PAGES;
    }

    /** Whether a grow was refused for the limit since the last {@link #clearRefused()}. */
    public boolean refusedForLimit() {
        return refused;
    }

    public void clearRefused() {
        refused = false;
    }

    public int limitPages() {
        return limitPages;
    }

    @Override
    public int grow(int size) {
        int before = delegate.pages();
        int result = delegate.grow(size);
        // Past what the engine holds, the grow fails as memory.grow may, not as the host's limit.
        if (result < 0 && (long) before + size > limitPages && limitPages < ENGINE_MAX_PAGES) {
            refused = true;
        }
        return result;
    }

    @Override
    public int pages() {
        return delegate.pages();
    }

    @Override
    public int initialPages() {
        return delegate.initialPages();
    }

    @Override
    public int maximumPages() {
        return delegate.maximumPages();
    }

    @Override
    public boolean shared() {
        return delegate.shared();
    }

    @Override
    public Object lock(int address) {
        return delegate.lock(address);
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        return delegate.waitOn(address, expected, timeout);
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        return delegate.waitOn(address, expected, timeout);
    }

    @Override
    public int notify(int address, int maxThreads) {
        return delegate.notify(address, maxThreads);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        delegate.initialize(instance, dataSegments);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        delegate.initialize(instance, dataSegments, memoryIndex);
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        delegate.initPassiveSegment(segmentId, dest, offset, size);
    }

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        delegate.write(addr, data, offset, size);
    }

    @Override
    public byte read(int addr) {
        return delegate.read(addr);
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        return delegate.readBytes(addr, len);
    }

    @Override
    public void writeI32(int addr, int data) {
        delegate.writeI32(addr, data);
    }

    @Override
    public int readInt(int addr) {
        return delegate.readInt(addr);
    }

    @Override
    public void writeLong(int addr, long data) {
        delegate.writeLong(addr, data);
    }

    @Override
    public long readLong(int addr) {
        return delegate.readLong(addr);
    }

    @Override
    public void writeShort(int addr, short data) {
        delegate.writeShort(addr, data);
    }

    @Override
    public short readShort(int addr) {
        return delegate.readShort(addr);
    }

    @Override
    public long readU16(int addr) {
        return delegate.readU16(addr);
    }

    @Override
    public void writeByte(int addr, byte data) {
        delegate.writeByte(addr, data);
    }

    @Override
    public void writeF32(int addr, float data) {
        delegate.writeF32(addr, data);
    }

    @Override
    public long readF32(int addr) {
        return delegate.readF32(addr);
    }

    @Override
    public float readFloat(int addr) {
        return delegate.readFloat(addr);
    }

    @Override
    public void writeF64(int addr, double data) {
        delegate.writeF64(addr, data);
    }

    @Override
    public double readDouble(int addr) {
        return delegate.readDouble(addr);
    }

    @Override
    public long readF64(int addr) {
        return delegate.readF64(addr);
    }

    @Override
    public void zero() {
        delegate.zero();
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        delegate.fill(value, fromIndex, toIndex);
    }

    @Override
    public void copy(int dest, int src, int size) {
        delegate.copy(dest, src, size);
    }

    @Override
    public void drop(int segment) {
        delegate.drop(segment);
    }
}
