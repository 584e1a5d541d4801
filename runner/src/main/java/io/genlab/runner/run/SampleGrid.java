package io.genlab.runner.run;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Samples;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Renders samples as a PNG: a grid of images for image data, a scatter plot of the samples over the
 * data for 2-D points. Stateless and thread-safe.
 */
public final class SampleGrid {
  private static final int PAD = 2;
  /** Data points drawn under a scatter plot's samples: enough to show the density, few enough to stay fast. */
  private static final int MAX_REFERENCE_POINTS = 5000;

  private SampleGrid() {}

  /**
   * The PNG bytes of {@code samples}; a scatter plot also shows {@code reference} (the test data, in
   * grey) under the samples (blue), so missed modes and off-manifold samples are visible.
   *
   * @param reference data to draw under 2-D samples, or {@code null}
   */
  public static byte[] png(Samples samples, DataInfo info, Examples reference) throws IOException {
    BufferedImage image = info.isImage() ? grid(samples, info) : scatter(samples, info, reference);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static BufferedImage grid(Samples samples, DataInfo info) {
    long[] shape = info.exampleShape();
    int channels = (int) shape[0];
    int h = (int) shape[1];
    int w = (int) shape[2];
    int scale = Math.max(1, 56 / Math.max(h, w)); // small images (8x8) are enlarged to stay visible
    int n = samples.count();
    int cols = Math.min(samples.columns(), n);
    int rows = (n + cols - 1) / cols;
    BufferedImage img = new BufferedImage(cols * (w * scale + PAD) + PAD, rows * (h * scale + PAD) + PAD,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(40, 40, 40));
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    INDArray values = samples.values();
    double range = info.high() - info.low();
    for (int i = 0; i < n; i++) {
      int ox = PAD + (i % cols) * (w * scale + PAD);
      int oy = PAD + (i / cols) * (h * scale + PAD);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int[] rgb = new int[3];
          for (int c = 0; c < 3; c++) {
            int channel = channels == 3 ? c : 0;
            double v = (values.getDouble(i, channel, y, x) - info.low()) / range;
            rgb[c] = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
          }
          g.setColor(new Color(rgb[0], rgb[1], rgb[2]));
          g.fillRect(ox + x * scale, oy + y * scale, scale, scale);
        }
      }
    }
    g.dispose();
    return img;
  }

  private static BufferedImage scatter(Samples samples, DataInfo info, Examples reference) {
    int size = 512;
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, size, size);
    double span = info.high() - info.low();
    if (reference != null && reference.info().exampleSize() == info.exampleSize()) {
      g.setColor(new Color(150, 150, 150, 90));
      int d = reference.info().exampleSize();
      float[] r = reference.values();
      for (int i = 0; i < Math.min(reference.count(), MAX_REFERENCE_POINTS); i++) {
        dot(g, r[i * d], r[i * d + Math.min(1, d - 1)], info.low(), span, size);
      }
    }
    g.setColor(new Color(30, 90, 200, 140));
    INDArray v = samples.values().reshape(samples.count(), -1);
    for (int i = 0; i < samples.count(); i++) {
      dot(g, v.getDouble(i, 0), v.getDouble(i, Math.min(1, v.size(1) - 1)), info.low(), span, size);
    }
    g.dispose();
    return img;
  }

  private static void dot(Graphics2D g, double x, double y, double low, double span, int size) {
    double px = (x - low) / span * size;
    double py = size - (y - low) / span * size;
    g.fillOval((int) px - 2, (int) py - 2, 4, 4);
  }
}
