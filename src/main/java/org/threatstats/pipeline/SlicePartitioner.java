package org.threatstats.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.threatstats.ingest.InputFile;

/**
 * One partition per slice of the input (byte ranges cut at record boundaries by the survey). Each partition's
 * context records its range, so a restart reads exactly the same slices whatever the machine's core count.
 */
final class SlicePartitioner implements Partitioner {
    static final String START = "slice.start";
    static final String END = "slice.end";
    static final String FIRST_LINE = "slice.firstLine";
    static final String LINE_ENDS = "slice.lineEnds";

    private final List<InputFile.Slice> slices;

    SlicePartitioner(List<InputFile.Slice> slices) {
        this.slices = slices;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int i = 0; i < slices.size(); i++) {
            InputFile.Slice slice = slices.get(i);
            ExecutionContext context = new ExecutionContext();
            context.putLong(START, slice.start());
            context.putLong(END, slice.end());
            context.putLong(FIRST_LINE, slice.firstLine());
            context.putLong(LINE_ENDS, slice.lineEnds());
            partitions.put(partitionName(i), context);
        }
        return partitions;
    }

    static String partitionName(int i) {
        return String.format("partition%03d", i);
    }

    static InputFile.Slice slice(ExecutionContext context) {
        return new InputFile.Slice(context.getLong(START), context.getLong(END), context.getLong(FIRST_LINE),
                context.getLong(LINE_ENDS));
    }
}
