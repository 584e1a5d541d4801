package io.genlab.datasets.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Builds {@link Examples} from an image file and a label file; stateless and thread-safe. */
final class IdxExamples {
  private IdxExamples() {}

  /** Content to parse: already-read bytes (hash-checked) or {@code null} to stream from the file. */
  record Input(Path file, byte[] content) {
    InputStream open() throws IOException {
      return content == null ? IdxReader.open(file) : IdxReader.open(content, file);
    }
  }

  static Examples read(Input images, Input labels, int limit, int numClasses) throws IOException {
    IdxReader.Images pixels;
    try (InputStream in = images.open()) {
      pixels = IdxReader.readImages(in, images.file(), limit);
    }
    IdxReader.Labels classes;
    try (InputStream in = labels.open()) {
      classes = IdxReader.readLabels(in, labels.file(), limit, numClasses);
    }
    if (pixels.count() != classes.count()) {
      throw DataFiles.problem(images.file(), "holds " + pixels.count() + " images but " + labels.file() + " holds "
              + classes.count() + " labels; they must come from the same split");
    }
    DataInfo info =
        new DataInfo(new long[] {1, pixels.rows(), pixels.columns()}, 0, 1, false, numClasses);
    return new Examples(info, pixels.values(), classes.labels(), pixels.taken());
  }
}
