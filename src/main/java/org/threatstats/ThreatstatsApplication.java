package org.threatstats;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.threatstats.cli.Cli;
import org.threatstats.pipeline.PipelineConfiguration;

/**
 * threatstats: checks CSV figures, aggregates them and publishes an annual report as a workbook and a PDF.
 * The command line is parsed first; commands that need the job repository then start the Spring context.
 *
 * <p>The context is Spring Boot's auto-configuration of what the tool uses (a data source, its transactions, a
 * JdbcTemplate and Spring Batch's JDBC job repository), named rather than found by scanning, and the pipeline's
 * own configuration: a smaller context, as Spring Boot documents it, starts sooner.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class, BatchAutoConfiguration.class, BatchJdbcAutoConfiguration.class})
@Import(PipelineConfiguration.class)
public class ThreatstatsApplication {

    public static void main(String[] args) {
        Cli.main(args);
    }
}
