package io.genlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.tracking.DatasetInput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A split's MLflow dataset input: a digest that follows the data bit for bit, MLflow's schema, a profile. */
class DataInputsTests {
  private static final DataInfo IMAGES = new DataInfo(new long[] {1, 2, 2}, 0, 1, false, 3);

  /** Three 1x2x2 images of classes 0, 2, 2. */
  private static Examples tiny() {
    return new Examples(IMAGES, new float[] {0, 0.5f, 1, 0.25f, 0, 0, 0, 0, 1, 1, 1, 0.75f}, new int[] {0, 2, 2}, 3);
  }

  @Test
  void theDigestIsStableAndPinnedAcrossMachines() {
    assertThat(DataInputs.sha256(tiny())).isEqualTo(DataInputs.sha256(tiny())).isEqualTo(PINNED);
  }

  /**
   * The SHA-256 of tiny(), computed apart with Python: sha256(b"genlab-examples-sha256/1\n" + pack("<i3qiddibb",
   * rank 3, shape 1 2 2, count 3, low 0, high 1, classes 3, binary 0, labelled 1) + pack("<12f", values) +
   * pack("<3i", labels)). Change it only with the byte order, on purpose: every logged digest changes then.
   */
  private static final String PINNED = "b6e3a0edcdc5a1b605eb45324d7f8ec98f9bbb67a5220f8c3ba48372ed41058b";

  @Test
  void theDigestChangesWhenOneValueLabelOrTheShapeChanges() {
    String base = DataInputs.sha256(tiny());
    float[] values = tiny().values().clone();
    values[5] = Math.nextUp(values[5]);
    assertThat(DataInputs.sha256(new Examples(IMAGES, values, new int[] {0, 2, 2}, 3))).isNotEqualTo(base);
    assertThat(DataInputs.sha256(new Examples(IMAGES, tiny().values(), new int[] {0, 2, 1}, 3))).isNotEqualTo(base);
    DataInfo flat = new DataInfo(new long[] {4}, 0, 1, false, 3);
    assertThat(DataInputs.sha256(new Examples(flat, tiny().values(), new int[] {0, 2, 2}, 3))).isNotEqualTo(base);
    DataInfo rescaled = new DataInfo(new long[] {1, 2, 2}, -1, 1, false, 3);
    assertThat(DataInputs.sha256(new Examples(rescaled, tiny().values(), new int[] {0, 2, 2}, 3))).isNotEqualTo(base);
    assertThat(DataInputs.sha256(tiny().head(2))).isNotEqualTo(base);
  }

  @Test
  void aSplitBecomesAnInputWithMlflowsSchemaAndAProfile() {
    String sha = DataInputs.sha256(tiny());
    DatasetInput in = DataInputs.input("mnist", DataInputs.TRAIN,
        List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"), tiny());
    assertThat(in.name()).isEqualTo("mnist-train");
    assertThat(in.context()).isEqualTo("train");
    assertThat(in.digest()).isEqualTo(sha.substring(0, 36));
    assertThat(in.sourceType()).isEqualTo("local");
    assertThat(in.source()).isEqualTo("{\"dataset\": \"mnist\", \"split\": \"train\", \"files\": "
        + "[\"train-images-idx3-ubyte.gz\", \"train-labels-idx1-ubyte.gz\"]}");
    assertThat(in.schema()).isEqualTo("{\"mlflow_tensorspec\": {\"features\": \"[{\\\"type\\\": \\\"tensor\\\", "
        + "\\\"tensor-spec\\\": {\\\"dtype\\\": \\\"float32\\\", \\\"shape\\\": [-1, 1, 2, 2]}}]\", \"targets\": "
        + "\"[{\\\"type\\\": \\\"tensor\\\", \\\"tensor-spec\\\": {\\\"dtype\\\": \\\"int32\\\", \\\"shape\\\": [-1]}}]\"}}");
    assertThat(in.profile()).isEqualTo("{\"examples\": 3, \"shape\": [1, 2, 2], \"classes\": 3, \"class_counts\": "
        + "{\"0\": 1, \"1\": 0, \"2\": 2}, \"pixel_min\": 0.0, \"pixel_max\": 1.0, \"pixel_mean\": 0.4583333333333333, "
        + "\"sha256\": \"" + sha + "\"}");
  }

  @Test
  void generatedUnlabelledDataHaveACodeSourceAndNoTargets() {
    DataInfo points = new DataInfo(new long[] {2}, -4, 4, false, 0);
    DatasetInput in = DataInputs.input("toy2d", DataInputs.TEST, List.of(),
        new Examples(points, new float[] {-1, 2, 3, -0.5f}, null, 2));
    assertThat(in.sourceType()).isEqualTo("code");
    assertThat(in.source()).isEqualTo("{\"dataset\": \"toy2d\", \"split\": \"test\", \"files\": []}");
    assertThat(in.schema()).endsWith("\"targets\": null}}");
    assertThat(in.profile()).startsWith("{\"examples\": 2, \"shape\": [2], \"classes\": 0, \"pixel_min\": -1.0, "
        + "\"pixel_max\": 3.0, \"pixel_mean\": 0.875,");
  }

  @Test
  void absoluteFileNamesAndCredentialsNeverReachTheSource() {
    DatasetInput in = DataInputs.input("idx", DataInputs.TRAIN,
        List.of("/home/alice/data/train.idx", "https://u:secret@host/x?token=t0k"), tiny());
    assertThat(in.source()).contains("\"train.idx\"").doesNotContain("/home/alice", "secret", "t0k");
  }
}
