package org.threatstats.publish.html;

import java.util.ArrayList;
import java.util.List;

import org.threatstats.publish.Chart;

/**
 * A report chart as SVG shapes, for the template to write (so every text goes through its escaping): horizontal
 * bars for categories, a line with points over time. Geometry only; the figures and their text come from the
 * {@link Chart} itself. Every value is written beside its bar or point, so colour never carries meaning alone.
 */
record SvgChart(int width, int height, List<Box> boxes, List<Rule> rules, List<Label> labels, String line,
        List<Point> points) {
    static final int WIDTH = 480;
    private static final int FONT = 14;
    /** Characters of a category label per line on a bar chart; two lines at most, then an ellipsis. */
    private static final int LABEL_LINE = 18;

    record Box(double x, double y, double width, double height) {
        Box {
            x = tenth(x);
            y = tenth(y);
            width = tenth(width);
            height = tenth(height);
        }
    }

    record Rule(double x1, double y1, double x2, double y2, String kind) {
        Rule {
            x1 = tenth(x1);
            y1 = tenth(y1);
            x2 = tenth(x2);
            y2 = tenth(y2);
        }
    }

    /** A text; {@code lines} are its lines, one under the other. */
    record Label(double x, double y, String anchor, String kind, List<String> lines) {
        Label {
            x = tenth(x);
            y = tenth(y);
        }
    }

    record Point(double x, double y) {
        Point {
            x = tenth(x);
            y = tenth(y);
        }
    }

    /** Coordinates to a tenth of a unit: short, and the same text on every machine. */
    private static double tenth(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static SvgChart of(Chart chart) {
        return "line".equals(chart.type()) ? line(chart) : bars(chart);
    }

    private static double max(Chart chart) {
        double max = 0;
        for (Double v : chart.values()) {
            if (v != null) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /** A round step giving about five divisions up to {@code max}. */
    private static double step(double max) {
        if (max <= 0) {
            return 1;
        }
        double raw = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (raw <= m * magnitude) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** The value axis: a round step, and the top of the scale, a whole number of steps over the highest value. */
    private record Scale(double step, double max) {
        /** {@code headroom}: the room above the highest value, as a factor (1.1: a tenth). */
        static Scale of(Chart chart, double headroom) {
            double top = SvgChart.max(chart) * headroom;
            double step = SvgChart.step(top);
            return new Scale(step, Math.max(step, Math.ceil(top / step) * step));
        }
    }

    private static SvgChart bars(Chart chart) {
        int n = chart.categories().size();
        double left = 170;
        double right = WIDTH - 60;
        double top = 8;
        double row = 40;
        double bottom = top + row * n;
        int height = (int) bottom + 44;
        Scale scale = Scale.of(chart, 1.05);
        double step = scale.step();
        double scaleMax = scale.max();
        List<Box> boxes = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (double v = 0; v <= scaleMax + step / 2; v += step) {
            double x = left + (right - left) * v / scaleMax;
            rules.add(new Rule(x, top, x, bottom, "grid"));
            labels.add(new Label(x, bottom + FONT + 4, "middle", "tick", List.of(chart.format(v))));
        }
        labels.add(new Label((left + right) / 2, bottom + 2 * FONT + 12, "middle", "axis",
                List.of(chart.valueAxis())));
        for (int i = 0; i < n; i++) {
            double y = top + row * i;
            Double v = chart.values().get(i);
            double w = v == null ? 0 : (right - left) * v / scaleMax;
            if (v != null) {
                boxes.add(new Box(left, y + 8, w, row - 16));
            }
            labels.add(new Label(left + w + 5, y + row / 2 + 5, "start", "value", List.of(v == null ? "[x]"
                    : chart.format(v))));
            List<String> lines = wrap(chart.categories().get(i));
            double first = y + row / 2 + 5 - (lines.size() - 1) * (FONT + 1) / 2.0;
            labels.add(new Label(left - 8, first, "end", "category", lines));
        }
        rules.add(new Rule(left, top, left, bottom, "axis"));
        return new SvgChart(WIDTH, height, boxes, rules, labels, null, List.of());
    }

    private static SvgChart line(Chart chart) {
        int n = chart.categories().size();
        double left = 62;
        double right = WIDTH - 20;
        double top = 40;
        double bottom = 250;
        Scale scale = Scale.of(chart, 1.1);
        double step = scale.step();
        double scaleMax = scale.max();
        List<Rule> rules = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        for (double v = 0; v <= scaleMax + step / 2; v += step) {
            double y = bottom - (bottom - top) * v / scaleMax;
            rules.add(new Rule(left, y, right, y, "grid"));
            labels.add(new Label(left - 6, y + 5, "end", "tick", List.of(chart.format(v))));
        }
        StringBuilder path = new StringBuilder();
        double gap = n > 1 ? (right - left - 30) / (n - 1) : 0;
        for (int i = 0; i < n; i++) {
            double x = left + 15 + gap * i;
            labels.add(new Label(x, bottom + FONT + 6, "middle", "category", List.of(chart.categories().get(i))));
            Double v = chart.values().get(i);
            if (v == null) {
                labels.add(new Label(x, bottom - 6, "middle", "value", List.of("[x]")));
                continue;
            }
            double y = bottom - (bottom - top) * v / scaleMax;
            path.append(path.length() == 0 ? "M" : " L").append(round(x)).append(' ').append(round(y));
            points.add(new Point(x, y));
            labels.add(new Label(x, y - 12, "middle", "value", List.of(chart.format(v))));
        }
        labels.add(new Label(left - 50, 14, "start", "axis", List.of(chart.valueAxis())));
        labels.add(new Label((left + right) / 2, bottom + 2 * FONT + 14, "middle", "axis",
                List.of("Year ending")));
        rules.add(new Rule(left, bottom, right, bottom, "axis"));
        return new SvgChart(WIDTH, (int) bottom + 2 * FONT + 24, List.of(), rules, labels, path.toString(), points);
    }

    private static String round(double v) {
        return Long.toString(Math.round(v));
    }

    /** A long category label on two lines at most, broken between words, cut with an ellipsis past that. */
    static List<String> wrap(String label) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : label.split(" ")) {
            if (current.length() > 0 && current.length() + 1 + word.length() > LABEL_LINE) {
                lines.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            current.append(word);
        }
        lines.add(current.toString());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(2, lines.size()); i++) {
            String l = lines.get(i);
            boolean last = i == 1 && lines.size() > 2;
            if (l.length() > LABEL_LINE || last) {
                l = l.substring(0, Math.min(l.length(), LABEL_LINE - 1)).stripTrailing() + "…";
            }
            out.add(l);
        }
        return out;
    }
}
