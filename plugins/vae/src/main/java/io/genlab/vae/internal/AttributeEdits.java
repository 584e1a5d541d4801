package io.genlab.vae.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.nn.features.ClassifierCache;
import io.genlab.nn.features.ClassifierTraining;
import io.genlab.nn.features.FeatureClassifier;
import io.genlab.vae.EditConfigs;
import io.genlab.vae.LatentVariableModel.Outputs;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Latent attribute editing of the autoencoder family: attribute vectors from class labels, the
 * {@code attribute-edit} sampler's grids and the {@code attribute-edit} metric's target shares.
 */
public final class AttributeEdits {
  private AttributeEdits() {}

  /**
   * An attribute given by class labels.
   *
   * @param target the class that has the attribute
   * @param source the class edited from, or {@code null} for every class but the target
   */
  public record Attribute(int target, Integer source) {
    /** Whether an example of class {@code label} is edited from (lacks the attribute). */
    public boolean isSource(int label) {
      return source == null ? label != target : label == source;
    }

    /** The source as the text of messages: "class 7" or "every class but 1". */
    String sourceText() {
      return source == null ? "every class but " + target : "class " + source;
    }

    /** Why this attribute does not fit data described by {@code data}, or empty when it does. */
    Optional<String> incompatibility(String component, DataInfo data) {
      if (data.numClasses() == 0) {
        return Optional.of(component + " needs labelled data: the attribute is a class label");
      }
      if (target >= data.numClasses() || (source != null && source >= data.numClasses())) {
        return Optional.of(component + " target " + target + (source == null ? "" : " and source " + source)
            + " must be classes of the data (0.." + (data.numClasses() - 1) + ")");
      }
      return Optional.empty();
    }
  }

  /** Refuses conditional models (their label sets the class) and models of other families. */
  static Optional<String> modelIncompatibility(Model model) {
    return Reconstructions.require(model, "attribute-edit", m -> !m.conditional(),
        "attribute-edit cannot edit a conditional model: its label input sets the class; use the conditional sampler");
  }

  /**
   * The attribute vector: the mean encoder mean of the first {@code fitExamples} (0: all) training examples of
   * the target minus that of those of the source, in double precision.
   *
   * @throws ConfigException when the examples hold no target or no source example
   */
  public static double[] attributeVector(TrainedModel model, Examples train, Attribute attribute, int fitExamples) {
    requireLabels(train, "training");
    int n = fitExamples == 0 ? train.count() : Math.min(fitExamples, train.count());
    double[][] mu = new Codec(model).encodeMeans(train, n, RandomSource.seeded(0)).toDoubleMatrix();
    int latent = mu.length == 0 ? 0 : mu[0].length;
    double[] target = new double[latent];
    double[] source = new double[latent];
    int targets = 0;
    int sources = 0;
    for (int i = 0; i < n; i++) {
      int label = train.labels()[i];
      double[] sum = label == attribute.target() ? target : attribute.isSource(label) ? source : null;
      if (sum == null) {
        continue;
      }
      for (int u = 0; u < latent; u++) {
        sum[u] += mu[i][u];
      }
      if (label == attribute.target()) {
        targets++;
      } else {
        sources++;
      }
    }
    if (targets == 0 || sources == 0) {
      throw new ConfigException(targets == 0 ? "target" : "source", "the first " + n + " training examples hold "
          + targets + " of target class " + attribute.target() + " and " + sources + " of " + attribute.sourceText()
          + "; the attribute vector needs both (raise fitExamples, or 0 for all)");
    }
    double[] v = new double[latent];
    for (int u = 0; u < latent; u++) {
      v[u] = target[u] / targets - source[u] / sources;
    }
    return v;
  }

  /** The indices of the first {@code limit} (0: all) test examples of the source, in test order. */
  static int[] sourceExamples(Examples test, Attribute attribute, int limit) {
    requireLabels(test, "test");
    int[] out = java.util.stream.IntStream.range(0, test.count()).filter(i -> attribute.isSource(test.labels()[i]))
        .limit(limit == 0 ? Long.MAX_VALUE : limit).toArray();
    if (out.length == 0) {
      throw new ConfigException("source", "the test split holds no example of " + attribute.sourceText());
    }
    return out;
  }

