package org.threatstats.publish.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.threatstats.publish.Chart;

/**
 * Draws a report chart with JFreeChart onto any Graphics2D (the PDF's, so charts stay vectors). Every value is
 * written on its bar or point, in the table's own format, so colour never carries meaning alone; the one colour
 * used is from the Okabe-Ito palette, which readers with colour-vision deficiency can tell apart from the rest.
 */
public final class ChartDrawer {
    /** Okabe-Ito blue and vermillion. */
    public static final Color BLUE = new Color(0x00, 0x72, 0xB2);
    public static final Color VERMILLION = new Color(0xD5, 0x5E, 0x00);
    private static final Color TEXT = new Color(0x1F, 0x1F, 0x1F);
    private static final Color GRID = new Color(0xBD, 0xBD, 0xBD);

    private ChartDrawer() {
    }

    public static void draw(Chart spec, Graphics2D g2, Rectangle2D area) {
        create(spec).draw(g2, area);
    }

    /** Whether a point lies below the mean of its neighbours (the only neighbour, at an end of the line). */
    static boolean below(DefaultCategoryDataset data, int row, int column) {
        Number value = data.getValue(row, column);
        if (value == null) {
            return false;
        }
        double sum = 0;
        int n = 0;
        for (int c : new int[] {column - 1, column + 1}) {
            if (c >= 0 && c < data.getColumnCount() && data.getValue(row, c) != null) {
                sum += data.getValue(row, c).doubleValue();
                n++;
            }
        }
        return n > 0 && value.doubleValue() < sum / n;
    }

    static JFreeChart create(Chart spec) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < spec.categories().size(); i++) {
            data.addValue(spec.values().get(i), spec.valueAxis(), spec.categories().get(i));
        }
        boolean share = "share".equals(spec.type());
        boolean line = "line".equals(spec.type());
        DecimalFormat format = new DecimalFormat(share ? "0.0" : "#,##0", DecimalFormatSymbols.getInstance(Locale.UK));
        // over time, the axis says what its "YE Mar 16" labels are
        CategoryAxis categories = new CategoryAxis(line ? "Year ending" : null);
        categories.setLabelFont(Fonts.awt(false, 11f));
        categories.setLabelPaint(TEXT);
        NumberAxis values = new NumberAxis(spec.valueAxis());
        values.setNumberFormatOverride(format);
        values.setUpperMargin(0.15);
        CategoryItemRenderer renderer;
        if (line) {
            LineAndShapeRenderer r = new LineAndShapeRenderer(true, true) {
                /**
                 * A label above its point where the line comes up to it or goes on up from it, below where the
                 * point is lower than its neighbours on average: a label then never sits on the line.
                 */
                @Override
                public ItemLabelPosition getPositiveItemLabelPosition(int row, int column) {
                    return below(data, row, column) ? new ItemLabelPosition(ItemLabelAnchor.OUTSIDE6,
                            TextAnchor.TOP_CENTER) : new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                            TextAnchor.BOTTOM_CENTER);
                }
            };
            r.setItemLabelAnchorOffset(7);
            r.setSeriesPaint(0, BLUE);
            r.setSeriesStroke(0, new BasicStroke(2.5f));
            r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
            r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                    TextAnchor.BOTTOM_CENTER));
            renderer = r;
        } else {
            BarRenderer r = new BarRenderer();
            r.setSeriesPaint(0, BLUE);
            r.setBarPainter(new StandardBarPainter());
            r.setShadowVisible(false);
            r.setDrawBarOutline(false);
            r.setMaximumBarWidth(0.12);
            r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3,
                    TextAnchor.CENTER_LEFT));
            renderer = r;
        }
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", format));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(Fonts.awt(false, 11f));
        renderer.setDefaultItemLabelPaint(TEXT);
        CategoryPlot plot = new CategoryPlot(data, categories, values, renderer);
        plot.setOrientation(line ? PlotOrientation.VERTICAL : PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlinesVisible(false);
        plot.setInsets(new RectangleInsets(4, 4, 4, 12));
        categories.setTickLabelFont(Fonts.awt(false, 11f));
        categories.setTickLabelPaint(TEXT);
        categories.setMaximumCategoryLabelLines(2);
        categories.setMaximumCategoryLabelWidthRatio(line ? 1f : 0.45f);
        if (line) {
            // "YE Mar 16" in two lines ("YE Mar", "16") under each of ten points of a portrait page
            categories.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
            categories.setTickLabelFont(Fonts.awt(false, 10f));
            categories.setCategoryMargin(0.05);
            categories.setLowerMargin(0.02);
            categories.setUpperMargin(0.02);
            // room above the highest point for its label
            values.setUpperMargin(0.2);
        }
        values.setTickLabelFont(Fonts.awt(false, 10f));
        values.setLabelFont(Fonts.awt(false, 11f));
        values.setTickLabelPaint(TEXT);
        values.setLabelPaint(TEXT);
        JFreeChart chart = new JFreeChart(null, Fonts.awt(true, 12f), plot, false);
        chart.setTitle(new TextTitle(spec.title(), Fonts.awt(true, 12f)));
        chart.getTitle().setPaint(TEXT);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }
}
