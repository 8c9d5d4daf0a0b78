package org.threatstats.pipeline;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.threatstats.publish.Report;

/**
 * The reports this process built, by their JSON. The measures step hands its report to the publish step as JSON
 * in the job's execution context, which is what a restarted process reads; within one process the publish step
 * takes the report it stands for from here instead of reading it back (building Jackson's readers for the
 * report's records took a tenth of a second, while the other core waited). The JSON holds exactly the report's
 * values (strings, whole numbers, doubles in their round-trip form), so both give the same bytes.
 */
public final class BuiltReports {
    private final Map<String, Report> byJson = new ConcurrentHashMap<>();

    /** The report as JSON, remembered. */
    String write(Report report) {
        String json = Json.write(report);
        byJson.put(json, report);
        return json;
    }

    /** The report {@code json} stands for: remembered, or read. */
    Report read(String json) {
        return Optional.ofNullable(byJson.remove(json)).orElseGet(() -> Json.read(json, Report.class));
    }
}
