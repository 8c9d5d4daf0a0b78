package org.threatstats.pipeline;

import javax.sql.DataSource;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.threatstats.ledger.Ledger;
import org.threatstats.ledger.Releases;

/**
 * The ingest step's components, one of each per partition execution (step scope: Spring Batch makes them when a
 * partition starts, from that partition's context), the threads the partitions run on, and the services of a run.
 */
@Configuration(proxyBeanMethods = false)
@Import({RepositorySchema.class, RunOwners.class, RunPlans.class, Progress.class, JobFactory.class,
        RunService.class})
public class PipelineConfiguration {

    /** The ledger of published figures and releases, in the job repository beside Spring Batch's tables. */
    @Bean
    Ledger ledger(DataSource dataSource, BatchJdbcProperties properties) {
        return new Ledger(dataSource, properties.getTablePrefix() != null ? properties.getTablePrefix() : "BATCH_");
    }

    @Bean
    Releases releases(Ledger ledger) {
        return new Releases(ledger);
    }

    @Bean
    @StepScope
    IngestPartitioner ingestPartitioner(@Value("#{stepExecution}") StepExecution step, RunPlans plans) {
        return new IngestPartitioner(plans.of(step.getJobExecution()));
    }

    @Bean
    @StepScope
    IngestPartition ingestPartition(@Value("#{stepExecution}") StepExecution step, RunPlans plans) {
        return new IngestPartition(plans.of(step.getJobExecution()), step);
    }

    @Bean
    @StepScope
    IngestReader ingestReader(IngestPartition partition) {
        return new IngestReader(partition);
    }

    @Bean
    @StepScope
    IngestProcessor ingestProcessor(IngestPartition partition) {
        return new IngestProcessor(partition);
    }

    @Bean
    @StepScope
    IngestWriter ingestWriter(IngestPartition partition, Progress progress) {
        return new IngestWriter(partition, progress);
    }

    /**
     * The ingest's threads: one per core (or {@code threatstats.partitions}), kept for the life of the process
     * (the scheduler's runs reuse them).
     */
    @Bean
    ThreadPoolTaskExecutor ingestExecutor(@Value("${threatstats.partitions:0}") int partitions) {
        int threads = partitions > 0 ? partitions : Runtime.getRuntime().availableProcessors();
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setThreadNamePrefix("ingest-");
        executor.setDaemon(true);
        executor.initialize();
        return executor;
    }
}
