package io.tarbox.component.abi;

import io.tarbox.component.types.ResourceType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The handles of one component instance (the canonical ABI's per-instance table): own and borrow
 * handles of any resource type, indexed from 1 (0 is never a valid handle), with freed slots
 * reused. Every misuse traps.
 */
public final class HandleTable {
    /** One handle. */
    public static final class Handle {
        public final ResourceType type;
        public final Object rep;
        public final boolean own;
        /** Own handles: how many borrows of it are lent out to calls in progress. */
        int lends;
        /** Borrow handles: the call they were lent to (which must see them dropped). */
        final CallScope scope;

        Handle(ResourceType type, Object rep, boolean own, CallScope scope) {
            this.type = type;
            this.rep = rep;
            this.own = own;
            this.scope = scope;
        }
    }

    /** A call that lent borrow handles into this table; they must all be dropped before it returns. */
    public static final class CallScope {
        int borrows;
        final List<Handle> lenders = new ArrayList<>(0);

        /** Ends the call: traps if a borrow lent to it is still held; returns what it lent. */
        public void exit() {
            for (Handle h : lenders) {
                h.lends--;
            }
            lenders.clear();
            if (borrows != 0) {
                throw new CanonicalTrap(borrows + " borrow handle(s) still held at the end of the call");
            }
        }
    }

    private final List<Handle> handles = new ArrayList<>();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();

    public HandleTable() {
        handles.add(null);
    }

    /** A new own handle for {@code rep}. */
    public int addOwn(ResourceType type, Object rep) {
        return add(new Handle(type, rep, true, null));
    }

    /** A new borrow handle, lent for the duration of {@code scope}'s call. */
    public int addBorrow(ResourceType type, Object rep, CallScope scope) {
        scope.borrows++;
        return add(new Handle(type, rep, false, scope));
    }

    private int add(Handle h) {
        Integer slot = free.pollFirst();
        if (slot != null) {
            handles.set(slot, h);
            return slot;
        }
        handles.add(h);
        return handles.size() - 1;
    }

    /** The handle at {@code index}, which must be of {@code type}. */
    public Handle get(int index, ResourceType type) {
        Handle h = index > 0 && index < handles.size() ? handles.get(index) : null;
        if (h == null) {
            throw new CanonicalTrap("invalid handle " + Integer.toUnsignedString(index)
                    + (type == null ? "" : " (expected a handle of resource type " + type.name() + ")"));
        }
        if (type != null && h.type != type) {
            throw new CanonicalTrap("handle " + index + " is a " + h.type.name() + ", not a " + type.name());
        }
        return h;
    }

    /** Takes an own handle out (lifting own): it must not be lent. */
    public Object takeOwn(int index, ResourceType type) {
        Handle h = get(index, type);
        if (!h.own) {
            throw new CanonicalTrap("handle " + index + " is borrowed, an own handle was expected");
        }
        if (h.lends != 0) {
            throw new CanonicalTrap("handle " + index + " is lent out and cannot be moved");
        }
        release(index);
        return h.rep;
    }

    /** The rep behind a handle lent to a call (lifting borrow); an own handle stays lent until the call ends. */
    public Object lend(int index, ResourceType type, CallScope scope) {
        Handle h = get(index, type);
        if (h.own) {
            h.lends++;
            scope.lenders.add(h);
        }
        return h.rep;
    }

    /**
     * {@code resource.drop}: removes the handle; an own handle is returned (its resource is then
     * destroyed by the caller), a borrow ends its loan and returns null.
     */
    public Handle drop(int index, ResourceType type) {
        Handle h = get(index, type);
        if (h.own && h.lends != 0) {
            throw new CanonicalTrap("handle " + index + " is dropped while lent out");
        }
        release(index);
        if (!h.own) {
            h.scope.borrows--;
            return null;
        }
        return h;
    }

    private void release(int index) {
        handles.set(index, null);
        free.addFirst(index);
    }

    /** The reps of every own handle still held (destroyed when the instance ends). */
    public List<Handle> owned() {
        List<Handle> out = new ArrayList<>();
        for (Handle h : handles) {
            if (h != null && h.own) {
                out.add(h);
            }
        }
        return out;
    }
}
