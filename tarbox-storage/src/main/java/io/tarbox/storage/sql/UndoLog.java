package io.tarbox.storage.sql;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The in-memory changes of one attempt at a step (an operation, or a commit), so that they can be
 * put back when the step's statements are rolled back after a transient failure (a deadlock, a
 * serialization failure, a busy database) and the step is tried again: deferred attributes, buffered
 * writes taken by a flush, released chunk hashes, reserved inode numbers. Caches are not logged:
 * they are forgotten instead. Outside a step nothing is recorded.
 */
final class UndoLog {
    private final Deque<Runnable> actions = new ArrayDeque<>();
    private boolean recording;

    /** Starts recording the changes of one attempt. */
    void begin() {
        actions.clear();
        recording = true;
    }

    /** Records how to put back a change about to be made (only while a step is recorded). */
    void record(Runnable undo) {
        if (recording) {
            actions.push(undo);
        }
    }

    /** The attempt succeeded: its changes stay. */
    void forget() {
        actions.clear();
        recording = false;
    }

    /** The attempt failed and its statements were rolled back: puts its changes back, newest first. */
    void undo() {
        recording = false;
        while (!actions.isEmpty()) {
            actions.pop().run();
        }
    }
}
