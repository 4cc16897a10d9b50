package io.tarbox.wasi.limits;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.Instruction;
import io.tarbox.wasi.RunLimit;

/**
 * Counts fuel: one unit per instruction Chicory's interpreter executes, so the count depends only
 * on the module and its input, never on timing or on the JVM. The instruction that would use
 * more than the budget is not executed: the run stops ({@link RunLimit#FUEL}) before it.
 */
public final class FuelMeter implements ExecutionListener {
    private final long budget;
    private long used;

    public FuelMeter(long budget) {
        this.budget = budget;
    }

    @Override
    public void onExecution(Instruction instruction, MStack stack) {
        if (used == budget) {
            throw new LimitExceededException(RunLimit.FUEL, "fuel of " + budget + " instructions exhausted");
        }
        used++;
    }
}
