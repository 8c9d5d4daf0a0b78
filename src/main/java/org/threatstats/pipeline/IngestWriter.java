package org.threatstats.pipeline;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.threatstats.aggregate.PartitionTally;
import org.threatstats.validation.BlockResult;

/**
 * The ingest's writer: adds each checked block to the partition's tally; at every commit the tally's state (cube,
 * counts, spool lengths) goes into the partition's context, in the same transaction as the reader's position.
 */
public class IngestWriter implements ItemStreamWriter<BlockResult> {
    private final IngestPartition partition;
    private final Progress progress;
    private PartitionTally tally;

    IngestWriter(IngestPartition partition, Progress progress) {
        this.partition = partition;
        this.progress = progress;
    }

    @Override
    public void open(ExecutionContext context) {
        PartitionTally.State state = RunState.PartitionContext.of(context).tally(partition.schema().cells(), partition.keys());
        tally = new PartitionTally(state, partition.rejectsSpool(), partition.tokenSpools(), partition.pool());
    }

    @Override
    public void write(Chunk<? extends BlockResult> chunk) {
        for (BlockResult block : chunk) {
            tally.add(block);
            progress.read(block.bytes(), block.records());
        }
    }

    @Override
    public void update(ExecutionContext context) {
        RunState.PartitionContext.of(context).tally(tally.commit());
    }

    @Override
    public void close() {
        if (tally != null) {
            tally.close();
            tally = null;
        }
    }
}