  private static void requireLabels(Examples examples, String split) {
    if (examples.labels() == null) {
      throw new ConfigException("", "attribute-edit needs labelled " + split + " data: the attribute is a class label");
    }
  }

  /** The encoder means of the examples at {@code indices}, {@code [n, latent]}, a batch at a time. */
  static INDArray encodeMeans(TrainedModel model, Examples examples, int[] indices) {
    int step = model.evaluationBatchSize();
    List<INDArray> parts = new ArrayList<>();
    for (int from = 0; from < indices.length; from += step) {
      int[] batch = java.util.Arrays.copyOfRange(indices, from, Math.min(indices.length, from + step));
      // The encoder mean ignores noise; the feeds still want a source for the graph's other noise inputs.
      parts.add(model.run(model.feeds(examples.batch(batch), null, RandomSource.seeded(0).derive(from)),
          List.of(Outputs.MU)).get(Outputs.MU));
    }
    return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
  }

  /** The decoder means of {@code mu + alpha * v}, {@code [n, ...exampleShape]}, a batch at a time. */
  static INDArray decodeEdits(TrainedModel model, INDArray mu, double[] v, double alpha) {
    Codec codec = new Codec(model);
    INDArray shift = Nd4j.create(v).castTo(DataType.FLOAT).reshape(1, v.length).muli(alpha);
    INDArray z = mu.castTo(DataType.FLOAT).addRowVector(shift);
    int step = model.evaluationBatchSize();
    List<INDArray> parts = new ArrayList<>();
    for (long from = 0; from < z.size(0); from += step) {
      long to = Math.min(z.size(0), from + step);
      parts.add(codec.decodeMean(z.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
          org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), null));
    }
    return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
  }

  /** A metric-key-safe rendering of {@code alpha}: {@code 1.5}, {@code 2}, {@code -0.5}. */
  public static String alphaKey(double alpha) {
    return BigDecimal.valueOf(alpha == 0 ? 0.0 : alpha).stripTrailingZeros().toPlainString();
  }

  /** The platform's feature classifier of the training split, from the cache when there is one. */
  static FeatureClassifier classifier(Examples train, Path cacheDirectory) {
    return cacheDirectory == null ? FeatureClassifier.train(train, ClassifierTraining.DEFAULTS)
        : ClassifierCache.loadOrTrain(cacheDirectory, train, ClassifierTraining.DEFAULTS);
  }

  /** The classifier's most likely class of each row of {@code x} ({@code [n, ...]}). */
  static int[] classify(FeatureClassifier classifier, INDArray x) {
    int n = (int) x.size(0);
    double[] flat = Nd4j.toFlattened('c', x).toDoubleVector();
    double[][] acts = classifier.forward(flat, n);
    double[] logits = acts[acts.length - 1];
    int k = classifier.classes();
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < k; c++) {
        best = logits[i * k + c] > logits[i * k + best] ? c : best;
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * The edit grid of {@code inputs} ({@code [n, ...exampleShape]}) and their edits ({@code edits.get(a)} for the
   * a-th alpha): row {@code r} holds input {@code r}, then its edit at each alpha in order.
   */
  static Samples grid(INDArray inputs, List<INDArray> edits) {
    int n = (int) inputs.size(0);
    int columns = edits.size() + 1;
    long[] shape = inputs.shape().clone();
    shape[0] = (long) n * columns;
    INDArray out = Nd4j.create(DataType.FLOAT, shape);
    for (int r = 0; r < n; r++) {
      out.slice((long) r * columns).assign(inputs.slice(r));
      for (int a = 0; a < edits.size(); a++) {
        out.slice((long) r * columns + 1 + a).assign(edits.get(a).slice(r));
      }
    }
    return new Samples(out, null, columns);
  }

  /**
   * Adds alpha times the attribute vector to the encoder means of test examples of the source and decodes: its
   * samples are the edits at the last alpha, labelled with the target; figure {@code grid} shows every alpha.
   */
  public static final class EditSampler implements Sampler {
    private final EditConfigs.AttributeEdit config;
    private final Attribute attribute;
    private double[] vector;

    public EditSampler(EditConfigs.AttributeEdit config) {
      this.config = config;
      this.attribute = new Attribute(config.target(), config.source());
    }

    /** Edits are chosen inputs moved towards one class, not draws from the model. */
    @Override
    public boolean representative() {
      return false;
    }

    @Override
    public void fit(TrainedModel model, SamplingContext context) {
      vector = attributeVector(model, context.train(), attribute, config.fitExamples());
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      if (vector == null) {
        fit(model, context);
      }
      int[] rows = sourceExamples(context.test(), attribute, config.images());
      INDArray inputs = context.test().batch(rows);
      INDArray mu = encodeMeans(model, context.test(), rows);
      List<INDArray> edits = new ArrayList<>();
      for (double alpha : config.alphas()) {
        edits.add(decodeEdits(model, mu, vector, alpha));
      }
      INDArray last = edits.get(edits.size() - 1);
      int[] labels = new int[rows.length];
      java.util.Arrays.fill(labels, config.target());
      return new Samples(last, labels, (int) Math.ceil(Math.sqrt(rows.length))).withFigure("grid", grid(inputs, edits));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return modelIncompatibility(model);
    }

    @Override
    public Optional<String> incompatibility(Model model, DataInfo data) {
      return attribute.incompatibility("attribute-edit", data);
    }
  }

  /**
   * Per alpha, the share of edited test examples of the source that the platform's feature classifier (the one
   * the Fréchet distance uses) assigns to the target and to the source, and the mean absolute change per value
   * from the alpha-0 decoding.
   */
  public static final class EditMetric implements Metric {
    private final EditConfigs.AttributeEditMetric config;
    private final Attribute attribute;

    public EditMetric(EditConfigs.AttributeEditMetric config) {
      this.config = config;
      this.attribute = new Attribute(config.target(), config.source());
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      return measure(model, context.train(), context.test(), classifier(context.train(), context.cacheDirectory()));
    }

    /** The metric's numbers, judged by {@code classifier}. */
    public Map<String, Double> measure(TrainedModel model, Examples train, Examples test, FeatureClassifier classifier) {
      double[] v = attributeVector(model, train, attribute, config.fitExamples());
      int[] rows = sourceExamples(test, attribute, config.limit());
      INDArray mu = encodeMeans(model, test, rows);
      int size = model.data().exampleSize();
      INDArray reference = decodeEdits(model, mu, v, 0).reshape('c', rows.length, size);
      Map<String, Double> out = new LinkedHashMap<>();
      double norm = 0;
      for (double u : v) {
        norm += u * u;
      }
      out.put("edit/vector_norm", Math.sqrt(norm));
      out.put("edit/inputs/target_share", share(classify(classifier, test.batch(rows)), config.target()));
      for (double alpha : config.alphas()) {
        INDArray edited = decodeEdits(model, mu, v, alpha);
        int[] predicted = classify(classifier, edited);
        String key = "edit/alpha_" + alphaKey(alpha) + "/";
        out.put(key + "target_share", share(predicted, config.target()));
        if (config.source() != null) {
          out.put(key + "source_share", share(predicted, config.source()));
        }
        INDArray diff = edited.reshape('c', rows.length, size).sub(reference);
        out.put(key + "change", org.nd4j.linalg.ops.transforms.Transforms.abs(diff, false).meanNumber().doubleValue());
      }
      return out;
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return modelIncompatibility(model);
    }

    @Override
    public Optional<String> incompatibility(Model model, DataInfo data) {
      return attribute.incompatibility("attribute-edit", data);
    }
  }

  private static double share(int[] predicted, int label) {
    return java.util.Arrays.stream(predicted).filter(p -> p == label).count() / (double) predicted.length;
  }
}
