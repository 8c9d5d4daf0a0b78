package org.threatstats.publish;

import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import com.lowagie.text.pdf.BaseFont;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.threatstats.DaemonThreads;
import org.threatstats.publish.chart.Fonts;

/**
 * Gets the renderers' libraries ready on a thread of their own, once per process: POI's workbook (loading its XML
 * schema types took 130 ms at the first workbook), Java's font manager with the charts' fonts, and OpenPDF's
 * reading of the embedded font. The first ingest partition to finish starts it: from then until the report is
 * built, the main thread checks keys and builds the report alone, and a core would otherwise wait. Ten
 * interleaved runs of 10 million records: publish step 639 -> 489 ms, wall 3.80 -> 3.74 s. It writes nothing.
 */
public final class RendererWarmUp {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private RendererWarmUp() {
    }

    /** Starts the warm-up, unless this process already has. */
    public static void start() {
        if (STARTED.compareAndSet(false, true)) {
            DaemonThreads.named("renderer-warm-up").newThread(RendererWarmUp::warm).start();
        }
    }

    static void warm() {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            workbook.createSheet("warm-up").createRow(0).createCell(0).setCellValue("warm-up");
            workbook.write(OutputStream.nullOutputStream());
        } catch (Throwable e) {
            // only the renderers' speed is at stake; they report their own problems (a JRE without font
            // libraries throws errors here, which on this thread would print a stack trace)
        }
        try {
            Fonts.awt(false, 10f).getFontName();
            Fonts.awt(true, 10f).getFontName();
            BaseFont.createFont("DejaVuSans.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false,
                    Fonts.bytes(Fonts.REGULAR), null);
        } catch (Throwable e) {
            // as above
        }
    }
}
