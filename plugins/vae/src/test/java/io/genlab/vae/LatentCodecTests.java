package io.genlab.vae;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.DataInfo;
import io.genlab.api.LatentCodec;
import io.genlab.api.RandomSource;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.train.ModelSession;
import io.genlab.vae.LatentVariableModel.Outputs;
import io.genlab.vae.internal.AutoencoderModel;
import io.genlab.vae.internal.ElboLoss;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The family's first-stage capability: encoder means out, decoder means in the data range back. */
class LatentCodecTests {
  private static final DataInfo IMAGES = new DataInfo(new long[] {1, 4, 4}, 0, 1, false, 2);

  private static ModelSession session(AutoencoderModel model) {
    return ModelSession.build(model, new ElboLoss(ElboConfig.DEFAULTS), IMAGES, RandomSource.seeded(3),
        SameDiffExecutor.factory(), 16);
  }

  @Test
  void encodesToTheEncoderMeanWithoutNoiseAndDecodesToTheDecoderMeanInTheDataRange() {
    AutoencoderModel model = AutoencoderModel.of(new MlpVaeConfig(List.of(8), 3, Likelihood.BERNOULLI, 1.0));
    ModelSession session = session(model);
    LatentCodec codec = model.as(LatentCodec.class).orElseThrow();
    float[] values = new float[5 * 16];
    RandomSource.seeded(9).fillUniform(values);
    INDArray x = Nd4j.create(values, 5, 1, 4, 4);

    INDArray z = codec.encode(session, x);
    assertThat(codec.latentShape(IMAGES)).containsExactly(3);
    assertThat(z.shape()).containsExactly(5, 3);
    assertThat(codec.encode(session, x)).as("deterministic").isEqualTo(z);
    INDArray mu = session.run(Map.of(session.graph().dataInput(), x.reshape(5, 16)), List.of(Outputs.MU)).get(Outputs.MU);
    assertThat(z).isEqualTo(mu);

    INDArray decoded = codec.decode(session, z.mul(40)); // far latents: the decoder mean must stay in [0, 1]
    assertThat(decoded.shape()).containsExactly(5, 1, 4, 4);
    assertThat(decoded.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
    assertThat(decoded.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
    INDArray logits = session.run(Map.of(Outputs.Z_PRIOR, z), List.of(Outputs.DECODED)).get(Outputs.DECODED);
    assertThat(codec.decode(session, z).reshape(5, 16).equalsWithEps(Transforms.sigmoid(logits, true), 1e-6)).isTrue();
  }

  @Test
  void aConvolutionalVaeIsAFirstStageAndAConditionalOneIsNot() {
    assertThat(AutoencoderModel.of(new ConvVaeConfig(List.of(4, 8), 16, 2, Likelihood.BERNOULLI, 1.0))
        .as(LatentCodec.class)).isPresent();
    assertThat(AutoencoderModel.of(new ConditionalVaeConfig(List.of(8), 3, Likelihood.BERNOULLI, 1.0))
        .as(LatentCodec.class)).as("it needs labels to decode").isEmpty();
    assertThat(AutoencoderModel.of(new ConditionalVaeConfig(List.of(8), 3, Likelihood.BERNOULLI, 1.0))
        .as(LatentVariableModel.class)).isPresent();
  }
}
