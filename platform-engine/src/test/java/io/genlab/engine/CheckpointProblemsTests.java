package io.genlab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.RandomSource;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.train.Trainer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged checkpoints are refused by name, with what was found, and leave the trainer unchanged. */
class CheckpointProblemsTests {
  @TempDir Path dir;

  private Trainer fresh() {
    return new Trainer(TrainerTests.session(), TrainerTests.CONFIG, RandomSource.seeded(2));
  }

  private byte[] goodCheckpoint() throws Exception {
    Trainer trainer = fresh();
    Path file = dir.resolve("last.ckpt");
    trainer.saveCheckpoint(file);
    return Files.readAllBytes(file);
  }

  private void assertRefused(byte[] bytes, String... mentions) {
    Trainer trainer = fresh();
    long before = trainer.state().iteration();
    var thrown = assertThatThrownBy(() -> trainer.restoreCheckpoint(new ByteArrayInputStream(bytes), "run x last.ckpt"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("run x last.ckpt");
    for (String mention : mentions) {
      thrown.hasMessageContaining(mention);
    }
    assertThat(trainer.state().iteration()).isEqualTo(before);
  }

  @Test
  void truncatedEmptyAndForeignCheckpointsAreRefused() throws Exception {
    byte[] good = goodCheckpoint();
    assertRefused(Arrays.copyOf(good, good.length / 2), "truncated or corrupt");
    assertRefused(new byte[0], "not a zip archive");
    assertRefused("hello".getBytes(), "not a zip archive");
    byte[] garbled = good.clone();
    for (int i = 200; i < Math.min(garbled.length, 400); i++) {
      garbled[i] ^= 0x5a;
    }
    assertRefused(garbled, "cannot be restored");
  }

  @Test
  void aZipWithoutStateOrParametersIsRefused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("state.properties"));
      zip.write("format=1\nepoch=x\n".getBytes());
      zip.closeEntry();
    }
    assertRefused(bytes.toByteArray());
  }
}
