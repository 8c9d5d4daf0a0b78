package org.threatstats.publish.chart;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one typeface of every publication, DejaVu Sans, loaded from the build's own resources: the PDF and its
 * charts look (and measure) the same on every machine, whatever fonts it has installed.
 */
public final class Fonts {
    public static final String REGULAR = "/fonts/DejaVuSans.ttf";
    public static final String BOLD = "/fonts/DejaVuSans-Bold.ttf";

    private static volatile Font regular;
    private static volatile Font bold;
    private static final Map<String, byte[]> BYTES = new ConcurrentHashMap<>();

    private Fonts() {
    }

    /** The font file's bytes, read from the jar once a process: not to be changed. */
    public static byte[] bytes(String resource) {
        return BYTES.computeIfAbsent(resource, Fonts::read);
    }

    private static byte[] read(String resource) {
        try (InputStream in = Fonts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("font " + resource + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Font awt(boolean isBold, float size) {
        Font base = isBold ? bold : regular;
        if (base == null) {
            synchronized (Fonts.class) {
                try {
                    regular = Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(bytes(REGULAR)));
                    bold = Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(bytes(BOLD)));
                } catch (IOException | FontFormatException e) {
                    throw new IllegalStateException("cannot load the report font", e);
                }
                base = isBold ? bold : regular;
            }
        }
        return base.deriveFont(size);
    }
}
