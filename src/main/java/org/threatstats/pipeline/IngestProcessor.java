package org.threatstats.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.threatstats.ingest.RecordBlock;
import org.threatstats.keys.KeyForms;
import org.threatstats.validation.BlockResult;
import org.threatstats.validation.BlockValidator;

/**
 * The ingest's processor: checks every record of a block against the schema. The key forms it has met are part
 * of the partition's committed state, so the key tokens spooled before a crash keep their meaning after it.
 */
public class IngestProcessor implements ItemProcessor<RecordBlock, BlockResult>, ItemStream {
    private final IngestPartition partition;
    private KeyForms[] forms;
    private BlockValidator validator;

    IngestProcessor(IngestPartition partition) {
        this.partition = partition;
    }

    @Override
    public void open(ExecutionContext context) {
        List<List<KeyForms.Form>> recorded = RunState.PartitionContext.of(context).forms(partition.keys());
        forms = new KeyForms[recorded.size()];
        for (int k = 0; k < forms.length; k++) {
            forms[k] = new KeyForms(recorded.get(k));
        }
        validator = new BlockValidator(partition.schema(), partition.input().fileName(), partition.pool(), forms);
    }

    @Override
    public BlockResult process(RecordBlock block) {
        return validator.process(block);
    }

    @Override
    public void update(ExecutionContext context) {
        List<List<KeyForms.Form>> recorded = new ArrayList<>();
        for (KeyForms f : forms) {
            recorded.add(f.forms());
        }
        RunState.PartitionContext.of(context).forms(recorded);
    }
}
