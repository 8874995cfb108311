package io.veritrail.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A bar chart of each stage's ratio to its raw Kafka tool, drawn with the JDK alone, so runs compare at a glance. */
public final class RatioChart {
    private static final int WIDTH = 900;
    private static final int ROW = 44;
    private static final int LEFT = 300;
    private static final int TOP = 60;

    private RatioChart() {
    }

    public static void write(BenchReport report, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<StageResult> stages = report.stages();
        int height = TOP + ROW * stages.size() + 50;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Veritrail stages vs raw Kafka tools (ratio, 1.0 = bare Kafka) — " + report.startedAt(), 20, 30);
        double max = Math.max(1.0, stages.stream().mapToDouble(StageResult::ratio).max().orElse(1.0));
        int barSpace = WIDTH - LEFT - 80;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < stages.size(); i++) {
            StageResult s = stages.get(i);
            int y = TOP + i * ROW;
            g.setColor(Color.DARK_GRAY);
            g.drawString(s.stage(), 20, y + 22);
            int w = (int) Math.round(barSpace * Math.min(s.ratio(), max) / max);
            g.setColor(s.ratio() >= 0.5 ? new Color(46, 125, 50) : s.ratio() >= 0.2 ? new Color(249, 168, 37)
                    : new Color(198, 40, 40));
            g.fillRect(LEFT, y + 8, Math.max(w, 2), ROW - 18);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f", s.ratio()), LEFT + Math.max(w, 2) + 8, y + 22);
        }
        int oneX = LEFT + (int) Math.round(barSpace / max);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
        g.drawLine(oneX, TOP, oneX, TOP + ROW * stages.size());
        g.drawString("1.0", oneX - 8, TOP + ROW * stages.size() + 18);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
