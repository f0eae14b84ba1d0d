package dev.openlines.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Real files for upload tests, made on the spot. */
public final class TestFiles {

  private TestFiles() {}

  /** A 40 x 30 PNG picture with a colour gradient. */
  public static byte[] png() throws IOException {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 40; x++) {
      for (int y = 0; y < 30; y++) {
        image.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 0x80);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
