package org.threatstats;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.threatstats.cli.Cli;

/**
 * threatstats: checks CSV figures, aggregates them and publishes an annual report as a workbook and a PDF.
 * The command line is parsed first; commands that need the job repository then start the Spring context.
 */
@SpringBootApplication
public class ThreatstatsApplication {

    public static void main(String[] args) {
        System.exit(Cli.execute(args));
    }
}
