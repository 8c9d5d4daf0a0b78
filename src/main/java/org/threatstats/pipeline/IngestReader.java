package org.threatstats.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.threatstats.aggregate.PartitionTally;
import org.threatstats.ingest.BlockReader;
import org.threatstats.ingest.RecordBlock;

/**
 * The ingest's reader: the partition's slice, block by block, from the block after the last one committed. Before
 * the partition (re)starts it checks that the spools hold what its last commit says; after a machine's crash they
 * may not, and the partition then reads its slice again from the start.
 */
public class IngestReader implements ItemStreamReader<RecordBlock>, StepExecutionListener {
    private static final Logger LOG = LoggerFactory.getLogger(IngestReader.class);

    private final IngestPartition partition;
    private BlockReader reader;

    IngestReader(IngestPartition partition) {
        this.partition = partition;
    }

    @Override
    public void beforeStep(StepExecution execution) {
        RunState.PartitionContext state = RunState.PartitionContext.of(execution);
        if (!PartitionTally.intact(state.tally(partition.schema().cells(), partition.keys()),
                partition.rejectsSpool(), partition.tokenSpools())) {
            LOG.warn("{}: its spools are shorter than its last commit recorded (was the machine restarted?): "
                    + "reading its slice again from the start", execution.getStepName());
            state.restart();
        }
    }

    @Override
    public void open(ExecutionContext context) {
        RunState.PartitionContext state = RunState.PartitionContext.of(context);
        reader = new BlockReader(partition.input(), partition.slice(), state.nextBlock(), partition.pool());
    }

    @Override
    public RecordBlock read() {
        return reader.read();
    }

    @Override
    public void update(ExecutionContext context) {
        RunState.PartitionContext.of(context).nextBlock(reader.nextBlock());
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
